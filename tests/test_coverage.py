"""Coverage counts: entry states and source words per catalog, totals, and CI gates."""

from __future__ import annotations

import re

from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from status_helpers import WORDS, make_project, msgfmt_statistics, write_states

from l10n.cli import main
from l10n.coverage.counts import (
    Bar,
    Tally,
    check_gates,
    compute_coverage,
    count_words,
    coverage_of_catalog,
    load_gates,
    read_entries,
)
from l10n.errors import CatalogError
from l10n.catalogs.pofile import read_catalog, write_catalog
from l10n.catalogs.states import REVIEWED_PREFIX, draft_line, set_comment_line, sign_off_line

DATA = Path(__file__).parent / "data" / "status"
REAL_CATALOGS = sorted(DATA.glob("*.po"))


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(root / "l10n.toml"), "status", *args])


# -- words -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Pilot actions", 2),
        ("What is **new** in Cluj", 5),
        ("We met in [Cartagena](https://example.org/cartagena) on 31 March.", 7),
        ("Read more at https://epi.example/news or write to `info`.", 6),
        ("See <https://epi.example/a-b-c> now", 2),
        ("Mail <team@epi.example> or office@epi.example today", 3),
        ("foo**bar**baz is one word", 4),
        ("![A map of Riga](map.png) shows it", 6),
        ('[the site](https://x.example "Its title")', 2),
        ("<b>bold</b> and <em>lean</em> text", 4),
        ("line one<br>line two", 4),
        ("It's a well-known 3.5 % rise, 1,000 people at 10:30", 9),
        ("Întâlnirea transnațională din Cartagena, Spania", 5),
        ("Встреча в Риге", 3),
        ("Tom &amp; Jerry", 2),
        ("snake_case_name", 3),
        ("*** --- !!!", 0),
        ("", 0),
    ],
    ids=lambda value: value if isinstance(value, str) and value else None,
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


_word = st.text(alphabet=st.characters(categories=("Lu", "Ll", "Nd")), min_size=1, max_size=8)


@given(st.lists(_word, min_size=0, max_size=12))
def test_plain_words_are_counted_one_each(words: list[str]) -> None:
    assert count_words(" ".join(words)) == len(words)


@given(st.lists(_word, min_size=1, max_size=8), st.sampled_from(["**{}**", "*{}*", "[{}](https://a.example/x_y)",
                                                                 "_{}_", "<span>{}</span>"]))
def test_markup_around_words_adds_none(words: list[str], wrapper: str) -> None:
    text = " ".join(words)
    assert count_words(wrapper.format(text)) == len(words)


# -- entry states against msgfmt ---------------------------------------------------------

_entry_spec = st.fixed_dictionaries({
    "plural": st.booleans(),
    "context": st.booleans(),
    "forms": st.lists(st.booleans(), min_size=3, max_size=3),  # which msgstr forms are non-empty
    "fuzzy": st.booleans(),
    "comment": st.sampled_from(["", "draft", "reviewed", "stale"]),
    "obsolete": st.integers(0, 5).map(lambda n: n == 0),
})


def _catalog_from_specs(specs: list[dict]) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "pl",
        "Plural-Forms": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    }
    for number, spec in enumerate(specs):
        entry = polib.POEntry(msgid=f"Entry {number} with **some** words",
                              msgctxt=f"key{number % 3}" if spec["context"] else None)
        texts = [f"Form {i} of {number}" if filled else "" for i, filled in enumerate(spec["forms"])]
        if spec["plural"]:
            entry.msgid_plural = f"Entries {number} with words"
            entry.msgstr_plural = dict(enumerate(texts))
        else:
            entry.msgstr = texts[0]
        if spec["fuzzy"]:
            entry.flags.append("fuzzy")
        if spec["comment"] == "draft":
            entry.tcomment = draft_line("tm", "2026-03-01")
        elif spec["comment"] == "reviewed":
            set_comment_line(entry, REVIEWED_PREFIX, sign_off_line("Ana", "2026-03-02", entry))
        elif spec["comment"] == "stale":
            entry.tcomment = "reviewed: Ana 2026-03-02 0123456789ab"
        entry.obsolete = spec["obsolete"]
        catalog.append(entry)
    return catalog


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_entry_spec, min_size=0, max_size=14))
def test_counts_equal_msgfmt_statistics_on_generated_catalogs(tmp_path: Path, specs: list[dict]) -> None:
    path = tmp_path / "generated.po"
    write_catalog(path, _catalog_from_specs(specs))
    entries = coverage_of_catalog(read_catalog(path)).entries
    # msgfmt counts a plural entry by its first form; here one empty form leaves the entry
    # untranslated (docs/DESIGN.md, "Entry states"): compare with msgfmt on the catalog whose
    # incomplete plural entries are emptied.
    reference = tmp_path / "reference.po"
    complete = [{**spec, "forms": spec["forms"] if all(spec["forms"]) or not spec["plural"] else [False] * 3}
                for spec in specs]
    write_catalog(reference, _catalog_from_specs(complete))
    assert (entries.translated, entries.fuzzy, entries.untranslated) == msgfmt_statistics(reference)
    assert entries.total == sum(1 for spec in specs if not spec["obsolete"])
    assert entries.draft <= entries.fuzzy and entries.reviewed <= entries.translated


