"""Coverage as a coordinator or a script reads it: terminal table, JSON, CSV, Markdown, HTML.

Each ``format_*`` function takes a :class:`~l10n.coverage.Coverage` and returns text;
:func:`render_table` prints the terminal table to a rich console or a plain text file.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import re
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from l10n.coverage.counts import TALLY_FIELDS, Coverage, Tally, percent
from l10n.errors import L10nError

if TYPE_CHECKING:  # rich loads only for a terminal's table
    from rich.console import Console
    from rich.table import Table

    from l10n.coverage.counts import CatalogCoverage

__all__ = [
    "FORMATS",
    "SCHEMA_PATH",
    "render_table",
    "format_table",
    "format_json",
    "coverage_document",
    "format_csv",
    "csv_columns",
    "format_markdown",
    "format_html",
    "format_report",
]

SCHEMA_PATH = Path(__file__).with_name("status.schema.json")  # the JSON schema of format_json
SCHEMA_VERSION = 1
BAR_WIDTH = 10
PLAIN_WIDTH = 240  # wide enough that a plain table never wraps a row


def _display(ratio: Fraction) -> str:
    """A percentage rounded half up to one decimal (100.0% only when complete)."""
    return f"{percent(ratio, digits=1):.1f}%"


def _colour(ratio: Fraction) -> str:
    if ratio >= 1:
        return "green"
    if ratio >= Fraction(4, 5):
        return "chartreuse3"
    if ratio >= Fraction(1, 2):
        return "yellow"
    return "red"


def _bar(ratio: Fraction, *, plain: bool) -> Cell:
    filled = int(ratio * BAR_WIDTH)
    if plain:
        return "#" * filled + "." * (BAR_WIDTH - filled) + " " + _display(ratio).rjust(6)
    return (("█" * filled, _colour(ratio)), ("░" * (BAR_WIDTH - filled), "grey35"),
            (" " + _display(ratio).rjust(6), _colour(ratio)))


# -- terminal table ----------------------------------------------------------------------
#
# The tables are first described (:class:`_Grid`), then drawn: by rich on a terminal, and,
# for a file or a pipe, by :func:`_draw_plain`, which writes what rich writes there (its
# ASCII box) without loading rich, or by rich again when a cell's width on screen is not
# plain to tell or a table is wider than a file's page.

# A cell: plain text, or runs of (text, rich style) on a terminal. Text is never markup:
# a msgid's "[link](url)" shows as written.
Cell = str | tuple[tuple[str, str | None], ...]


@dataclasses.dataclass(slots=True)
class _Column:
    header: str
    right: bool = False  # justified right (counts), else left
    min_width: int = 0
    fold: bool = False  # may fold onto more lines (else never wraps)


@dataclasses.dataclass(slots=True)
class _Grid:
    title: str
    columns: list[_Column]
    rows: list[tuple[list[Cell], bool, bool]] = dataclasses.field(default_factory=list)  # cells, bold, end_section

    def add(self, *cells: Cell, bold: bool = False, end_section: bool = False) -> None:
        self.rows.append((list(cells), bold, end_section))


def render_table(coverage: Coverage, target: Console | TextIO) -> None:
    """Print the coverage tables to a rich console, or as plain text to a file.

    A console that is a terminal gets coloured bars; anything else (a file, a pipe, a
    console that is not a terminal) gets plain ASCII tables without escape codes. On a
    console the tables take the widest layout that fits its width (see :data:`LAYOUTS`):
    every row keeps its issue, its language and its percentages down to 80 columns, and
    narrower; a file gets the full layout.
    """
    if not hasattr(target, "is_terminal"):  # a file: no rich Console
        target.write(format_table(coverage))
        return
    plain = not target.is_terminal or target.no_color or target.color_system is None
    grids = _grids(coverage, plain=plain, fits=lambda grid: _rich_width(target, grid) <= target.width)
    # A legacy Windows console takes rich's calls, not escape codes: rich draws there.
    drawn = None if plain or target.legacy_windows else [_draw_terminal(grid, target) for grid in grids]
    if drawn is not None and all(text is not None for text in drawn):
        target.file.write("".join(drawn))  # type: ignore[arg-type]
        target.file.flush()
        return
    for grid in grids:
        target.print(_rich_table(grid, plain=plain))


def format_table(coverage: Coverage) -> str:
    """The plain text tables (what :func:`render_table` writes to a file).

    Each line as rich writes it on a console :data:`PLAIN_WIDTH` columns wide, trailing
    spaces removed.
    """
    grids = _grids(coverage, plain=True, fits=lambda grid: _plain_width(grid) <= PLAIN_WIDTH)
    drawn = [_draw_plain(grid) for grid in grids]
    if all(text is not None for text in drawn):
        return "".join(drawn)  # type: ignore[arg-type]
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=PLAIN_WIDTH, color_system=None, force_terminal=False,
                      highlight=False, emoji=False)
    for grid in _grids(coverage, plain=True, fits=lambda grid: _rich_width(console, grid) <= PLAIN_WIDTH):
        console.print(_rich_table(grid, plain=True))
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def _text(cell: Cell) -> str:
    return cell if isinstance(cell, str) else "".join(text for text, _style in cell)


# Characters whose width on screen is one column, as rich measures it, beyond ASCII:
# Latin, Greek, Cyrillic and the other alphabets before U+1100, and general punctuation
# (quotes, dashes, the ellipsis) without its invisible characters, box drawing and blocks.
_NARROW_RE = re.compile("[\x20-\x7e\xa0-\u02ff\u0370-\u0482\u048a-\u0590"
                        "\u2010-\u2027\u2030-\u205e\u20a0-\u20bf\u2500-\u259f]*")


def _cell_width(text: str) -> int | None:
    """Columns ``text`` takes on screen; None when that is not plain to tell (wide or
    combining characters, controls, line breaks)."""
    if text.isascii():
        return len(text) if text.isprintable() else None
    return len(text) if _NARROW_RE.fullmatch(text) else None


def _widths(grid: _Grid) -> list[int] | None:
    """Each column's width without padding (its widest cell, header included), or None."""
    widths = []
    for index, column in enumerate(grid.columns):
        width = max(column.min_width, _cell_width(column.header) or 0)
        for cells, _bold, _end in grid.rows:
            measured = _cell_width(_text(cells[index]))
            if measured is None:
                return None
            width = max(width, measured)
        widths.append(width)
    return widths


