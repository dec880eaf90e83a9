"""One reading of each text shared by every check: the same findings as every check run in full.

``read_text`` parses a msgid or msgstr once; every check reads that record, a check runs on a
pair only when its texts hold what it looks at (``Text.flags``), and ``unsafe-html`` accepts
without the guard a translation whose elements are the source's. These tests hold the
shortcuts to the checks they stand for, on a corpus of tricky texts and on generated ones:
findings, their order and their messages are those of every registered check run on every
pair, with the guard of ``l10n.publish.safety`` deciding unsafe HTML.
"""

from __future__ import annotations

import os

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.catalogs.states import ignored_checks, state_of
from l10n.checks import (
    CHECKED_STATES,
    REGISTRY,
    CheckSettings,
    Finding,
    Pair,
    check_entry,
    read_text,
    unsafe_html,
)
from l10n.checks.markup import surely_safe
from l10n.checks.text import _read_markdown, _read_plain, flags_of
from l10n.drafting.glossary import Glossary
from l10n.publish.safety import _segment_parser, _tokens, markdown_segment_html
from l10n.sources.plain import segment_parser
from l10n.workers import run_in_processes

GLOSSARY = Glossary(do_not_translate=("EPI", "Ravenna", "Lublin"), fixed={"newsletter": "buletin informativ"})

# Texts that exercise every reading: markup, HTML, links the guard reads as written, entities,
# brackets nested past markdown-it's limits, placeholders, dates, numbers, whitespace,
# repeated words and final punctuation of several scripts.
TEXTS = [
    "", " ", "Plain text.", "  Leading space", "Trailing space  ", "Trailing line break\n", "\ttab first",
    "Hello **world**!", "Hello *world*.", "Hello __world__", "snake_case word", "a * b", "~~strike~~ text",
    "~single~", "`code` and `more code`", "Run `l10n check`.", "Run `l10n verifică`.",
    "[link](https://example.org/a)", '[link](https://example.org/a "Title")', "[other](https://example.org/b)",
    "[legătură](https://example.org/a)", '[legătură](https://example.org/a "Titlu")',
    "![alt](img/a.png)", '![other alt](img/a.png "t")', "![x](data:image/png;base64,AAA)", "![alt](img/b.png)",
    "<b>bold</b> text", '<a href="https://x.org">x</a>', "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "a < b and c > d", "&lt;b&gt; entity", "&amp; co", "R&D",
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](&#106;avascript:alert(1))",
    "[x](java\\script:alert(1))", "[x](file:///etc/passwd)", "[x](data:text/html,hi)", "[x](vbscript:x)",
    "<https://example.org>", "<me@example.org>", "Mail me@example.org now", "Visit https://example.org/p. Or www.example.com",
    "Footnote[^1] here.", "[^note]", "[a [b [c [d](x)]]]", "[[[[[[[[[x](y)]]]]]]]]",
    "[a](b) [c](d) [e](f) [g](h)", "[a](b) [c](d) [e](f)", "Hello {name}, you have %d messages and %(count)s items",
    "*|FNAME|* welcome {{ name }}", "%%unsubscribe%%", "Date 20.01.2022 and 1/20/2022 and 2022-01-20",
    "Data 20.01.2022 și 1/20/2022", "Numbers 1,000.5 and 12 500 and 3", "Number 1.000,5", "3 cities, 12 partners",
    "the the cat", "Very, very good", "Die die Frau", "word  word", "Question?", "¿Pregunta?", "Exclamation!",
    "Colon :", "Ellipsis...", "Ellipsis…", "Quote «citation» .", "End.)", "CJK。", "Greek;",
    "Line one  \nline two", "Line one\\\nline two", "Line\nbreak soft", "| table | cell |",
    "EPI meets in Ravenna and Lublin.", "The newsletter of EPI.", "Buletinul informativ EPI din Ravena.",
    "\u00a0nbsp start", "Mixed <b>bold **md**</b>", "<!-- comment -->", "<br>", "Text with <br/> break",
    "[link](<https://example.org/with space>)", "\\*not emphasis\\*", "[link] (not a link)",
    "Example.org/data and files here](x)", "See [the files](https://example.org/files/data.pdf).",
    "See [the files](https://example.org/files/data.pdf) &amp; more.", "**[bold link](https://example.org/a)**",
    "*[em link](https://example.org/a)* and ![alt](img/a.png)", "Text\u0000with NUL", "Carriage\rreturn",
]


