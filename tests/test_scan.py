"""The read-only catalog reader: the same entries and the same errors as the polib reader."""

from __future__ import annotations

import importlib.util
import os
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.catalogs import pofile
from l10n.errors import CatalogError
from l10n.catalogs.pofile import CatalogEntry, format_catalog, parse_catalog, read_catalog, scan_catalog

ROOT = Path(__file__).parent.parent
CORPUS = sorted(
    [*(ROOT / "tests" / "data").rglob("*.po"), *(ROOT / "locales").rglob("*.po"), *(ROOT / "locales").rglob("*.pot")]
)
FIELDS = CatalogEntry.__slots__
HAS_RSPOLIB = importlib.util.find_spec("rspolib") is not None
needs_rspolib = pytest.mark.skipif(not HAS_RSPOLIB, reason="rspolib has no wheel for this interpreter")


def fields(entries) -> list[dict[str, object]]:
    return [{name: getattr(entry, name) for name in FIELDS} for entry in entries]


@pytest.fixture(params=["rspolib", "polib"])
def reader(request, monkeypatch):
    """scan_catalog as it reads with rspolib, and as it reads where rspolib is not installed."""
    if request.param == "rspolib" and not HAS_RSPOLIB:
        pytest.skip("rspolib has no wheel for this interpreter")
    if request.param == "polib":
        monkeypatch.setattr(pofile, "_rspolib", None)
    return request.param


def test_the_corpus_is_not_empty() -> None:
    assert len(CORPUS) >= 15, CORPUS


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_catalog_reads_as_polib_reads_it(path: Path, reader: str) -> None:
    scanned = scan_catalog(path)
    if reader == "rspolib":
        assert all(isinstance(entry, CatalogEntry) for entry in scanned)
    assert fields(scanned) == fields(read_catalog(path))


def test_plurals_contexts_obsolete_and_previous_fields(tmp_path: Path, reader: str) -> None:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "pl",
                        "Plural-Forms": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2);"}
    catalog.append(polib.POEntry(msgctxt="title", msgid="News", msgstr="Wiadomości", tcomment="reviewed: Ana 2026-01-02 0123456789ab",
                                 comment="heading", flags=["fuzzy", "python-format"], previous_msgid="Old news",
                                 previous_msgctxt="title", linenum=0))
    catalog.append(polib.POEntry(msgid="%d city", msgid_plural="%d cities",
                                 msgstr_plural={0: "%d miasto", 1: "%d miasta", 2: "%d miast"}))
    catalog.append(polib.POEntry(msgid="Gone", msgstr="Nie ma", obsolete=True, previous_msgid="Went"))
    catalog.append(polib.POEntry(msgid="Empty", msgstr=""))
    path = tmp_path / "pl.po"
    path.write_text(format_catalog(catalog), "utf-8")
    scanned = scan_catalog(path)
    assert fields(scanned) == fields(read_catalog(path))
    news, cities, empty, gone = scanned  # obsolete entries are written last
    assert (news.msgctxt, news.flags, news.previous_msgid, news.tcomment) == (
        "title", ["fuzzy", "python-format"], "Old news", "reviewed: Ana 2026-01-02 0123456789ab")
    assert cities.msgstr_plural == {0: "%d miasto", 1: "%d miasta", 2: "%d miast"}
    assert gone.obsolete and gone.previous_msgid == "Went"
    assert empty.msgstr == "" and empty.msgid_plural == "" and empty.msgctxt is None


words = st.sampled_from(
    ["the", "partner", "Cluj", "șase", "日本語", "%(name)s", "{n}", 'say "hi"', "back\\slash", "tab\there",
     "line\n", "**bold**", "[link](https://example.org)", "  ", "", "#", "#|", "msgid", "\\n", "\\f",
     "form\ffeed", "vertical\vtab", "bell\a", "back\bspace", "carriage\rreturn"]
)  # fmt: skip
texts = st.lists(words, max_size=12).map(" ".join)
# Comments are lines of text: no control characters, which Python's splitlines breaks on.
comments = st.lists(words.filter(lambda word: word.isprintable() or word == "line\n"), max_size=12).map(" ".join)
entry_data = st.tuples(
    st.one_of(st.none(), texts), texts, st.one_of(st.none(), texts), texts,
    st.sampled_from([[], ["fuzzy"], ["python-format"], ["fuzzy", "c-format"]]),
    comments, comments, st.booleans(), st.one_of(st.none(), texts),
)


