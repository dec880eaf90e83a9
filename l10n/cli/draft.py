"""``l10n draft``: fill untranslated entries with drafts from the memory or a machine provider."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from l10n.cli import Project, pass_project, say, shown
from l10n.errors import ConfigError

if TYPE_CHECKING:  # the drafting code and its HTTP client load when the command runs
    from l10n.config import Config
    from l10n.drafting.draft import DraftReport
    from l10n.drafting.providers import Provider

# l10n.drafting.providers.PROVIDER_NAMES, for --provider's choices: --help needs the names,
# not the providers (tests/test_startup.py holds them equal).
PROVIDER_NAMES = ("tm", "google", "deepl", "microsoft", "libretranslate", "mymemory")


def _one_line(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _make_provider(config: Config, name: str, lang: str, concurrency: int | None) -> Provider:
    from l10n.drafting.providers import REMOTE, make_remote_provider, network_settings
    from l10n.drafting.tm import MemoryProvider, build_memory

    if name not in REMOTE:
        return MemoryProvider(build_memory(config, lang))
    settings = network_settings(config, name, concurrency=concurrency)
    return make_remote_provider(config, name, source=config.source_language, target=lang, settings=settings)


class _PlainProgress:
    """A line at every tenth of the way, for logs and CI."""

    def __init__(self, label: str):
        self.label = label
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        step = done * 10 // total if total else 10
        if step != self.shown:
            self.shown = step
            click.echo(f"{self.label}: {done}/{total} entries", err=True)


def _with_progress(label: str, work: Callable[..., DraftReport]) -> DraftReport:
    """Run ``work(progress=...)`` with a rich progress bar on a terminal, plain lines otherwise (none with -q)."""
    project = click.get_current_context().find_object(Project)
    if project is not None and project.verbosity < 0:
        return work(progress=lambda done, total: None)
    if not sys.stderr.isatty():
        return work(progress=_PlainProgress(label))
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None, rate="")

        def update(done: int, total: int) -> None:
            speed = bar.tasks[task].speed
            bar.update(task, completed=done, total=total, rate=f"{speed:.1f}/s" if speed else "")

        return work(progress=update)


@click.command()
@click.option("--lang", "-l", "langs", multiple=True, required=True, metavar="LANG",
              help="Target language (repeatable).")
@click.option(
    "--provider",
    "-p",
    type=click.Choice(PROVIDER_NAMES),
    default=None,
    help="Where drafts come from (default: [tool.l10n.providers] default, else tm).",
)
@click.option("--redraft", is_flag=True, help="Replace earlier drafts too (never translations).")
@click.option("--dry-run", is_flag=True, help="List what would be sent, with character counts; change nothing.")
@click.option("--concurrency", type=click.IntRange(min=1), default=None, help="Requests in flight at once.")
@click.argument("issues", nargs=-1)
@pass_project
def draft(
    project: Project,
    langs: tuple[str, ...],
    provider: str | None,
    redraft: bool,
    dry_run: bool,
    concurrency: int | None,
    issues: tuple[str, ...],
) -> None:
    """Fill untranslated entries of ISSUES (default: all) with fuzzy drafts."""
    from l10n.drafting.draft import catalog_targets, run_drafts
    from l10n.drafting.providers import default_provider

    config = project.config
    name = provider or default_provider(config)
    if name not in PROVIDER_NAMES:
        raise ConfigError(
            f"[tool.l10n.providers] default: unknown provider {name!r} (providers: {', '.join(PROVIDER_NAMES)})",
            path=config.file,
        )
    for lang in config.select_languages(list(langs)):
        paths = catalog_targets(config, lang, issues)
        if dry_run:
            _dry_run(config, name, lang, paths, redraft)
            continue
        chosen = _make_provider(config, name, lang, concurrency)
        label = f"draft {lang} ({name})"
        try:
            report = _with_progress(
                label,
                functools.partial(run_drafts, config, lang, paths, chosen, redraft=redraft),
            )
        except KeyboardInterrupt:
            click.echo(f"Error: {name}: interrupted; every draft obtained so far is saved", err=True)
            sys.exit(130)
        _report(report)


def _dry_run(config: Config, name: str, lang: str, paths: list[Path], redraft: bool) -> None:
    """List the texts a run would send, then the total."""
    from l10n.drafting.draft import plan_drafts
    from l10n.drafting.providers import REMOTE

    remote = name in REMOTE
    planned = plan_drafts(config, lang, paths, remote=remote, redraft=redraft)
    for item in planned:
        where = f"{shown(item.path)}:{item.line}" if item.line else shown(item.path)
        click.echo(f"{where}: {item.characters} chars: {_one_line(item.text)}")
    characters = sum(item.characters for item in planned)
    entries = sum(item.entries for item in planned)
    if remote:
        click.echo(f"{name} ({lang}): {len(planned)} texts for {entries} entries, {characters} characters would be sent")
    else:
        click.echo(f"{name} ({lang}): {len(planned)} texts for {entries} entries, looked up locally, nothing sent")


def _report(report: DraftReport) -> None:
    """Entries left untranslated, then one line per catalog and a total."""
    for failure in report.failures:
        where = f"{shown(failure.path)}:{failure.line}" if failure.line else shown(failure.path)
        click.echo(f"{where}: left untranslated: {failure.cause}")
    for count in report.catalogs:
        parts = [f"{count.drafted} drafted"]
        if count.failed:
            parts.append(f"{count.failed} left untranslated")
        if count.unmatched:
            parts.append(f"{count.unmatched} without a match")
        say(f"{shown(count.path)}: {', '.join(parts)}")
    sent = f", {report.texts_sent} texts and {report.characters} characters sent" if report.texts_sent else ""
    say(f"{report.provider} ({report.lang}): {report.drafted} drafts{sent}")

