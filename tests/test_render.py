from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_helpers import block_tree, pseudo_translate

from l10n.publish.render import UnsafeTranslation, render_html, render_markdown
from l10n.sources.markdown import extract_segments

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data" / "markdown"
GOLDEN = sorted(DATA.glob("*.md")) + sorted((ROOT / "source").glob("*.md"))
KEYS = ("title", "summary", "tags", "keywords")


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def identity(msgid: str, msgctxt: str | None = None) -> str:
    return msgid


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_identity_catalog_renders_the_source_byte_for_byte(path):
    source = read(path)
    assert render_markdown(source, identity, front_matter_keys=KEYS) == source


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_pseudo_translation_keeps_the_block_structure_and_holds_the_new_text(path):
    source = read(path)
    rendered = render_markdown(source, pseudo_translate, front_matter_keys=KEYS)
    assert block_tree(rendered) == block_tree(source)
    before = [(s.kind, pseudo_translate(s.text)) for s in extract_segments(source, front_matter_keys=KEYS)]
    after = [(s.kind, s.text) for s in extract_segments(rendered, front_matter_keys=KEYS)]
    assert after == before


def test_untranslated_segments_fall_back_to_the_source():
    source = "# Title\n\nFirst paragraph.\n\nSecond paragraph.\n"
    assert render_markdown(source, {"First paragraph.": "Primul paragraf."}) == (
        "# Title\n\nPrimul paragraf.\n\nSecond paragraph.\n"
    )


def test_a_translation_cannot_open_a_new_block():
    source = "> Quoted text.\n\n| A | B |\n|---|---|\n| x y | z w |\n\nPlain text here.\n"
    translations = {
        "Quoted text.": "# not a heading",
        "x y": "a | b",
        "Plain text here.": "1. not a list\n- nor this",
    }
    rendered = render_markdown(source, translations)
    assert block_tree(rendered) == block_tree(source)
    assert "| a \\| b |" in rendered


@pytest.mark.parametrize("line", ["--", "-", "==", "  --  ", "---", "* * *", "___"])
def test_a_translated_line_of_dashes_or_equals_stays_in_its_paragraph(line):
    source = "Plain text here.\n\nMore text.\n"
    rendered = render_markdown(source, {"Plain text here.": f"Un rând\n{line}"})
    assert block_tree(rendered) == block_tree(source)  # no setext heading, no rule, no list
    assert MarkdownIt("commonmark").render(rendered).startswith(f"<p>Un rând\n{line.strip()}</p>")


@pytest.mark.parametrize("translation", ["_*_", "*_*", "*-*", "-_-"])
def test_mixed_delimiters_are_no_rule_and_keep_their_meaning(translation):
    rendered = render_markdown("Plain text here.\n", {"Plain text here.": translation})
    assert rendered == translation + "\n"  # written as the translator wrote it: not a thematic break


def test_front_matter_translation_stays_valid_yaml():
    source = "---\ntitle: Plain title\nsummary: 'Quoted'\n---\n\nBody.\n"
    rendered = render_markdown(source, {"Plain title": "Titlu: cu două puncte", "Quoted": "Don't"})
    assert rendered.startswith('---\ntitle: "Titlu: cu două puncte"\nsummary: \'Don\'\'t\'\n---\n')


def test_html_page_refuses_markup_a_translation_adds():
    source = "Meet us in <b>Cartagena</b>.\n"
    translation = 'Ne vedem în <b>Cartagena</b><script>alert(1)</script>.'
    with pytest.raises(UnsafeTranslation) as info:
        render_html(source, {"Meet us in <b>Cartagena</b>.": translation}, lang="ro")
    assert info.value.msgid == "Meet us in <b>Cartagena</b>."
    assert "script" in info.value.reason


def test_html_page_keeps_the_source_markup_a_translation_moves():
    source = "Meet us in <b>Cartagena</b>, Spain.\n"
    page = render_html(source, {"Meet us in <b>Cartagena</b>, Spain.": "În <b>Cartagena</b>, Spania, ne vedem."},
                       lang="ro")
    assert "<p>În <b>Cartagena</b>, Spania, ne vedem.</p>" in page
    assert '<html lang="ro" dir="ltr">' in page


