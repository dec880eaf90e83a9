"""``l10n signoff``: sign-off by rule, and sign-offs surviving the GNU gettext tools."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from review_helpers import TODAY, catalog_text, digest

from l10n.cli import main
from l10n.catalogs.pofile import format_catalog, read_catalog, write_catalog
from l10n.catalogs.states import State, is_stale, sign_off_of, state_of

BLOCKS = [
    """\
# draft: deepl 2026-11-20 score=0.87
#. heading
#: source/issue-1.md:3
#, fuzzy
msgid "Integration strategies"
msgstr "Strategiile de integrare"
""",
    """\
#. paragraph
#: source/issue-1.md:5
#, fuzzy
#| msgid "We have begun the last phase of the project."
msgid "We have entered the last phase of the project."
msgstr "Am început ultima fază a proiectului."
""",
    """\
#. list item
#: source/issue-1.md:7
msgid "Cluj, Romania"
msgstr "Cluj, România"
""",
    """\
# reviewed: Ion Ionescu 2026-11-01 000000000000
#. table cell
#: source/issue-1.md:11
msgid "Resources"
msgstr "Resurse"
""",
    f"""\
# reviewed: Ion Ionescu 2026-11-01 {digest("EPI newsletter", "Buletinul EPI", "title")}
#. front matter
#: source/issue-1.md:1
msgctxt "title"
msgid "EPI newsletter"
msgstr "Buletinul EPI"
""",
    """\
#. paragraph
#: source/issue-1.md:13
msgid "Monza, Italy"
msgstr ""
""",
]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with one issue and its Romanian catalog; returns the catalog's path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("L10N_REVIEWER", raising=False)
    (tmp_path / "l10n.toml").write_text('languages = ["ro"]\nreviewer = "Ana Pop"\n', "utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "issue-1.md").write_text("# Integration strategies\n", "utf-8")
    path = tmp_path / "locales" / "ro" / "LC_MESSAGES" / "issue-1.po"
    path.parent.mkdir(parents=True)
    path.write_text(catalog_text(BLOCKS), "utf-8")
    assert format_catalog(read_catalog(path)) == catalog_text(BLOCKS)
    return path


def run(*args: str, env: dict[str, str | None] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def signed(msgid: str, msgstr: str, msgctxt: str | None = None, *, name: str = "Ana Pop") -> str:
    return f"# reviewed: {name} {TODAY} {digest(msgid, msgstr, msgctxt)}"


# -- choosing what to sign ----------------------------------------------------------------


def test_all_translated_signs_unreviewed_and_stale_entries_only(project: Path) -> None:
    result = run("signoff", "--lang", "ro", "--all-translated")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"ro issue-1: signed off 2 entries\n2 sign-offs by Ana Pop on {TODAY} in 1 catalog\n"
    expected = list(BLOCKS)
    expected[2] = signed("Cluj, Romania", "Cluj, România") + "\n" + BLOCKS[2]
    # Re-signing replaces the old sign-off line.
    expected[3] = BLOCKS[3].replace("# reviewed: Ion Ionescu 2026-11-01 000000000000",
                                    signed("Resources", "Resurse"))
    assert project.read_text("utf-8") == catalog_text(expected)


def test_match_signs_a_draft_keeping_its_provenance(project: Path) -> None:
    result = run("signoff", "--lang", "ro", "--match", "STRATEG")
    assert result.exit_code == 0
    expected = list(BLOCKS)
    expected[0] = f"""\
