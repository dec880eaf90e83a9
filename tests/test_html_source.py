"""HTML sources: segments with exact spans, the splice render, and the corpus round trips."""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from html_corpus import commonmark_html, corpus
from l10n.publish.render import UnsafeTranslation, render_html_source
from l10n.sources import extract_segments as extract_any
from l10n.sources.html import extract_segments

SAMPLE = Path(__file__).parent / "data" / "html" / "epi-2023-05.html"
CORPUS = corpus()
FILES = [(origin, path) for origin, paths in CORPUS.items() for path in paths]
SPEC = commonmark_html()
# Attributes whose values a translation changes; lang and dir, which render sets, are left out.
TRANSLATED = {"alt", "title", "aria-label", "placeholder", "value", "content"}
needs_corpus = pytest.mark.skipif("foundation-emails" not in CORPUS or not SPEC,
                                  reason="the npm corpus is missing: run bash .ci/run")


def pseudo(msgid: str, msgctxt: str | None = None) -> str:
    """A translation that changes every text and keeps every inline tag."""
    return "[ro] " + msgid


def dom(text: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """Elements and attributes as a WHATWG parser builds them, translated attribute values blanked."""
    tree = html5lib.parse(text, namespaceHTMLElements=False)
    return [
        (element.tag, tuple(sorted((name, "" if name in TRANSLATED else value)
                                   for name, value in element.attrib.items() if name not in ("lang", "dir"))))
        for element in tree.iter() if isinstance(element.tag, str)
    ]


def texts(text: str) -> list[str]:
    return [segment.text for segment in extract_segments(text)]


# -- the corpus ------------------------------------------------------------------------------


@needs_corpus
def test_the_corpus_has_thirty_templates_from_three_origins_with_tables_and_conditional_comments() -> None:
    assert len(FILES) >= 30
    assert len([origin for origin in CORPUS if origin != "l10n"]) >= 3
    assert sum(len(extract_segments(path.read_text("utf-8"))) for _, path in FILES) >= 300
    contents = [path.read_text("utf-8") for _, path in FILES]
    assert sum("<table" in text for text in contents) >= 10
    assert any("<!--[if mso]>" in text for text in contents)


@needs_corpus
@pytest.mark.parametrize("origin, path", FILES, ids=[f"{o}/{p.parent.parent.name}/{p.parent.name}/{p.name}" for o, p in FILES])
def test_corpus_identity_and_pseudo_translation(origin, path) -> None:
    text = path.read_text("utf-8")
    segments = extract_segments(text)
    identity = render_html_source(text, {s.text: s.text for s in segments}, segments=segments)
    assert identity == text
    translated = render_html_source(text, pseudo, lang="ro", segments=segments)
    assert dom(translated) == dom(text)
    assert texts(translated) == [pseudo(msgid) for msgid in texts(text)]


@needs_corpus
@pytest.mark.parametrize("name, text", SPEC, ids=[name for name, _ in SPEC])
def test_commonmark_spec_html_round_trips(name, text) -> None:
    segments = extract_segments(text)
    assert render_html_source(text, {s.text: s.text for s in segments}, segments=segments) == text
    translated = render_html_source(text, pseudo, segments=segments)
    assert dom(translated) == dom(text)


# -- segments --------------------------------------------------------------------------------


def test_segments_of_a_newsletter() -> None:
    text = SAMPLE.read_text("utf-8")
    found = [(s.line, s.kind, s.text) for s in extract_segments(text)]
    assert found == [
        (6, "meta description", "News from the partner cities of the European Pact for Integration."),
        (7, "title", "EPI newsletter &ndash; May 2023"),
        (18, "text", "Workshops in Riga, a conference in Monza, and what comes next."),
        (23, "alt text", "European Pact for Integration"),
        (23, "title attribute", "EPI logo"),
        (28, "heading", "Hello *|FNAME|*, welcome to the May issue"),
        (29, "paragraph", 'The partners met in <strong>Cartagena</strong> on 31&nbsp;March to plan the second year '
                          'of pilot actions. Read the <a href="…1" style="…2">full report</a>.'),
        (32, "paragraph", "Dear {{ first_name }}, {% if city %}your city {{ city }} is{% else %}all cities are"
                          "{% endif %} invited."),
        (34, "list item", "Workshops in Riga"),
        (35, "list item", "A conference in Monza<br>with 120 participants"),
        (38, "table cell", "City"),
        (38, "table cell", "Pilot action"),
        (39, "table cell", "Lublin"),
        (39, "table cell", "Language caf&eacute;s for newcomers"),
        (40, "table cell", "Ravenna"),
        (40, "table cell", "Mentoring in schools"),
        (43, "paragraph", "Integration starts in the neighbourhood."),
        (52, "button", '<a href="https://epi.example.org/events" style="…1">See the events</a>'),
        (59, "paragraph", 'You receive this e-mail because you subscribed at epi.example.org. '
                          '<a href="%%unsubscribe%%">Unsubscribe</a> &middot; '
                          '<a href="*|UPDATE_PROFILE|*">Update your preferences</a>'),
        (63, "button value", "Subscribe"),
        (63, "placeholder", "Your e-mail address"),
        (63, "aria-label", "E-mail address"),
    ]


def test_spans_hold_the_source_bytes() -> None:
    text = SAMPLE.read_text("utf-8")
    segment = next(s for s in extract_segments(text) if s.kind == "alt text")
    assert text[segment.start:segment.end] == "European Pact for Integration"
    assert segment.style == '"'


def test_the_format_is_chosen_by_extension() -> None:
    assert [s.kind for s in extract_any("<p>Hello</p>\n", path="a.htm")] == ["paragraph"]
    assert [s.kind for s in extract_any("<p>Hello</p>\n", path="a.md")] == []  # an HTML block in Markdown


@pytest.mark.parametrize("text", [
    "<p>2023</p>", "<p>https://example.org/a?b=c</p>", "<p>*|FNAME|*</p>", "<td>&nbsp;</td>",
    "<p>{{ unsubscribe_url }} {% endif %}</p>", "<p>%%view_online%%</p>", "<p>  \n </p>",
    "<pre>Keep me</pre>", "<script>var a = 'text';</script>", "<style>p{}</style>", "<!-- a comment -->",
    "<!--[if mso]><p>Outlook only</p><![endif]-->", "<p><code>make build</code></p>",
    "<textarea>typed</textarea>",
])
def test_what_is_not_a_segment(text: str) -> None:
    assert texts(text) == []


def test_malformed_markup_still_gives_segments() -> None:
    text = "<table><tr><td>One<td>Two</td></td></tr><p>Open <b>bold\n<div title=Tip>Next</div>"
    assert [(s.kind, s.text) for s in extract_segments(text)] == [
        ("table cell", "One"), ("table cell", "Two"), ("paragraph", "Open <b>bold"),
        ("title attribute", "Tip"), ("text", "Next"),
    ]


# -- render ----------------------------------------------------------------------------------


def test_render_splices_translations_and_sets_the_language() -> None:
    text = SAMPLE.read_text("utf-8")
    translations = {
        "European Pact for Integration": 'Pactul "European" & <integrare>',
        "EPI logo": "Sigla 'EPI'",
        'The partners met in <strong>Cartagena</strong> on 31&nbsp;March to plan the second year of pilot '
        'actions. Read the <a href="…1" style="…2">full report</a>.':
            'Partenerii s-au întâlnit la <strong>Cartagena</strong>. Citiți <a href="…1" style="…2">raportul</a>.',
    }
    out = render_html_source(text, translations, lang="ro")
    assert out.startswith('<!DOCTYPE html>\n<html lang="ro" xmlns:v=')
    assert 'alt="Pactul &quot;European&quot; &amp; &lt;integrare&gt;"' in out
    assert "title='Sigla &#39;EPI&#39;'" in out
    assert ('<p>Partenerii s-au întâlnit la <strong>Cartagena</strong>. Citiți <a href="https://epi.example.org/'
            'news/cartagena?utm_source=newsletter&amp;utm_medium=email" style="color:#0b5cad;text-decoration:'
            'underline;font-weight:bold;">raportul</a>.</p>') in out
    # every byte outside the three spans and the lang value is the source's
    assert out.count("<!--[if mso]>") == text.count("<!--[if mso]>")
    assert out.replace('lang="ro"', 'lang="en"').split("<p>Partenerii")[0].split("alt=")[0] == text.split("alt=")[0]


def test_render_adds_lang_and_dir_where_missing() -> None:
    assert render_html_source("<html><p>Hi</p></html>", {}, lang="ar", direction="rtl") == \
        '<html lang="ar" dir="rtl"><p>Hi</p></html>'
    assert render_html_source("<html lang='{{ LANGUAGE_CODE }}'><p>Hi</p>", {}, lang="de") == \
        "<html lang='{{ LANGUAGE_CODE }}'><p>Hi</p>"
    assert render_html_source("<p>Hi</p>", {"Hi": "Salut"}, lang="ro") == "<p>Salut</p>"


def test_an_unquoted_attribute_gets_quotes_when_its_translation_needs_them() -> None:
    assert render_html_source("<img alt=Logo src=x>", {"Logo": "Sigla noastră"}) == '<img alt="Sigla noastră" src=x>'
    assert render_html_source("<img alt=Logo src=x>", {"Logo": "Sigla"}) == "<img alt=Sigla src=x>"


def test_a_translation_that_adds_markup_is_refused() -> None:
    with pytest.raises(UnsafeTranslation, match="onerror"):
        render_html_source("<p>Read <b>this</b></p>", {"Read <b>this</b>": 'Citiți <b onerror="x()">asta</b>'})
    with pytest.raises(UnsafeTranslation, match="script"):
        render_html_source("<p>Read</p>", {"Read": "<script>alert(1)</script>"})


# -- malformed input -------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "<p>", "</p>", "<td>", "</td>", "<tr", ">", "<a href=x>", "<a href='y z'>", "</a>", "<b>", "</b>", "<br>",
    "<br/>", '<img alt="Logo" src=x>', "<img alt=Logo>", "<!--", "-->", "<!--[if mso]>", "<![endif]-->",
    "<!--[if !mso]><!-->", "<!--<![endif]-->", "&nbsp;", "&amp", "&#169;", "&", "<", '"', "'", "*|FNAME|*",
    "{{ x }}", "{% if a %}", "%%u%%", "<script>", "</script>", "<style>", "<pre>", "</pre>", "<title>",
    "</title>", "<html lang=en>", "<html>", "<meta name=description content='Hi there'>", "</", "<!DOCTYPE html>",
    "<?xml?>", "<![CDATA[x]]>", "\r\n", "\n", " ", "Hello world", "Ünïcode", "<span style=\"" + "c" * 50 + "\">",
    "</span>", "<input type=submit value=Go>", "<o:p>", "</td >", "<div title=\"Tip\">", "=", "/>",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=40))