def _reference(entry: polib.POEntry, lang: str, glossary, check_settings: CheckSettings) -> list[Finding]:
    """Every registered check on every pair of ``entry``, in registry order, without shortcuts:
    unsafe HTML as the guard decides it."""
    if entry.obsolete:
        return []
    checked = state_of(entry) in CHECKED_STATES
    if not checked and not entry.tcomment:
        return []
    silenced = check_settings.disabled | ignored_checks(entry) if entry.tcomment else check_settings.disabled
    texts = ([(entry.msgid if index == 0 else entry.msgid_plural, entry.msgstr_plural[index])
              for index in sorted(entry.msgstr_plural)] if entry.msgid_plural else [(entry.msgid, entry.msgstr)])
    pairs = [Pair(read_text(s), read_text(t), lang, check_settings, glossary, entry) for s, t in texts] if checked else []
    whole = [Pair(read_text(""), read_text(""), lang, check_settings, glossary, entry)] if entry.tcomment else []
    findings = []
    for check in REGISTRY:
        runs = whole if check.per_entry else pairs
        if not runs or check.name in silenced:
            continue
        if check.name == "unsafe-html":
            messages = [reason for pair in runs if (reason := unsafe_html(pair.source.raw, pair.target.raw))]
        else:
            messages = [message for pair in runs for message in check.function(pair)]
        for message in dict.fromkeys(messages):
            findings.append(Finding(check.name, check_settings.severities.get(check.name, check.severity), message,
                                    entry.linenum or 0, entry.msgid, entry.msgctxt, lang))
    return findings


def _entry(source: str, translation: str, **fields) -> polib.POEntry:
    return polib.POEntry(msgid=source, msgstr=translation, **fields)


@pytest.mark.parametrize("lang, step", [("ro", 1), ("fr", 3)])
def test_findings_are_every_checks_on_every_pair_of_the_corpus(lang, step):
    for source in TEXTS:
        for translation in TEXTS[::step]:
            entry = _entry(source, translation)
            assert check_entry(entry, lang, glossary=GLOSSARY) == _reference(entry, lang, GLOSSARY, CheckSettings()), (
                source, translation)


def test_plural_entries_comments_and_settings_give_the_same_findings():
    stale = "# l10n-reviewed: Ana 2024-01-01 0000000000000000\n"
    disabled = CheckSettings(disabled=frozenset({"markup", "numbers"}), severities={"links": "warning"})
    for index, source in enumerate(TEXTS):
        other = TEXTS[(index * 7 + 3) % len(TEXTS)]
        entries = [
            polib.POEntry(msgid=source, msgid_plural=other, msgstr_plural={0: other, 1: source, 2: other}),
            _entry(source, other, tcomment="l10n-ignore: links, end-punctuation"),
            _entry(source, other, tcomment=stale.strip()),
            _entry(source, other, flags=["fuzzy"], tcomment=stale.strip()),
            _entry(source, other, flags=["fuzzy"]),
            _entry(source, ""),
        ]
        for entry in entries:
            for check_settings in (CheckSettings(), disabled):
                assert check_entry(entry, "ro", glossary=GLOSSARY, settings=check_settings) == _reference(
                    entry, "ro", GLOSSARY, check_settings), (source, other, entry)


# Fragments that combine into texts where markup, links and whitespace meet.
FRAGMENTS = st.sampled_from([
    "a", "the", "word", " ", "  ", "\n", ".", "?", "!", ":", "*", "**", "_", "`", "~~", "[", "]", "(", ")", "](",
    "![", "[^1]", "<", ">", "<b>", "</b>", "<a href=x>", "&", "&amp;", "&#106;", "\\", "https://example.org/a",
    "javascript:", "data:", "file:", "img/a.png", " \"t\"", "{name}", "%s", "*|X|*", "12", "1.000,5", "20.01.2022",
    "1/20/2022", "EPI", "Ravenna", "é", "«", "»", "…", "。",
])
GENERATED = st.lists(FRAGMENTS, max_size=14).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(GENERATED, GENERATED, st.sampled_from(["ro", "es", "de"]))
def test_generated_pairs_give_every_checks_findings(source, translation, lang):
    for target in (translation, source, source.replace("a", "ă")):
        entry = _entry(source, target)
        assert check_entry(entry, lang, glossary=GLOSSARY) == _reference(entry, lang, GLOSSARY, CheckSettings())


# -- the unsafe-HTML shortcut --------------------------------------------------------------


def test_a_translation_taken_as_safe_is_one_the_guard_accepts():
    taken = 0
    for source in TEXTS:
        for translation in TEXTS:
            if surely_safe(read_text(source), read_text(translation)):
                assert unsafe_html(source, translation) is None, (source, translation)
                taken += "<" in markdown_segment_html(translation)
    assert taken > 50  # the shortcut is taken for translations with markup, not only for plain text