def test_html_page_refuses_javascript_links():
    with pytest.raises(UnsafeTranslation):
        render_html("A [link](https://example.org).\n",
                    {"A [link](https://example.org).": "Un [link](javascript:alert(1))."}, lang="ro")


def test_a_translation_cannot_leave_an_element_open_or_close_the_page_s_own():
    source = "Read <b>this</b> first.\n\nNext paragraph.\n"
    page = render_html(source, {"Read <b>this</b> first.": "Citiți </p></article><b>asta mai întâi."}, lang="ro")
    assert "<p>Citiți <b>asta mai întâi.</b></p>\n<p>Next paragraph.</p>" in page
    assert page.count("</article>") == 1


def test_a_translation_keeps_the_source_tags_with_their_attributes():
    source = 'Read <abbr title="European Union">EU</abbr> news.\n'
    page = render_html(source, {'Read <abbr title="European Union">EU</abbr> news.':
                                "Citiți știri <abbr title='Uniunea Europeană'>UE</abbr>."}, lang="ro")
    assert '<p>Citiți știri <abbr title="Uniunea Europeană">UE</abbr>.</p>' in page


# -- property: documents composed from every block type ----------------------------------------

WORDS = st.sampled_from(["integration", "city", "partner", "Riga", "meeting", "**bold**", "*soft*", "`code`",
                         "[link](https://example.org/a)", "2022", "ăîșț", "Linköping", "a", "of"])


def sentence(draw) -> str:
    return " ".join(draw(st.lists(WORDS, min_size=1, max_size=7)))


@st.composite
def blocks(draw):
    kind = draw(st.sampled_from(["atx", "setext", "para", "bullets", "ordered", "quote", "table", "fence",
                                 "html", "hardbreak"]))
    if kind == "atx":
        return "#" * draw(st.integers(1, 6)) + " " + sentence(draw)
    if kind == "setext":
        text = sentence(draw)
        return text + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind == "para":
        return "\n".join(sentence(draw) for _ in range(draw(st.integers(1, 3))))
    if kind == "hardbreak":
        return sentence(draw) + draw(st.sampled_from(["  ", "\\"])) + "\n" + sentence(draw)
    if kind == "bullets":
        marker = draw(st.sampled_from("-+*"))
        items = [f"{marker} {sentence(draw)}" for _ in range(draw(st.integers(1, 3)))]
        if draw(st.booleans()):
            items.append(f"  {marker} {sentence(draw)}")
        return "\n".join(items)
    if kind == "ordered":
        start = draw(st.integers(0, 99))
        return "\n".join(f"{start + i}. {sentence(draw)}" for i in range(draw(st.integers(1, 3))))
    if kind == "quote":
        return f"> {sentence(draw)}\n> - {sentence(draw)}"
    if kind == "table":
        return f"| {sentence(draw)} | x |\n|---|:-:|\n| {sentence(draw)} | {sentence(draw)} |"
    if kind == "fence":
        return f"```\n{sentence(draw)}\n```"
    return f"<div>\n{sentence(draw)}\n</div>"


@st.composite
def documents(draw):
    parts = draw(st.lists(blocks(), min_size=1, max_size=6))
    head = ""
    if draw(st.booleans()):
        head = f"---\ntitle: {draw(WORDS).strip('*`[]')}\nissue: 1\n---\n"
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    body = "\n\n".join(parts) + draw(st.sampled_from(["", "\n"]))
    return (head + body).replace("\n", newline)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_property_identity_and_structure(document):
    assert render_markdown(document, identity) == document
    rendered = render_markdown(document, pseudo_translate)
    assert block_tree(rendered) == block_tree(document)


def test_a_translation_line_cannot_open_an_html_block_in_the_markdown():
    source = "Meet us in <b>Cartagena</b>, Spain.\n"
    translation = "Ne vedem\n<div>în <b>Cartagena</b></div>, Spania."
    rendered = render_markdown(source, {"Meet us in <b>Cartagena</b>, Spain.": translation})
    assert rendered == "Ne vedem\n\\<div>în <b>Cartagena</b></div>, Spania.\n"
    assert block_tree(rendered) == block_tree(source)
