"""PO reading and writing: the layout must be what GNU msgcat/msgmerge write, byte for byte."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.errors import CatalogError
from l10n.catalogs import pofile
from l10n.catalogs.pofile import format_catalog, parse_catalog, read_catalog, write_catalog

DATA = Path(__file__).parent / "data" / "po"
EXCERPT = DATA / "django-excerpt.po"


def msgcat(path: Path, width: int) -> str:
    """What GNU msgcat writes for ``path`` at ``width`` (0: --no-wrap)."""
    option = ["--no-wrap"] if width <= 0 else [f"--width={width}"]
    done = subprocess.run(
        ["msgcat", *option, str(path)], capture_output=True, text=True, encoding="utf-8", check=True
    )
    return done.stdout


def sample_catalog() -> polib.POFile:
    """A catalog with every part of the PO syntax the writer must lay out."""
    catalog = polib.POFile()
    catalog.header = "Romanian translation of the EPI newsletter.\n\nSecond paragraph."
    catalog.metadata = {
        "Project-Id-Version": "EPI newsletter 1.0",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "2026-01-01 00:00+0000",
        "PO-Revision-Date": "2026-01-02 10:00+0000",
        "Last-Translator": "Ana Pop <ana@example.org>",
        "Language-Team": "Romanian <https://example.org/a/rather/long/url/for/the/team/page/ro/>",
        "Language": "ro",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);",
    }
    long_text = (
        "Partners from Cluj, Lublin and Ravenna met in Riga to plan the next issue of "
        "the newsletter — see https://example.org/a-very/long/path-with-dashes/index.html "
        'and "quoted" words, a back\\slash and a\ttab.'
    )
    entries = [
        polib.POEntry(msgid="Hello", msgstr="Salut", occurrences=[("source/2026-01.md", "3")]),
        polib.POEntry(
            msgid=long_text,
            msgstr="Partenerii din Cluj, Lublin și Ravenna s-au întâlnit la Riga " * 3,
            comment="paragraph",
            tcomment="reviewed: Ana 2026-01-02 0123456789ab\ndraft: tm 2026-01-01 score=0.87",
            occurrences=[(f"source/a-long-issue-name-{i}.md", str(100 * i)) for i in range(1, 6)],
        ),
        polib.POEntry(
            msgid="Line one\nLine two\n",
            msgstr="Rândul unu\nRândul doi\n",
            flags=["fuzzy"],
            previous_msgid="Line one\nLine 2\n",
        ),
        polib.POEntry(msgctxt="title", msgid="News", msgstr="Știri"),
        polib.POEntry(
            msgid="%(count)s partner wrote in %(language)s about a rather long list of things",
            msgid_plural="%(count)s partners wrote in %(language)s about a rather long list",
            msgstr_plural={
                0: "%(count)s partener a scris în %(language)s",
                1: "%(count)s parteneri au scris în %(language)s",
                2: "%(count)s de parteneri au scris în %(language)s",
            },
            flags=["python-format"],
        ),
        polib.POEntry(msgid="日本語のテキストです。" * 8, msgstr=""),
        polib.POEntry(
            msgid="An old sentence that is no longer in the newsletter template at all.",
            msgstr="O propoziție veche care nu mai este deloc în șablonul buletinului.",
            obsolete=True,
            flags=["fuzzy"],
            previous_msgid="An older sentence that is no longer in the newsletter template.",
        ),
    ]
    for entry in entries:
        catalog.append(entry)
    return catalog


@pytest.mark.parametrize("width", [79, 60, 40, 0], ids=["default", "w60", "w40", "no-wrap"])
def test_real_world_catalog_is_written_as_msgcat_writes_it(width: int) -> None:
    catalog = read_catalog(EXCERPT)
    assert format_catalog(catalog, width=width) == msgcat(EXCERPT, width)


def test_real_world_catalog_round_trips_unchanged() -> None:
    text = EXCERPT.read_text("utf-8")
    assert format_catalog(parse_catalog(text)) == text


@pytest.mark.parametrize("width", [79, 50, 0], ids=["default", "w50", "no-wrap"])
def test_every_part_of_an_entry_is_laid_out_as_msgcat_does(tmp_path: Path, width: int) -> None:
    path = tmp_path / "ro.po"
    text = format_catalog(sample_catalog(), width=width)
    path.write_text(text, "utf-8")
    assert text == msgcat(path, width)


def test_sample_catalog_layout(tmp_path: Path) -> None:
    text = format_catalog(sample_catalog())
    assert "#| msgid \"\"\n#| \"Line one\\n\"\n#| \"Line 2\\n\"\nmsgid \"\"\n\"Line one\\n\"\n" in text
    assert text.index("#~ msgid") > text.index('msgid "Hello"')
    assert "#, fuzzy\n#~| msgid" in text
    assert "# reviewed: Ana 2026-01-02 0123456789ab\n# draft: tm 2026-01-01 score=0.87\n#. paragraph\n#: " in text


def test_msgfmt_accepts_what_we_write(tmp_path: Path) -> None:
    path = tmp_path / "ro.po"
    write_catalog(path, sample_catalog())
    done = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


words = st.sampled_from(
    [
        "the", "newsletter", "partner", "Cluj", "Lublin", "organisation", "x", "a",
        "https://example.org/path/to/page", "co-operation", "e.g.", "3.14", "HH:MM",
        "(note)", "[link](url)", "**bold**", "`code`", 'say "hi"', "back\\slash", "tab\there",
        "line\n", "end.\n", "mañana", "șase", "Ελλάδα", "日本語の文章", "한국어", "العربية",
        "ಕನ್ನಡ", "—", "…", "«guillemets»", "%(name)s", "%s", "{name}", "  ", "",
    ]
)  # fmt: skip
texts = st.lists(words, min_size=0, max_size=30).map(" ".join)
flags = st.sampled_from([[], ["fuzzy"], ["python-format"], ["c-format", "fuzzy"], ["python-brace-format"]])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    entries=st.lists(st.tuples(texts, texts, flags, st.booleans()), min_size=1, max_size=12),
    width=st.sampled_from([79, 79, 72, 0]),
)
def test_generated_catalogs_match_msgcat(tmp_path: Path, entries, width: int) -> None:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    seen = set()
    for number, (msgid, msgstr, entry_flags, previous) in enumerate(entries):
        msgid = f"{number} {msgid}"
        if msgid in seen:
            continue
        seen.add(msgid)
        entry = polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(entry_flags))
        if previous:
            entry.previous_msgid = msgstr or "previous"
        catalog.append(entry)
    path = tmp_path / "generated.po"
    text = format_catalog(catalog, width=width)
    path.write_text(text, "utf-8")
    assert text == msgcat(path, width)


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "ro.po"
    path.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d\n', "utf-8")
    with pytest.raises(CatalogError) as info:
        read_catalog(path)
    assert str(info.value).startswith(f"{path}:5: ")


def test_conflict_markers_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "ro.po"
    path.write_text('msgid "a"\n<<<<<<< HEAD\nmsgstr "b"\n=======\nmsgstr "c"\n>>>>>>> x\n', "utf-8")
    with pytest.raises(CatalogError) as info:
        read_catalog(path)
    assert str(info.value) == f"{path}:2: unresolved merge conflict marker"


def test_write_catalog_leaves_an_unchanged_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "ro.po"
    assert write_catalog(path, sample_catalog()) is True
    os.utime(path, (1_000_000, 1_000_000))
    assert write_catalog(path, read_catalog(path)) is False
    assert path.stat().st_mtime == 1_000_000


# -- the writer's fast layouts ----------------------------------------------------------------
# Most strings are words between spaces, or short; the writer lays them out without cutting
# them into line-break units. These tests hold the fast layouts to the general one (which
# the msgcat tests above hold to gettext), and to msgcat itself.

plain_words = st.text(
    alphabet=st.sampled_from("abcxyzABZ0189àéîșțăÿĀžǅɏΆΐΩάϏϷϿЀЖяҁҊӿԯ"), min_size=1, max_size=30
).flatmap(lambda word: st.sampled_from(["", ".", ",", ":", ";", "!", "?"]).map(lambda mark: word + mark))
plain_texts = st.tuples(
    st.lists(st.tuples(plain_words, st.sampled_from([" ", " ", " ", "  ", "   "])), min_size=1, max_size=25),
    st.booleans(),
).map(lambda parts: "".join(w + s for w, s in parts[0]).rstrip(" ") if parts[1] else "".join(w + s for w, s in parts[0]))
any_pieces = st.sampled_from(
    [
        "word", "x", "Segment", "12", "3.14", "e.g.", "HH:MM", "a.b", "co-op", "(note)", "«g»", "—", "…",
        'say "hi"', "back\\slash", "tab\t", "line\n", "end.\n", "\a\b\f\r\v", "\x7f", "mañana", "șase",
        "日本語の文章", "한국어", "ಕನ್ನಡ", "e\u0301", "\u200d", "\u00ad", "%(name)s", "%s", "%1$d", "{name}",
        "Ελλάδα", "Привет", "«мир»", "„ab“", "‰", "\u2028", "\u0483", ";", "\u037e", "ǃ",
        "%(count) d", ":", ".", "!", "?", "'", "/", "https://example.org/a/b", "x" * 40, "é" * 45, " ", "",
    ]
)  # fmt: skip
any_texts = st.lists(any_pieces, max_size=30).flatmap(
    lambda pieces: st.sampled_from([" ", "", "  "]).map(lambda glue: glue.join(pieces))
)
keywords = st.sampled_from(["msgid", "msgstr", "msgctxt", "msgid_plural", "msgstr[0]", "msgstr[12]"])
prefixes = st.sampled_from(["", "#~ ", "#| ", "#~| "])
formats = st.sampled_from([(), ("c-format",), ("python-format",), ("python-brace-format",)])


BMP = [chr(code) for code in range(0x20, 0x10000) if not 0xD800 <= code <= 0xDFFF]


def test_characters_taken_as_one_column_are_one_column_and_need_no_escape() -> None:
    taken = [c for c in BMP if pofile._ONE_COLUMN_RE.fullmatch(c)]
    assert len(taken) > 1000
    assert [c for c in taken if pofile._char_width(c) != 1 or pofile._ESCAPE_RE.search(c)] == []


def test_characters_of_plain_words_break_only_after_spaces() -> None:
    letters = [c for c in BMP if re.fullmatch(f"[{pofile._PLAIN_LETTERS}]", c)]
    assert len(letters) > 800
    for c in letters:
        # The letter beside letters, digits and itself, before each mark, first and last.
        value = f"{c} {c}{c} a{c}b 1{c}2 {c}a a{c} {c}1 1{c} {c}. {c}, {c}: {c}; {c}! {c}? a{c}. 1{c}, {c}"
        assert pofile._PLAIN_RE.fullmatch(value)
        assert pofile._split_units(value) == tuple(pofile._PLAIN_UNIT_RE.findall(value)[:-1]), c
        assert pofile._char_width(c) == 1


@settings(max_examples=400, deadline=None)
@given(prefix=prefixes, name=keywords, value=plain_texts, page=st.integers(3, 100), wrap=st.booleans())
def test_plain_strings_are_laid_out_as_the_general_layout_does(prefix, name, value, page, wrap) -> None:
    assert pofile._PLAIN_RE.fullmatch(value)
    assert pofile._wrapped.__wrapped__(prefix, name, value, page, wrap, ()) == "\n".join(
        pofile._laid_out(prefix, name, value, page, wrap, ())
    )


@settings(max_examples=400, deadline=None)
@given(prefix=prefixes, name=keywords, value=any_texts, page=st.integers(3, 100), wrap=st.booleans(), formats=formats)
def test_every_string_is_laid_out_as_the_general_layout_does(prefix, name, value, page, wrap, formats) -> None:
    assert pofile._wrapped.__wrapped__(prefix, name, value, page, wrap, formats) == "\n".join(
        pofile._laid_out(prefix, name, value, page, wrap, formats)
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    entries=st.lists(st.tuples(plain_texts, plain_texts, st.booleans()), min_size=1, max_size=10),
    width=st.sampled_from([79, 40, 20, 0]),
)
def test_generated_plain_catalogs_match_msgcat(tmp_path: Path, entries, width: int) -> None:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for number, (msgid, msgstr, previous) in enumerate(entries):
        entry = polib.POEntry(msgid=f"{number} {msgid}", msgstr=msgstr, flags=["fuzzy"] if previous else [],
                              occurrences=[("source/issue.md", str(number + 1))], tcomment="draft: tm 2026-01-01")
        if previous:
            entry.previous_msgid = msgid
        catalog.append(entry)
    path = tmp_path / "generated.po"
    text = format_catalog(catalog, width=width)
    path.write_text(text, "utf-8")
    assert text == msgcat(path, width)


def test_flags_and_comments_are_written_as_msgcat_writes_them(tmp_path: Path) -> None:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    flag_sets = [["fuzzy"], ["fuzzy", "python-format"], ["no-wrap", "fuzzy", "c-format"],
                 ["range: 1..3", "python-brace-format"], []]
    for number, flags in enumerate(flag_sets):
        catalog.append(polib.POEntry(msgid=f"Entry {number}", msgstr=f"Intrarea {number}", flags=list(flags),
                                     tcomment="reviewed: Ana 2026-01-02 0123456789ab\n\ndraft: tm",
                                     comment="paragraph\nsecond", occurrences=[("a.md", "")]))
    # An untranslated entry loses its fuzzy flag, whatever other flags it has.
    catalog.append(polib.POEntry(msgid="Untranslated", msgstr="", flags=["python-format", "fuzzy"]))
    catalog.append(polib.POEntry(msgid="Untranslated too", msgstr="", flags=["fuzzy"]))
    path = tmp_path / "flags.po"
    text = format_catalog(catalog)
    path.write_text(text, "utf-8")
    assert text == msgcat(path, 79)
    assert '#, python-format\nmsgid "Untranslated"' in text
    assert '#, fuzzy\nmsgid "Untranslated too"' not in text


def test_only_the_fuzzy_flag_itself_leaves_an_untranslated_entry() -> None:
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid="Untranslated", msgstr="", flags=["fuzzy-ish", "fuzzy"]))
    assert format_catalog(catalog) == '#, fuzzy-ish\nmsgid "Untranslated"\nmsgstr ""\n'


def test_an_empty_plural_form_is_written_at_a_width_narrower_than_its_keyword(tmp_path: Path) -> None:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(polib.POEntry(msgid="file", msgid_plural="files", msgstr_plural={0: "", 1: ""}))
    path = tmp_path / "ro.po"
    write_catalog(path, catalog, width=10)
    text = path.read_text("utf-8")
    assert 'msgstr[0] ""\nmsgstr[1] ""\n' in text
    done = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
