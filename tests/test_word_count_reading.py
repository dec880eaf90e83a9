"""Word counts read without the Markdown parser equal the parser's, text for text.

``count_words`` reads the common inline Markdown of a msgid itself and leaves the rest to
markdown-it (docs/DESIGN.md, "Speed: what a run costs"). ``reference_count`` below is the
count by markdown-it's inline parser alone (``counts._parsed_count``) for every msgid with markup;
the two are compared on the inline texts of the CommonMark spec examples (npm
``commonmark-spec``, installed by ``.ci/run``), on every msgid of the repository's catalogs
and on generated Markdown-ish text.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from html_corpus import NPM
from l10n.coverage import counts
from l10n.coverage.counts import count_words
from l10n.sources.mergetags import without_merge_tags

ROOT = Path(__file__).resolve().parent.parent

def reference_count(text: str) -> int:
    """The words of ``text`` as markdown-it reads every text with markup (no scanner)."""
    if not text:
        return 0
    return counts._parsed_count(without_merge_tags(text))


def read_without_parser(text: str) -> bool:
    """Whether ``count_words`` counts ``text`` without markdown-it."""
    text = without_merge_tags(text)
    plain = counts._scanned_plain_text(text)
    return plain is not None and counts._words_whatever_emphasis(plain) is not None


def fresh_count(text: str) -> int:
    return count_words.__wrapped__(text)


def spec_texts() -> list[str]:
    spec = NPM / "commonmark-spec" / "spec.txt"
    if not spec.is_file():
        return []
    source = spec.read_text("utf-8").split("<!-- END TESTS -->")[0]
    found = []
    for match in re.finditer(r"^`{32} example\n(.*?)^\.\n", source, re.M | re.S):
        document = match[1].replace("→", "\t")
        found.append(document)
        found += [token.content for token in counts._parser().parse(document) if token.type == "inline"]
    return found


def repository_msgids() -> list[str]:
    found = []
    for path in sorted([*ROOT.glob("locales/**/*.po*"), *ROOT.glob("tests/data/**/*.po*")]):
        try:
            catalog = polib.pofile(str(path))
        except (OSError, ValueError, UnicodeDecodeError):
            continue  # the broken catalogs of the bad-input tests
        for entry in catalog:
            found += [entry.msgid, entry.msgid_plural]
    return [text for text in found if text]


def test_every_inline_text_of_the_commonmark_spec_counts_as_the_parser_counts_it() -> None:
    texts = spec_texts()
    if not texts:
        pytest.skip("the CommonMark spec examples are not installed (.ci/run installs them)")
    assert [fresh_count(text) for text in texts] == [reference_count(text) for text in texts]
    # The reading without the parser is what these texts check, not only the parser itself.
    assert sum(map(read_without_parser, texts)) > len(texts) // 4


def test_every_msgid_of_the_repository_counts_as_the_parser_counts_it() -> None:
    texts = repository_msgids()
    assert len(texts) > 100
    assert [fresh_count(text) for text in texts] == [reference_count(text) for text in texts]
    assert sum(1 for text in texts if not counts._MARKUP_CHARS.isdisjoint(text) and read_without_parser(text)) > 10


_FRAGMENTS = [
    "a", "word", "Über", "Rīga", "5", "30", " ", " ", "  ", "\n", "\t", "*", "**", "***", "_", "__", "`", "``",
    "[", "]", "(", ")", "![", "](", "](x)", "](https://a.example/b_c)", '](u "a title")', "](<u>)", "<", ">",
    "<b>", "</b>", "<br>", "<br />", "<p>", '<a href="https://a.example/x">', "</a>", "<x-y>", "<span class=x>",
    "<!-- c -->", "<http://a.example>", "<a@b.example>", "< ", "<3", "&", "&amp;", "&#42;", "\\", "\\*", ".", ",",
    ":", "-", "'", "\u2019", "!", "?", "https://x.example/a", "www.x.example", "a@b.example", "%s", "{name}", "$",
    "|", "*|FNAME|*", "{{ name }}", "~", "snake_case", "1.5", "3,000", "10:30", "'s", "well-known",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=16).map("".join))
def test_generated_markdown_counts_as_the_parser_counts_it(text: str) -> None:
    assert fresh_count(text) == reference_count(text)


_PLAIN = ["word", "Über", "5", "2026", " ", " ", "  ", "\n", ",", ".", ":", "-", "'", "!", "?", "3.5"]
_INLINE = ["**{}**", "*{}*", "_{}_", "__{}__", "`{}`", "[{}](https://a.example/{{x}})", "![{}](i.png)", "<b>{}</b>",
           "{}<br>", '[{}](u "t")', "***{}***", "**{}*", "{}_", "[{}]"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(_PLAIN), min_size=1, max_size=6).map("".join),
                          st.sampled_from(_INLINE)), max_size=5))
def test_generated_msgids_with_common_markup_count_as_the_parser_counts_them(parts) -> None:
    text = "".join(wrapper.format(inner) for inner, wrapper in parts)
    assert fresh_count(text) == reference_count(text)


@pytest.mark.parametrize("text", [
    "Paragraph 2: pilot with **bold 2**, `code` and a [link](https://example.org/2).",
    "See ![the map](map.png) and <b>read</b> it<br>now",
    "It's *well-known*: 3.5 of __10:30__ people",
])
def test_common_msgids_are_read_without_the_parser(text: str) -> None:
    assert read_without_parser(text)
    assert fresh_count(text) == reference_count(text)


@pytest.mark.parametrize("text", [
    "foo**bar**baz", "snake_case_name", "Tom &amp; Jerry", "a \\* b", "[a [b]](c)", "_http://a.example_",
    "**a**@b.example", "[a](<b c>)", "<1@a.example>",
])
def test_text_whose_reading_needs_the_parser_goes_to_it(text: str) -> None:
    assert not read_without_parser(text)
    assert fresh_count(text) == reference_count(text)
