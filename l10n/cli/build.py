"""``l10n build``: every issue in every language, in every output format, with an index."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import click

from l10n.cli import Project, pass_project, say

if TYPE_CHECKING:  # the build and its libraries load when the command runs, not for --help
    from l10n.publish.build import BuildReport

# l10n.publish.build.FORMATS, for --format's choices: --help needs the names, not the build
# (tests/test_startup.py holds them equal).
FORMATS = ("md", "html", "txt", "email", "eml", "pdf")


def report_lines(report: BuildReport) -> list[str]:
    """What the build did, one line per change, then a summary line."""
    measure = "reviewed" if report.reviewed_only else "translated"
    lines = [f"extracted {path}" for path in report.extracted]
    lines += [f"created {path}" for path in report.created]
    lines += [f"updated {path}" for path in report.updated]
    lines += [f"compiled {path}" for path in report.compiled]
    lines += [f"copied {path}" for path in report.assets]
    lines += [f"note: {note}" for note in report.notes]
    for page in report.pages:
        where = f"{page.language} {page.issue}"
        if page.status == "skipped":
            line = f"skipped {where}: {page.percent:.2f}% {measure}, below {page.threshold:g}%"
            if page.removed:
                line += f" (removed {', '.join(page.removed)})"
            lines.append(line)
        elif page.status == "untranslated":
            line = f"skipped {where}: no entry {measure}, not published"
            if page.removed:
                line += f" (removed {', '.join(page.removed)})"
            lines.append(line)
        elif page.written:
            lines.append(f"built {where}: {', '.join(page.written)}")
    lines += [f"refused {refusal}" for refusal in report.refusals]
    for orphan in report.orphans:
        why = (f"{orphan.language} is no longer a configured language" if orphan.reason == "language"
               else f"{orphan.issue} is no longer an issue")
        if orphan.removed:
            lines.append(f"removed {', '.join(orphan.removed)}: {why}")
    if report.index_written:
        lines.append(f"wrote {report.index}")
    if not report.pages:
        lines.append(f"no issues to build in {report.sources}")
        return lines
    published = sum(1 for p in report.pages if p.status in ("built", "unchanged"))
    if report.nothing_done:
        lines.append(f"nothing to do: {_count(published, 'page')} up to date")
    else:
        untranslated = f"{len(report.untranslated)} not translated, " if report.untranslated else ""
        lines.append(f"{_count(published, 'page')} published ({len(report.built)} rendered), "
                     f"{len(report.skipped)} below threshold, {untranslated}"
                     f"{_count(len(report.refusals), 'translation')} refused")
    return lines


PROGRESS_FROM = 40  # catalogs or pages in a step: fewer go by too fast to be worth a display


class _PlainProgress:
    """Off a terminal (logs, CI): a line on standard error at every tenth of a long step."""

    def __init__(self) -> None:
        self.shown: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        step = done * 10 // total
        if self.shown.get(stage) != step:
            self.shown[stage] = step
            click.echo(f"build: {stage} {done}/{total}", err=True)


@contextlib.contextmanager
def build_progress() -> Iterator[Callable[[str, int, int], None]]:
    """A progress display for the long steps of a build: a bar on a terminal, lines otherwise."""
    if not sys.stderr.isatty():
        yield _PlainProgress()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if total < PROGRESS_FROM:
                return
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"build: {stage}", total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


@click.command()
@click.argument("issues", nargs=-1)
@click.option("--lang", "-l", "languages", multiple=True, metavar="LANG",
              help="Build this language only (repeatable; default: every partner language).")
@click.option("--min-coverage", type=click.FloatRange(0, 100), default=None, metavar="PCT",
              help="Skip an issue in a language below PCT% (default: min_coverage of the configuration).")
@click.option("--strict", is_flag=True, help="Exit 1 when an issue is skipped or a translation refused.")
@click.option("--reviewed-only", is_flag=True, help="Use only entries with a current sign-off.")
@click.option("--force", is_flag=True, help="Rebuild every output, changed or not.")
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(FORMATS), metavar="FORMAT",
              help=f"Make this output format only (repeatable; {', '.join(FORMATS)}; "
                   "default: formats of [tool.l10n.build], else all).")
@click.option("--no-marks", is_flag=True,
              help="No visual cue on web page segments shown in the source language (their lang stays).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--keep-going", "-k", is_flag=True,
              help="Build what is good when a source or catalog is bad, and name the bad ones (exit 2 still).")
@pass_project
def build(project: Project, issues: tuple[str, ...], languages: tuple[str, ...], min_coverage: float | None,
          strict: bool, reviewed_only: bool, force: bool, formats: tuple[str, ...], no_marks: bool,
          jobs: int | None, keep_going: bool) -> None:
    """Build ISSUES (default: all) in every language: .mo files, web page, e-mail, text, PDF and an index.

    Every changed input is read first: when one is bad, nothing is written (unless --keep-going).
    """
    from l10n.coverage.report import render_table
    from l10n.publish.build import BuildOptions, build_project

    options = BuildOptions(languages=languages, issues=issues, min_coverage=min_coverage,
                           reviewed_only=reviewed_only, force=force, jobs=jobs, formats=formats,
                           marks=not no_marks, keep_going=keep_going)
    config = project.config
    if project.verbosity < 0:
        report = build_project(config, options)
    else:
        with build_progress() as progress:
            report = build_project(config, options, progress=progress)
    for line in report_lines(report):
        say(line)
    if report.coverage.rows and project.verbosity >= 0:
        click.echo()
        # A terminal gets rich's table; a pipe or a file gets the plain one, never cut to 80 columns.
        if sys.stdout.isatty():
            from rich.console import Console

            render_table(report.coverage, Console())
        else:
            render_table(report.coverage, sys.stdout)
    if report.skipped_inputs is not None:
        raise report.skipped_inputs
    if strict and report.failed:
        raise SystemExit(1)
