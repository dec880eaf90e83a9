"""``l10n status``: coverage per issue and language, in several formats, with CI gates."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from l10n.cli import Project, pass_project, say, shown
from l10n.errors import SourceError

# The names of l10n.coverage.report.FORMATS and l10n.coverage.counts.UNITS, for the options'
# choices: --help needs them, not the counting and the catalog reader behind them
# (tests/test_startup.py holds them equal).
FORMATS = ("table", "json", "csv", "markdown", "html")
UNITS = ("entries", "words")
SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown",
                  ".html": "html", ".htm": "html", ".txt": "table"}
PERCENT = click.FloatRange(0, 100)


@click.command()
@click.argument("issues", nargs=-1)
@click.option("-l", "--lang", "languages", multiple=True, metavar="LANG",
              help="Report this language (repeatable; default: every partner language).")
@click.option("-f", "--format", "fmt", type=click.Choice(list(FORMATS)),
              help="Output format (default: from the -o suffix, else table).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--fail-under", type=PERCENT, metavar="PCT",
              help="Exit 1 when an issue is less than PCT% translated in a language.")
@click.option("--fail-under-reviewed", type=PERCENT, metavar="PCT",
              help="Exit 1 when an issue is less than PCT% reviewed in a language.")
@click.option("--by", "unit", type=click.Choice(UNITS),
              help="Measure the gates by entries or by source words (default: entries).")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="Count every catalog again, and leave the cache (.l10n-cache/) alone.")
@pass_project
def status(project: Project, issues: tuple[str, ...], languages: tuple[str, ...], fmt: str | None,
           output: Path | None, fail_under: float | None, fail_under_reviewed: float | None,
           unit: str | None, no_cache: bool) -> None:
    """Show how far each issue is translated and reviewed in each language.

    Counts entries and source words that are untranslated, fuzzy (drafts among them),
    translated (reviewed among them) and stale sign-offs, per issue and language, with
    totals. Bars set with --fail-under/--fail-under-reviewed or in [tool.l10n.gates]
    (with per-language overrides) make the command exit 1, naming each issue and
    language below its bar on standard error.

    Counts are kept in .l10n-cache/ under a digest of the files they come from, so a
    run counts again only the catalogs (and issues) that changed since the last one.
    """
    from l10n.coverage.counts import check_gates, compute_coverage, load_gates
    from l10n.coverage.report import format_report, render_table
    from l10n.fileio import atomic_write

    config = project.config
    bars, gate_unit = load_gates(config, fail_under=fail_under, fail_under_reviewed=fail_under_reviewed,
                                 by=unit)
    coverage = compute_coverage(config, languages, issues, cache=not no_cache)
    if not coverage.issues:
        raise SourceError("no issues found (no .md, .html or .htm files)", path=config.source_dir)
    fmt = fmt or (SUFFIX_FORMATS.get(output.suffix.lower(), "table") if output else "table")
    if output is not None:
        atomic_write(output, format_report(coverage, fmt))
        say(f"{shown(output)}: written")
    elif fmt == "table" and sys.stdout.isatty():
        from rich.console import Console  # the terminal table only

        render_table(coverage, Console())
    else:
        click.echo(format_report(coverage, fmt), nl=False)
    failures = check_gates(coverage, bars, unit=gate_unit)
    for failure in failures:
        click.echo(str(failure), err=True)
    if failures:
        sys.exit(1)
