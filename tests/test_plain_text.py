"""``l10n.sources.plain``: one inline parse of a segment read for the checks and for word counts.

Word counts read through :func:`word_text` are what ``l10n status`` has counted: the reading
below is the one word counts were made with (its own parser, every link a link, escapes and
entities left out), kept here to hold the shared reading to it.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from l10n.checks import read_text
from l10n.coverage.counts import count_words
from l10n.sources.inline import without_addresses
from l10n.sources.mergetags import without_merge_tags
from l10n.sources.plain import inline_tokens, plain_text, word_text

from test_check_shared import TEXTS

_WORD_RE = re.compile(r"[^\W_]+(?:(?:['\u2019\u2010-]|(?<=\d)[.,:](?=\d))[^\W_]+)*")
_BREAK_TAG_RE = re.compile(r"<br\b|</?p\b", re.IGNORECASE)


def _counting_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark")
    parser.normalizeLink = lambda url: url
    parser.normalizeLinkText = lambda text: text
    parser.validateLink = lambda url: True
    return parser


PARSER = _counting_parser()


def _as_counted(tokens) -> str:
    parts, in_autolink = [], False
    for token in tokens:
        kind = token.type
        if kind == "text":
            if not in_autolink:
                parts.append(token.content)
        elif kind in ("softbreak", "hardbreak", "code_inline"):
            parts.append(" ")
        elif kind == "html_inline":
            if _BREAK_TAG_RE.match(token.content):
                parts.append(" ")
        elif kind == "image":
            parts.append(f" {_as_counted(token.children or ())} ")
        elif kind in ("link_open", "link_close") and token.markup in ("autolink", "linkify"):
            in_autolink = kind == "link_open"
            parts.append(" ")
    return "".join(parts)


def counted_text(text: str) -> str:
    """The text whose words word counts have counted."""
    text = without_merge_tags(text)
    if frozenset("*_`[]<>&\\!~").isdisjoint(text):
        return text
    tokens: list = []
    PARSER.inline.parse(text, PARSER, {}, tokens)
    return _as_counted(tokens)


WORDS = [
    "Tickets cost 3.50 at 10:30, see https://example.org/t.", "Read *the* **bulletin** `now`.",
    "<b>bold</b>text<br>next", "![a map of Riga](img/map.png)text", "[x](javascript:alert(1)) words",
    "<javascript:alert(1)>", "Cities[^1] and notes^[inline note].", "R&amp;D and \\*stars\\*", "~~gone~~here",
    "*|FNAME|* reads {{ name }}", "Line\r\nbreak", "NUL\x00here", "<https://example.org/a> and <me@example.org>",
    "[Click here](https://example.org/files/data.pdf) to download", "l'homme d’État, co-operate",
]


def test_word_text_is_what_word_counts_read():
    for text in TEXTS + WORDS:
        assert word_text(text) == counted_text(text), text
        assert len(_WORD_RE.findall(without_addresses(word_text(text)))) == count_words(text), text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "a", "word", " ", "\n", "*", "**", "_", "`", "~~", "~", "[", "]", "(", ")", "](", "![", "[^1]", "^[", "<", ">",
    "<b>", "<br>", "&amp;", "&", "\\", "https://example.org/a", "javascript:", "data:", "file:", "img/a.png",
    "{name}", "*|X|*", "3.5", "\r", "é",
]), max_size=14).map("".join))
def test_generated_word_texts_are_what_word_counts_read(text):
    assert word_text(text) == counted_text(text)


def test_plain_text_is_what_the_checks_read():
    for text in TEXTS + WORDS:
        assert plain_text(text) == read_text(text).plain, text


def test_one_parse_serves_both_readings():
    text = "Read [the *bulletin*](https://example.org/b.pdf) `now`."
    tokens = inline_tokens(text)
    assert read_text(text).plain == "Read the bulletin now."
    assert word_text(text) == "Read the bulletin  ."
    assert inline_tokens(text) is tokens
