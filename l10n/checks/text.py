"""How a source text or a translation reads: its markup, links, placeholders, words (markdown-it-py)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import NamedTuple

from l10n.sources.inline import EMAIL_RE, PLACEHOLDER_RE, URL_RE, emails as find_emails, may_hold_url, urls as find_urls
from l10n.sources.mergetags import merge_tags, without_merge_tags
from l10n.sources.plain import MARKDOWN_HINT_RE as _MARKDOWN_HINT_RE, inline_tokens, plain_of, segment_parser

# -- reading a text ------------------------------------------------------------------------

_TAG_NAME_RE = re.compile(r"^<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_DATE_RE = re.compile(
    r"(?<![\d.,/-])(?:(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})|(\d{4})(-)(\d{1,2})-(\d{1,2}))(?![\d/-]|[.,]\d)"
)
_DIGIT_RE = re.compile(r"\d")
_DATE_HINT_RE = re.compile(r"\d[./-]\d")
_SPACE_GROUP_RE = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?!\d)")
_NUMBER_RE = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009'’]\d+)*")
_MARKUP_NAMES = {
    "em_open": "emphasis (*…*)",
    "strong_open": "strong (**…**)",
    "s_open": "strikethrough (~~…~~)",
    "code_inline": "code span (`…`)",
    "link_open": "link ([…](…))",
    "image": "image (![…](…))",
    "footnote_ref": "footnote reference ([^…])",
    "hardbreak": "hard line break",
}


class Text(NamedTuple):
    """What the checks see in one text, read once and shared by every check.

    A named tuple: immutable, as a record every check shares must be, and made several
    times faster than a frozen dataclass (one is made for every text checked).
    """

    raw: str
    links: tuple[str, ...]  # link targets written as [text](target)
    images: tuple[str, ...]  # image sources
    autolinks: tuple[str, ...]  # <https://...> and <me@example.org>, as written
    urls: tuple[str, ...]  # bare URLs in the text
    emails: tuple[str, ...]  # bare e-mail addresses in the text
    markup: Mapping[str, int]  # token type -> count (see _MARKUP_NAMES)
    code: tuple[str, ...]  # code span contents
    footnotes: tuple[str, ...]  # footnote labels
    tags: tuple[str, ...]  # inline HTML tags, "b" or "/b", in order
    html: tuple[str, ...]  # inline HTML tokens as written
    stray: Mapping[str, int]  # delimiter characters left as text: "*", "`", "~", "_"
    plain: str  # the text a reader sees: text, code and link text, without markup
    prose: str  # plain text without code, URLs, e-mail addresses and placeholders
    placeholders: tuple[str, ...]
    addresses: bool  # whether the text has any link target, image source, URL or e-mail address
    # What the checks test first, worked out once per text (see ``flags_of``):
    flags: int = 0  # the HOLDS_* bits of what the text holds
    final: str = ""  # its final punctuation (final_mark of ``plain``)
    # The HTML elements markdown-it renders the text to, each (tag, ((attribute, value), ...)),
    # or None when that is not known from this reading (inline HTML, footnote references,
    # whitespace around the text, deep link nesting): see ``markup.check_unsafe_html``.
    elements: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] | None = ()


# Bits of ``Text.flags``: what a text holds that some check looks at. A check whose bits a
# pair's texts lack has nothing to say about the pair (``l10n.checks.Check.source``/``target``).
HOLDS_ADDRESSES = 1 << 0  # links, images, autolinks, URLs, e-mail addresses
HOLDS_MARKUP = 1 << 1  # Markdown markup (emphasis, code, links, ...)
HOLDS_STRAY = 1 << 2  # delimiter characters left as text
HOLDS_TAGS = 1 << 3  # inline HTML
HOLDS_PLACEHOLDERS = 1 << 4
HOLDS_DIGITS = 1 << 5  # a digit in the prose
HOLDS_DATE = 1 << 6  # something like a numeric date in the plain text
HOLDS_LEADING_SPACE = 1 << 7
HOLDS_TRAILING_SPACE = 1 << 8
HOLDS_DOUBLE_SPACE = 1 << 9  # two spaces in the prose
HOLDS_FINAL_MARK = 1 << 10  # final punctuation
HOLDS_MARKUP_HINT = 1 << 11  # a character that may start Markdown or HTML (the unsafe-HTML guard's test)
HOLDS_REPEATS = 1 << 12  # a word written twice in a row in the prose (repeated_words)

# Characters without which the guard of l10n.publish.safety reads a text as plain text.
_GUARD_HINT_RE = re.compile(r"[<&\[\]*_~`\\!]|\n")

# final punctuation -------------------------------------------------------------------------

_END_MARKS = ".!?:;…"
# Final marks of other scripts, as the Latin mark they stand for.
_NATIVE_MARKS = {
    "。": ".", "．": ".", "？": "?", "！": "!", "：": ":", "；": ";",  # CJK full width
    "؟": "?", "؛": ";", "۔": ".",  # Arabic script
    "։": ".", "।": ".", "॥": ".", "።": ".", "፧": "?",  # Armenian, Devanagari, Ethiopic
}
_CLOSING = "\"'”’»)]*_`」』）"


def final_mark(text: str) -> str:
    """The final punctuation of a text: "...", one mark, or "" (closing quotes and brackets skipped)."""
    stripped = text.rstrip().rstrip(_CLOSING)
    if stripped.endswith("..."):
        return "..."
    last = stripped[-1:] if stripped else ""
    last = _NATIVE_MARKS.get(last, last)
    return last if last in _END_MARKS or last == "\u037e" else ""


def flags_of(text: Text) -> int:
    """The HOLDS_* bits of a text read by :func:`read_text` (its ``flags``)."""
    return _flags(text.raw, text.plain, text.prose, text.addresses, bool(text.markup), bool(text.stray),
                  bool(text.tags), bool(text.placeholders), final_mark(text.plain),
                  _GUARD_HINT_RE.search(text.raw) is not None)


def _flags(raw: str, plain: str, prose: str, addresses: bool, markup: bool, stray: bool, tags: bool,
           placeholders: bool, final: str, hint: bool) -> int:
    flags = (
        (HOLDS_ADDRESSES if addresses else 0)
        | (HOLDS_MARKUP if markup else 0)
        | (HOLDS_STRAY if stray else 0)
        | (HOLDS_TAGS if tags else 0)
        | (HOLDS_PLACEHOLDERS if placeholders else 0)
        | (HOLDS_LEADING_SPACE if raw[:1].isspace() else 0)
        | (HOLDS_TRAILING_SPACE if raw[-1:].isspace() else 0)
        | (HOLDS_DOUBLE_SPACE if "  " in prose else 0)
        | (HOLDS_FINAL_MARK if final else 0)
        | (HOLDS_MARKUP_HINT if hint else 0)
    )
    # The prose's characters are the plain text's: a digit of the prose is one of the plain text.
    if _DIGIT_RE.search(plain):
        if prose is plain or _DIGIT_RE.search(prose):
            flags |= HOLDS_DIGITS
        if _DATE_HINT_RE.search(plain):
            flags |= HOLDS_DATE
    if repeated_words(prose):
        flags |= HOLDS_REPEATS
    return flags


@lru_cache(maxsize=65536)
def repeated_words(text: str) -> tuple[str, ...]:
    """Words written twice in a row with only whitespace between them, lowercased."""
    return tuple(_find_repeats(text.lower().split()))


_WORD_EDGES = ".,;:!?\"'()«»„“”‚‘’"
_OPENING = "\"'(«„“‚‘"


def _find_repeats(tokens: list[str]) -> Iterator[str]:
    # Only a bare word counts as the first of two: "very, very" is emphasis, "end. End"
    # two sentences.
    for first, second in zip(tokens, tokens[1:]):  # noqa: B905 (one shorter by design)
        word = first.lstrip(_OPENING)
        if word and word in second and second.strip(_WORD_EDGES) == word and _WORD_RE.fullmatch(word):
            yield word


_DELIMITER_HINT_RE = re.compile(r"[*`~_]")
_INNER_UNDERSCORE_RE = re.compile(r"(?<=[^\W_])_(?=[^\W_])")


def _stray_delimiters(text: str) -> dict[str, int]:
    counts = {char: text.count(char) for char in "*`~_"}
    if counts["_"]:
        # An underscore inside a word (snake_case) is not a delimiter.
        counts["_"] -= len(_INNER_UNDERSCORE_RE.findall(text))
    return {char: count for char, count in counts.items() if count}


@lru_cache(maxsize=65536)
def read_text(raw: str) -> Text:
    """Parse one msgid or msgstr into the record every check reads (cached: sources repeat).

    The text is parsed once, here, and every check reads the record; a text without any
    character that can start inline Markdown or HTML is one plain text and is not parsed.
    """
    if _MARKDOWN_HINT_RE.search(raw):
        return _read_markdown(raw)
    return _read_plain(raw)


def _read_plain(raw: str) -> Text:
    """What :func:`_read_markdown` gives for a text that is one text token, without its parse."""
    urls, emails, placeholders, cleaned = _addresses(raw, raw)
    addresses = bool(urls or emails)
    final = final_mark(raw)
    return Text(
        raw=raw, links=(), images=(), autolinks=(), urls=urls, emails=emails, markup={}, code=(), footnotes=(),
        tags=(), html=(), stray={}, plain=raw, prose=cleaned, placeholders=placeholders, addresses=addresses,
        flags=_flags(raw, raw, cleaned, addresses, False, False, False, bool(placeholders), final,
                     "]" in raw or "!" in raw),
        final=final, elements=(),
    )


# What markdown-it renders a token to, for the tokens whose rendering is an element without
# attributes; a token of a type neither here nor in _NO_ELEMENT makes ``elements`` unknown.
_ELEMENT_OF = {"em_open": "em", "strong_open": "strong", "s_open": "s", "code_inline": "code", "hardbreak": "br"}
_NO_ELEMENT = frozenset({"text", "softbreak", "em_close", "strong_close", "s_close", "link_close"})
# markdown-it reads a segment with at most this many "[" the same whatever its nesting limit
# (each level of inline nesting takes a "[" of its own; the limits are 8 and 20).
_MAX_BRACKETS = 3


def _read_markdown(raw: str) -> Text:
    links: list[str] = []
    images: list[str] = []
    autolinks: list[str] = []
    code: list[str] = []
    footnotes: list[str] = []
    tags: list[str] = []
    html_tokens: list[str] = []
    markup: Counter[str] = Counter()
    stray: Counter[str] = Counter()
    prose: list[str] = []
    in_autolink = False
    children = inline_tokens(raw)  # the one parse of the text, shared (l10n.sources.plain)
    elements: list[tuple[str, tuple[tuple[str, str], ...]]] | None = (
        [] if raw == raw.strip() and raw.count("[") <= _MAX_BRACKETS else None
    )
    for token in children:
        kind = token.type
        if elements is not None:
            if kind in _ELEMENT_OF:
                elements.append((_ELEMENT_OF[kind], ()))
            elif kind == "link_open":
                elements.append(("a", tuple((str(k), str(v)) for k, v in token.attrs.items())))
            elif kind == "image":
                attributes = {str(k): str(v) for k, v in token.attrs.items()}
                parser = segment_parser()
                attributes["alt"] = parser.renderer.renderInlineAsText(token.children or [], parser.options, {})
                elements.append(("img", tuple(attributes.items())))
            elif kind not in _NO_ELEMENT:
                elements = None
        if kind in _MARKUP_NAMES:
            markup[kind] += 1
        if kind == "text":
            if not in_autolink:
                prose.append(token.content)
                if _DELIMITER_HINT_RE.search(token.content):
                    stray.update(_stray_delimiters(token.content))
        elif kind in ("softbreak", "hardbreak"):
            prose.append(" ")
        elif kind == "code_inline":
            code.append(token.content)
            prose.append(" ")
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            if token.markup in ("autolink", "linkify"):
                autolinks.append(href.removeprefix("mailto:"))
                in_autolink = True
                markup["link_open"] -= 1  # counted as an autolink, not as link markup
            else:
                links.append(href)
        elif kind == "link_close":
            in_autolink = False
        elif kind == "image":
            images.append(str(token.attrs.get("src", "")))
            prose.append(" " + token.content + " ")
        elif kind == "footnote_ref":
            footnotes.append(str((token.meta or {}).get("label", "")))
        elif kind == "html_inline":
            html_tokens.append(token.content)
            tags.append(_tag_of(token.content))
    plain_text = plain_of(children)
    urls, emails, placeholders, cleaned = _addresses(raw, "".join(prose))
    markup_counts = {k: v for k, v in markup.items() if v}
    addresses = bool(links or images or autolinks or urls or emails)
    final = final_mark(plain_text)
    return Text(
        raw=raw,
        links=tuple(links),
        images=tuple(images),
        autolinks=tuple(autolinks),
        urls=urls,
        emails=emails,
        markup=markup_counts,
        code=tuple(code),
        footnotes=tuple(footnotes),
        tags=tuple(tags),
        html=tuple(html_tokens),
        stray=dict(stray),
        plain=plain_text,
        prose=cleaned,
        placeholders=placeholders,
        addresses=addresses,
        flags=_flags(raw, plain_text, cleaned, addresses, bool(markup_counts), bool(stray), bool(tags),
                     bool(placeholders), final, True),
        final=final,
        elements=tuple(elements) if elements is not None else None,
    )


def _addresses(raw: str, prose: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]:
    """(URLs, e-mail addresses, placeholders, the prose without them) of a text's prose."""
    cleaned = prose
    urls: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = ()
    # The patterns only run where their one necessary character is.
    if may_hold_url(cleaned):
        urls = tuple(find_urls(cleaned))
        cleaned = URL_RE.sub(" ", cleaned)
    if "@" in cleaned:
        emails = tuple(find_emails(cleaned))
        cleaned = EMAIL_RE.sub(" ", cleaned)
    # Merge tags are read from the raw text: Markdown would take *|NAME|* for emphasis.
    tags_found = merge_tags(raw)
    if tags_found:
        cleaned = without_merge_tags(cleaned)
    if "%" in cleaned or "{" in cleaned or "$" in cleaned:
        placeholders = tuple(PLACEHOLDER_RE.findall(cleaned))
        cleaned = PLACEHOLDER_RE.sub(" ", cleaned)
    return urls, emails, tuple(tags_found) + placeholders, cleaned


def _tag_of(token: str) -> str:
    """``b`` for ``<b class=x>``, ``/b`` for ``</b>``, ``!--`` for a comment, ``?`` for ``<?...?>``."""
    if token.startswith("<!--"):
        return "!--"
    if token.startswith("<?"):
        return "?"
    if token.startswith("<!"):
        return "!" + token[2:].split(None, 1)[0].lower().rstrip(">[")
    match = _TAG_NAME_RE.match(token)
    if not match:
        return token
    name = match[1].lower()
    return "/" + name if token.lstrip("< \t").startswith("/") else name
