"""Segments of an HTML issue (an e-mail template, an exported newsletter) with their exact spans.

The standard library's :class:`html.parser.HTMLParser` reads the document: it accepts the
malformed HTML that e-mail is made of (unclosed tags, stray end tags, unquoted attributes)
and tells where each tag, text, entity and comment starts. Character references are left as
written, so each event's span is exact, and every byte of the document belongs to an event.

A segment is a run of text and inline markup between two block boundaries (a block tag, a
comment, a skipped element), trimmed of whitespace and of the tags that only open or close
around it: ``<p>Read <a href="...">the report</a>.</p>`` is one segment, ``Read <a
href="...">the report</a>.``, inline markup as written. A run without words (only
whitespace, numbers, URLs, entities or merge tags) is none; the translatable attributes of
its tags (``alt``, ``title``, ``aria-label``, ``placeholder``, a submit button's ``value``)
and of block tags are segments of their own, as are ``<title>`` and the description meta
tags. ``script``, ``style``, ``pre``, ``textarea``, ``template``, ``svg`` and ``math`` are
skipped whole, and so is every comment, Outlook's conditional comments included.

Rendering (:func:`splice`) replaces each span and keeps every other byte (docs/DESIGN.md,
"Rendering"); :func:`fit_translation` writes a translation for its place: an attribute value
escaped for its quotes, long attribute values the msgid shows shortened put back as they were.
"""

from __future__ import annotations

import bisect
import gc
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
import html.parser as _html_parser

from l10n.sources.markdown import Piece, Segment
from l10n.sources.mergetags import without_merge_tags

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list item"
TABLE_CELL = "table cell"
BLOCK_QUOTE = "block quote"
CAPTION = "caption"
TITLE = "title"
BUTTON = "button"
TEXT = "text"
ALT = "alt text"
TITLE_ATTRIBUTE = "title attribute"
ARIA_LABEL = "aria-label"
PLACEHOLDER = "placeholder"
BUTTON_VALUE = "button value"
META_DESCRIPTION = "meta description"

ATTRIBUTE_KINDS = {"alt": ALT, "title": TITLE_ATTRIBUTE, "aria-label": ARIA_LABEL, "placeholder": PLACEHOLDER}

# Elements whose start or end does not break a run of text.
INLINE = frozenset(
    "a abbr acronym b bdi bdo big br cite code data del dfn em font i img ins kbd label mark nobr q "
    "s samp small span strike strong sub sup time tt u var wbr".split()
)
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Elements whose content is never translated; skipped from their start tag to their end tag.
OPAQUE = frozenset("script style pre textarea template svg math xml".split())
# Text inside these is not prose: a run whose only words are in them is no segment.
_CODE = frozenset("code kbd samp var".split())
_BLOCK_KINDS = {
    **{f"h{n}": HEADING for n in range(1, 7)},
    "p": PARAGRAPH,
    "li": LIST_ITEM, "dt": LIST_ITEM, "dd": LIST_ITEM,
    "td": TABLE_CELL, "th": TABLE_CELL,
    "blockquote": BLOCK_QUOTE,
    "caption": CAPTION, "figcaption": CAPTION,
    "title": TITLE,
    "button": BUTTON,
}
_BUTTON_HOLDERS = frozenset("td th div center table".split())
META_NAMES = {"description": META_DESCRIPTION, "og:description": "meta og:description",
              "og:title": "meta og:title", "twitter:title": "meta twitter:title",
              "twitter:description": "meta twitter:description"}