def _plain_width(grid: _Grid) -> int:
    widths = _widths(grid)
    if widths is None:
        return PLAIN_WIDTH + 1  # measured by rich instead
    return sum(widths) + 3 * len(widths) + 1


def _draw_plain(grid: _Grid) -> str | None:
    """The grid in rich's ASCII box, padded cells, trailing spaces removed; None when only
    rich can draw it (see :func:`_cell_width`), or when the title or a row would wrap."""
    widths = _widths(grid)
    if widths is None or _cell_width(grid.title) is None:
        return None
    inner = sum(widths) + 3 * len(widths) - 1
    if len(grid.title) > inner + 2 or inner + 2 > PLAIN_WIDTH:
        return None
    rule = "|" + "+".join("-" * (width + 2) for width in widths) + "|\n"

    def line(cells: Sequence[str]) -> str:
        parts = []
        for text, width, column in zip(cells, widths, grid.columns):
            parts.append(text.rjust(width) if column.right else text.ljust(width))
        return ("| " + " | ".join(parts) + " |").rstrip() + "\n"

    out = [grid.title.rstrip() + "\n", "+" + "-" * inner + "+\n",
           line([column.header for column in grid.columns]), rule]
    for number, (cells, _bold, end_section) in enumerate(grid.rows):
        out.append(line([_text(cell) for cell in cells]))
        if end_section and number < len(grid.rows) - 1:
            out.append(rule)
    out.append("+" + "-" * inner + "+\n")
    return "".join(out)


