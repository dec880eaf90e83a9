"""Coverage as a coordinator or a script reads it: terminal table, JSON, CSV, Markdown, HTML.

Each ``format_*`` function takes a :class:`~l10n.coverage.Coverage` and returns text;
:func:`render_table` prints the terminal table to a rich console or a plain text file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from fractions import Fraction
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from l10n.coverage import Coverage, Tally, percent

__all__ = [
    "FORMATS",
    "SCHEMA_ID",
    "render_table",
    "format_table",
    "format_json",
    "coverage_document",
    "format_csv",
    "format_markdown",
    "format_html",
    "format_report",
]

SCHEMA_ID = "https://l10n.invalid/status.schema.json"
SCHEMA_VERSION = 1
BAR_WIDTH = 10
PLAIN_WIDTH = 240  # wide enough that a plain table never wraps a row


def _display(ratio: Fraction) -> str:
    """A percentage rounded down to one decimal, so 100.0% always means complete."""
    return f"{percent(ratio, digits=1):.1f}%"


def _colour(ratio: Fraction) -> str:
    if ratio >= 1:
        return "green"
    if ratio >= Fraction(4, 5):
        return "chartreuse3"
    if ratio >= Fraction(1, 2):
        return "yellow"
    return "red"


def _bar(ratio: Fraction, *, plain: bool) -> Text:
    filled = int(ratio * BAR_WIDTH)
    if plain:
        return Text("#" * filled + "." * (BAR_WIDTH - filled) + " " + _display(ratio).rjust(6))
    text = Text("█" * filled, style=_colour(ratio))
    text.append("░" * (BAR_WIDTH - filled), style="grey35")
    text.append(" " + _display(ratio).rjust(6), style=_colour(ratio))
    return text


# -- terminal table ----------------------------------------------------------------------

def render_table(coverage: Coverage, target: Console | TextIO) -> None:
    """Print the coverage tables to a rich console, or as plain text to a file.

    A console that is a terminal gets coloured bars; anything else (a file, a pipe, a
    console that is not a terminal) gets plain ASCII tables without escape codes.
    """
    if isinstance(target, Console):
        plain = not target.is_terminal or target.no_color or target.color_system is None
        for renderable in _tables(coverage, plain=plain):
            target.print(renderable)
        return
    buffer = io.StringIO()
    console = Console(file=buffer, width=PLAIN_WIDTH, color_system=None, force_terminal=False,
                      highlight=False, emoji=False)
    for renderable in _tables(coverage, plain=True):
        console.print(renderable)
    target.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))


def format_table(coverage: Coverage) -> str:
    """The plain text tables (what :func:`render_table` writes to a file)."""
    buffer = io.StringIO()
    render_table(coverage, buffer)
    return buffer.getvalue()


def _new_table(title: str, *, plain: bool) -> Table:
    return Table(title=title, box=box.ASCII if plain else box.SIMPLE_HEAVY, title_justify="left",
                 title_style=None if plain else "bold", header_style=None if plain else "bold",
                 pad_edge=plain)


def _tables(coverage: Coverage, *, plain: bool) -> list[Table | Text]:
    detail = _new_table("Coverage by issue and language", plain=plain)
    for name, justify in (("Issue", "left"), ("Lang", "left"), ("Entries", "right"),
                          ("Translated", "left"), ("Reviewed", "left"), ("Fuzzy", "right"),
                          ("Draft", "right"), ("Untransl.", "right"), ("Stale", "right"),
                          ("Words", "right"), ("Words transl.", "right")):
        detail.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    by_issue = {summary.key: summary for summary in coverage.by_issue}
    for issue in coverage.issues:
        rows = [row for row in coverage.rows if row.issue == issue]
        for row in rows:
            note = "" if row.exists else " (no catalog)"
            detail.add_row(issue, row.language + note, *_cells(row.entries, row.words, plain=plain))
        if len(coverage.languages) > 1:
            summary = by_issue[issue]
            detail.add_row(issue, "all", *_cells(summary.entries, summary.words, plain=plain),
                           style=None if plain else "bold", end_section=True)
        else:
            detail.rows[-1].end_section = True
    languages = _new_table("Totals by language", plain=plain)
    for name, justify in (("Lang", "left"), ("Issues", "right"), ("Entries", "right"),
                          ("Translated", "left"), ("Reviewed", "left"), ("Fuzzy", "right"),
                          ("Draft", "right"), ("Untransl.", "right"), ("Stale", "right"),
                          ("Words", "right"), ("Words transl.", "right")):
        languages.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for summary in (*coverage.by_language, coverage.total):
        key = summary.key or "all"
        style = "bold" if not summary.key and not plain else None
        languages.add_row(key, str(summary.catalogs), *_cells(summary.entries, summary.words, plain=plain),
                          style=style, end_section=not summary.key)
    tables: list[Table | Text] = [detail, languages]
    if coverage.stale:
        stale = _new_table("Stale sign-offs (the text changed after review)", plain=plain)
        for name in ("Catalog", "Lang", "Reviewer", "Date", "Entry"):
            stale.add_column(name, overflow="fold")
        for item in coverage.stale:
            stale.add_row(f"{item.path}:{item.line}", item.language, item.reviewer, item.date,
                          _excerpt(item.msgid))
        tables.append(stale)
    return tables


def _cells(entries: Tally, words: Tally, *, plain: bool) -> list[str | Text]:
    return [
        str(entries.total),
        _bar(entries.translated_ratio, plain=plain),
        _bar(entries.reviewed_ratio, plain=plain),
        str(entries.fuzzy),
        str(entries.draft),
        str(entries.untranslated),
        str(entries.stale),
        str(words.total),
        _display(words.translated_ratio),
    ]


def _excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# -- registry ----------------------------------------------------------------------------

FORMATS: dict[str, Callable[[Coverage], str]] = {"table": format_table}


def format_report(coverage: Coverage, fmt: str) -> str:
    """The coverage in format ``fmt`` (one of :data:`FORMATS`)."""
    try:
        formatter = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return formatter(coverage)