# draft: deepl 2026-11-20 score=0.87
{signed("Integration strategies", "Strategiile de integrare")}
#. heading
#: source/issue-1.md:3
msgid "Integration strategies"
msgstr "Strategiile de integrare"
"""
    assert project.read_text("utf-8") == catalog_text(expected)


def test_match_signs_a_fuzzy_entry_dropping_the_previous_source(project: Path) -> None:
    result = run("signoff", "--lang", "ro", "--match", "ultima fază")
    assert result.exit_code == 0
    expected = list(BLOCKS)
    expected[1] = f"""\
{signed("We have entered the last phase of the project.", "Am început ultima fază a proiectului.")}
#. paragraph
#: source/issue-1.md:5
msgid "We have entered the last phase of the project."
msgstr "Am început ultima fază a proiectului."
"""
    assert project.read_text("utf-8") == catalog_text(expected)


def test_both_filters_narrow_each_other(project: Path) -> None:
    result = run("signoff", "--lang", "ro", "--all-translated", "--match", "integra")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "ro issue-1: signed off 0 entries"
    assert project.read_text("utf-8") == catalog_text(BLOCKS)


def test_signing_again_changes_nothing(project: Path) -> None:
    assert run("signoff", "--lang", "ro", "--all-translated").exit_code == 0
    before = project.read_bytes()
    result = run("signoff", "--lang", "ro", "--all-translated", "--reviewer", "Eva")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "ro issue-1: signed off 0 entries"
    assert project.read_bytes() == before


def test_without_a_filter_nothing_is_signed(project: Path) -> None:
    result = run("signoff", "--lang", "ro")
    assert result.exit_code == 2
    assert "say what to sign off: --all-translated, --match TEXT, or both" in result.stderr
    assert project.read_text("utf-8") == catalog_text(BLOCKS)


def test_missing_catalog_is_reported_and_others_signed(project: Path) -> None:
    (project.parents[3] / "source" / "issue-2.md").write_text("# Two\n", "utf-8")
    result = run("signoff", "--lang", "ro", "--all-translated")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "ro issue-1: signed off 2 entries",
        "ro issue-2: no catalog (locales/ro/LC_MESSAGES/issue-2.po)",
        f"2 sign-offs by Ana Pop on {TODAY} in 1 catalog",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "xx"], "unknown language 'xx'"),
        (["--lang", "ro", "issue-9"], "unknown issue 'issue-9' (issues: issue-1)"),
    ],
    ids=["unknown-language", "unknown-issue"],
)
def test_bad_arguments_exit_2_and_touch_nothing(project: Path, args: list[str], message: str) -> None:
    result = run("signoff", "--all-translated", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    assert message in result.stderr
    assert project.read_text("utf-8") == catalog_text(BLOCKS)


# -- the reviewer's name ------------------------------------------------------------------


def test_no_reviewer_exits_2_naming_the_three_ways_and_touches_nothing(project: Path) -> None:
    (project.parents[3] / "l10n.toml").write_text('languages = ["ro"]\n', "utf-8")
    before = project.read_bytes()
    result = run("signoff", "--lang", "ro", "--all-translated")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: no reviewer name: give --reviewer NAME, set the L10N_REVIEWER environment variable, "
        'or set reviewer = "NAME" in [tool.l10n]\n'
    )
    assert project.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "env", "name"),
    [
        (["--reviewer", "Eva Nagy"], {"L10N_REVIEWER": "Ion Pop"}, "Eva Nagy"),
        ([], {"L10N_REVIEWER": "Ion Pop"}, "Ion Pop"),
        ([], {}, "Ana Pop"),
    ],
    ids=["option", "environment", "configuration"],
)
def test_reviewer_name_sources(project: Path, args: list[str], env: dict[str, str], name: str) -> None:
    result = run("signoff", "--lang", "ro", "--match", "Cluj", *args, env=env)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == f"1 sign-off by {name} on {TODAY} in 1 catalog"
    entry = read_catalog(project).find("Cluj, Romania")
    assert entry.tcomment == signed("Cluj, Romania", "Cluj, România", name=name)[2:]


# -- surviving the GNU tools --------------------------------------------------------------


def write_template(catalog: Path, template: Path) -> None:
    """The template the catalog was made from: the same entries, without translations."""
    pot = read_catalog(catalog)
    for entry in pot:
        entry.msgstr = ""
        entry.tcomment = ""
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.previous_msgid = None
    template.write_text(format_catalog(pot), "utf-8")


def sign_everything(project: Path) -> list[tuple[str | None, str, State, str | None]]:
    """Sign off every translated entry; return each entry's key, state and sign-off."""
    assert run("signoff", "--lang", "ro", "--all-translated").exit_code == 0
    assert run("signoff", "--lang", "ro", "--match", "a").exit_code == 0
    return states(project)


def states(path: Path) -> list[tuple[str | None, str, State, str | None]]:
    rows = []
    for entry in read_catalog(path):
        found = sign_off_of(entry)
        rows.append((entry.msgctxt, entry.msgid, state_of(entry), found and f"{found.name} {found.date}"))
    return rows


def test_sign_offs_survive_msgmerge_previous_with_the_same_template(project: Path, tmp_path: Path) -> None:
    before = sign_everything(project)
    assert [row[2] for row in before] == [State.REVIEWED] * 5 + [State.UNTRANSLATED]
    template = tmp_path / "issue-1.pot"
    write_template(project, template)
    merged = tmp_path / "merged.po"
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(merged), str(project), str(template)], check=True)
    assert states(merged) == before