def _draw_terminal(grid: _Grid, console: Console) -> str | None:
    """The grid as rich draws it on a colour terminal (its SIMPLE_HEAVY box, bold header and
    totals, coloured percentages), without rich's layout work; None when only rich can draw
    it: a cell whose width is not plain to tell, a title or a row that would wrap."""
    widths = _widths(grid)
    if widths is None or _cell_width(grid.title) is None:
        return None
    width = sum(widths) + 3 * len(widths) - 1
    if width > console.width or len(grid.title) > width:
        return None
    ansi = _ansi_styles(console)
    last = len(widths) - 1

    def styled(text: str, style: str | None) -> str:
        return ansi(style)(text) if style and text else text

    def row(cells: Sequence[Cell], bold: bool) -> str:
        base = "bold" if bold else None
        pad = styled(" ", base)
        parts = [" "]
        for index, (cell, column) in enumerate(zip(cells, grid.columns)):
            if index:
                parts.append(" " + pad)
            runs = [(cell, base)] if isinstance(cell, str) else [(text, _joined(base, style)) for text, style in cell]
            room = " " * (widths[index] - len(_text(cell)))
            if room:
                runs = [(room, base), *runs] if column.right else [*runs, (room, base)]
            merged: list[list[Any]] = []
            for text, style in runs:  # neighbours in one style are one run, as rich writes them
                if merged and merged[-1][1] == style:
                    merged[-1][0] += text
                else:
                    merged.append([text, style])
            parts.extend(styled(text, style) for text, style in merged)
            if index < last:
                parts.append(pad)
        parts.append(" ")
        return "".join(parts) + "\n"

    blank = " " * width + "\n"
    out = [styled(grid.title.ljust(width), "bold") + "\n", blank,
           row([column.header for column in grid.columns], True),
           " " + "━" * (width - 2) + " \n"]
    for number, (cells, bold, end_section) in enumerate(grid.rows):
        out.append(row(cells, bold))
        if end_section and number < len(grid.rows) - 1:
            out.append(blank)
    out.append(blank)
    return "".join(out)


def _joined(base: str | None, style: str | None) -> str | None:
    return " ".join(part for part in (base, style) if part) or None


def _ansi_styles(console: Console) -> Callable[[str], Callable[[str], str]]:
    """``ansi(style)(text)``: the text in the escape codes rich writes for ``style`` on ``console``."""
    from rich.color import ColorSystem
    from rich.style import Style

    system = {"standard": ColorSystem.STANDARD, "256": ColorSystem.EIGHT_BIT, "truecolor": ColorSystem.TRUECOLOR,
              "windows": ColorSystem.WINDOWS}[console.color_system or "standard"]
    made: dict[str, Callable[[str], str]] = {}

    def ansi(style: str) -> Callable[[str], str]:
        if style not in made:
            # A style of its own: rich keeps a style's codes once made, whatever console asks next.
            words = style.split()
            colours = [word for word in words if word != "bold"]
            fresh = Style(bold="bold" in words or None, color=colours[0] if colours else None)
            made[style] = lambda text: fresh.render(text, color_system=system)
        return made[style]

    return ansi


def _rich_table(grid: _Grid, *, plain: bool) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=grid.title, box=box.ASCII if plain else box.SIMPLE_HEAVY, title_justify="left",
                  title_style=None if plain else "bold", header_style=None if plain else "bold",
                  pad_edge=plain)
    for column in grid.columns:
        table.add_column(column.header, justify="right" if column.right else "left",
                         min_width=column.min_width or None,
                         overflow="fold" if column.fold else "ellipsis", no_wrap=not column.fold)
    for cells, bold, end_section in grid.rows:
        texts = []
        for cell in cells:
            text = Text()
            if isinstance(cell, str):
                text.append(cell)
            else:
                for part, style in cell:
                    text.append(part, style=style or "")
            texts.append(text)
        table.add_row(*texts, style="bold" if bold and not plain else None, end_section=end_section)
    return table


def _rich_width(console: Console, grid: _Grid) -> int:
    """The width the grid's table takes on ``console`` when nothing is cut or wrapped."""
    from rich.measure import Measurement

    table = _rich_table(grid, plain=not console.is_terminal or console.no_color or console.color_system is None)
    return Measurement.get(console, console.options.update_width(10_000), table).maximum


# The count columns of a layout, from the widest to the narrowest: (header, what it shows).
# "translated" and "reviewed" are a bar with its percentage; "%translated" and "%reviewed"
# the percentage alone. Every layout keeps the issue, the language and both percentages.
LAYOUTS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("Entries", "entries"), ("Translated", "translated"), ("Reviewed", "reviewed"), ("Fuzzy", "fuzzy"),
     ("Draft", "draft"), ("Untransl.", "untranslated"), ("Stale", "stale"), ("Words", "words"),
     ("Words transl.", "%words")),
    (("Entries", "entries"), ("Translated", "translated"), ("Reviewed", "%reviewed"), ("Fuzzy", "fuzzy"),
     ("Draft", "draft"), ("Untr.", "untranslated"), ("Stale", "stale"), ("Words tr.", "%words")),
    (("Entries", "entries"), ("Transl.", "%translated"), ("Reviewed", "%reviewed"), ("Fuzzy", "fuzzy"),
     ("Draft", "draft"), ("Untr.", "untranslated"), ("Stale", "stale"), ("Words tr.", "%words")),
    (("Transl.", "%translated"), ("Reviewed", "%reviewed"), ("Fuzzy", "fuzzy"), ("Draft", "draft"),
     ("Untr.", "untranslated"), ("Stale", "stale"), ("Words tr.", "%words")),
    (("Transl.", "%translated"), ("Reviewed", "%reviewed"), ("Fuzzy", "fuzzy"), ("Draft", "draft"),
     ("Untr.", "untranslated"), ("Stale", "stale")),
    (("Transl.", "%translated"), ("Reviewed", "%reviewed"), ("Fuzzy", "fuzzy"), ("Untr.", "untranslated"),
     ("Stale", "stale")),
    (("Tr.", "%translated"), ("Rev.", "%reviewed")),
)