def generated_entries(data, *, references: bool = False) -> list[polib.POEntry]:
    """polib entries made of ``entry_data`` (msgids numbered to stay apart), with ``#:``
    references on two entries in three when ``references``."""
    entries = []
    for number, (msgctxt, msgid, plural, msgstr, flags, tcomment, comment, obsolete, previous) in enumerate(data):
        entry = polib.POEntry(msgctxt=msgctxt, msgid=f"{number} {msgid}", flags=list(flags), tcomment=tcomment.strip(),
                              comment=comment.strip(), obsolete=obsolete, previous_msgid=previous,
                              occurrences=[(f"source/{number}.md", str(number + 1))] * (number % 3 if references else 0))
        if plural is not None:
            entry.msgid_plural = plural or "plural"
            entry.msgstr_plural = {0: msgstr, 1: msgstr[::-1]}
        else:
            entry.msgstr = msgstr
        entries.append(entry)
    return entries


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.lists(entry_data, min_size=1, max_size=10))
def test_generated_catalogs_read_the_same(tmp_path: Path, data) -> None:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.extend(generated_entries(data))
    path = tmp_path / "generated.po"
    path.write_text(format_catalog(catalog), "utf-8")
    assert fields(scan_catalog(path)) == fields(read_catalog(path))


BROKEN = {
    "unterminated string": 'msgid "a"\nmsgstr "b\n',
    "text after a string": 'msgid "a"\nmsgstr[0] "b" c"\n',
    "unterminated previous": '#| msgid "old\nmsgid "a"\nmsgstr "b"\n',
    "conflict marker": 'msgid "a"\n<<<<<<< HEAD\nmsgstr "b"\n=======\nmsgstr "c"\n>>>>>>> x\n',
    "duplicate": 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
    "plural without msgid": '#: a.py\nmsgid_plural "cities"\nmsgstr[0] "miasta"\n',
    "unknown keyword": 'msgid "a"\nmsgstr "b"\n\nmsgjd "c"\nmsgstr "d"\n',
    "keyword without a string": 'msgid "a"\nmsgstr[0] msgstr "b"\n',
    "missing msgstr": 'msgid "a"\nmsgstr "b"\n\nmsgid "c"\n"d"\n\nmsgid "e"\nmsgstr "f"\n',
    "missing msgstr, CRLF": 'msgid "a"\r\nmsgstr "b"\r\n\r\nmsgid "c"\r\n',
    "missing plural msgstr": 'msgid "a"\nmsgid_plural "as"\n',
}
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_catalog_gives_the_same_one_line_error(tmp_path: Path, text: str, reader: str, capfd) -> None:
    path = tmp_path / "ro.po"
    path.write_text(HEADER + text, "utf-8")
    with pytest.raises(CatalogError) as expected:
        read_catalog(path)
    capfd.readouterr()
    with pytest.raises(CatalogError) as scanned:
        scan_catalog(path)
    assert str(scanned.value) == str(expected.value)
    assert str(scanned.value).startswith(f"{path}:")
    assert capfd.readouterr() == ("", "")  # no parser backtrace on the terminal


def test_a_keyword_must_be_followed_by_a_string(tmp_path: Path, reader: str) -> None:
    path = tmp_path / "ro.po"
    path.write_text(HEADER + 'msgid "a"\n#~ msgstr x\n', "utf-8")
    with pytest.raises(CatalogError, match=f"^{path}:6: a keyword not followed by a quoted string$"):
        scan_catalog(path)


