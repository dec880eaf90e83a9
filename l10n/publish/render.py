"""Rendering a localized issue: the source with each segment's span replaced by its translation.

Every byte outside a segment is kept (docs/DESIGN.md, "Rendering"). A translation equal to its
msgid keeps the source bytes exactly, so an identity catalog renders the source byte for
byte. A translation is fitted to where it goes: a table cell cannot break its row, a
paragraph cannot start a new block (Markdown's or an HTML block), a front matter value stays
valid YAML. In HTML, a translation cannot bring markup its source segment did not have: the
page is rendered from the source's block structure, and each translated segment's HTML is
checked and rebuilt by :mod:`l10n.publish.safety` before it takes its place.
"""

from __future__ import annotations

import copy
import html
import json
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Union

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
    markdown_parser_uncached,
)
from l10n.catalogs.states import State, is_fuzzy, is_translated_text, state_of

if TYPE_CHECKING:
    import polib
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

# markdown-it-py, PyYAML and the unsafe-HTML guard (l10n.publish.safety) are loaded where they
# are used: a Markdown issue rendered from the segments l10n extract kept needs none of them
# unless a translation goes into front matter or starts like an HTML block.

Lookup = Callable[[str, Union[str, None]], Union[str, None]]
LookupLike = Union[Lookup, Mapping[str, str]]

