"""Protecting markup and glossary terms while a text visits a translation provider.

Before a text is sent, every span a provider must not touch (URLs, link targets, inline
code, HTML tags and entities, Markdown delimiters, hard breaks, placeholders and merge tags
(:mod:`l10n.sources.mergetags`), glossary terms) is replaced by a token ``[X<n>X]``, a form machine translation engines pass through
unchanged. After the answer comes back, each token is replaced by the exact source bytes (or,
for a glossary term with a fixed translation, by that translation). An answer that loses,
duplicates, invents or reorders tokens raises :class:`MaskError`: the caller leaves that
entry untranslated rather than write a broken draft.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from l10n.drafting.glossary import Glossary
from l10n.sources.inline import EMAIL_RE, PLACEHOLDER_RE, URL_RE
from l10n.sources.mergetags import MERGE_TAG_RE

TOKEN_RE = re.compile(r"\[\s*X\s*(\d+)\s*X\s*\]", re.IGNORECASE)

OPEN, CLOSE, ATOM = "open", "close", "atom"

# Rules in priority order: a later rule never masks inside a span an earlier one took.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("token", TOKEN_RE),  # a literal token in the source must survive as itself
    ("merge tag", MERGE_TAG_RE),  # *|FNAME|*, {{ name }}, {% if %}, %%unsubscribe%%: before HTML and code
    ("autolink", re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>")),
    ("html", re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?/?>|<!--.*?-->", re.DOTALL)),
    ("entity", re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")),
    ("escape", re.compile(r"\\[!-/:-@\[-`{-~]")),
    ("break", re.compile(r"(?: {2,}|\\)?\n")),
    ("footnote", re.compile(r"\[\^[^\]\s]+\]")),
)

# A link or image: opener, text (translated), then the target with its optional title.
_LINK_RE = re.compile(
    r"(?P<open>!?\[)(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)"
    r"(?P<close>\]\((?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
    r"|\]\[[^\[\]]*\])"
)
# Rules that run after links, so that a link is masked as opener and target, not as a URL;
# the patterns are those of l10n.sources.inline, which the checks and word counts use too.
_LATE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("url", URL_RE),
    ("email", EMAIL_RE),
    # after URLs, so that a "%2F" or "{id}" in an address is masked with the whole address
    ("placeholder", PLACEHOLDER_RE),
)
_DELIMITER_RE = re.compile(r"\*{1,3}|_{1,3}|~~")
_HEADING_RE = re.compile(r"^(?:#{1,6}\s+|>\s*|(?:[-+*]|\d{1,9}[.)])\s+)")


class MaskError(ValueError):
    """The translation came back with protected spans lost, duplicated, invented or reordered."""


@dataclass(slots=True, frozen=True)
class Span:
    """One protected span of the source text."""

    start: int  # offset in the source text
    end: int
    kind: str  # "url", "code", "link target", "delimiter", "glossary", ...
    role: str  # OPEN, CLOSE or ATOM: an opener is never moved after its closer
    replacement: str  # what the token becomes in the translation
    partner: int | None = None  # for an opener: the index of its closer


@dataclass(slots=True, frozen=True)
class Masked:
    """A text ready to send, and what is needed to restore its protected spans."""

    source: str  # the original text
    text: str  # the text with every span replaced by a token
    spans: tuple[Span, ...]  # token n stands for spans[n - 1]

    @property
    def protected(self) -> bool:
        """Whether any span was masked."""
        return bool(self.spans)


class _Taken:
    """The characters claimed so far, one byte each.

    Checking a span costs its length, and the matches of one rule do not overlap, so each
    rule costs at most one pass over the text, however many spans it claims.
    """

    def __init__(self, size: int) -> None:
        self.marks = bytearray(size)

    def free(self, start: int, end: int) -> bool:
        return self.marks.find(1, start, end) < 0

    def add(self, start: int, end: int) -> None:
        self.marks[start:end] = b"\x01" * (end - start)


_BACKTICKS_RE = re.compile(r"`+")


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Inline code spans as CommonMark pairs them: a run of backticks closed by the next run of the same length.

    One pass over the runs (a pattern with a back-reference goes back over a long run of
    backticks once per position).
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS_RE.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    spans = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        later = by_length[end - start]
        position = bisect.bisect_right(later, index)
        if position == len(later):
            index += 1
            continue
        closer = later[position]
        spans.append((start, runs[closer][1]))
        index = closer + 1
    return spans


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def mask(text: str, glossary: Glossary | None = None) -> Masked:
    """Replace every protected span of ``text`` by a token; see the module docstring."""
    found: list[tuple[int, int, str, str, str, int | None]] = []
    taken = _Taken(len(text))

    def claim(start: int, end: int, kind: str, role: str = ATOM, replacement: str | None = None) -> bool:
        if start >= end or not taken.free(start, end):
            return False
        taken.add(start, end)
        found.append((start, end, kind, role, text[start:end] if replacement is None else replacement, None))
        return True

    prefix = _HEADING_RE.match(text)
    if prefix:
        claim(0, prefix.end(), "block marker")
    for kind, pattern in _RULES:
        for match in pattern.finditer(text):
            claim(match.start(), match.end(), kind)
        if kind == "merge tag":  # code spans come next, as CommonMark pairs them
            for start, end in _code_spans(text):
                claim(start, end, "code")
    pairs: list[tuple[int, int]] = []
    for match in _LINK_RE.finditer(text):
        o_start, o_end = match.span("open")
        c_start, c_end = match.span("close")
        if taken.free(o_start, o_end) and taken.free(c_start, c_end):
            claim(o_start, o_end, "link", OPEN)
            claim(c_start, c_end, "link target", CLOSE)
            pairs.append((o_start, c_start))
    for kind, pattern in _LATE_RULES:
        for match in pattern.finditer(text):
            claim(match.start(), match.end(), kind)
    if glossary is not None:
        pattern = glossary.pattern()
        if pattern is not None:
            for match in pattern.finditer(text):
                claim(match.start(), match.end(), "glossary", ATOM, glossary.translation(match[0]))
    openers: dict[str, list[int]] = {}
    for match in _DELIMITER_RE.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        if match[0][0] == "_" and _is_word(before) and _is_word(after):
            continue  # intraword underscores are not emphasis
        opens = not after.isspace()
        closes = not before.isspace()
        stack = openers.setdefault(match[0], [])
        if opens and not closes:
            if claim(start, end, "emphasis", OPEN):
                stack.append(start)
        elif closes and not opens:
            if claim(start, end, "emphasis", CLOSE) and stack:
                pairs.append((stack.pop(), start))
        elif opens and closes:
            claim(start, end, "emphasis", ATOM)
    found.sort()
    index = {start: n for n, (start, *_rest) in enumerate(found)}
    partners = {index[o]: index[c] for o, c in pairs}
    spans = tuple(
        Span(start, end, kind, role, replacement, partners.get(n))
        for n, (start, end, kind, role, replacement, _p) in enumerate(found)
    )
    parts: list[str] = []
    last = 0
    for n, span in enumerate(spans, 1):
        parts.append(text[last:span.start])
        parts.append(f"[X{n}X]")
        last = span.end
    parts.append(text[last:])
    return Masked(source=text, text="".join(parts), spans=spans)


def unmask(masked: Masked, translation: str) -> str:
    """Put the protected spans back into ``translation``; raise MaskError if any token is broken."""
    if not masked.spans:
        if TOKEN_RE.search(translation):
            raise MaskError("the answer holds a protected-span token that was never sent")
        return translation
    seen: dict[int, int] = {}
    for order, match in enumerate(TOKEN_RE.finditer(translation)):
        number = int(match[1])
        if not 1 <= number <= len(masked.spans):
            raise MaskError(f"the answer invented a protected-span token [X{number}X]")
        if number in seen:
            raise MaskError(f"the answer repeats the protected span {_describe(masked, number)}")
        seen[number] = order
    missing = [n for n in range(1, len(masked.spans) + 1) if n not in seen]
    if missing:
        raise MaskError(f"the answer lost the protected span {_describe(masked, missing[0])}")
    for n, span in enumerate(masked.spans, 1):
        if span.partner is not None and seen[n] > seen[span.partner + 1]:
            raise MaskError(f"the answer moved {_describe(masked, n)} after its closing part")

    def replace(match: re.Match[str]) -> str:
        return masked.spans[int(match[1]) - 1].replacement

    return TOKEN_RE.sub(replace, _tighten(masked, translation))


def _tighten(masked: Masked, translation: str) -> str:
    """Drop spaces a provider put inside a delimiter pair (``** bold **`` would not be bold)."""
    parts = TOKEN_RE.split(translation)  # text, number, text, number, ..., text
    for at in range(1, len(parts), 2):
        span = masked.spans[int(parts[at]) - 1]
        if span.role == OPEN and not masked.source[span.end:span.end + 1].isspace():
            parts[at + 1] = parts[at + 1].lstrip(" \t")
        elif span.role == CLOSE and not (masked.source[span.start - 1:span.start] if span.start else "").isspace():
            parts[at - 1] = parts[at - 1].rstrip(" \t")
    tokens = iter(TOKEN_RE.finditer(translation))
    return "".join(part if number % 2 == 0 else next(tokens)[0] for number, part in enumerate(parts))


def _describe(masked: Masked, number: int) -> str:
    span = masked.spans[number - 1]
    shown = masked.source[span.start:span.end].replace("\n", "\\n")
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{span.kind} {shown!r}"