# Attribute values longer than this, other than translatable ones, are shortened in msgids.
SHORTEN_OVER = 40
_SHORT_MARK = "…"
_SPACES = re.compile(r"[ \t\r\n\f]+")
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*:|www\.)[^\s<>\"']+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_CHAR_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


@dataclass(slots=True)
class _Event:
    """One thing the parser reported, and where it is."""

    kind: str  # "start", "startend", "end", "data", "ref", "comment", "other"
    start: int
    end: int = 0  # set once the next event is known
    tag: str = ""  # the element name of a tag
    attributes: tuple[tuple[str, str | None, int, int, str], ...] = ()  # name, value, start, end, quote


class _Reader(HTMLParser):
    """An HTMLParser that records each event with its offset in the document."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0]
        position = text.find("\n")
        while position >= 0:
            self.line_starts.append(position + 1)
            position = text.find("\n", position + 1)
        self.events: list[_Event] = []

    def _offset(self) -> int:
        # getpos(), without the call: where the event being reported starts.
        return self.line_starts[self.lineno - 1] + self.offset

    def _tag(self, kind: str, tag: str) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        self.events.append(_Event(kind, start, tag=tag, attributes=tuple(_attribute_spans(raw, start))))

    def handle_starttag(self, tag, attrs):
        self._tag("start", tag)

    def handle_startendtag(self, tag, attrs):
        self._tag("startend", tag)

    def handle_endtag(self, tag):
        self.events.append(_Event("end", self._offset(), tag=tag))

    def handle_data(self, data):
        self.events.append(_Event("data", self._offset()))

    def handle_entityref(self, name):
        self.events.append(_Event("ref", self._offset()))

    def handle_charref(self, name):
        self.events.append(_Event("ref", self._offset()))

    def handle_comment(self, data):
        self.events.append(_Event("comment", self._offset()))

    def handle_decl(self, decl):
        self.events.append(_Event("other", self._offset()))

    def handle_pi(self, data):
        self.events.append(_Event("other", self._offset()))

    def unknown_decl(self, data):
        self.events.append(_Event("other", self._offset()))


def _attribute_spans(raw: str, offset: int):
    """(name, value, start, end, quote) of each attribute of a start tag, as the parser reads them.

    The parser's own patterns (``tagfind_tolerant``, ``attrfind_tolerant``) find them again,
    so the spans are those of the values the parser reported.
    """
    match = _html_parser.tagfind_tolerant.match(raw, 1)
    if match is None:
        return
    position = match.end()
    while position < len(raw):
        found = _html_parser.attrfind_tolerant.match(raw, position)
        if found is None or found.end() == position:
            break
        name, rest, value = found.group(1, 2, 3)
        if rest and value is not None:
            start, end = found.span(3)
            quote = value[:1] if value[:1] in ("'", '"') and value[-1:] == value[:1] and len(value) > 1 else ""
            if quote:
                start, end = start + 1, end - 1
            yield name.lower(), raw[start:end], offset + start, offset + end, quote
        else:
            yield name.lower(), None, offset + found.end(1), offset + found.end(1), ""
        position = found.end()


def read_events(text: str) -> tuple[list[_Event], list[int]]:
    """Every event of the document in order, each with its span; and the offsets where lines start."""
    reader = _Reader(text)
    # The events are many small objects that all live until the end: the cyclic garbage
    # collector's passes over them would make the reading quadratic in the document's size.
    collecting = gc.isenabled()
    gc.disable()
    try:
        reader.feed(text)
        reader.close()
    finally:
        if collecting:
            gc.enable()
    events = reader.events
    for event, following in zip(events, events[1:]):
        event.end = following.start
    if events:
        events[-1].end = len(text)
    return events, reader.line_starts


def extract_segments(text: str, *, path: str = "<string>") -> list[Segment]:
    """Every translatable segment of an HTML document, in document order.

    Never fails: whatever the parser makes of malformed HTML gives segments with exact spans.
    """
    events, line_starts = read_events(text)
    builder = _Builder(text, line_starts)
    blocks: list[str] = []  # open block elements, innermost last
    open_blocks: dict[str, int] = {}  # how many of each name are in blocks
    run: list[_Event] = []
    skipping: str | None = None
    depth = 0
    for event in events:
        kind, tag = event.kind, event.tag
        if skipping is not None:
            if kind == "start" and tag == skipping:
                depth += 1
            elif kind == "end" and tag == skipping:
                depth -= 1
                if depth == 0:
                    skipping = None
            continue
        if kind in ("data", "ref") or (kind in ("start", "startend", "end") and (tag in INLINE or ":" in tag)):
            run.append(event)
            continue
        builder.flush(run, blocks)
        run = []
        if kind == "start" and tag in OPAQUE:
            skipping, depth = tag, 1
        elif kind in ("start", "startend"):
            builder.tag_attributes(event)
            if kind == "start" and tag not in VOID:
                blocks.append(tag)
                open_blocks[tag] = open_blocks.get(tag, 0) + 1
        elif kind == "end" and open_blocks.get(tag):
            # Close the innermost open element of that name, and whatever was left open inside it.
            while blocks:
                closed = blocks.pop()
                open_blocks[closed] -= 1
                if closed == tag:
                    break
    builder.flush(run, blocks)
    builder.segments.sort(key=lambda segment: segment.start)
    return builder.segments


class _Builder:
    """Turns runs of events into segments."""

    def __init__(self, text: str, line_starts: list[int]):
        self.text = text
        self.line_starts = line_starts
        self.segments: list[Segment] = []

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def span_segment(self, start: int, end: int, kind: str, style: str = "") -> Segment:
        line = self.line_of(start)
        prefix = self.text[self.line_starts[line - 1]:start]
        return Segment(self.text[start:end], kind, line, None, start, end, (Piece(start, end, prefix),), style)

    # -- attributes ------------------------------------------------------------------------

    def tag_attributes(self, event: _Event) -> None:
        """Segments of the translatable attribute values of one tag outside a text run."""
        values = {name: (value, start, end, quote) for name, value, start, end, quote in event.attributes}
        for name, kind in ATTRIBUTE_KINDS.items():
            if name in values:
                self.attribute(values[name], kind)
        if event.tag == "input" and (values.get("type", ("",))[0] or "").lower() in ("submit", "button", "reset"):
            if "value" in values:
                self.attribute(values["value"], BUTTON_VALUE)
        if event.tag == "meta" and "content" in values:
            name = (values.get("name") or values.get("property") or (None,))[0]
            kind = META_NAMES.get((name or "").lower())
            if kind is not None:
                self.attribute(values["content"], kind)

    def attribute(self, found: tuple[str | None, int, int, str], kind: str) -> None:
        value, start, end, quote = found
        if value is None or not has_words(value):
            return
        # Leading and trailing blanks stay outside the span, as in text.
        stripped = value.strip()
        start += len(value) - len(value.lstrip())
        end = start + len(stripped)
        self.segments.append(self.span_segment(start, end, kind, quote or "unquoted"))

    # -- runs of text ------------------------------------------------------------------------

    def flush(self, run: list[_Event], blocks: list[str]) -> None:
        if not run:
            return
        first, last = 0, len(run) - 1
        text = self.text
        while first <= last and _is_edge(run[first], text, opening=True):
            first += 1
        while last >= first and _is_edge(run[last], text, opening=False):
            last -= 1
        if first > last or not self.run_has_words(run[first:last + 1]):
            for event in run:
                if event.kind in ("start", "startend"):
                    self.tag_attributes(event)
            return
        events = run[first:last + 1]
        start, end = events[0].start, events[-1].end
        if events[0].kind == "data":
            raw = text[start:end]
            start += len(raw) - len(raw.lstrip(" \t\r\n\f"))
        if events[-1].kind == "data":
            raw = text[events[-1].start:end]
            end -= len(raw) - len(raw.rstrip(" \t\r\n\f"))
        msgid, shortened = self.msgid(events, start, end)
        kind = _run_kind(events, blocks)
        line = self.line_of(start)
        prefix = text[self.line_starts[line - 1]:start]
        self.segments.append(Segment(msgid, kind, line, None, start, end, (Piece(start, end, prefix),),
                                     "", tuple(shortened)))

    def run_has_words(self, events: list[_Event]) -> bool:
        parts = []
        inside_code = 0
        for event in events:
            if event.kind in ("start", "end") and event.tag in _CODE:
                inside_code += 1 if event.kind == "start" else -1
            elif event.kind in ("data", "ref") and inside_code <= 0:
                parts.append(self.text[event.start:event.end])
        return has_words(html.unescape("".join(parts)))

    def msgid(self, events: list[_Event], start: int, end: int) -> tuple[str, list[tuple[str, str]]]:
        """The msgid of a run: whitespace in text folded, tags as written but long values shortened."""
        text = self.text
        can_shorten = _SHORT_MARK not in text[start:end]
        parts: list[str] = []
        shortened: list[tuple[str, str]] = []
        for event in events:
            left, right = max(event.start, start), min(event.end, end)
            if event.kind == "data":
                piece = text[left:right]
                parts.append(_SPACES.sub(" ", piece))
            elif event.kind in ("start", "startend") and can_shorten:
                position = left
                for name, value, value_start, value_end, quote in event.attributes:
                    if value is None or len(value) <= SHORTEN_OVER or name in ATTRIBUTE_KINDS:
                        continue
                    shown = f"{_SHORT_MARK}{len(shortened) + 1}"
                    parts.append(text[position:value_start])
                    parts.append(shown)
                    position = value_end
                    shortened.append((f"{quote}{shown}{quote}", f"{quote}{value}{quote}"))
                parts.append(text[position:right])
            else:
                parts.append(text[left:right])
        return "".join(parts), shortened


def _is_edge(event: _Event, text: str, *, opening: bool) -> bool:
    """Whether an event at the edge of a run stays outside the segment."""
    if event.kind == "data":
        return not text[event.start:event.end].strip(" \t\r\n\f")
    if event.tag in VOID or event.kind == "startend":
        return event.tag == "br"
    # An end tag cannot open a segment, nor a start tag close one.
    return event.kind == ("end" if opening else "start")


def _run_kind(events: list[_Event], blocks: list[str]) -> str:
    container = blocks[-1] if blocks else ""
    kind = _BLOCK_KINDS.get(container, TEXT)
    if (container in _BUTTON_HOLDERS or kind == TABLE_CELL) and _one_link(events):
        return BUTTON
    return kind


def _one_link(events: list[_Event]) -> bool:
    """Whether the run is one link, from its start tag to its end tag."""
    if events[0].kind != "start" or events[0].tag != "a" or events[-1].kind != "end" or events[-1].tag != "a":
        return False
    depth = 0
    for event in events[:-1]:
        if event.tag == "a" and event.kind in ("start", "end"):
            depth += 1 if event.kind == "start" else -1
            if depth == 0:
                return False
    return True


def has_words(text: str) -> bool:
    """Whether a text holds something to translate: not only numbers, URLs, symbols or merge tags."""
    if not any(char.isalpha() for char in text):
        return False
    cleaned = without_merge_tags(text)
    if ":" in cleaned or "www." in cleaned or "@" in cleaned:
        cleaned = _URL.sub(" ", cleaned)
    return any(char.isalpha() for char in cleaned)


# -- rendering --------------------------------------------------------------------------------


def fit_translation(segment: Segment, translation: str) -> str:
    """The translation written for the segment's place in the document."""
    if segment.style:
        return _attribute_value(translation, segment.style)
    for shown, original in segment.shortened:
        translation = translation.replace(shown, original, 1)
    return translation


def _attribute_value(value: str, quote: str) -> str:
    """``value`` escaped for an attribute written with ``quote`` (``"unquoted"`` for none)."""
    value = " ".join(value.split())
    value = _escape_ampersands(value)
    value = value.replace("<", "&lt;").replace(">", "&gt;")
    if quote == '"':
        return value.replace('"', "&quot;")
    if quote == "'":
        return value.replace("'", "&#39;")
    if value and not any(char in value for char in " \t\n\f\r\"'=<>`"):
        return value
    return '"' + value.replace('"', "&quot;") + '"'


def _escape_ampersands(value: str) -> str:
    """``&`` written ``&amp;`` unless it starts a character reference the translator wrote."""
    out = []
    position = 0
    for match in re.finditer("&", value):
        out.append(value[position:match.start()])
        out.append("&" if _CHAR_REFERENCE.match(value, match.start()) else "&amp;")
        position = match.end()
    out.append(value[position:])
    return "".join(out)


def language_edits(text: str, *, lang: str, direction: str = "ltr",
                   events: list[_Event] | None = None) -> list[tuple[int, int, str]]:
    """Edits (start, end, new text) that set ``lang`` and ``dir`` on the ``<html>`` start tag.

    A value holding template syntax (``lang="{{ LANGUAGE_CODE }}"``) is left to the template.
    ``dir`` is written where the source has one or the language is written right to left.
    """
    if events is None:
        events, _ = read_events(text)
    tag = next((e for e in events if e.kind in ("start", "startend") and e.tag == "html"), None)
    if tag is None:
        return []
    values = {name: (value, start, end, quote) for name, value, start, end, quote in tag.attributes}
    edits = []
    insert_at = tag.start + len("<html")
    for name, wanted in (("lang", lang), ("dir", direction)):
        if name in values:
            value, start, end, quote = values[name]
            if value is None:
                edits.append((start, start, f'="{html.escape(wanted)}"'))
            elif value != wanted and without_merge_tags(value) == value:
                edits.append((start, end, _attribute_value(wanted, quote or "unquoted")))
        elif name == "lang" or wanted == "rtl":
            edits.append((insert_at, insert_at, f' {name}="{html.escape(wanted)}"'))
    return edits


def splice(text: str, replacements: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, new text) applied; spans are in document order, not overlapping."""
    out: list[str] = []
    position = 0
    for start, end, new in sorted(replacements, key=lambda item: (item[0], item[1])):
        if start < position:
            continue
        out.append(text[position:start])
        out.append(new)
        position = end
    out.append(text[position:])
    return "".join(out)


def render(text: str, translate: Callable[[Segment], str | None], *, lang: str | None = None,
           direction: str = "ltr", segments: list[Segment] | None = None) -> str:
    """The document with each segment replaced by ``translate(segment)`` (None keeps the source).

    ``translate`` returns the text to write, already fitted (see :func:`fit_translation`).
    With ``lang``, the ``<html>`` start tag gets ``lang`` and ``dir``.
    """
    if segments is None:
        segments = extract_segments(text)
    edits = []
    for segment in segments:
        new = translate(segment)
        if new is not None:
            edits.append((segment.start, segment.end, new))
    if lang is not None:
        edits.extend(language_edits(text, lang=lang, direction=direction))
    return splice(text, edits)


def document_title(text: str) -> str | None:
    """The text of the document's ``<title>``, entities decoded, or None."""
    for segment in extract_segments(text):
        if segment.kind == TITLE:
            return html.unescape(segment.text)
    return None
