"""The text a reader sees in a segment, without its Markdown: one inline parse per text, shared.

A msgid or msgstr is parsed once by :func:`inline_tokens` (markdown-it-py: CommonMark with
strikethrough, and footnote references matched without their notes, as a segment reads on
its own); the parse is kept for the next reader of the same text. Two readings are made of it:

* :func:`plain_text`, what the checks compare (``l10n.checks.text``): text, code and link text
  as shown, an image's alt text, a hard break as a line break and a soft one as a space;
* :func:`word_text`, what word counts count (``l10n.coverage.counts``): merge tags left out,
  code spans, autolinks and line breaks as spaces, inline HTML left out (``<br>`` and ``<p>``
  as spaces) and an image as its alt text between spaces. Count the words of what is left
  after :func:`l10n.sources.inline.without_addresses`.

Word counts have always read every link (a ``javascript:`` one too), footnote references and
``~~`` as text, and escapes and entities as nothing; where a text holds any of those, or a
character markdown-it rewrites before parsing, :func:`word_text` reads it that way with a
parse of its own, so that counts stay what they were.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from l10n.sources.mergetags import without_merge_tags

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["MARKDOWN_HINT_RE", "inline_tokens", "plain_text", "segment_parser", "word_text"]

# Characters that can start inline Markdown or HTML; a text without them is one plain text.
MARKDOWN_HINT_RE = re.compile(r"[\n\\`*_~\[<&]")


@lru_cache(maxsize=1)
def segment_parser() -> MarkdownIt:
    """The parser of one segment read on its own (see the module's description)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # Link targets repeat from text to text (a source and its translations): each is
    # normalized and validated once.
    md.normalizeLink = lru_cache(maxsize=16384)(md.normalizeLink)  # type: ignore[method-assign]
    md.normalizeLinkText = lru_cache(maxsize=16384)(md.normalizeLinkText)  # type: ignore[method-assign]
    md.validateLink = lru_cache(maxsize=16384)(md.validateLink)  # type: ignore[method-assign]
    # A segment is parsed on its own, without the document's footnote definitions.
    return md.use(footnote_plugin, always_match_refs=True)


@lru_cache(maxsize=8192)
def inline_tokens(text: str) -> tuple[Token, ...]:
    """The inline tokens of ``text`` (read them, do not change them: they are shared)."""
    if not MARKDOWN_HINT_RE.search(text):
        from markdown_it.token import Token

        return (Token("text", "", 0, content=text),)
    return tuple(child for block in segment_parser().parseInline(text) for child in block.children or ())


def plain_text(text: str) -> str:
    """What a reader reads of ``text``: its text, code and link text, an image's alt text."""
    return plain_of(inline_tokens(text))


def plain_of(tokens: Iterable[Token]) -> str:
    """:func:`plain_text` of tokens of :func:`inline_tokens`."""
    parts: list[str] = []
    for token in tokens:
        kind = token.type
        if kind == "text" or kind == "code_inline" or kind == "image":
            parts.append(token.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
    return "".join(parts)


# -- words ---------------------------------------------------------------------------------

# Without any of these characters a text has no inline Markdown for word_text.
_WORD_MARKUP_CHARS = frozenset("*_`[]<>&\\!~")
_BREAK_TAG_RE = re.compile(r"<br\b|</?p\b", re.IGNORECASE)
# What the shared parse reads otherwise than word counts do: a refused link target,
# footnotes, strikethrough, escapes and entities, characters rewritten before parsing.
_READ_APART_RE = re.compile(r"script:|data:|file:|\[\^|\^\[|~~|[&\\\r\x00]", re.IGNORECASE)


@lru_cache(maxsize=1)
def _word_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")
    # Link targets are never counted, so they need no normalising, and every link counts
    # as a link (a javascript: target is not words either).
    parser.normalizeLink = lambda url: url  # type: ignore[method-assign]
    parser.normalizeLinkText = lambda text: text  # type: ignore[method-assign]
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


@lru_cache(maxsize=65536)
def word_text(text: str) -> str:
    """The text of ``text`` whose words count (see the module's description)."""
    # Merge tags are read from the raw text: Markdown would take *|NAME|* for emphasis.
    text = without_merge_tags(text)
    if _WORD_MARKUP_CHARS.isdisjoint(text):
        return text
    if _READ_APART_RE.search(text):
        parser = _word_parser()
        tokens: list[Token] = []
        parser.inline.parse(text, parser, {}, tokens)
        return _word_plain(tokens)
    return _word_plain(inline_tokens(text))


def _word_plain(tokens: Iterable[Token]) -> str:
    """The text of inline tokens without markup; code, autolinks and tags become spaces."""
    parts: list[str] = []
    in_autolink = False
    for token in tokens:
        kind = token.type
        if kind == "text":
            if not in_autolink:
                parts.append(token.content)
        elif kind in ("softbreak", "hardbreak", "code_inline"):
            parts.append(" ")
        elif kind == "html_inline":
            # <b>x</b> joins its text, <br> separates it.
            if _BREAK_TAG_RE.match(token.content):
                parts.append(" ")
        elif kind == "image":
            parts.append(f" {_word_plain(token.children or ())} ")
        elif kind in ("link_open", "link_close") and token.markup in ("autolink", "linkify"):
            in_autolink = kind == "link_open"
            parts.append(" ")
    return "".join(parts)
