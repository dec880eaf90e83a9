from __future__ import annotations

from pathlib import Path

import pytest

from l10n.errors import SourceError
from l10n.sources.markdown import extract_segments

DATA = Path(__file__).parent / "data" / "markdown"


def texts(source: str, **options) -> list[tuple[str, str, int]]:
    return [(s.text, s.kind, s.line) for s in extract_segments(source, **options)]


def test_headings_of_both_kinds_with_their_lines():
    source = (DATA / "headings.md").read_text()
    assert texts(source) == [
        ("ATX heading", "heading", 1),
        ("Closed ATX heading", "heading", 3),
        ("Setext heading one", "heading", 5),
        ("Setext heading over two lines", "heading", 8),
        ("Deep heading with `code`", "heading", 12),
    ]


def test_list_items_keep_inline_markup_and_fold_lines():
    segments = texts((DATA / "lists.md").read_text())
    assert ("Second item with **bold** continued on a second line", "list item", 4) in segments
    assert ('Tight item with [a link](https://example.org/page "Page title")', "list item", 8) in segments
    assert ("Deeply nested ordered item", "list item", 10) in segments
    assert ("A second paragraph in the loose item.", "list item", 16) in segments


def test_block_quotes_hold_paragraphs_and_lists():
    assert texts((DATA / "quotes.md").read_text()) == [
        ("A block quote paragraph over two lines.", "block quote", 1),
        ("A list inside the quote", "list item", 4),
        ("Second item in the quote", "list item", 5),
        ("A nested quote.", "block quote", 7),
        ("Lazy continuation of a quote paragraph.", "block quote", 9),
    ]


def test_table_cells_keep_escaped_pipes_and_skip_numbers():
    assert texts((DATA / "tables.md").read_text()) == [
        ("Who", "table cell", 1),
        ("What", "table cell", 1),
        ("When", "table cell", 1),
        ("Riga, *Creative Ideas*", "table cell", 3),
        ("A pipe \\| inside", "table cell", 3),
        ("20 January 2022", "table cell", 3),
        ("Cluj", "table cell", 4),
        ("`code` and text", "table cell", 4),
        ("10 February", "table cell", 4),
        ("Plain", "table cell", 6),
        ("table", "table cell", 6),
        ("without outer pipes", "table cell", 6),
        ("cell one", "table cell", 8),
        ("cell two", "table cell", 8),
        ("cell three", "table cell", 8),
    ]


def test_hard_breaks_are_kept_as_written_and_soft_breaks_fold():
    first = extract_segments((DATA / "breaks.md").read_text())[0]
    assert first.text == (
        "A line with a hard break of spaces  \nand one with a backslash\\\nand a soft break that folds."
    )


def test_reference_titles_and_footnotes_are_segments():
    segments = texts((DATA / "breaks.md").read_text())
    assert ("The EPI project", "link title", 8) in segments
    assert ("Single quoted title", "link title", 10) in segments
    assert ("The footnote text, with *emphasis*.", "footnote", 16) in segments
    assert ("Autolinks <https://example.org> and <info@example.org> stay.", "paragraph", 12) in segments


def test_code_html_blocks_and_comments_are_not_segments():
    segments = texts((DATA / "media.md").read_text())
    assert segments == [
        ("The partners meeting in Cartagena", "image alt", 1),
        ("Cartagena, March 2022", "image title", 1),
        ("Text with an inline ![icon](icon.png) image.", "paragraph", 3),
        ('Inline <abbr title="European Pact for Integration">EPI</abbr> HTML and <br> tags.', "paragraph", 5),
        ("Final paragraph.", "paragraph", 19),
    ]


def test_front_matter_values_of_configured_keys_with_their_key_as_context():
    source = (DATA / "frontmatter.md").read_text()
    found = [(s.text, s.context, s.line) for s in extract_segments(source, front_matter_keys=("title", "summary", "tags"))]
    assert found[:4] == [
        ("EPI Newsletter: March", "title", 2),
        ("A folded summary over two lines.", "summary", 5),
        ("integration", "tags", 9),
        ("cities", "tags", 10),
    ]
    assert found[4][0].startswith("Ünïcödé text")


def test_crlf_spans_are_exact():
    source = (DATA / "crlf.md").read_bytes().decode("utf-8")
    segments = extract_segments(source)
    assert [s.text for s in segments] == ["Windows line endings in a paragraph.", "CRLF list item", "a", "b", "c d", "e f"]
    assert source[segments[0].start : segments[0].end] == "Windows line endings\r\nin a paragraph."


def test_invalid_front_matter_names_file_and_line():
    source = "---\ntitle: [unclosed\nsummary: x\n---\n\nText.\n"
    with pytest.raises(SourceError) as info:
        extract_segments(source, path="issue.md")
    assert str(info.value).startswith("issue.md:")
    assert "front matter is not valid YAML" in str(info.value)


def test_markdown_never_fails_on_odd_input():
    odd = "\t- tab list\n>\t> quoted\x00nul\n|\n|-|\n[unclosed](\n<div>\n\n\u2028line sep\n"
    segments = extract_segments(odd)
    for segment in segments:
        assert segment.text
