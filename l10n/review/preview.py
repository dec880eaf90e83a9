"""The localized issue as ``build`` renders its web page, with every segment marked.

Each segment's text reaches the renderer wrapped in two markers (private-use characters
next to a punctuation mark, so that Markdown reads emphasis and quotes at a segment's edge
as it does at a line's edge). Nothing else changes on the way: the renderer, its unsafe-HTML
guard and the page shell are the ones ``build`` uses. The rendered page is then read with
the standard library's HTML tokenizer, and each marker is replaced, where it stands in
text, by the tags of a ``<span>`` around that segment, or dropped where it stands inside a
tag or the ``<title>``: those segments (image descriptions, link titles) are listed apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from l10n.publish.document import FALLBACK, FALLBACK_KINDS
from l10n.publish.render import UnsafeTranslation, render_html
from l10n.sources.markdown import Segment

_OPEN = "\ue000"  # then the entry's number in the digits below, then _EDGE
_EDGE = "\u2e31"  # WORD SEPARATOR MIDDLE DOT: punctuation, as Markdown's delimiter rules need
_CLOSE = "\ue001"  # after _EDGE
_DIGIT0 = 0xE010
_MARK_RE = re.compile(f"{_OPEN}([\ue010-\ue019]+){_EDGE}|{_EDGE}{_CLOSE}")
_ANY_MARK_RE = re.compile(f"[{_OPEN}{_CLOSE}\ue010-\ue019]")


def _number(index: int) -> str:
    return "".join(chr(_DIGIT0 + int(digit)) for digit in str(index))


def _index(digits: str) -> int:
    return int("".join(str(ord(char) - _DIGIT0) for char in digits))


@dataclass(slots=True, frozen=True)
class Preview:
    """One rendering of the marked page."""

    page: str  # the complete HTML document, spans in place
    spans: dict[int, list[str]]  # entry number → inner HTML of each of its spans, in page order
    hidden: frozenset[int]  # entries with a segment that shows in no text (in an attribute)
    refused: dict[int, str]  # entry number → why the guard refused its translation


Lookup = Callable[[str, "str | None"], "str | None"]


def render_marked(
    text: str,
    segments: Sequence[Segment],
    numbers: dict[tuple[str | None, str], int],
    lookup: Lookup,
    *,
    span: Callable[[int], str],
    render: Callable[..., str] = render_html,
    **options: object,
) -> Preview:
    """Render the issue with ``render`` (build's ``render_html`` and its options), segments marked.

    ``numbers`` gives each entry's number by (msgctxt, msgid); ``lookup`` the text to show
    (``None``: the source); ``span(number)`` the opening ``<span ...>`` tag for an entry. A
    translation the renderer's guard refuses is left out, as ``build`` leaves it out, and its
    source shown instead.
    """
    if any(_ANY_MARK_RE.search(segment.text) for segment in segments):
        # A source that holds the markers themselves is shown unmarked rather than misread.
        return Preview(render(text, lookup, segments=list(segments), **options), {}, frozenset(), {})
    refused: dict[int, str] = {}
    # A block shown in the source language carries the page's own fallback mark (lang="en"),
    # as build marks it.
    blocks = {segment.text for segment in segments if segment.kind in FALLBACK_KINDS}

    def marked(msgid: str, msgctxt: str | None = None) -> str | None:
        number = numbers.get((msgctxt, msgid))
        shown = None if number in refused else lookup(msgid, msgctxt)
        if number is None:
            return shown
        fallback = FALLBACK if (shown is None or shown == "") and msgctxt is None and msgid in blocks else ""
        shown = msgid if shown is None or shown == "" else shown
        return f"{fallback}{_OPEN}{_number(number)}{_EDGE}{shown}{_EDGE}{_CLOSE}"

    while True:
        try:
            page = render(text, marked, segments=list(segments), **options)
            break
        except UnsafeTranslation as exc:
            number = numbers.get((exc.msgctxt, exc.msgid))
            if number is None or number in refused:
                raise
            refused[number] = exc.reason
    page, spans, hidden = _place_spans(page, span)
    return Preview(page, spans, frozenset(hidden), refused)


class _Places(HTMLParser):
    """Where the page's tags and ``<title>`` text are, as offsets: markers there are dropped."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=False)
        self._starts = [0]
        for line in page.splitlines(keepends=True):
            self._starts.append(self._starts[-1] + len(line))
        self.inside: list[tuple[int, int]] = []  # [start, end) of every tag, and the title's text
        self._title_at: int | None = None
        self.feed(page)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._starts[line - 1] + column

    def _tag(self) -> None:
        raw = self.get_starttag_text() or ""
        start = self._offset()
        self.inside.append((start, start + len(raw)))

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._tag()
        if tag == "title":
            self._title_at = self._offset() + len(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._tag()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title_at is not None:
            self.inside.append((self._title_at, self._offset()))
            self._title_at = None


def _place_spans(page: str, span: Callable[[int], str]) -> tuple[str, dict[int, list[str]], set[int]]:
    places = sorted(_Places(page).inside)
    out: list[str] = []
    spans: dict[int, list[str]] = {}
    hidden: set[int] = set()
    position = 0
    open_at: tuple[int, int] | None = None  # (entry number, index in out after the open tag)
    cursor = 0
    for match in _MARK_RE.finditer(page):
        while cursor < len(places) and places[cursor][1] <= match.start():
            cursor += 1
        in_tag = cursor < len(places) and places[cursor][0] <= match.start()
        out.append(page[position:match.start()])
        position = match.end()
        if match[1] is not None:
            number = _index(match[1])
            if in_tag:
                hidden.add(number)
                continue
            out.append(span(number))
            open_at = (number, len(out))
        elif not in_tag and open_at is not None:
            number, first = open_at
            spans.setdefault(number, []).append("".join(out[first:]))
            out.append("</span>")
            open_at = None
    out.append(page[position:])
    return "".join(out), spans, hidden - set(spans)


__all__ = ["Preview", "render_marked"]
