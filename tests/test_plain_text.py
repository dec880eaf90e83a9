"""``l10n.sources.plain``: one inline parse of a segment, read by every check."""

from __future__ import annotations

from test_check_shared import TEXTS

from l10n.checks import read_text
from l10n.sources.plain import inline_tokens, plain_text

WORDS = [
    "Tickets cost 3.50 at 10:30, see https://example.org/t.", "Read *the* **bulletin** `now`.",
    "<b>bold</b>text<br>next", "![a map of Riga](img/map.png)text", "[x](javascript:alert(1)) words",
    "<javascript:alert(1)>", "Cities[^1] and notes^[inline note].", "R&amp;D and \\*stars\\*", "~~gone~~here",
    "*|FNAME|* reads {{ name }}", "Line\r\nbreak", "NUL\x00here", "<https://example.org/a> and <me@example.org>",
    "[Click here](https://example.org/files/data.pdf) to download", "l'homme d’État, co-operate",
]


def test_plain_text_is_what_the_checks_read():
    for text in TEXTS + WORDS:
        assert plain_text(text) == read_text(text).plain, text


def test_one_parse_serves_every_reader():
    text = "Read [the *bulletin*](https://example.org/b.pdf) `now`."
    tokens = inline_tokens(text)
    assert read_text(text).plain == plain_text(text) == "Read the bulletin now."
    assert inline_tokens(text) is tokens