@pytest.mark.parametrize("entries", [
    'msgid "a"\nmsgstr "b"\n\nmsgid "c"\n"d"\n\nmsgid "e"\nmsgstr "f"\n',
    '#~ msgid "gone"\n',
])
def test_a_msgid_without_msgstr_is_named(tmp_path: Path, entries: str, reader: str) -> None:
    path = tmp_path / "ro.po"
    path.write_text(HEADER + entries, "utf-8")
    line = HEADER.count("\n") + entries.splitlines().index(next(l for l in entries.splitlines() if l.endswith(('"c"', '"gone"')))) + 1
    with pytest.raises(CatalogError, match=f"^{path}:{line}: missing msgstr$"):
        scan_catalog(path)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_blank_lines_and_indents_before_msgstr_are_allowed_as_msgfmt_allows_them(
    tmp_path: Path, reader: str, newline: str
) -> None:
    path = tmp_path / "ro.po"
    entries = 'msgid "a"\n"b"\n\n\nmsgstr "c"\n\nmsgid "d"\n\tmsgstr "e"\n'
    path.write_bytes((HEADER + entries).replace("\n", newline).encode())
    assert [(e.msgid, e.msgstr) for e in scan_catalog(path)] == [("ab", "c"), ("d", "e")]
    assert subprocess.run(["msgfmt", "--check-format", "-o", os.devnull, str(path)]).returncode == 0


@pytest.mark.parametrize("string", ['"b\\q"', '"b\\x"', '"b\\ "', '"b\\\\\\q"'])
def test_an_escape_msgfmt_refuses_is_refused_by_both_readers(tmp_path: Path, reader: str, string: str) -> None:
    path = tmp_path / "ro.po"
    path.write_text(HEADER + f'msgid "a"\nmsgstr {string}\n', "utf-8")
    line = HEADER.count("\n") + 2
    for read in (scan_catalog, read_catalog):
        with pytest.raises(CatalogError, match=f"^{path}:{line}: invalid escape sequence"):
            read(path)
    assert subprocess.run(["msgfmt", "-o", os.devnull, str(path)], capture_output=True).returncode == 1


@pytest.mark.parametrize("escape", ["\\a", "\\b", "\\f", "\\n", "\\r", "\\t", "\\v", "\\\\", '\\"', "\\x41", "\\101"])
def test_every_escape_reads_as_polib_reads_it(tmp_path: Path, escape: str, reader: str) -> None:
    path = tmp_path / "ro.po"
    path.write_text(HEADER + f'msgid "a{escape}b"\nmsgstr "c{escape}d"\n', "utf-8")
    assert fields(scan_catalog(path)) == fields(read_catalog(path))


def test_a_lone_carriage_return_ends_a_line_as_for_polib(tmp_path: Path, reader: str) -> None:
    path = tmp_path / "ro.po"
    path.write_bytes((HEADER + 'msgid "a"\rmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n').encode())
    assert fields(scan_catalog(path)) == fields(read_catalog(path))


def test_not_utf8_names_the_file(tmp_path: Path, reader: str) -> None:
    path = tmp_path / "ro.po"
    path.write_bytes((HEADER + 'msgid "café"\nmsgstr "b"\n').encode("latin-1"))
    with pytest.raises(CatalogError, match=f"^{path}:5: not valid UTF-8"):
        scan_catalog(path)


@needs_rspolib
def test_the_fast_reader_is_the_one_used() -> None:
    assert pofile._rspolib is not None
    assert isinstance(scan_catalog(ROOT / "locales" / "ro" / "LC_MESSAGES" / "epi-2022-03.po")[0], CatalogEntry)



# -- read_catalog: a polib catalog built from rspolib's parse ----------------------------------


def polib_state(catalog: polib.POFile) -> tuple:
    """Everything a polib catalog holds that a command reads or writes back."""
    return (catalog.header, list(catalog.metadata.items()), catalog.metadata_is_fuzzy, catalog.encoding,
            catalog.wrapwidth, catalog.check_for_duplicates, type(catalog),
            [(type(entry), sorted(vars(entry).items())) for entry in catalog])


def polib_reading(text: str) -> polib.POFile:
    """The catalog as polib alone reads it (what read_catalog gave before rspolib parsed)."""
    return pofile._polib_parse(pofile._check_syntax(text, "x.po"), "x.po")