# A line that would open a block of its own if it began a paragraph line.
_BLOCK_START = re.compile(
    r"^(?:(?P<hashes>#{1,6})(?=[ \t]|$)"
    r"|(?P<bullet>[-+*])(?=[ \t]|$)"
    r"|(?P<number>\d{1,9})(?P<delim>[.)])(?=[ \t]|$)"
    r"|(?P<quote>>)"
    r"|(?P<fence>```|~~~)"
    r"|(?P<rule>(?:-[ \t]*){3,}$|(?:_[ \t]*){3,}$|(?:\*[ \t]*){3,}$)"  # one character, 3 times or more
    r"|(?P<underline>(?:=+|-+)[ \t]*$))"  # a setext underline, after a first line
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
        if not reviewed_only:
            # Translated or reviewed alike: the sign-off (a digest of the entry) need not be checked.
            if is_translated_text(entry) and (use_fuzzy or not is_fuzzy(entry)):
                table[(entry.msgctxt, entry.msgid)] = entry.msgstr
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
    return _render(text, as_lookup(translations), front_matter_keys, path, segments)


def _replacement(lookup: Lookup, segment: Segment) -> str | None:
    """What replaces ``segment`` in the output: its translation, unless the catalog has none,
    an empty one, or the source text itself (then the source stays as written)."""
    translation = lookup(segment.text, segment.context)
    return None if not translation or translation == segment.text else translation


def _render(text: str, lookup: Lookup, keys, path: str, segments: list[Segment] | None) -> str:
    if segments is None:
        segments = extract_segments(text, front_matter_keys=keys, path=path)
    out: list[str] = []
    position = 0
    for segment in segments:
        translation = _replacement(lookup, segment)
        if translation is None:
            continue
        out.append(text[position : segment.start])
        out.append(fit_translation(segment, translation))
        position = segment.end
    out.append(text[position:])
    return "".join(out)


def guard_source_segment(msgid: str, msgctxt: str | None, translation: str) -> str:
    """A translated segment of an HTML source as it may be spliced in: the one unsafe-HTML
    rule (:func:`l10n.publish.safety.guard_html`, the msgid being the source's own HTML)
    decides, and what it accepts is written as rebuilt from its tokens.

    A refused translation raises :class:`UnsafeTranslation`.
    """
    from l10n.publish.safety import as_written_if_same, guard_html

    verdict = guard_html(msgid, translation)
    if verdict.reason is not None:
        raise UnsafeTranslation(msgid, msgctxt, verdict.reason)
    return as_written_if_same(translation, verdict, source_html=msgid)


def render_html_source(text: str, translations: LookupLike, *, lang: str | None = None, direction: str = "ltr",
                       segments: list[Segment] | None = None) -> str:
    """An HTML source with each translated segment spliced in, every other byte kept.

    ``lang`` and ``direction`` go on the ``<html>`` start tag. Text segments pass
    :func:`guard_source_segment`; attribute values are escaped for their attribute.
    """
    from l10n.sources import html as html_source

    lookup = as_lookup(translations)

    def translate(segment: Segment) -> str | None:
        translation = _replacement(lookup, segment)
        if translation is None:
            return None
        if not segment.style:
            translation = guard_source_segment(segment.text, segment.context, translation)
        return html_source.fit_translation(segment, translation)

    return html_source.render(text, translate, lang=lang, direction=direction, segments=segments)


def render_source(text: str, translations: LookupLike, *, path: str, lang: str | None = None,
                  direction: str = "ltr", front_matter_keys: tuple[str, ...] | list[str] = ("title", "summary"),
                  segments: list[Segment] | None = None) -> str:
    """The source localized in its own format, chosen by ``path``'s extension: Markdown or HTML.

    ``lang`` and ``direction`` apply to an HTML source's ``<html>`` tag.
    """
    from l10n.sources import HTML, source_format

    if source_format(path) == HTML:
        return render_html_source(text, translations, lang=lang, direction=direction, segments=segments)
    return render_markdown(text, translations, front_matter_keys=front_matter_keys, path=path, segments=segments)


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


def _fit_paragraph(segment: Segment, translation: str, *, prefixed: bool = True) -> str:
    """Lines of a paragraph translation, each kept inside the paragraph and its containers.

    ``prefixed=False`` leaves out the containers' markers on continuation lines: the
    paragraph's content as markdown-it hands it to the inline parser.
    """
    continuation = _continuation_prefix(segment) if prefixed else ""
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
        return f"\\{line}" if _opens_html_block(line, first=first) else line
    if match["number"] is not None:
        if first and match["number"] != "1" and match["delim"] == ".":
            return line  # only "1." may interrupt a paragraph; at the start, it is a list anyway
        end = match.end("number")
        return f"{line[:end]}\\{line[end:]}"
    if match["underline"] is not None and first:
        return line
    return f"\\{line}"


def _opens_html_block(line: str, *, first: bool) -> bool:
    """Whether markdown-it would start an HTML block at this line of a paragraph.

    markdown-it's own opening conditions decide; the last kind (any lone tag) can only
    open a block on a paragraph's first line.
    """
    stripped = line.lstrip(" ")
    if not stripped.startswith("<") or len(line) - len(stripped) > 3:
        return False
    from markdown_it.rules_block.html_block import HTML_SEQUENCES

    return any(opening.search(stripped) and (interrupts or first) for opening, _, interrupts in HTML_SEQUENCES)


def _yaml_scalar(value: str, style: str) -> str:
    """``value`` as a YAML scalar in the style of the source where that stays valid."""
    if style == "plain" and "\n" not in value and value.strip() == value:
        import yaml

        try:
            if yaml.safe_load(f"k: {value}") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


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


def guard_translations(text: str, translations: LookupLike, *,
                       front_matter_keys: tuple[str, ...] | list[str] = ("title", "summary"),
                       path: str = "<string>", segments: list[Segment] | None = None) -> None:
    """Raise :class:`UnsafeTranslation` for the first translation :func:`render_html` would refuse.

    The same checks as the page's (every segment as written, and in its place in the page),
    for outputs that are made from the localized Markdown (see ``l10n.publish.document``).
    """
    if segments is None:
        segments = extract_segments(text, front_matter_keys=front_matter_keys, path=path)
    _html_body(text, list(segments), as_lookup(translations))


def render_html(text: str, translations: LookupLike, *, lang: str, direction: str = "ltr",
                front_matter_keys: tuple[str, ...] | list[str] = ("title", "summary"),
                path: str = "<string>", head: str = "", before: str = "", after: str = "",
                segments: list[Segment] | None = None) -> str:
    """A complete HTML document of the localized issue.

    The body is the localized Markdown rendered by markdown-it-py; the title comes from the
    front matter. ``head``, ``before`` and ``after`` are trusted HTML the caller adds (a
    stylesheet, a date line, links to other languages). A translation that
    :func:`l10n.publish.safety.guard_markdown` refuses, or whose HTML in the page
    :func:`l10n.publish.safety.guard_html` refuses, raises :class:`UnsafeTranslation`.
    """
    lookup = as_lookup(translations)
    if segments is None:
        segments = extract_segments(text, front_matter_keys=front_matter_keys, path=path)
    body = _html_body(text, segments, lookup)
    localized = _render(text, lookup, front_matter_keys, path, [s for s in segments if s.kind == FRONT_MATTER])
    meta = front_matter(localized, path=path)
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


# Private-use characters around a segment's number stand for its translation in the page's
# skeleton: letters to the block parser, never in a source (another pair is taken if they are).
_MARKERS = (("\ue000", "\ue001"), ("\U000f0000", "\U000f0001"), ("\U00100000", "\U00100001"))


# Segments checked as rendered on their own too, as `l10n check` renders them: those that are
# not a run of inline content in the page, and those whose lines are joined into one.
_ON_THEIR_OWN = frozenset({FRONT_MATTER, IMAGE_ALT, IMAGE_TITLE, LINK_TITLE, HEADING, TABLE_CELL})


@lru_cache(maxsize=1)
def _page_parser() -> MarkdownIt:
    """The toolkit's Markdown dialect, with translations put in before inline parsing."""
    parser = markdown_parser_uncached()
    parser.core.ruler.before("inline", "l10n_translations", _put_translations)
    return parser


def _put_translations(state: StateCore) -> None:
    """Replace each marker of the skeleton with its translation, as inline content."""
    table = state.env.get("l10n")
    if not table:
        return
    pattern, substitutions = table["pattern"], table["substitutions"]
    for token in state.tokens:
        if token.type != "inline" or not pattern.search(token.content):
            continue
        found = pattern.findall(token.content)
        table["placed"].update(found)
        source = pattern.sub(lambda m: substitutions[m[0]][2], token.content)
        token.content = pattern.sub(lambda m: substitutions[m[0]][1], token.content)
        token.meta = {**(token.meta or {}), "l10n": found, "l10n_source": source}
    for reference in state.env.get("references", {}).values():
        title = reference.get("title")
        if title and pattern.search(title):
            table["placed"].update(pattern.findall(title))
            reference["title"] = pattern.sub(lambda m: substitutions[m[0]][1], title)


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    return markdown_parser_uncached().disable(["inline", "footnote_tail"])


@lru_cache(maxsize=16384)
def _cell_content(cell: str) -> str:
    # The table rule unescapes pipes: let it read the cell as it would in the page.
    tokens = _block_parser().parse(f"| x |\n| - |\n| {cell} |\n", {})
    return [t.content for t in tokens if t.type == "inline"][-1]


def _inline_content(segment: Segment, translation: str) -> str:
    """The translation as markdown-it's inline parser gets it in the segment's place."""
    if segment.kind == LINK_TITLE:
        from markdown_it.common.utils import unescapeAll

        return unescapeAll(fit_translation(segment, translation))
    if segment.kind in (IMAGE_ALT, IMAGE_TITLE):
        return fit_translation(segment, translation)
    if segment.kind == TABLE_CELL:
        return _cell_content(fit_translation(segment, translation))
    if segment.kind == HEADING:
        return fit_translation(segment, translation).strip()
    return _fit_paragraph(segment, translation, prefixed=False).strip()


def _html_body(text: str, segments: list[Segment], lookup: Lookup) -> str:
    """The page's body: the source's blocks, each translated segment's HTML checked and rebuilt.

    Every translation is read as written by :func:`guard_markdown` (as ``l10n check`` reads
    it), then the page is parsed from a skeleton where each translated segment is a marker, so its block
    structure is the source's; the translations go in before inline parsing (footnotes and
    references resolve as in the page), and each inline run that holds one is rendered,
    passed through :func:`guard_html` against the same run with the source text, and
    replaced by the rebuilt HTML: what reaches the page is exactly what was checked.
    """
    from markdown_it.token import Token

    from l10n.publish.safety import guard_html, guard_markdown

    parser = _page_parser()
    start, end = next((a, b) for a, b in _MARKERS if a not in text and b not in text)
    substitutions: dict[str, tuple[Segment, str, str]] = {}  # marker -> segment, translation, source span
    pieces: list[str] = []
    position = 0
    for segment in segments:
        translation = _replacement(lookup, segment)
        if translation is None:
            continue
        # As written here; as rendered below, in its place in the page.
        verdict = guard_markdown(segment.text, translation, rendered=segment.kind in _ON_THEIR_OWN)
        if not verdict.safe:
            raise UnsafeTranslation(segment.text, segment.context, verdict.reason or "")
        if segment.kind == FRONT_MATTER:
            continue
        marker = f"{start}{len(substitutions)}{end}"
        substitutions[marker] = (segment, _inline_content(segment, translation), text[segment.start : segment.end])
        pieces += [text[position : segment.start], marker]
        position = segment.end
    if not substitutions:
        return parser.render(text)
    pieces.append(text[position:])
    pattern = re.compile(f"{start}[0-9]+{end}")
    env: dict = {"l10n": {"pattern": pattern, "substitutions": substitutions, "placed": set()}}
    tokens = parser.parse("".join(pieces), env)
    for token in tokens:
        markers = token.meta.get("l10n") if token.type == "inline" and token.meta else None
        if not markers:
            continue
        page_html = parser.renderer.renderInline(token.children or [], parser.options, env)
        verdict = guard_html(_source_html(parser, token.meta["l10n_source"], env, substitutions, markers), page_html)
        if not verdict.safe:
            segment = substitutions[markers[0]][0]
            raise UnsafeTranslation(segment.text, segment.context, verdict.reason or "")
        token.children = [Token("html_inline", "", 0, content=verdict.html)]
    if len(env["l10n"]["placed"]) != len(substitutions):
        raise RenderError("a translation did not find its place in the page")
    return parser.renderer.render(tokens, parser.options, env)


def _source_html(parser: MarkdownIt, content: str, env: dict, substitutions: dict, markers: list[str]) -> str:
    """An inline run with its source text, rendered with the page's references and footnotes."""
    if "[" not in content or not (env.get("references") or env.get("footnotes", {}).get("refs")):
        # The same dialect, cached as sources repeat; a run that is one whole segment is its
        # msgid, as guard_markdown rendered it.
        from l10n.publish.safety import markdown_segment_html

        segment = substitutions[markers[0]][0]
        whole = len(markers) == 1 and segment.kind not in (IMAGE_ALT, IMAGE_TITLE, LINK_TITLE)
        return markdown_segment_html(segment.text if whole else content)
    own = {"references": env.get("references", {}), "footnotes": copy.deepcopy(env.get("footnotes"))}
    if own["footnotes"] is None:
        del own["footnotes"]
    tokens = parser.parseInline(content, own)
    return parser.renderer.renderInline(tokens[0].children or [] if tokens else [], parser.options, own)


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