@pytest.mark.parametrize("path", REAL_CATALOGS, ids=[p.name for p in REAL_CATALOGS])
def test_counts_equal_msgfmt_statistics_on_real_world_catalogs(path: Path, tmp_path: Path) -> None:
    catalog = read_catalog(path)
    entries = coverage_of_catalog(catalog).entries
    # A plural entry with an empty form is untranslated here (msgfmt looks at the first form
    # only): compare with msgfmt on the catalog whose incomplete plural entries are emptied.
    for entry in catalog:
        if entry.msgid_plural and not all(entry.msgstr_plural.values()):
            entry.msgstr_plural = {i: "" for i in entry.msgstr_plural}
    reference = tmp_path / "reference.po"
    write_catalog(reference, catalog)
    assert (entries.translated, entries.fuzzy, entries.untranslated) == msgfmt_statistics(reference)
    assert entries.translated + entries.fuzzy + entries.untranslated == entries.total


def test_real_world_catalogs_cover_plurals_contexts_fuzzy_and_obsolete_entries() -> None:
    entries = [entry for path in REAL_CATALOGS for entry in read_catalog(path)]
    assert any(e.msgid_plural for e in entries)
    assert any(e.msgctxt for e in entries)
    assert any("fuzzy" in e.flags for e in entries if not e.obsolete)
    assert any(e.obsolete for e in entries)


PARTIAL_PLURAL = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ro\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
    'msgid "one file"\nmsgid_plural "many files"\nmsgstr[0] "un  fișier"\nmsgstr[1] ""\n\n'
    'msgid "one day"\nmsgid_plural "many days"\nmsgstr[0] "o  zi"\nmsgstr[1] "zile"\n'
)


def test_a_plural_entry_with_an_empty_form_is_untranslated_for_every_command(tmp_path: Path) -> None:
    """status, the .mo file, check and the entry state agree on one rule."""
    import gettext

    from l10n.catalogs.compile import compile_catalog
    from l10n.catalogs.states import State, state_of
    from l10n.checks import check_catalog

    path = tmp_path / "plural.po"
    path.write_text(PARTIAL_PLURAL, encoding="utf-8")
    catalog = read_catalog(path)
    assert [state_of(e) for e in catalog] == [State.UNTRANSLATED, State.TRANSLATED]
    entries = coverage_of_catalog(catalog).entries
    assert (entries.translated, entries.fuzzy, entries.untranslated) == (1, 0, 1)
    mo = tmp_path / "plural.mo"
    compile_catalog(path, mo)
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.ngettext("one file", "many files", 2) == "many files"
    assert translations.ngettext("one day", "many days", 2) == "zile"
    # Both first forms hold a doubled space; only the translated entry is checked.
    lines = [finding.line for finding in check_catalog(catalog, lang="ro")]
    assert catalog[1].linenum in lines and catalog[0].linenum not in lines


# -- reading ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    ['msgid "a"\nmsgstr "unterminated\n', '<<<<<<< HEAD\nmsgid "a"\nmsgstr "b"\n=======\n',
     'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n'],
    ids=["unterminated", "conflict", "duplicate"],
)
def test_a_malformed_catalog_is_an_error_naming_file_and_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "odd.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        read_entries(path)
    assert re.match(rf"{re.escape(str(path))}:\d+: ", str(raised.value))


