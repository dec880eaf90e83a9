"""The strict syntax check gives the verdicts and messages it gave before, faster.

``_check_syntax`` first matches a catalog against the lines that cannot be suspicious and
searches for suspicious ones only when that match stops short (docs/DESIGN.md, "Speed: what
a run costs"). ``reference_check`` below is the check as it was, always searching; the two
are compared on real catalogs and on generated catalogs, valid and broken.
"""

from __future__ import annotations

import random
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.catalogs import pofile
from l10n.catalogs.pofile import _check_syntax, _rust_reads_as_polib, _unsuspicious, format_catalog
from l10n.errors import CatalogError

ROOT = Path(__file__).resolve().parent.parent


def reference_check(text: str, path: str) -> str:
    """``_check_syntax`` as it was: one search for a suspicious line, then line by line."""
    if pofile._SUSPICIOUS_LINE_RE.search("\n" + text):
        for number, line in enumerate(text.splitlines(), 1):
            if line.startswith(pofile._CONFLICT_MARKERS) and (len(line) == 7 or line[7] in " \t"):
                raise CatalogError("unresolved merge conflict marker", path=path, line=number)
            if pofile._KEYWORD_WITHOUT_STRING_RE.match(line):
                raise CatalogError("a keyword not followed by a quoted string", path=path, line=number)
            match = pofile._STRING_LINE_RE.match(line)
            if match and not pofile._QUOTED_RE.fullmatch(match["string"]):
                raise CatalogError("unterminated or malformed string", path=path, line=number)
    if "\\" in text:
        pofile._check_escapes(text, path)
    if "msgid" not in text:
        raise CatalogError("not a PO file: no header entry and no messages", path=path, line=1)
    if "#~|" in text:
        text = pofile._OBSOLETE_PREVIOUS_RE.sub("#|", text)
    return text


def verdict(check, text: str) -> tuple[str, str]:
    try:
        return "accepted", check(text, "x.po")
    except CatalogError as exc:
        return "refused", str(exc)


def real_catalogs() -> list[str]:
    paths = sorted([*ROOT.glob("locales/**/*.po*"), *ROOT.glob("tests/data/**/*.po*")])
    return [path.read_text("utf-8", errors="replace") for path in paths]


def test_real_catalogs_get_the_same_verdicts_and_need_no_search() -> None:
    texts = real_catalogs()
    assert texts
    assert [verdict(_check_syntax, text) for text in texts] == [verdict(reference_check, text) for text in texts]
    # What gettext writes is told by the match alone.
    written = [text for text in texts if verdict(reference_check, text)[0] == "accepted"]
    assert sum(map(_unsuspicious, written)) >= len(written) * 3 // 4


_string = st.text(st.sampled_from('ab "\\\n\t\r{}%*é'), max_size=30)
_entry = st.fixed_dictionaries({
    "msgid": _string.filter(bool), "msgstr": _string, "msgctxt": st.none() | _string,
    "plural": st.booleans(), "obsolete": st.booleans(), "fuzzy": st.booleans(),
    "previous": st.none() | _string, "comment": st.text(st.sampled_from('ab "#~|\n'), max_size=12),
})


def generated_catalog(entries: list[dict]) -> str:
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ro"}
    for spec in entries:
        entry = polib.POEntry(msgid=spec["msgid"], msgctxt=spec["msgctxt"], obsolete=spec["obsolete"],
                              tcomment=spec["comment"], previous_msgid=spec["previous"])
        if spec["plural"]:
            entry.msgid_plural = spec["msgid"] + "s"
            entry.msgstr_plural = {0: spec["msgstr"], 1: spec["msgstr"]}
        else:
            entry.msgstr = spec["msgstr"]
        if spec["fuzzy"]:
            entry.flags.append("fuzzy")
        catalog.append(entry)
    return format_catalog(catalog)


_BREAKS = ['"', "\\", "\n", " ", "\t", "\r", "\r\n", "#", "#~ ", "#| ", "#~| ", "#~|", "msgid ", "msgstr ",
           "msgstr[1] ", "msgctxt\t", "<<<<<<< ours", "=======", ">>>>>>>", "|||||||\n", "\x0c", "x", "m", '\\"',
           '""', "\\q", "\\x", "#,", "msgid_plural "]


@settings(max_examples=1500, deadline=None)
@given(st.lists(_entry, max_size=6), st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(_BREAKS),
                                                        st.integers(0, 3)), max_size=4),
       st.booleans())
def test_generated_catalogs_valid_and_broken_get_the_same_verdicts(entries, edits, last_newline) -> None:
    text = generated_catalog(entries)
    for offset, insert, delete in edits:
        at = offset % (len(text) + 1)
        text = text[:at] + insert + text[at + delete:]
    if not last_newline:
        text = text.rstrip("\n")
    assert verdict(_check_syntax, text) == verdict(reference_check, text)


def test_mutated_real_catalogs_get_the_same_verdicts() -> None:
    rng = random.Random(5)
    texts = [text for text in real_catalogs() if len(text) < 20000]
    refused = 0
    for _ in range(3000):
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(_BREAKS) + text[at + rng.randint(0, 2):]
        expected = verdict(reference_check, text)
        refused += expected[0] == "refused"
        assert verdict(_check_syntax, text) == expected
    assert refused > 300  # the broken ones are tested, not only the valid ones


@pytest.mark.parametrize("text", ["", "a\\f", "\\v", "\\\\f", "a\\\\v b", "\\", "\\n\\t", "\\F", "\r\n\\f"])
def test_rspolib_is_trusted_with_the_same_texts(text: str) -> None:
    expected = ("\r" not in text or "\r" not in text.replace("\r\n", "")) and "\\f" not in text and "\\v" not in text
    assert _rust_reads_as_polib(text) == expected