def test_sign_offs_survive_msgcat(project: Path, tmp_path: Path) -> None:
    before = sign_everything(project)
    out = tmp_path / "cat.po"
    subprocess.run(["msgcat", "-o", str(out), str(project)], check=True)
    assert states(out) == before


def test_signed_catalog_passes_msgfmt_check(project: Path, tmp_path: Path) -> None:
    sign_everything(project)
    check = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "issue-1.mo"), str(project)],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr


def test_a_source_change_through_msgmerge_makes_the_sign_off_stale(project: Path, tmp_path: Path) -> None:
    sign_everything(project)
    template = tmp_path / "issue-1.pot"
    write_template(project, template)
    template.write_text(template.read_text("utf-8").replace('"Cluj, Romania"', '"Cluj-Napoca, Romania"'), "utf-8")
    subprocess.run(["msgmerge", "--quiet", "--previous", "-U", "--backup=off", str(project), str(template)],
                   check=True)
    entry = read_catalog(project).find("Cluj-Napoca, Romania")
    assert entry.previous_msgid == "Cluj, Romania"
    assert is_stale(entry) and state_of(entry) is State.FUZZY
    line = project.read_text("utf-8").splitlines().index(signed("Cluj, Romania", "Cluj, România")) + 1
    result = run("review", "--list")
    assert result.exit_code == 0
    stale = [row for row in result.stdout.splitlines() if row.startswith("  stale: ")]
    assert stale == [
        f"  stale: locales/ro/LC_MESSAGES/issue-1.po:{line}: 'Cluj-Napoca, Romania' (signed by Ana Pop on {TODAY})"
    ]


# -- surviving l10n update ----------------------------------------------------------------

ISSUE_TEXT = """\
---
title: EPI newsletter
---

# Integration strategies

We have entered the last phase of the project.

- Cluj, Romania
- Monza, Italy
"""

TRANSLATIONS = {
    "EPI newsletter": "Buletinul EPI",
    "Integration strategies": "Strategiile de integrare",
    "We have entered the last phase of the project.": "Am intrat în ultima fază a proiectului.",
    "Cluj, Romania": "Cluj, România",
    "Monza, Italy": "Monza, Italia",
}


@pytest.fixture
def pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project taken through extract and update, translated and signed off; returns the catalog."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("L10N_REVIEWER", raising=False)
    (tmp_path / "l10n.toml").write_text('languages = ["ro"]\nreviewer = "Ana Pop"\n', "utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "issue-1.md").write_text(ISSUE_TEXT, "utf-8")
    assert run("extract").exit_code == 0
    assert run("update").exit_code == 0
    path = tmp_path / "locales" / "ro" / "LC_MESSAGES" / "issue-1.po"
    catalog = read_catalog(path)
    for entry in catalog:
        entry.msgstr = TRANSLATIONS[entry.msgid]
    write_catalog(path, catalog)
    result = run("signoff", "--lang", "ro", "--all-translated")
    assert result.stdout.splitlines()[0] == "ro issue-1: signed off 5 entries"
    return path


def test_sign_offs_survive_l10n_update(pipeline: Path) -> None:
    before = states(pipeline)
    assert [row[2] for row in before] == [State.REVIEWED] * 5
    assert run("extract").exit_code == 0
    result = run("update")
    assert result.exit_code == 0, result.output
    assert states(pipeline) == before


def test_a_source_change_through_l10n_update_makes_the_sign_off_stale(pipeline: Path) -> None:
    source = pipeline.parents[3] / "source" / "issue-1.md"
    source.write_text(ISSUE_TEXT.replace("the last phase", "the final phase"), "utf-8")
    assert run("extract").exit_code == 0
    assert run("update").exit_code == 0
    changed = read_catalog(pipeline).find("We have entered the final phase of the project.")
    assert changed.previous_msgid == "We have entered the last phase of the project."
    assert is_stale(changed)
    assert [row[2] for row in states(pipeline)] == [State.REVIEWED] * 2 + [State.FUZZY] + [State.REVIEWED] * 2
    line = pipeline.read_text("utf-8").splitlines().index(
        signed("We have entered the last phase of the project.", "Am intrat în ultima fază a proiectului.")) + 1
    result = run("review", "--list")
    assert result.stdout.splitlines() == [
        "ro issue-1: 4 of 5 entries reviewed, 1 stale",
        f"  Ana Pop  {TODAY}  4 current, 1 stale",
        (f"  stale: locales/ro/LC_MESSAGES/issue-1.po:{line}: 'We have entered the final phase of the project.' "
         f"(signed by Ana Pop on {TODAY})"),
    ]