def _grids(coverage: Coverage, *, plain: bool, fits: Callable[[_Grid], bool]) -> list[_Grid]:
    """The tables in the widest layout whose tables all ``fit``.

    Each layout is measured on a few rows that hold the widest cell of every column (a
    column is as wide as its widest cell), so choosing costs little however many rows.
    """
    sample = _widest_rows(coverage)
    chosen = LAYOUTS[-1]
    for layout in LAYOUTS:
        if all(fits(grid) for grid in _layout_grids(sample, layout, plain=plain)[:2]):
            chosen = layout
            break
    return _layout_grids(coverage, chosen, plain=plain)


def _widest_rows(coverage: Coverage) -> Coverage:
    """The rows and summaries of ``coverage`` that hold the widest value of each column."""
    def widest(items: Sequence[Any], *measures: Callable[[Any], int]) -> list[Any]:
        return [max(items, key=measure) for measure in measures] if items else []

    counts: tuple[Callable[[Any], int], ...] = tuple(
        (lambda item, name=name, unit=unit: len(str(getattr(getattr(item, unit), name))))
        for unit in ("entries", "words") for name in TALLY_FIELDS
    )
    rows = widest(coverage.rows, lambda row: len(row.issue), lambda row: len(row.language) + 13 * (not row.exists),
                  *counts)
    summaries = widest(coverage.by_issue, lambda summary: len(summary.key), *counts)
    issues = [issue for issue in coverage.issues
              if issue in {row.issue for row in rows} | {summary.key for summary in summaries}]
    unique = {id(row): row for row in rows}
    return dataclasses.replace(coverage, issues=tuple(issues), rows=tuple(unique.values()), _index={})


def _layout_grids(coverage: Coverage, layout: tuple[tuple[str, str], ...], *, plain: bool) -> list[_Grid]:
    longest_issue = max((len(issue) for issue in coverage.issues), default=5)
    longest_language = max((len(row.language) + (0 if row.exists else 13) for row in coverage.rows), default=4)
    counts = [_Column(name, right=what not in ("translated", "reviewed")) for name, what in layout]
    # An issue name longer than 24 characters folds onto a second line rather than vanish.
    detail = _Grid("Coverage by issue and language",
                   [_Column("Issue", min_width=min(longest_issue, 24), fold=True),
                    _Column("Lang", min_width=max(4, longest_language)), *counts])
    by_issue = {summary.key: summary for summary in coverage.by_issue}
    rows_of: dict[str, list[CatalogCoverage]] = {}
    for row in coverage.rows:
        rows_of.setdefault(row.issue, []).append(row)
    for issue in coverage.issues:
        for row in rows_of.get(issue, ()):
            note = "" if row.exists else " (no catalog)"
            detail.add(issue, row.language + note, *_cells(row.entries, row.words, layout, plain=plain))
        if len(coverage.languages) > 1:
            summary = by_issue[issue]
            detail.add(issue, "all", *_cells(summary.entries, summary.words, layout, plain=plain),
                       bold=True, end_section=True)
        elif detail.rows:
            detail.rows[-1] = (detail.rows[-1][0], detail.rows[-1][1], True)
    languages = _Grid("Totals by language", [_Column("Lang"), _Column("Issues", right=True), *counts])
    for summary in (*coverage.by_language, coverage.total):
        languages.add(summary.key or "all", str(summary.catalogs),
                      *_cells(summary.entries, summary.words, layout, plain=plain),
                      bold=not summary.key, end_section=not summary.key)
    grids = [detail, languages]
    if coverage.stale:
        stale = _Grid("Stale sign-offs (the text changed after review)",
                      [_Column(name, fold=True) for name in ("Catalog", "Lang", "Reviewer", "Date", "Entry")])
        for item in coverage.stale:
            stale.add(f"{item.path}:{item.line}", item.language, item.reviewer, item.date, _excerpt(item.msgid))
        grids.append(stale)
    return grids


