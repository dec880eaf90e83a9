"""``l10n check``: the quality checks over the catalogs, as lines or JSON, with an exit code for CI."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from l10n.cli import Project, pass_project, shown
from l10n.errors import ConfigError, SourceError

if TYPE_CHECKING:  # the checks load when the command runs, not for --help
    from l10n.cache import ResultsCache
    from l10n.checks import CatalogJob, CheckReport, Severity
    from l10n.config import Config

SCHEMA_VERSION = 1


def _jobs(config: Config, langs: list[str], issues: list[str]) -> list[CatalogJob]:
    from l10n.checks import CatalogJob, settings_from_config
    from l10n.drafting.glossary import load_glossary
    from l10n.fileio import Relative

    settings = settings_from_config(config)
    jobs = []
    shown_here = Relative(Path.cwd())  # fileio.shown, each folder resolved once
    for lang in langs:
        glossary = load_glossary(config, lang)
        for issue in issues:
            path = config.catalog_path(lang, issue)
            jobs.append(CatalogJob(path, lang, issue, shown_here(path), glossary, settings))
    return jobs


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _summary(report: CheckReport) -> str:
    from l10n.checks import Severity

    entries = sum(result.entries for result in report.catalogs)
    return (
        f"{_plural(report.count(Severity.ERROR), 'error')}, {_plural(report.count(Severity.WARNING), 'warning')}"
        f" in {_plural(len(report.catalogs), 'catalog')} ({_plural(entries, 'entry', 'entries')} checked)"
    )


def _missing_files(config: Config, issues: list[str], cache: ResultsCache | None) -> list[SourceError]:
    """Local files the issues reference that are missing: an error in check as in build.

    Each source's references are kept in ``cache`` under the digest of its bytes; the files
    are looked for on every run.
    """
    from l10n.fileio import decode_text, digest, read_bytes
    from l10n.publish.assets import Reference, local_references, missing_files

    problems = []
    for issue in issues:
        path = config.source_path(issue)
        if not path.exists():
            continue
        data = read_bytes(path, error=SourceError)
        key = digest(data)
        held = cache.get(f"source/{issue}", key) if cache is not None else None
        try:
            references = [Reference(*item) for item in held] if isinstance(held, list) else None
        except TypeError:
            references = None
        if references is None:
            references = local_references(decode_text(data, path, error=SourceError))
            if cache is not None:
                cache.put(f"source/{issue}", key, [[r.url, r.path, r.fragment, r.line] for r in references])
        problems += missing_files(config.source_dir, references, shown=shown(path),
                                  shown_dir=shown(config.source_dir))
    return problems


def _as_json(report: CheckReport, fail_on: Severity, files: list[SourceError]) -> str:
    from l10n.checks import Severity

    document = {
        "version": SCHEMA_VERSION,
        "fail_on": fail_on.value,
        "summary": {
            "catalogs": len(report.catalogs),
            "entries": sum(result.entries for result in report.catalogs),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
        },
        "missing": [job.shown for job in report.missing],
        "findings": [finding.to_dict() for finding in report.findings],
        "files": [{"file": problem.path, "line": problem.line, "issue": Path(problem.path).stem, "severity": "error",
                   "check": "files", "message": problem.cause} for problem in files],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _list_checks() -> None:
    from l10n.checks import REGISTRY

    width = max(len(check.name) for check in REGISTRY)
    for check in REGISTRY:
        click.echo(f"{check.name:<{width}}  {check.severity.value:<7}  {check.explanation}")


@click.command("check")
@click.argument("issues", nargs=-1)
@click.option("--lang", "-l", "langs", multiple=True, metavar="LANG",
              help="Check this language (repeatable; default: every partner language).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Lines `file:line: severity [check] message`, or one JSON document (l10n/checks/check.schema.json).")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True,
              help="Exit 1 when a finding of this severity or worse exists.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes to check catalogs on (default: the number of CPUs).")
@click.option("--list-checks", is_flag=True, help="List the checks, their severity and what they ask of translators.")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="Check every catalog again, and leave the cache (.l10n-cache/) alone.")
@pass_project
def check(project: Project, issues: tuple[str, ...], langs: tuple[str, ...], output_format: str, fail_on: str,
          jobs: int | None, list_checks: bool, no_cache: bool) -> None:
    """Check the translations of ISSUES (default: every issue) for broken markup, links, numbers and more.

    Draft, translated and reviewed entries are checked. Silence one finding with a translator
    comment `# l10n-ignore: <check>` on the entry, or a check for the project with
    `[tool.l10n.check] disable = ["<check>"]`. A catalog whose bytes were checked before,
    with the same configuration and version of l10n, gives its kept findings
    (.l10n-cache/check.json); --no-cache checks it again.
    """
    if list_checks:
        _list_checks()
        return
    from l10n.checks import Severity, check_cache, check_catalogs, fails

    config = project.config
    selected_langs = config.select_languages(langs)
    if not selected_langs:
        raise ConfigError("no languages to check: set languages in [tool.l10n] or pass --lang", path=config.file)
    selected_issues = config.select_issues(issues)
    files: list[SourceError] = []
    cache = None if no_cache else check_cache(config)
    report = check_catalogs(_jobs(config, selected_langs, selected_issues), workers=jobs or os.cpu_count() or 1,
                            meanwhile=lambda: files.extend(_missing_files(config, selected_issues, cache)), cache=cache)
    if cache is not None:
        known = set(config.issues())
        cache.forget(lambda name: name.partition("/")[2] in known)
        cache.save()
    threshold = Severity(fail_on)
    if output_format == "json":
        click.echo(_as_json(report, threshold, files))
    else:
        lines = [f"{problem}".replace(": ", ": error [files] ", 1) for problem in files]
        lines += [f"{finding.location()}: {finding.severity.value} [{finding.check}] {finding.message}"
                  for finding in report.findings]
        if lines:
            click.echo("\n".join(lines))
        for job in report.missing:
            click.echo(f"{job.shown}: no catalog yet (run l10n update)", err=True)
        click.echo(_summary(report), err=True)
    if files or fails(report.findings, threshold):
        raise click.exceptions.Exit(1)