def test_malformed_html_never_crashes_and_round_trips(pieces: list[str]) -> None:
    text = "".join(pieces)
    segments = extract_segments(text)
    position = 0
    for segment in segments:
        assert position <= segment.start < segment.end <= len(text)
        position = segment.end
    assert render_html_source(text, {s.text: s.text for s in segments}, lang=None, segments=segments) == text
    try:
        render_html_source(text, pseudo, lang="ro", segments=segments)
    except UnsafeTranslation:
        pass  # a msgid with a tag the Markdown reader of the guard sees differently: refused, not crashed


def test_line_endings_entities_and_quoting_are_kept() -> None:
    text = "<p class=intro>Caf&eacute; in\r\n  Riga &amp; Cluj</p>\r\n<img src='a.png' alt='The team'>\r\n"
    segments = extract_segments(text)
    assert [(s.line, s.text) for s in segments] == [(1, "Caf&eacute; in Riga &amp; Cluj"), (3, "The team")]
    out = render_html_source(text, {"Caf&eacute; in Riga &amp; Cluj": "Cafenea în Riga &amp; Cluj",
                                    "The team": "Echipa"})
    assert out == "<p class=intro>Cafenea în Riga &amp; Cluj</p>\r\n<img src='a.png' alt='Echipa'>\r\n"
