"""Tests of ``l10n compile`` and the .mo writer, against GNU msgfmt and Python's gettext."""

from __future__ import annotations

import gettext
import io
import os
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.cli import main
from l10n.catalogs.compile import compile_catalogs, hash_string, mo_bytes
from l10n.catalogs.pofile import parse_catalog

CATALOG = r'''# Romanian translation.
msgid ""
msgstr ""
"Project-Id-Version: EPI newsletter\n"
"Report-Msgid-Bugs-To: \n"
"POT-Creation-Date: 2022-03-01 10:00+0000\n"
"PO-Revision-Date: 2022-03-02 10:00+0000\n"
"Language: ro\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < "
"20)) ? 1 : 2);\n"
"X-Generator: l10n\n"

#. heading
msgid "What is happening?"
msgstr "Ce se întâmplă?"

msgctxt "title"
msgid "Spring"
msgstr "Primăvara (titlu)"

msgid "Spring"
msgstr "Primăvara"

msgid "one workshop"
msgid_plural "%d workshops"
msgstr[0] "un atelier"
msgstr[1] "%d ateliere"
msgstr[2] "%d de ateliere"

msgctxt "city"
msgid "one meeting"
msgid_plural "%d meetings"
msgstr[0] "o întâlnire"
msgstr[1] "%d întâlniri"
msgstr[2] "%d de întâlniri"

#, fuzzy
msgid "The partners will meet"
msgstr "Partenerii se vor întâlni"

# draft: tm 2022-03-01 score=0.91
#, fuzzy
msgid "Replication workshops"
msgstr "Workshop-uri de replicare"

msgid "Not translated yet"
msgstr ""

#~ msgid "An old paragraph"
#~ msgstr "Un paragraf vechi"
'''

LOOKUPS = [
    (None, "What is happening?", None, 1),
    ("title", "Spring", None, 1),
    (None, "Spring", None, 1),
    (None, "one workshop", "%d workshops", 1),
    (None, "one workshop", "%d workshops", 0),
    (None, "one workshop", "%d workshops", 5),
    (None, "one workshop", "%d workshops", 25),
    ("city", "one meeting", "%d meetings", 1),
    ("city", "one meeting", "%d meetings", 3),
    ("city", "one meeting", "%d meetings", 101),
    (None, "The partners will meet", None, 1),
    (None, "Replication workshops", None, 1),
    (None, "Not translated yet", None, 1),
    (None, "An old paragraph", None, 1),
]


def msgfmt(po_path: Path, *, use_fuzzy: bool = False) -> bytes:
    """GNU msgfmt's .mo file for ``po_path``."""
    args = ["msgfmt", "-o", "-", str(po_path)] + (["--use-fuzzy"] if use_fuzzy else [])
    return subprocess.run(args, check=True, capture_output=True).stdout


def answers(mo: bytes) -> list[str]:
    """What Python's gettext returns for every lookup of LOOKUPS."""
    translations = gettext.GNUTranslations(io.BytesIO(mo))
    found = []
    for context, msgid, plural, n in LOOKUPS:
        if plural is None:
            found.append(translations.pgettext(context, msgid) if context else translations.gettext(msgid))
        elif context:
            found.append(translations.npgettext(context, msgid, plural, n))
        else:
            found.append(translations.ngettext(msgid, plural, n))
    return found + [translations.info().get("plural-forms", "")]


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    path = tmp_path / "ro.po"
    path.write_text(CATALOG, encoding="utf-8")
    return path


@pytest.mark.parametrize("use_fuzzy", [False, True], ids=["without-fuzzy", "use-fuzzy"])
def test_mo_is_byte_identical_to_msgfmt(catalog_file: Path, use_fuzzy: bool) -> None:
    ours = mo_bytes(parse_catalog(catalog_file.read_text("utf-8")), use_fuzzy=use_fuzzy)
    assert ours == msgfmt(catalog_file, use_fuzzy=use_fuzzy)


@pytest.mark.parametrize("use_fuzzy", [False, True], ids=["without-fuzzy", "use-fuzzy"])
def test_gettext_returns_what_it_returns_from_msgfmt_output(catalog_file: Path, use_fuzzy: bool) -> None:
    ours = answers(mo_bytes(parse_catalog(catalog_file.read_text("utf-8")), use_fuzzy=use_fuzzy))
    assert ours == answers(msgfmt(catalog_file, use_fuzzy=use_fuzzy))


