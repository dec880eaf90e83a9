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

import re
from dataclasses import dataclass

from l10n.drafting.glossary import Glossary
from l10n.sources.mergetags import MERGE_TAG_RE

TOKEN_RE = re.compile(r"\[\s*X\s*(\d+)\s*X\s*\]", re.IGNORECASE)

OPEN, CLOSE, ATOM = "open", "close", "atom"

# Rules in priority order: a later rule never masks inside a span an earlier one took.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("token", TOKEN_RE),  # a literal token in the source must survive as itself
    ("merge tag", MERGE_TAG_RE),  # *|FNAME|*, {{ name }}, {% if %}, %%unsubscribe%%: before HTML and code
    ("code", re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)),
    ("autolink", re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>")),
    ("html", re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?/?>|<!--.*?-->", re.DOTALL)),
    ("entity", re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")),
    ("escape", re.compile(r"\\[!-/:-@\[-`{-~]")),
    ("break", re.compile(r"(?: {2,}|\\)?\n")),
    ("footnote", re.compile(r"\[\^[^\]\s]+\]")),
    (
        "placeholder",
        re.compile(
            r"\{\{.*?\}\}|\{%.*?%\}|\{[A-Za-z0-9_.]*\}"
            r"|%(?:\([A-Za-z_]\w*\))?(?:\d+\$)?[-+#0]?\d*(?:\.\d+)?[sdif](?![A-Za-z])"
            r"|\$\{[A-Za-z_]\w*\}"
        ),
    ),
)

# A link or image: opener, text (translated), then the target with its optional title.
_LINK_RE = re.compile(
    r"(?P<open>!?\[)(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)"
    r"(?P<close>\]\((?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
    r"|\]\[[^\[\]]*\])"
)
# Rules that run after links, so that a link is masked as opener and target, not as a URL.
_LATE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("url", re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]")),
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
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


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in taken)


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def mask(text: str, glossary: Glossary | None = None) -> Masked:
    """Replace every protected span of ``text`` by a token; see the module docstring."""
    found: list[tuple[int, int, str, str, str, int | None]] = []
    taken: list[tuple[int, int]] = []

    def claim(start: int, end: int, kind: str, role: str = ATOM, replacement: str | None = None) -> bool:
        if start >= end or not _free(taken, start, end):
            return False
        taken.append((start, end))
        found.append((start, end, kind, role, text[start:end] if replacement is None else replacement, None))
        return True

    prefix = _HEADING_RE.match(text)
    if prefix:
        claim(0, prefix.end(), "block marker")
    for kind, pattern in _RULES:
        for match in pattern.finditer(text):
            claim(match.start(), match.end(), kind)
    pairs: list[tuple[int, int]] = []
    for match in _LINK_RE.finditer(text):
        o_start, o_end = match.span("open")
        c_start, c_end = match.span("close")
        if _free(taken, o_start, o_end) and _free(taken, c_start, c_end):
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
    result = translation
    for n, span in enumerate(masked.spans, 1):
        token = rf"\[\s*X\s*{n}\s*X\s*\]"
        source_after = masked.source[span.end:span.end + 1]
        source_before = masked.source[span.start - 1:span.start] if span.start else ""
        if span.role == OPEN and not source_after.isspace():
            result = re.sub(rf"({token})[ \t]+", r"\1", result, flags=re.IGNORECASE)
        elif span.role == CLOSE and not source_before.isspace():
            result = re.sub(rf"[ \t]+({token})", r"\1", result, flags=re.IGNORECASE)
    return result


def _describe(masked: Masked, number: int) -> str:
    span = masked.spans[number - 1]
    shown = masked.source[span.start:span.end].replace("\n", "\\n")
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{span.kind} {shown!r}"
