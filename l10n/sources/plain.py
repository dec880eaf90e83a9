"""The text a reader sees in a segment, without its Markdown: one inline parse per text, shared.

A msgid or msgstr is parsed once by :func:`inline_tokens` (markdown-it-py: CommonMark with
strikethrough, and footnote references matched without their notes, as a segment reads on
its own); the parse is kept for the next reader of the same text, and every check reads it
through :func:`plain_text`: text, code and link text as shown, an image's alt text, a hard
break as a line break and a soft one as a space.

Word counts (``l10n.coverage.counts.count_words``) read a text another way (code spans,
link targets and inline HTML are not words), without a parser where the Markdown is of the
common kind and with a parse of their own otherwise: ``status`` is the one command that
counts words, and it runs no check that could share a parse with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["MARKDOWN_HINT_RE", "inline_tokens", "plain_of", "plain_text", "segment_parser"]

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
