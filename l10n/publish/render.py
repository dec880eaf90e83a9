"""Rendering a localized issue: the source with each segment's span replaced by its translation.

Every byte outside a segment is kept (docs/DESIGN.md, "Rendering"). A translation equal to its
msgid keeps the source bytes exactly, so an identity catalog renders the source byte for
byte. A translation is fitted to where it goes: a table cell cannot break its row, a
paragraph cannot start a new block, a front matter value stays valid YAML. In HTML, a
translation cannot bring markup its source segment did not have.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Union

import polib
import yaml

from l10n.checks import unsafe_html
from l10n.errors import RenderError
from l10n.sources.markdown import (
    FRONT_MATTER,
    HEADING,
    IMAGE_ALT,
    IMAGE_TITLE,
    LINK_TITLE,
    TABLE_CELL,
    Segment,
    extract_segments,
    front_matter,
    markdown_parser,
)
from l10n.catalogs.states import State, state_of

Lookup = Callable[[str, Union[str, None]], Union[str, None]]
LookupLike = Union[Lookup, Mapping[str, str]]

# A line that would open a block of its own if it began a paragraph line.
_BLOCK_START = re.compile(
    r"^(?:(?P<hashes>#{1,6})(?=[ \t]|$)"
    r"|(?P<bullet>[-+*])(?=[ \t]|$)"
    r"|(?P<number>\d{1,9})(?P<delim>[.)])(?=[ \t]|$)"
    r"|(?P<quote>>)"
    r"|(?P<fence>```|~~~)"
    r"|(?P<rule>(?:[-_*][ \t]*){3,}$)"
    r"|(?P<underline>=+[ \t]*$))"
)
# An HTML tag, comment, processing instruction or declaration as CommonMark sees inline HTML.
_HTML_TAG = re.compile(
    r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|!--.*?--|\?.*?\?|![A-Za-z][^>]*|!\[CDATA\[.*?\]\])>",
    re.DOTALL,
)


class UnsafeTranslation(RenderError):
    """A translation that would bring markup or script its source does not have."""

    def __init__(self, msgid: str, msgctxt: str | None, reason: str):
        self.msgid = msgid
        self.msgctxt = msgctxt
        self.reason = reason
        shown = msgid if len(msgid) <= 50 else msgid[:47] + "..."
        super().__init__(f"refusing to write HTML from the translation of {shown!r}: {reason}")


def as_lookup(translations: LookupLike) -> Lookup:
    """A ``lookup(msgid, msgctxt)`` from a callable of that shape or a mapping msgid → text."""
    if isinstance(translations, Mapping):
        return lambda msgid, msgctxt=None: translations.get(msgid)
    return translations


def catalog_lookup(catalog: polib.POFile, *, use_fuzzy: bool = False, reviewed_only: bool = False) -> Lookup:
    """The translations a catalog gives: translated and reviewed entries; fuzzy and drafts on request.

    ``reviewed_only`` keeps only entries whose sign-off is current (docs/DESIGN.md, entry states).
    """
    table: dict[tuple[str | None, str], str] = {}
    for entry in catalog:
        if entry.obsolete or not entry.msgid or entry.msgid_plural:
            continue
        state = state_of(entry)
        if state is State.UNTRANSLATED:
            continue
        if reviewed_only and state is not State.REVIEWED:
            continue
        if state in (State.FUZZY, State.DRAFT) and not use_fuzzy:
            continue
        table[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return lambda msgid, msgctxt=None: table.get((msgctxt, msgid))


def render_markdown(text: str, translations: LookupLike, *,
                    front_matter_keys: tuple[str, ...] | list[str] = ("title", "summary"),
                    path: str = "<string>",
                    segments: list[Segment] | None = None) -> str:
    """The document with every translated segment replaced; untranslated ones keep the source."""
    return _render(text, as_lookup(translations), front_matter_keys, path, segments, for_html=False)


def _render(text: str, lookup: Lookup, keys, path: str, segments: list[Segment] | None, *, for_html: bool) -> str:
    if segments is None:
        segments = extract_segments(text, front_matter_keys=keys, path=path)
    out: list[str] = []
    position = 0
    for segment in segments:
        translation = lookup(segment.text, segment.context)
        if translation is None or translation == "" or translation == segment.text:
            continue
        if for_html:
            reason = unsafe_html(segment.text, translation)
            if reason is not None:
                raise UnsafeTranslation(segment.text, segment.context, reason)
            translation = escape_new_html(segment.text, translation)
        out.append(text[position : segment.start])
        out.append(fit_translation(segment, translation))
        position = segment.end
    out.append(text[position:])
    return "".join(out)


def localize_for_html(text: str, translations: LookupLike, *,
                      front_matter_keys: tuple[str, ...] | list[str] = ("title", "summary"),
                      path: str = "<string>", segments: list[Segment] | None = None) -> str:
    """The localized Markdown that HTML outputs are made from.

    Like :func:`render_markdown`, but a translation that would bring markup its source lacks
    raises :class:`UnsafeTranslation`, and tags the source does not hold are written as text.
    """
    return _render(text, as_lookup(translations), front_matter_keys, path, segments, for_html=True)


def fit_translation(segment: Segment, translation: str) -> str:
    """The translation written so that it takes the segment's place and nothing more."""
    if segment.kind == FRONT_MATTER:
        return _yaml_scalar(translation, segment.style)
    if segment.kind in (TABLE_CELL, HEADING, IMAGE_ALT, IMAGE_TITLE, LINK_TITLE):
        single = " ".join(part.strip() for part in translation.splitlines() if part.strip())
        if segment.kind == TABLE_CELL:
            single = re.sub(r"(?<!\\)((?:\\\\)*)\|", r"\1\\|", single)
        elif segment.kind == HEADING:
            single = re.sub(r"(\s)(#+)\s*$", r"\1\\\2", single)
        elif segment.kind in (IMAGE_ALT,):
            single = re.sub(r"(?<!\\)\]", r"\\]", single) if single.count("]") > single.count("[") else single
        elif segment.kind in (IMAGE_TITLE, LINK_TITLE):
            single = single.replace('"', '\\"').replace("'", "\\'").replace(")", "\\)")
        return single
    return _fit_paragraph(segment, translation)


