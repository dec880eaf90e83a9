"""How a source text or a translation reads: its markup, links, placeholders, words (markdown-it-py)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from l10n.sources.inline import EMAIL_RE, PLACEHOLDER_RE, URL_RE, emails as find_emails, may_hold_url, urls as find_urls
from l10n.sources.mergetags import merge_tags, without_merge_tags

# -- reading a text ------------------------------------------------------------------------


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # A segment is parsed on its own, without the document's footnote definitions.
    return md.use(footnote_plugin, always_match_refs=True)


_MD = _markdown()

_TAG_NAME_RE = re.compile(r"^<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)")
# Characters that can start inline Markdown or HTML; a text without them is one plain text.
_MARKDOWN_HINT_RE = re.compile(r"[\n\\`*_~\[<&]")
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


@dataclass(slots=True, frozen=True)
class Text:
    """What the checks see in one text, read once and shared by every check."""

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
    """Parse one msgid or msgstr into the record every check reads (cached: sources repeat)."""
    links: list[str] = []
    images: list[str] = []
    autolinks: list[str] = []
    code: list[str] = []
    footnotes: list[str] = []
    tags: list[str] = []
    html_tokens: list[str] = []
    markup: Counter[str] = Counter()
    stray: Counter[str] = Counter()
    plain: list[str] = []
    prose: list[str] = []
    in_autolink = False
    children: list[Token] = []
    if _MARKDOWN_HINT_RE.search(raw):
        for block in _MD.parseInline(raw):
            children.extend(block.children or ())
    else:
        children.append(Token("text", "", 0, content=raw))
    for token in children:
        kind = token.type
        if kind in _MARKUP_NAMES:
            markup[kind] += 1
        if kind == "text":
            plain.append(token.content)
            if not in_autolink:
                prose.append(token.content)
                if _DELIMITER_HINT_RE.search(token.content):
                    stray.update(_stray_delimiters(token.content))
        elif kind in ("softbreak", "hardbreak"):
            plain.append("\n" if kind == "hardbreak" else " ")
            prose.append(" ")
        elif kind == "code_inline":
            code.append(token.content)
            plain.append(token.content)
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
            plain.append(token.content)
            prose.append(" " + token.content + " ")
        elif kind == "footnote_ref":
            footnotes.append(str((token.meta or {}).get("label", "")))
        elif kind == "html_inline":
            html_tokens.append(token.content)
            tags.append(_tag_of(token.content))
    plain_text = "".join(plain)
    prose_text = "".join(prose)
    cleaned = prose_text
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
    placeholders = tuple(tags_found) + placeholders
    return Text(
        raw=raw,
        links=tuple(links),
        images=tuple(images),
        autolinks=tuple(autolinks),
        urls=urls,
        emails=emails,
        markup={k: v for k, v in markup.items() if v},
        code=tuple(code),
        footnotes=tuple(footnotes),
        tags=tuple(tags),
        html=tuple(html_tokens),
        stray=dict(stray),
        plain=plain_text,
        prose=cleaned,
        placeholders=placeholders,
        addresses=bool(links or images or autolinks or urls or emails),
    )


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