ODD = {
    "header comment, no header entry": "# only a comment\n# two\nmsgid \"a\"\nmsgstr \"b\"\n",
    "header entry last": 'msgid "a"\nmsgstr "b"\n\nmsgid ""\nmsgstr "Language: ro\\n"\n',
    "header only": 'msgid ""\nmsgstr ""\n"Language: ro\\n"\n',
    "empty msgid with a context": 'msgid ""\nmsgstr "Language: ro\\n"\n\nmsgctxt "c"\nmsgid ""\nmsgstr "x"\n',
    "CR LF": 'msgid ""\r\nmsgstr ""\r\n"Language: ro\\n"\r\n\r\n# tc\r\n#: a:1\r\nmsgid "a"\r\nmsgstr "b"\r\n',
    "obsolete header": '#~ msgid ""\n#~ msgstr "Language: ro\\n"\n\nmsgid "a"\nmsgstr "b"\n',
    "fuzzy header, field on two lines, obsolete previous": (
        '# Title\n#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: ro\\n"\n"X-Note: a\\n"\n"b\\n"\n\n'
        '#, fuzzy\n#~| msgid "old"\n#~ msgid "gone"\n#~ msgstr "dus"\n'),
    "msgid in comments": '# Title msgid here\nmsgid ""\nmsgstr "Language: ro\\n"\n\n# tc msgid "x"\nmsgid "a"\nmsgstr "b"\n',
    "references, previous fields, plurals": (
        'msgid ""\nmsgstr ""\n\n\n\n#. only extracted\n#: f.md\n#: g.md:3 h.md:x dir/i.md:12\nmsgid "a"\nmsgstr "b"\n\n'
        '#, fuzzy, python-format\n#| msgctxt "o"\n#| msgid "p"\n#| msgid_plural "q"\nmsgctxt "c"\nmsgid "one"\n'
        'msgid_plural "two"\nmsgstr[0] ""\nmsgstr[1] "y"\n'),
    "blank lines first": '\n\n# tc first\nmsgid "a"\nmsgstr "b"\n',
    "no blank line after the header": 'msgid ""\nmsgstr ""\n"Language: ro\\n"\n# after\nmsgid "a"\nmsgstr "b"\n',
}


@pytest.mark.parametrize("text", list(ODD.values()), ids=list(ODD))
def test_odd_catalogs_read_and_write_as_with_polib_alone(text: str) -> None:
    catalog = parse_catalog(text)
    expected = polib_reading(text)
    assert polib_state(catalog) == polib_state(expected)
    assert format_catalog(catalog) == format_catalog(expected)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_catalog_reads_and_writes_as_with_polib_alone(path: Path) -> None:
    text = path.read_text("utf-8")
    catalog = read_catalog(path)
    expected = polib_reading(text)
    expected.fpath = str(path)
    assert polib_state(catalog) == polib_state(expected)
    assert catalog.fpath == expected.fpath
    for width in (79, 0):
        assert format_catalog(catalog, width=width) == format_catalog(expected, width=width)


@needs_rspolib
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_rspolib_parses_every_catalog_of_the_corpus(path: Path) -> None:
    assert pofile._rust_catalog(pofile._check_syntax(path.read_text("utf-8"), path)) is not None


@settings(max_examples=60, deadline=None)
@given(data=st.lists(entry_data, min_size=1, max_size=10), header=st.booleans())
def test_generated_catalogs_read_and_write_as_with_polib_alone(data, header: bool) -> None:
    catalog = polib.POFile()
    if header:
        catalog.header = "A header comment\nover two lines"
        catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ro"}
    catalog.extend(generated_entries(data, references=True))
    text = format_catalog(catalog)
    if not text:
        return  # no entry left to write: refused (test_a_catalog_without_entries_is_refused_by_both)
    read = parse_catalog(text)
    expected = polib_reading(text)
    assert polib_state(read) == polib_state(expected)
    assert format_catalog(read) == format_catalog(expected)


@pytest.mark.parametrize("text", ["", "# just comments\n"], ids=["empty file", "only comments"])
def test_a_catalog_without_entries_is_refused_by_both(text: str, monkeypatch) -> None:
    """msgfmt --check refuses them (no header entry): so do the fast reader and polib."""
    with pytest.raises(CatalogError) as fast:
        parse_catalog(text)
    monkeypatch.setattr(pofile, "_rspolib", None)
    with pytest.raises(CatalogError) as slow:
        parse_catalog(text)
    assert str(fast.value) == str(slow.value)


def test_a_duplicate_is_named_by_the_fast_reader_too(tmp_path: Path) -> None:
    path = tmp_path / "ro.po"
    path.write_text(HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', "utf-8")
    with pytest.raises(CatalogError, match=f"^{path}:8: duplicate message definition \\(first at line 5\\)"):
        read_catalog(path)
