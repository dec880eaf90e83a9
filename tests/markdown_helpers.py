"""Shared helpers for tests that compare Markdown documents."""

from __future__ import annotations

import re

from l10n.sources.markdown import markdown_parser

# Inline markup a pseudo-translation must keep as written: link targets, labels,
# footnote references, code spans, autolinks and tags, entities.
_PROTECTED = re.compile(r"\]\([^)]*\)|\[\^[^\]]*\]|`[^`]*`|<[^>]*>|\[[^\]]*\](?!\()|&\w+;|\\.")
_ACCENTS = str.maketrans("aeiouAEIOUyY", "áéíóúÁÉÍÓÚýÝ")


def pseudo_translate(msgid: str, msgctxt: str | None = None) -> str:
    """A different text that keeps every piece of inline markup of ``msgid``."""
    out = []
    position = 0
    for match in _PROTECTED.finditer(msgid):
        out.append(msgid[position : match.start()].translate(_ACCENTS))
        out.append(match.group(0))
        position = match.end()
    out.append(msgid[position:].translate(_ACCENTS))
    return "".join(out) + " ~"


def block_tree(text: str) -> list[tuple]:
    """The block structure of a document: every block token's type, tag, level and markup."""
    return [
        (token.type, token.tag, token.level, token.markup, token.info)
        for token in markdown_parser().parse(text)
        if token.type != "inline"
    ]