def _cells(entries: Tally, words: Tally, layout: tuple[tuple[str, str], ...], *, plain: bool) -> list[Cell]:
    values: dict[str, Callable[[], Cell]] = {
        "entries": lambda: str(entries.total),
        "translated": lambda: _bar(entries.translated_ratio, plain=plain),
        "reviewed": lambda: _bar(entries.reviewed_ratio, plain=plain),
        "%translated": lambda: _coloured(entries.translated_ratio, plain=plain),
        "%reviewed": lambda: _coloured(entries.reviewed_ratio, plain=plain),
        "fuzzy": lambda: str(entries.fuzzy),
        "draft": lambda: str(entries.draft),
        "untranslated": lambda: str(entries.untranslated),
        "stale": lambda: str(entries.stale),
        "words": lambda: str(words.total),
        "%words": lambda: _display(words.translated_ratio),
    }
    return [values[what]() for _name, what in layout]


def _coloured(ratio: Fraction, *, plain: bool) -> Cell:
    return _display(ratio) if plain else ((_display(ratio), _colour(ratio)),)


def _excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# -- JSON --------------------------------------------------------------------------------

def _tally(tally: Tally) -> dict[str, int | float]:
    return tally.as_dict()


def coverage_document(coverage: Coverage) -> dict[str, Any]:
    """The coverage as the JSON document that ``status.schema.json`` describes."""
    return {
        "schema_version": SCHEMA_VERSION,
        "project": coverage.project,
        "source_language": coverage.source_language,
        "languages": list(coverage.languages),
        "issues": list(coverage.issues),
        "catalogs": [
            {
                "issue": row.issue,
                "language": row.language,
                "path": row.path,
                "exists": row.exists,
                "missing": row.missing,
                "entries": _tally(row.entries),
                "words": _tally(row.words),
            }
            for row in coverage.rows
        ],
        "by_language": [
            {"language": s.key, "catalogs": s.catalogs, "entries": _tally(s.entries), "words": _tally(s.words)}
            for s in coverage.by_language
        ],
        "by_issue": [
            {"issue": s.key, "catalogs": s.catalogs, "entries": _tally(s.entries), "words": _tally(s.words)}
            for s in coverage.by_issue
        ],
        "total": {
            "catalogs": coverage.total.catalogs,
            "entries": _tally(coverage.total.entries),
            "words": _tally(coverage.total.words),
        },
        "stale": [
            {
                "issue": item.issue,
                "language": item.language,
                "path": item.path,
                "line": item.line,
                "msgctxt": item.msgctxt,
                "msgid": item.msgid,
                "reviewer": item.reviewer,
                "date": item.date,
            }
            for item in coverage.stale
        ],
    }


def format_json(coverage: Coverage) -> str:
    """The coverage as JSON (UTF-8 text, keys in schema order).

    One top-level key per line, and one line per catalog, summary or stale sign-off in the
    lists: readable, diffable, and written by the json module's C encoder (an indented
    dump goes through its Python one, several times slower on a large project).
    """
    lines = []
    for key, value in coverage_document(coverage).items():
        name = json.dumps(key)
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            items = ",\n    ".join(json.dumps(item, ensure_ascii=False) for item in value)
            lines.append(f"  {name}: [\n    {items}\n  ]")
        else:
            lines.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


# -- CSV ---------------------------------------------------------------------------------

def csv_columns() -> list[str]:
    """The CSV header: the row's identity, then every entry count, then every word count."""
    counts = [*TALLY_FIELDS, "percent_translated", "percent_reviewed"]
    entries = ["entries" if name == "total" else name for name in counts]
    words = ["words" if name == "total" else f"words_{name}" for name in counts]
    return ["issue", "language", "path", "exists", "missing", *entries, *words]


def format_csv(coverage: Coverage) -> str:
    """One CSV row per issue and language, after a header row (RFC 4180: CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_columns())
    for row in coverage.rows:
        entries = row.entries.as_dict()
        words = row.words.as_dict()
        writer.writerow([row.issue, row.language, row.path, "yes" if row.exists else "no", row.missing,
                         *entries.values(), *words.values()])
    return buffer.getvalue()


# -- Markdown ----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def _md(text: str) -> str:
    """Text safe in a Markdown table cell: specials backslash-escaped, lines joined."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_share(ratio: Fraction, part: int, total: int) -> str:
    return f"{_display(ratio)} ({part}/{total})"


