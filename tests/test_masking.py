"""Masking: protected spans leave as tokens and come back byte for byte, or the entry is refused."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.drafting.glossary import Glossary
from l10n.drafting.masking import MaskError, mask, unmask

GLOSSARY = Glossary(do_not_translate=("EPI", "Cluj", "Pro Arbeit"), fixed={"newsletter": "buletin informativ"})


@pytest.mark.parametrize(
    ("text", "protected"),
    [
        ("Visit https://epi.eu/news?id=3 today.", ["https://epi.eu/news?id=3"]),
        ("Read [the report](https://epi.eu/r.pdf \"PDF\") now.", ["[", "](https://epi.eu/r.pdf \"PDF\")"]),
        ("See ![the map](img/map.png) below.", ["![", "](img/map.png)"]),
        ("Run `l10n draft --lang ro` first.", ["`l10n draft --lang ro`"]),
        ("Line one<br/>line <span class=\"x\">two</span>.", ["<br/>", "<span class=\"x\">", "</span>"]),
        ("Tom &amp; Jerry", ["&amp;"]),
        ("It is **very** _much_ ~~so~~.", ["**", "**", "_", "_", "~~", "~~"]),
        ("Hello %(name)s, you have {count} and %d items.", ["%(name)s", "{count}", "%d"]),
        ("First line  \nsecond line", ["  \n"]),
        ("Write to office@epi.eu or <https://epi.eu>.", ["office@epi.eu", "<https://epi.eu>"]),
        ("EPI partners meet in Cluj with Pro Arbeit.", ["EPI", "Cluj", "Pro Arbeit"]),
        ("A note[^1] here.", ["[^1]"]),
    ],
    ids=["url", "link", "image", "code", "html", "entity", "emphasis", "placeholders", "hard break",
         "email and autolink", "glossary", "footnote"],
)
def test_protected_spans_leave_as_tokens(text: str, protected: list[str]) -> None:
    masked = mask(text, GLOSSARY)
    assert [text[s.start:s.end] for s in masked.spans] == protected
    for span_text in protected:
        if span_text.strip() not in ("EPI",):
            assert span_text not in masked.text.replace("[X", "").replace("X]", "")
    assert unmask(masked, masked.text) == text


def test_translated_text_keeps_every_span_and_loses_only_words() -> None:
    source = "Read **more** about EPI at [our site](https://epi.eu/a_b)."
    masked = mask(source, GLOSSARY)
    assert masked.text == "Read [X1X]more[X2X] about [X3X] at [X4X]our site[X5X]."
    answer = "Citiți [X1X]mai mult[X2X] despre [X3X] pe [X4X]site-ul nostru[X5X]."
    assert unmask(masked, answer) == "Citiți **mai mult** despre EPI pe [site-ul nostru](https://epi.eu/a_b)."


def test_fixed_glossary_translation_replaces_the_term() -> None:
    masked = mask("The EPI newsletter is out.", GLOSSARY)
    assert masked.text == "The [X1X] [X2X] is out."
    assert unmask(masked, "[X1X] [X2X] a apărut.") == "EPI buletin informativ a apărut."


def test_spaces_a_provider_puts_inside_emphasis_are_dropped() -> None:
    masked = mask("It is **very** good.", None)
    assert unmask(masked, "Este [X1X] foarte [X2X] bine.") == "Este **foarte** bine."


def test_tokens_survive_changes_of_case_and_spacing() -> None:
    masked = mask("See https://epi.eu now.", None)
    assert unmask(masked, "VEZI [ x1x ] ACUM.") == "VEZI https://epi.eu ACUM."


def test_a_literal_token_in_the_source_is_itself_protected() -> None:
    masked = mask("Write [X1X] here", None)
    assert masked.text == "Write [X1X] here"
    assert unmask(masked, "Scrie [X1X] aici") == "Scrie [X1X] aici"


@pytest.mark.parametrize(
    ("answer", "cause"),
    [
        ("Citiți [X1X]mai mult[X2X] pe [X3X]site[X4X]", "lost the protected span link target '](https://epi.eu/x)'"),
        ("Citiți [X1X]mai mult[X2X] pe [X3X]site[X4X][X5X] [X5X]", "repeats the protected span link target"),
        ("Citiți [X1X]mai mult[X2X] pe [X3X]site[X4X][X5X] [X9X]", "invented a protected-span token [X9X]"),
        ("Citiți [X2X]mai mult[X1X] pe [X3X]site[X4X][X5X]", "moved emphasis '**' after its closing part"),
        ("Citiți [X1X]mai mult[X2X] pe [X5X]site [X4X][X3X]", "moved link '[' after its closing part"),
    ],
    ids=["lost", "repeated", "invented", "emphasis reordered", "link reordered"],
)
def test_a_broken_answer_is_refused(answer: str, cause: str) -> None:
    masked = mask("Read **more** on [the EPI site](https://epi.eu/x)", GLOSSARY)
    assert masked.text == "Read [X1X]more[X2X] on [X3X]the [X4X] site[X5X]"
    with pytest.raises(MaskError, match=re.escape(cause)):
        unmask(masked, answer)


def test_an_answer_with_tokens_for_a_text_without_spans_is_refused() -> None:
    with pytest.raises(MaskError):
        unmask(mask("plain words", None), "cuvinte [X1X]")


MARKDOWNISH = st.lists(
    st.sampled_from(list("ab xyz*_~`[]()<>!&;{}%sd\\/:.#\n") + ["https://e.eu/p", "EPI", "Cluj", "[X2X]"]),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
def test_identity_answer_restores_the_source(text: str) -> None:
    masked = mask(text, GLOSSARY)
    assert unmask(masked, masked.text) == text


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
def test_protected_spans_survive_a_provider_that_rewrites_every_word(text: str) -> None:
    masked = mask(text, GLOSSARY)
    rewritten = re.sub(r"(\[X\d+X\])|[a-z]+", lambda m: m[1] or m[0].upper(), masked.text)
    restored = unmask(masked, rewritten)
    for span in masked.spans:
        assert span.replacement in restored


@pytest.mark.parametrize("tag", ["*|FNAME|*", "{{ first_name }}", "{% if city %}", "{{{ body }}}", "{# note #}",
                                 "%%unsubscribe%%"])
def test_merge_tags_are_masked_and_restored(tag: str) -> None:
    masked = mask(f"Hello {tag}, welcome")
    assert tag not in masked.text
    assert [span.kind for span in masked.spans] == ["merge tag"]
    assert unmask(masked, masked.text.upper()) == f"HELLO {tag}, WELCOME"