def _fit_paragraph(segment: Segment, translation: str) -> str:
    """Lines of a paragraph translation, each kept inside the paragraph and its containers."""
    continuation = _continuation_prefix(segment)
    lines = translation.split("\n")
    fitted = []
    for number, line in enumerate(lines):
        line = line if number == len(lines) - 1 else line.rstrip("\n")
        stripped = line.lstrip(" \t") if number else line
        if not stripped.strip() and number and number < len(lines) - 1:
            continue  # a blank line would end the paragraph
        stripped = _escape_block_start(stripped, first=number == 0)
        fitted.append(stripped if number == 0 else continuation + stripped)
    return "\n".join(fitted)


def _continuation_prefix(segment: Segment) -> str:
    if len(segment.pieces) > 1:
        return segment.pieces[1].prefix
    first = segment.pieces[0].prefix if segment.pieces else ""
    return "".join(char if char in "> \t" else " " for char in first)


def _escape_block_start(line: str, *, first: bool) -> str:
    match = _BLOCK_START.match(line)
    if match is None:
        return line
    if match["number"] is not None:
        if first and match["number"] != "1" and match["delim"] == ".":
            return line  # only "1." may interrupt a paragraph; at the start, it is a list anyway
        end = match.end("number")
        return f"{line[:end]}\\{line[end:]}"
    if match["underline"] is not None and first:
        return line
    return f"\\{line}"


def _yaml_scalar(value: str, style: str) -> str:
    """``value`` as a YAML scalar in the style of the source where that stays valid."""
    if style == "plain" and "\n" not in value and value.strip() == value:
        try:
            if yaml.safe_load(f"k: {value}") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


