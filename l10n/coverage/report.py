"""Coverage as a coordinator or a script reads it: terminal table, JSON, CSV, Markdown, HTML.

Each ``format_*`` function takes a :class:`~l10n.coverage.Coverage` and returns text;
:func:`render_table` prints the terminal table to a rich console or a plain text file.
"""

from __future__ import annotations

import csv
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

if TYPE_CHECKING:  # rich loads only for the tables, not for JSON, CSV, Markdown or HTML
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

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
    from rich.text import Text

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
    from rich.console import Console

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
    from rich import box
    from rich.table import Table

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
        (f'<p class="summary">{len(coverage.issues)} issues &times; {len(coverage.languages)} languages'
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
            f"{entries.fuzzy} fuzzy ({entries.draft} drafts), {entries.stale} stale; "
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