# -- states and words per project catalog ------------------------------------------------

def test_each_state_is_counted_by_entries_and_words(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro",))
    path = write_states(config, "ro", "2026-03", "udtrsz")
    row = compute_coverage(config).row("2026-03", "ro")
    assert row.entries == Tally(total=6, untranslated=1, fuzzy=2, draft=1, translated=3, reviewed=1, stale=2)
    w = WORDS
    assert row.words == Tally(total=24, untranslated=w[0], fuzzy=w[1] + w[5], draft=w[1],
                              translated=w[2] + w[3] + w[4], reviewed=w[3], stale=w[4] + w[5])
    assert msgfmt_statistics(path) == (3, 2, 1)
    assert row.entries.percent_translated == 50.0
    assert row.words.percent_translated == pytest.approx(62.5)
    assert [(s.line, s.reviewer, s.date, s.msgid) for s in row.stale] == [
        (33, "Ana Pop", "2026-03-02", "Pilot actions"),
        (39, "Ana Pop", "2026-03-02", "Replication workshops"),
    ]
    assert read_catalog(path).find("Pilot actions").linenum == 33


def test_catalog_is_measured_against_its_template(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro",))
    write_states(config, "ro", "2026-03", "tt--tt")
    catalog = read_catalog(config.catalog_path("ro", "2026-03"))
    catalog.append(polib.POEntry(msgid="A paragraph the source dropped", msgstr="Un paragraf"))
    write_catalog(config.catalog_path("ro", "2026-03"), catalog)
    row = compute_coverage(config).row("2026-03", "ro")
    assert row.missing == 2
    assert (row.entries.total, row.entries.translated, row.entries.untranslated) == (6, 4, 2)
    assert row.words.untranslated == WORDS[2] + WORDS[3]


def test_language_without_catalog_is_a_zero_row_counted_from_the_template(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro", "de"))
    write_states(config, "ro", "2026-03", "tttttt")
    row = compute_coverage(config).row("2026-03", "de")
    assert not row.exists
    assert row.entries == Tally(total=6, untranslated=6)
    assert row.words == Tally(total=24, untranslated=24)
    assert row.entries.percent_translated == 0.0


def test_issue_without_template_is_counted_from_its_source(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("de",))
    config.template_path("2026-03").unlink()
    row = compute_coverage(config).row("2026-03", "de")
    assert row.entries == Tally(total=6, untranslated=6)
    assert row.words.total == 24


def test_totals_per_language_per_issue_and_overall(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro", "de"), issues=("2026-03", "2026-04"))
    write_states(config, "ro", "2026-03", "tttttt")
    write_states(config, "ro", "2026-04", "rrrfuu")
    write_states(config, "de", "2026-03", "tt-fuu")
    coverage = compute_coverage(config)
    assert coverage.issues == ("2026-03", "2026-04") and coverage.languages == ("ro", "de")
    by_language = {s.key: s for s in coverage.by_language}
    assert by_language["ro"].entries == Tally(total=12, untranslated=2, fuzzy=1, translated=9, reviewed=3)
    assert by_language["de"].entries == Tally(total=12, untranslated=9, fuzzy=1, translated=2)
    by_issue = {s.key: s for s in coverage.by_issue}
    assert by_issue["2026-04"].entries == Tally(total=12, untranslated=8, fuzzy=1, translated=3, reviewed=3)
    assert coverage.total.entries == by_language["ro"].entries + by_language["de"].entries
    assert coverage.total.words.total == 4 * 24 and coverage.total.catalogs == 4


def test_chosen_languages_and_issues_only(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro", "de"), issues=("2026-03", "2026-04"))
    coverage = compute_coverage(config, languages=["de"], issues=["2026-04.md"])
    assert [(r.issue, r.language) for r in coverage.rows] == [("2026-04", "de")]


def test_several_processes_count_the_same(tmp_path: Path) -> None:
    issues = tuple(f"2026-{n:02d}" for n in range(1, 7))
    config = make_project(tmp_path, languages=("ro", "de"), issues=issues)
    for number, issue in enumerate(issues):
        write_states(config, "ro", issue, "udtrsz"[number:] + "t" * number)
    assert compute_coverage(config, jobs=2).rows == compute_coverage(config, jobs=1).rows


# -- gates -------------------------------------------------------------------------------

def test_gate_fails_below_the_bar_with_one_line_per_issue_and_language(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro", "de"), issues=("2026-03", "2026-04"))
    write_states(config, "ro", "2026-03", "tttuuu")
    write_states(config, "ro", "2026-04", "tttttt")
    write_states(config, "de", "2026-03", "tttttu")
    result = run(tmp_path, "--fail-under", "60", "-f", "csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "ro 2026-03: 50.00% translated (by entries), below 60%",
        "de 2026-04: 0.00% translated (by entries), below 60%",
    ]
    assert len(result.stdout.splitlines()) == 5  # the report is still written


def test_gate_passes_at_the_bar(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro",))
    write_states(config, "ro", "2026-03", "tttuuu")
    result = run(tmp_path, "--fail-under", "50", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_reviewed_gate(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro",))
    write_states(config, "ro", "2026-03", "rrrrst")
    assert run(tmp_path, "--fail-under-reviewed", "66.66", "-f", "csv").exit_code == 0
    result = run(tmp_path, "--fail-under-reviewed", "66.67", "-f", "csv")
    assert result.exit_code == 1
    assert result.stderr == "ro 2026-03: 66.66% reviewed (by entries), below 66.67%\n"


def test_gate_by_words(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro",))
    write_states(config, "ro", "2026-03", "uttttt")  # 22 of 24 words, 5 of 6 entries
    assert run(tmp_path, "--fail-under", "90", "-f", "csv", "--by", "words").exit_code == 0
    result = run(tmp_path, "--fail-under", "90", "-f", "csv")
    assert result.exit_code == 1
    assert result.stderr == "ro 2026-03: 83.33% translated (by entries), below 90%\n"


def test_per_language_overrides_in_the_configuration(tmp_path: Path) -> None:
    toml = """
[gates]
fail_under = 80
fail_under_reviewed = 10

[gates.lv]
fail_under = 30
fail_under_reviewed = 0
"""
    config = make_project(tmp_path, languages=("ro", "lv"), toml=toml)
    write_states(config, "ro", "2026-03", "rtttuu")  # 66.66% translated, 16.66% reviewed
    write_states(config, "lv", "2026-03", "ttuuuu")  # 33.33% translated, 0% reviewed
    result = run(tmp_path, "-f", "csv")
    assert result.exit_code == 1
    assert result.stderr == "ro 2026-03: 66.66% translated (by entries), below 80%\n"
    # The command line replaces the general bar; the override for lv still holds.
    result = run(tmp_path, "-f", "csv", "--fail-under", "50")
    assert result.exit_code == 0, result.stderr
    result = run(tmp_path, "-f", "csv", "--fail-under", "50", "--fail-under-reviewed", "20")
    assert result.stderr == "ro 2026-03: 16.66% reviewed (by entries), below 20%\n"


def test_no_bar_means_no_gate(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro",))
    write_states(config, "ro", "2026-03", "uuuuuu")
    assert run(tmp_path, "-f", "csv").exit_code == 0


def test_empty_issue_passes_any_bar() -> None:
    from l10n.coverage.counts import CatalogCoverage, Coverage, Summary

    row = CatalogCoverage(issue="empty", language="ro", path="x.po", exists=True, entries=Tally(), words=Tally())
    coverage = Coverage(languages=("ro",), issues=("empty",), rows=(row,), by_language=(),
                        by_issue=(), total=Summary("", Tally(), Tally(), 1))
    assert check_gates(coverage, {"": Bar(100, 100)}) == []


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[gates]\nfail_under = 120\n", "[tool.l10n.gates] fail_under must be a percentage between 0 and 100"),
        ("[gates]\nby = \"lines\"\n", "[tool.l10n.gates] by must be one of entries, words"),
        ("[gates.zz-nope]\nfail_under = 5\n", "[tool.l10n.gates.zz-nope]: unknown language"),
    ],
    ids=["above-100", "unknown-unit", "unknown-language"],
)
def test_bad_gate_configuration_is_an_error(tmp_path: Path, toml: str, message: str) -> None:
    make_project(tmp_path, languages=("ro",), toml=toml)
    result = run(tmp_path, "-f", "csv")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {tmp_path / 'l10n.toml'}: {message}")
    assert result.stdout == ""


def test_load_gates_keeps_the_bars_of_every_language(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro", "de"), toml="[gates]\nfail_under = 70\n[gates.de]\nfail_under = 40\n")
    bars, unit = load_gates(config, fail_under_reviewed=5)
    assert unit == "entries"
    assert bars["ro"] == Bar(70, 5) and bars["de"] == Bar(40, 5) and bars[""] == Bar(70, 5)


# -- bad input ---------------------------------------------------------------------------

def test_malformed_catalog_names_file_and_line(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro",))
    path = write_states(config, "ro", "2026-03", "tttttt")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[20] = 'msgstr "unterminated'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}:21: ")
    assert len(result.stderr.splitlines()) == 1


def test_catalog_that_is_not_utf8_names_file_and_line(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro",))
    path = write_states(config, "ro", "2026-03", "tttttt")
    path.write_bytes(path.read_bytes().replace(b"[ro] Pilot", b"[ro] \xe9Pilot"))
    result = run(tmp_path)
    assert result.exit_code == 2
    offset = path.read_bytes().index(b"\xe9")
    line = path.read_bytes()[:offset].count(b"\n") + 1
    assert result.stderr == f"Error: {path}:{line}: not valid UTF-8 (byte 0xe9 at offset {offset})\n"


def test_error_in_a_worker_process_reaches_the_command_line(tmp_path: Path) -> None:
    issues = tuple(f"2026-{n:02d}" for n in range(1, 5))
    config = make_project(tmp_path, languages=("ro",), issues=issues)
    for issue in issues:
        write_states(config, "ro", issue, "tttttt")
    path = config.catalog_path("ro", "2026-03")
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr "[ro] Pilot actions"', 'msgstr "[ro] Pilot'),
                    encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        compute_coverage(config, jobs=2)
    assert str(raised.value).startswith(f"{path}:")
    assert raised.value.exit_code == 2


def test_unknown_language_and_issue(tmp_path: Path) -> None:
    make_project(tmp_path, languages=("ro",))
    result = run(tmp_path, "--lang", "xx-nope")
    assert result.exit_code == 2 and result.stderr.startswith("Error: unknown language 'xx-nope'")
    result = run(tmp_path, "2099-01")
    assert result.exit_code == 2 and "unknown issue '2099-01'" in result.stderr


def test_reports_name_linked_catalogs_and_folders_where_they_lead(tmp_path: Path) -> None:
    """Each folder is resolved once a run; the names are still Config.relative's."""
    config = make_project(tmp_path, languages=("ro", "de", "lv"), issues=("2026-03", "2026-04"))
    for language, issue in (("ro", "2026-03"), ("ro", "2026-04"), ("de", "2026-03"), ("lv", "2026-03")):
        write_states(config, language, issue, "tttuuu")
    # ro's folder is a link into the project, de's 2026-03 catalog a link out of it.
    moved = tmp_path / "shared" / "ro"
    moved.parent.mkdir()
    (config.locales_dir / "ro").rename(moved)
    (config.locales_dir / "ro").symlink_to(moved, target_is_directory=True)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.po"
    config.catalog_path("de", "2026-03").rename(outside)
    config.catalog_path("de", "2026-03").symlink_to(outside)
    coverage = compute_coverage(config)
    paths = {(row.issue, row.language): row.path for row in coverage.rows}
    assert paths == {(issue, language): config.relative(config.catalog_path(language, issue))
                     for issue in ("2026-03", "2026-04") for language in ("ro", "de", "lv")}
    assert paths[("2026-03", "ro")] == "shared/ro/LC_MESSAGES/2026-03.po"
    assert paths[("2026-03", "de")] == str(config.catalog_path("de", "2026-03"))
    assert paths[("2026-03", "lv")] == "locales/lv/LC_MESSAGES/2026-03.po"