MARKDOWN_COLUMNS = ("Issue", "Language", "Translated", "Reviewed", "Fuzzy", "Draft", "Untranslated",
                    "Stale", "Words translated")


def format_markdown(coverage: Coverage) -> str:
    """GitHub-flavoured Markdown tables to paste into a pull request."""
    align = ["---", "---", *["---:"] * (len(MARKDOWN_COLUMNS) - 2)]
    lines = [f"## Translation coverage{': ' + _md(coverage.project) if coverage.project else ''}", ""]
    lines += [_md_row(MARKDOWN_COLUMNS), _md_row(align)]
    for row in coverage.rows:
        language = row.language if row.exists else f"{row.language} (no catalog)"
        lines.append(_md_row([_md(row.issue), _md(language), *_md_counts(row.entries, row.words)]))
    lines += ["", "### Totals by language", ""]
    lines += [_md_row(["Language", "Issues", *MARKDOWN_COLUMNS[2:]]), _md_row(["---", "---:", *align[2:]])]
    for summary in (*coverage.by_language, coverage.total):
        key = _md(summary.key) if summary.key else "**all**"
        lines.append(_md_row([key, str(summary.catalogs), *_md_counts(summary.entries, summary.words)]))
    lines += ["", "### Totals by issue", ""]
    lines += [_md_row(["Issue", "Languages", *MARKDOWN_COLUMNS[2:]]), _md_row(["---", "---:", *align[2:]])]
    for summary in coverage.by_issue:
        lines.append(_md_row([_md(summary.key), str(summary.catalogs), *_md_counts(summary.entries, summary.words)]))
    if coverage.stale:
        lines += ["", "### Stale sign-offs", ""]
        for item in coverage.stale:
            lines.append(f"- {_md(item.path)}:{item.line} ({_md(item.language)}, {_md(item.reviewer)} "
                         f"{item.date}): {_md(_excerpt(item.msgid))}")
    return "\n".join(lines) + "\n"


def _md_counts(entries: Tally, words: Tally) -> list[str]:
    return [
        _md_share(entries.translated_ratio, entries.translated, entries.total),
        _md_share(entries.reviewed_ratio, entries.reviewed, entries.total),
        str(entries.fuzzy),
        str(entries.draft),
        str(entries.untranslated),
        str(entries.stale),
        _md_share(words.translated_ratio, words.translated, words.total),
    ]


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


# -- HTML --------------------------------------------------------------------------------

_HTML_STYLE = """
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0;
  --track: #e6eaef; --translated: #2da44e; --reviewed: #0969da; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --track: #262c36; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: .5rem 0; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
.summary { color: var(--muted); margin: 0 0 1rem; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: .35rem .55rem; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th:first-child, td:first-child, .text, .stale-list td, .stale-list th { text-align: left; }
.heatmap { width: auto; }
thead th { position: sticky; top: 0; background: var(--bg); }
.heatmap td { text-align: center; min-width: 3.6rem; color: #1b1f24;
  background: hsl(calc(var(--p) * 1.2) 75% 72%); }
.heatmap tfoot td { font-weight: 600; }
.heatmap th[scope=row] { position: sticky; left: 0; background: var(--bg); }
.lang-name { color: var(--muted); font-weight: normal; }
.bars { list-style: none; padding: 0; margin: 0; display: grid; gap: .6rem; }
.bars li { display: grid; grid-template-columns: minmax(6rem, 12rem) 1fr; gap: .25rem .75rem; align-items: center; }
.track { position: relative; height: 1rem; background: var(--track); border-radius: 4px; overflow: hidden; }
.track span { position: absolute; left: 0; top: 0; bottom: 0; }
.track .translated { background: var(--translated); }
.track .reviewed { background: var(--reviewed); height: .35rem; top: auto; }
.figures { grid-column: 2; color: var(--muted); font-size: .9rem; }
.sortable th button { all: inherit; cursor: pointer; padding: 0; }
.sortable th button::after { content: " \\2195"; color: var(--muted); }
.sortable th[aria-sort=ascending] button::after { content: " \\2191"; }
.sortable th[aria-sort=descending] button::after { content: " \\2193"; }
td.msgid { white-space: normal; text-align: left; min-width: 16rem; }
.legend { color: var(--muted); font-size: .9rem; }
@media (max-width: 40rem) {
  main { padding: .6rem; }
  .bars li { grid-template-columns: 1fr; }
  .figures { grid-column: 1; }
}
"""