def test_fuzzy_drafts_untranslated_and_obsolete_entries_are_left_out(catalog_file: Path) -> None:
    found = dict(zip([lookup[1] for lookup in LOOKUPS], answers(mo_bytes(parse_catalog(CATALOG)))))
    assert found["The partners will meet"] == "The partners will meet"
    assert found["Replication workshops"] == "Replication workshops"
    assert found["Not translated yet"] == "Not translated yet"
    assert found["An old paragraph"] == "An old paragraph"
    assert found["What is happening?"] == "Ce se întâmplă?"


def test_plural_forms_follow_the_catalog_rule() -> None:
    assert answers(mo_bytes(parse_catalog(CATALOG)))[3:7] == [
        "un atelier", "%d ateliere", "%d ateliere", "%d de ateliere",
    ]


def test_hash_string_matches_gnu_for_long_keys() -> None:
    # By hand: h = h * 16 + byte while no bit above 27 is set.
    assert hash_string(b"") == 0
    assert hash_string(b"a") == 97
    assert hash_string(b"abc") == (97 * 16 + 98) * 16 + 99
    # Long strings fold the top nibble back in; the .mo tests against msgfmt cover the rest.
    assert hash_string(b"x" * 100) < 2**28


texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"), min_size=1,
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    entries=st.lists(
        st.tuples(st.one_of(st.none(), st.sampled_from(["title", "summary", "a\tb"])), texts,
                  st.one_of(st.none(), texts),  # msgid_plural
                  st.lists(st.one_of(st.just(""), texts), min_size=3, max_size=3),  # msgstr, or 3 forms
                  st.booleans()),
        max_size=60, unique_by=lambda e: (e[0], e[1])),
    fuzzy_header=st.booleans(),
)
def test_any_catalog_compiles_to_msgfmt_bytes(tmp_path: Path, entries, fuzzy_header: bool) -> None:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "pl",
                        "Plural-Forms": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && "
                                        "(n%100<10 || n%100>=20) ? 1 : 2);"}
    catalog.metadata_is_fuzzy = fuzzy_header
    for context, msgid, plural, forms, fuzzy in entries:
        flags = ["fuzzy"] if fuzzy else []
        if plural is None:
            catalog.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=forms[0], flags=flags))
        else:
            catalog.append(polib.POEntry(msgctxt=context, msgid=msgid, msgid_plural=plural,
                                         msgstr_plural=dict(enumerate(forms)), flags=flags))
    path = tmp_path / "random.po"
    path.write_text(str(catalog), encoding="utf-8")
    # A plural entry with an empty form is untranslated (one rule for every command): the
    # .mo is msgfmt's for the same catalog with such entries left untranslated.
    for entry in catalog:
        if entry.msgid_plural and not all(entry.msgstr_plural.values()):
            entry.msgstr_plural = {i: "" for i in entry.msgstr_plural}
    reference = tmp_path / "reference.po"
    reference.write_text(str(catalog), encoding="utf-8")
    assert mo_bytes(parse_catalog(path.read_text("utf-8"))) == msgfmt(reference)


def test_compile_catalogs_in_several_processes_writes_every_file(tmp_path: Path) -> None:
    jobs = []
    for number in range(12):
        po = tmp_path / f"c{number}.po"
        po.write_text(CATALOG.replace("Ce se întâmplă?", f"Ce se întâmplă {number}?"), encoding="utf-8")
        jobs.append((po, po.with_suffix(".mo")))
    results = compile_catalogs(jobs, processes=3)
    assert [r.mo for r in results] == [mo for _, mo in jobs]
    for po, mo in jobs:
        assert mo.read_bytes() == msgfmt(po)


# -- the command --------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "l10n.toml").write_text('languages = ["ro", "pl"]\n', encoding="utf-8")
    for lang in ("ro", "pl"):
        folder = tmp_path / "locales" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "spring.po").write_text(CATALOG, encoding="utf-8")
    return tmp_path


def run(project: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(project / "l10n.toml"), *args], catch_exceptions=False)