@settings(max_examples=200, deadline=None)
@given(GENERATED, GENERATED)
def test_generated_translations_taken_as_safe_are_accepted(source, translation):
    if surely_safe(read_text(source), read_text(translation)):
        assert unsafe_html(source, translation) is None


@pytest.mark.parametrize("translation", [
    "[x](javascript:alert(1))", "[x](&#106;avascript:alert(1))", "[x](java\\script:alert(1))",
    "[x](https://example.org/a)[y](file:///etc)", "**x**", "[link](https://example.org/b)", "![alt](img/b.png)",
    "<b>x</b>", "![x](img/a.png)[^1]",
])
def test_what_the_guard_may_refuse_is_left_to_it(translation):
    source = "[link](https://example.org/a) and ![alt](img/a.png)"
    assert not surely_safe(read_text(source), read_text(translation))


def _rendered_elements(text: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """The start tags of the text as markdown-it renders it, read by html5lib's tokenizer."""
    return [(token["name"], tuple(token["data"].items())) for token in _tokens(markdown_segment_html(text))
            if token["kind"] in ("StartTag", "EmptyTag")]


def test_elements_are_what_the_text_renders_to():
    known = 0
    for text in TEXTS:
        elements = read_text(text).elements
        if elements is not None:
            known += bool(elements)
            assert list(elements) == _rendered_elements(text), text
    assert known > 15


@settings(max_examples=250, deadline=None)
@given(GENERATED)
def test_generated_elements_are_what_the_text_renders_to(text):
    elements = read_text(text).elements
    if elements is not None:
        assert list(elements) == _rendered_elements(text)


def _inline_tokens(parser, text: str) -> list[tuple]:
    def flat(tokens):
        return [(t.type, t.tag, t.content, t.markup, tuple(sorted(t.attrs.items())), t.info, flat(t.children or []))
                for t in tokens]
    return flat([child for block in parser.parseInline(text) for child in block.children or ()])


@settings(max_examples=250, deadline=None)
@given(st.lists(st.sampled_from(["[", "]", "(", ")", "![", "^[", "[^1]", "x", " ", "*", "`", "<", ">", "\\", "](y)"]),
                max_size=24).map("".join))
def test_few_brackets_read_the_same_under_both_nesting_limits(text):
    # read_text's parser (markdown-it's limit of 20 levels) and the guard's (8 inline levels)
    # give the same tokens to a text whose elements are taken as known.
    if text.count("[") <= 3:
        assert _inline_tokens(segment_parser(), text) == _inline_tokens(_segment_parser(), text)


# -- the reading itself ----------------------------------------------------------------------

PLAIN = st.text(st.characters(blacklist_characters="\n\\`*_~[<&\r\x00", blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(PLAIN, st.sampled_from(["https://example.org/a.b", "me@example.org", "{name}", "%s",
                                                  "{{ x }}", "%%y%%", "12 500", "20.01.2022", "!", "]"])),
                max_size=6).map(" ".join))
def test_a_text_without_markup_reads_as_its_parse_would(text):
    fast, parsed = _read_plain(text), _read_markdown(text)
    # (a parsed text is taken to hold markup hints: it is parsed because it has one)
    parsed = parsed._replace(flags=flags_of(parsed), elements=None)
    assert fast._replace(elements=None) == parsed
    assert fast.flags == flags_of(fast)


def test_flags_are_what_the_text_holds():
    for text in TEXTS:
        read = read_text(text)
        assert read.flags == flags_of(read), text


# -- other work of the caller while the processes work ----------------------------------------


def _pid(value: int) -> tuple[int, int]:
    return value, os.getpid()


def _fail(value: int) -> int:
    raise ValueError(f"call {value}")


def test_meanwhile_runs_here_while_the_processes_work():
    done: list[int] = []
    results = run_in_processes(_pid, [(n,) for n in range(6)], 2, meanwhile=lambda: done.append(os.getpid()))
    assert [value for value, _ in results] == list(range(6))
    assert done == [os.getpid()]
    assert all(pid != os.getpid() for _, pid in results)


@pytest.mark.parametrize("processes", [1, 2])
def test_an_error_of_a_call_comes_before_one_of_meanwhile(processes):
    def meanwhile():
        raise KeyError("meanwhile")

    with pytest.raises(ValueError, match="call 0"):
        run_in_processes(_fail, [(0,), (1,)], processes, meanwhile=meanwhile)
    with pytest.raises(KeyError):
        run_in_processes(_pid, [(0,), (1,)], processes, meanwhile=meanwhile)