_HTML_SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  var headers = table.querySelectorAll("thead th");
  headers.forEach(function (th, column) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = th.dataset.type === "number";
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column].dataset.value, y = b.cells[column].dataset.value;
        var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""

_DETAIL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Issue", "text"), ("Language", "text"), ("Entries", "number"), ("Translated %", "number"),
    ("Reviewed %", "number"), ("Fuzzy", "number"), ("Draft", "number"), ("Untranslated", "number"),
    ("Stale", "number"), ("Words", "number"), ("Words translated %", "number"),
    ("Words reviewed %", "number"),
)


_TEXT_CLASS = ' class="text"'


def _count(number: int, noun: str) -> str:
    """``1 issue``, ``2 issues``: a count with its noun in the singular or the plural."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _h(value: object) -> str:
    return html.escape(str(value), quote=True)


def _percent_text(ratio: Fraction) -> str:
    return f"{percent(ratio, digits=1):.1f}"


def _language_label(code: str) -> str:
    from l10n.languages import language_name

    try:
        name = language_name(code)
    except L10nError:
        name = ""
    return _h(code) + (f' <span class="lang-name">{_h(name)}</span>' if name and name != code else "")


def format_html(coverage: Coverage) -> str:
    """One self-contained HTML page: heat map, bars per language, sortable table, stale sign-offs.

    Nothing is loaded from elsewhere (styles and script are inline), every text that comes
    from a catalog or the configuration is escaped, and the layout fits a phone screen.
    """
    total = coverage.total.entries
    title = "Translation coverage" + (f": {coverage.project}" if coverage.project else "")
    parts = [
        "<!doctype html>",
        f'<html lang="{_h(coverage.source_language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<link rel="icon" href="data:,">',
        f"<title>{_h(title)}</title>",
        f"<style>{_HTML_STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_h(title)}</h1>",
        (f'<p class="summary">{_count(len(coverage.issues), "issue")} &times; '
         f'{_count(len(coverage.languages), "language")}'
         f" &middot; {_percent_text(total.translated_ratio)}% translated"
         f" &middot; {_percent_text(total.reviewed_ratio)}% reviewed"
         f" &middot; {total.stale} stale sign-off{'' if total.stale == 1 else 's'} (by entries)</p>"),
    ]
    parts += _html_heatmap(coverage)
    parts += _html_bars(coverage)
    parts += _html_detail(coverage)
    parts += _html_stale(coverage)
    parts += ["</main>", f"<script>{_HTML_SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _html_heatmap(coverage: Coverage) -> list[str]:
    out = [
        '<section id="heatmap">',
        "<h2>Translated entries, by language and issue</h2>",
        '<div class="scroll"><table class="heatmap">',
        '<thead><tr><th scope="col">Language</th>'
        + "".join(f'<th scope="col">{_h(issue)}</th>' for issue in coverage.issues)
        + "</tr></thead>",
        "<tbody>",
    ]
    for language in coverage.languages:
        cells = []
        for issue in coverage.issues:
            row = coverage.row(issue, language)
            ratio = row.entries.translated_ratio
            shown = _percent_text(ratio)
            note = "" if row.exists else ", no catalog yet"
            cells.append(
                f'<td class="cell" data-issue="{_h(issue)}" data-language="{_h(language)}" '
                f'data-percent="{shown}" style="--p:{float(ratio * 100):.1f}" '
                f'title="{_h(issue)} {_h(language)}: {row.entries.translated}/{row.entries.total} '
                f'translated, {row.entries.reviewed} reviewed{note}">{shown}%</td>'
            )
        out.append(f'<tr><th scope="row">{_language_label(language)}</th>{"".join(cells)}</tr>')
    totals = "".join(
        f'<td class="total" data-issue="{_h(s.key)}">{_percent_text(s.entries.translated_ratio)}%</td>'
        for s in coverage.by_issue
    )
    out += ["</tbody>", f'<tfoot><tr><th scope="row">all languages</th>{totals}</tr></tfoot>',
            "</table></div>", "</section>"]
    return out


def _html_bars(coverage: Coverage) -> list[str]:
    out = [
        '<section id="languages">',
        "<h2>By language</h2>",
        '<p class="legend">Green: translated entries; blue: reviewed entries.</p>',
        '<ul class="bars">',
    ]
    for summary in coverage.by_language:
        entries, words = summary.entries, summary.words
        out.append(
            f'<li data-language="{_h(summary.key)}"><span>{_language_label(summary.key)}</span>'
            f'<span class="track" role="img" aria-label="{_percent_text(entries.translated_ratio)}% translated, '
            f'{_percent_text(entries.reviewed_ratio)}% reviewed">'
            f'<span class="translated" style="width:{float(entries.translated_ratio * 100):.2f}%"></span>'
            f'<span class="reviewed" style="width:{float(entries.reviewed_ratio * 100):.2f}%"></span></span>'
            f'<span class="figures">{_percent_text(entries.translated_ratio)}% translated '
            f"({entries.translated}/{entries.total}), {_percent_text(entries.reviewed_ratio)}% reviewed, "
            f"{entries.fuzzy} fuzzy ({_count(entries.draft, 'draft')}), {entries.stale} stale; "
            f"words {_percent_text(words.translated_ratio)}% translated</span></li>"
        )
    out += ["</ul>", "</section>"]
    return out


def _html_detail(coverage: Coverage) -> list[str]:
    header = "".join(
        f'<th scope="col" data-type="{kind}"{_TEXT_CLASS if kind == "text" else ""}>'
        f'<button type="button">{_h(name)}</button></th>'
        for name, kind in _DETAIL_COLUMNS
    )
    out = [
        '<section id="catalogs">',
        "<h2>Every catalog</h2>",
        '<div class="scroll"><table id="detail" class="sortable">',
        f"<thead><tr>{header}</tr></thead>",
        "<tbody>",
    ]
    for row in coverage.rows:
        e, w = row.entries, row.words
        language = row.language if row.exists else f"{row.language} (no catalog)"
        values: list[tuple[object, str]] = [
            (row.issue, _h(row.issue)),
            (row.language, _h(language)),
            (e.total, str(e.total)),
            (float(e.translated_ratio * 100), _percent_text(e.translated_ratio)),
            (float(e.reviewed_ratio * 100), _percent_text(e.reviewed_ratio)),
            (e.fuzzy, str(e.fuzzy)),
            (e.draft, str(e.draft)),
            (e.untranslated, str(e.untranslated)),
            (e.stale, str(e.stale)),
            (w.total, str(w.total)),
            (float(w.translated_ratio * 100), _percent_text(w.translated_ratio)),
            (float(w.reviewed_ratio * 100), _percent_text(w.reviewed_ratio)),
        ]
        cells = "".join(f'<td{_TEXT_CLASS if i < 2 else ""} data-value="{_h(value)}">{shown}</td>'
                        for i, (value, shown) in enumerate(values))
        out.append(f'<tr data-issue="{_h(row.issue)}" data-language="{_h(row.language)}">{cells}</tr>')
    out += ["</tbody>", "</table></div>", "</section>"]
    return out


def _html_stale(coverage: Coverage) -> list[str]:
    out = ['<section id="stale">', f"<h2>Stale sign-offs ({len(coverage.stale)})</h2>"]
    if not coverage.stale:
        return [*out, "<p>None: every sign-off matches its text.</p>", "</section>"]
    out += [
        '<p class="legend">The source or the translation changed after these entries were reviewed.</p>',
        '<div class="scroll"><table class="stale-list">',
        ('<thead><tr><th scope="col">Catalog</th><th scope="col">Reviewer</th><th scope="col">Date</th>'
         '<th scope="col" class="text">Entry</th></tr></thead>'),
        "<tbody>",
    ]
    for item in coverage.stale:
        context = f"[{_h(item.msgctxt)}] " if item.msgctxt else ""
        out.append(
            f'<tr><td>{_h(item.path)}:{item.line}</td><td>{_h(item.reviewer)}</td><td>{_h(item.date)}</td>'
            f'<td class="msgid">{context}{_h(item.msgid)}</td></tr>'
        )
    out += ["</tbody>", "</table></div>", "</section>"]
    return out


# -- registry ----------------------------------------------------------------------------

FORMATS: dict[str, Callable[[Coverage], str]] = {
    "table": format_table,
    "json": format_json,
    "csv": format_csv,
    "markdown": format_markdown,
    "html": format_html,
}


def format_report(coverage: Coverage, fmt: str) -> str:
    """The coverage in format ``fmt`` (one of :data:`FORMATS`)."""
    try:
        formatter = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return formatter(coverage)