def test_compile_command_writes_mo_files_gettext_can_load(project: Path) -> None:
    result = run(project, "compile")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "locales/ro/LC_MESSAGES/spring.mo: 5 messages (2 fuzzy and 1 untranslated left out)",
        "locales/pl/LC_MESSAGES/spring.mo: 5 messages (2 fuzzy and 1 untranslated left out)",
        "2 catalogs compiled, 2 written",
    ]
    translation = gettext.translation("spring", str(project / "locales"), ["ro"])
    assert translation.gettext("What is happening?") == "Ce se întâmplă?"
    assert translation.pgettext("title", "Spring") == "Primăvara (titlu)"
    po = project / "locales" / "ro" / "LC_MESSAGES" / "spring.po"
    assert (project / "locales" / "ro" / "LC_MESSAGES" / "spring.mo").read_bytes() == msgfmt(po)


def test_compile_again_leaves_mo_files_untouched(project: Path) -> None:
    run(project, "compile")
    mo = project / "locales" / "ro" / "LC_MESSAGES" / "spring.mo"
    before = mo.stat().st_mtime_ns
    result = run(project, "compile", "--lang", "ro")
    assert result.output.splitlines() == [
        "locales/ro/LC_MESSAGES/spring.mo: 5 messages (2 fuzzy and 1 untranslated left out), unchanged",
        "1 catalog compiled, 0 written",
    ]
    assert mo.stat().st_mtime_ns == before


def test_use_fuzzy_includes_fuzzy_entries_and_drafts(project: Path) -> None:
    result = run(project, "compile", "--lang", "pl", "--use-fuzzy")
    assert result.output.splitlines()[0] == "locales/pl/LC_MESSAGES/spring.mo: 7 messages (1 untranslated left out)"
    translation = gettext.translation("spring", str(project / "locales"), ["pl"])
    assert translation.gettext("Replication workshops") == "Workshop-uri de replicare"
    po = project / "locales" / "pl" / "LC_MESSAGES" / "spring.po"
    assert (po.with_suffix(".mo")).read_bytes() == msgfmt(po, use_fuzzy=True)


def test_malformed_catalog_is_named_with_its_line(project: Path) -> None:
    po = project / "locales" / "pl" / "LC_MESSAGES" / "spring.po"
    po.write_text(CATALOG + '\nmsgid "broken"\nnonsense here\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(project / "l10n.toml"), "compile"])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {po}:")
    assert len(result.output.splitlines()) == 1
    # The other catalog is compiled all the same.
    assert (project / "locales" / "ro" / "LC_MESSAGES" / "spring.mo").exists()
    assert not po.with_suffix(".mo").exists()


def test_duplicate_entries_are_refused_as_msgfmt_refuses_them(project: Path) -> None:
    po = project / "locales" / "ro" / "LC_MESSAGES" / "spring.po"
    po.write_text(CATALOG + '\nmsgctxt "title"\nmsgid "Spring"\nmsgstr "Iar"\n', encoding="utf-8")
    line = len(CATALOG.splitlines()) + 2  # the msgctxt line of the second definition
    result = CliRunner().invoke(main, ["--config", str(project / "l10n.toml"), "compile", "--lang", "ro"])
    assert result.exit_code == 2
    assert result.output == f"Error: {po}:{line}: duplicate message definition (first at line 20)\n"
    assert subprocess.run(["msgfmt", "-o", os.devnull, str(po)], capture_output=True).returncode == 1


def test_non_utf8_catalog_is_refused(project: Path) -> None:
    po = project / "locales" / "ro" / "LC_MESSAGES" / "spring.po"
    po.write_bytes(CATALOG.encode("utf-8").replace("Ce se".encode(), b"\xff\xfe"))
    result = CliRunner().invoke(main, ["--config", str(project / "l10n.toml"), "compile", "--lang", "ro"])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {po}:") and "not valid UTF-8" in result.output


def test_unknown_language_is_refused(project: Path) -> None:
    result = CliRunner().invoke(main, ["--config", str(project / "l10n.toml"), "compile", "--lang", "xx_YY"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: unknown language 'xx_YY'")


def test_no_catalogs_is_said(tmp_path: Path) -> None:
    (tmp_path / "l10n.toml").write_text('languages = ["de"]\n', encoding="utf-8")
    result = run(tmp_path, "compile")
    assert result.exit_code == 0
    assert result.output == "no catalogs to compile under locales\n"
    assert not os.path.exists(tmp_path / "locales")