def escape_new_html(source: str, translation: str) -> str:
    """The translation with every HTML tag its source does not hold written as text.

    A tag is kept only when the same tag, byte for byte, is in the source segment, so a
    translation can move the source's markup but never add an element or an attribute.
    """
    allowed: dict[str, int] = {}
    for tag in _HTML_TAG.findall(source):
        allowed[tag] = allowed.get(tag, 0) + 1

    def replace(match: re.Match[str]) -> str:
        tag = match.group(0)
        if allowed.get(tag, 0) > 0:
            allowed[tag] -= 1
            return tag
        return "&lt;" + tag[1:]

    return _HTML_TAG.sub(replace, translation)


# The pages' own stylesheet: readable on a phone and on paper, nothing loaded from elsewhere.
PAGE_STYLE = """<style>
body{margin:0;font:1.05rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#fff}
main{max-width:46rem;margin:0 auto;padding:1rem 1.25rem 3rem}
main.wide{max-width:76rem}
@media (max-width:48rem){table{display:block;overflow-x:auto}}
h1,h2,h3{line-height:1.25}
a{color:#0b5cad}
img{max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.95rem}
th,td{border:1px solid #d0d7de;padding:.4rem .6rem;vertical-align:top;text-align:start}
thead th{background:#f3f5f7}
nav.languages{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;border-block-end:1px solid #d0d7de;padding-block-end:.5rem}
nav.languages ul{display:flex;flex-wrap:wrap;gap:.25rem .75rem;list-style:none;margin:0;padding:0}
.issue-date,.issue-summary{color:#57606a}
td.skipped,td.missing{color:#8c959f}
blockquote{margin-inline:0;padding-inline-start:1rem;border-inline-start:3px solid #d0d7de;color:#3d444d}
code{background:#f3f5f7;padding:.1em .3em;border-radius:3px}
</style>
"""


def render_html(text: str, translations: LookupLike, *, lang: str, direction: str = "ltr",
                front_matter_keys: tuple[str, ...] | list[str] = ("title", "summary"),
                path: str = "<string>", head: str = "", before: str = "", after: str = "",
                segments: list[Segment] | None = None) -> str:
    """A complete HTML document of the localized issue.

    The body is the localized Markdown rendered by markdown-it-py; the title comes from the
    front matter. ``head``, ``before`` and ``after`` are trusted HTML the caller adds (a
    stylesheet, a date line, links to other languages).
    """
    localized = localize_for_html(text, translations, front_matter_keys=front_matter_keys, path=path,
                                  segments=segments)
    meta = front_matter(localized, path=path)
    body = markdown_parser().render(localized)
    title = meta.get("title")
    summary = meta.get("summary")
    header = ""
    if isinstance(title, str) and title:
        header += f"<h1 class=\"issue-title\">{html.escape(title)}</h1>\n"
    if isinstance(summary, str) and summary:
        header += f"<p class=\"issue-summary\">{html.escape(summary)}</p>\n"
    page_title = html.escape(title) if isinstance(title, str) and title else html.escape(path)
    return (
        "<!DOCTYPE html>\n"
        f"<html lang=\"{html.escape(lang.replace('_', '-'))}\" dir=\"{html.escape(direction)}\">\n"
        "<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{page_title}</title>\n{PAGE_STYLE}{head}</head>\n"
        f"<body>\n<main>\n{before}<header>\n{header}</header>\n<article>\n{body}</article>\n{after}</main>\n"
        "</body>\n</html>\n"
    )


def issue_date(text: str, *, path: str = "<string>") -> date | None:
    """The ``date`` of the issue's front matter, when it has one."""
    return as_date(front_matter(text, path=path).get("date"))


def as_date(value: object) -> date | None:
    """A front matter ``date`` value (a YAML date, a datetime or an ISO string) as a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
