"""``l10n review``: the interactive sign-off, ``--list``, and the review core."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from review_helpers import TODAY, catalog_text, digest

from l10n.cli import main
from l10n.errors import ConfigError
from l10n.catalogs.pofile import format_catalog, parse_catalog, read_catalog
from l10n.review.session import (
    Decision,
    Reason,
    apply_decision,
    entries_to_review,
    format_word_diff,
    resolve_reviewer,
    word_diff,
)
from l10n.catalogs.states import State, is_stale, state_of

# One block per entry, in catalog order. The review queue is: draft, fuzzy, never reviewed,
# draft, stale; the reviewed title and the untranslated entry are not put before the reviewer.
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
# draft: tm 2026-11-21 score=0.64
#. paragraph
#: source/issue-1.md:9
#, fuzzy
msgid "The partners will meet in Cartagena."
msgstr "Partenerii se întâlnesc în Spania."
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
    for name in ("L10N_REVIEWER", "EDITOR", "VISUAL"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "l10n.toml").write_text('languages = ["ro"]\nreviewer = "Ana Pop"\n', "utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "issue-1.md").write_text("# Integration strategies\n", "utf-8")
    path = tmp_path / "locales" / "ro" / "LC_MESSAGES" / "issue-1.po"
    path.parent.mkdir(parents=True)
    path.write_text(catalog_text(BLOCKS), "utf-8")
    # The fixture must be in the layout our writer produces, or byte comparisons say nothing.
    assert format_catalog(read_catalog(path)) == catalog_text(BLOCKS)
    return path


def run(*args: str, input: str | None = None, env: dict[str, str | None] | None = None):
    return CliRunner().invoke(main, list(args), input=input, env=env)


# -- the interactive review ---------------------------------------------------------------


def test_scripted_review_saves_exactly_the_decisions(project: Path) -> None:
    keys = "a\n" "e\nAm intrat în ultima fază a proiectului.\n" "s\n" "r\n" "q\n"
    result = run("review", "--lang", "ro", input=keys)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "1 accepted, 1 edited, 1 skipped, 1 rejected; 1 not reached"
    expected = list(BLOCKS)
    expected[0] = f"""\
# draft: deepl 2026-11-20 score=0.87
# reviewed: Ana Pop {TODAY} {digest("Integration strategies", "Strategiile de integrare")}
#. heading
#: source/issue-1.md:3
msgid "Integration strategies"
msgstr "Strategiile de integrare"
"""
    expected[1] = f"""\
# reviewed: Ana Pop {TODAY} {digest("We have entered the last phase of the project.",
                                     "Am intrat în ultima fază a proiectului.")}
#. paragraph
#: source/issue-1.md:5
msgid "We have entered the last phase of the project."
msgstr "Am intrat în ultima fază a proiectului."
"""
    expected[3] = """\
#. paragraph
#: source/issue-1.md:9
msgid "The partners will meet in Cartagena."
msgstr ""
"""
    assert project.read_text("utf-8") == catalog_text(expected)


def test_review_shows_source_kind_place_translation_draft_and_word_diff(project: Path) -> None:
    result = run("review", "--lang", "ro", input="s\ns\nq\n")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    first = lines.index("[1/5] ro issue-1 · draft")
    assert lines[first:first + 6] == [
        "[1/5] ro issue-1 · draft",
        "source (heading, source/issue-1.md:3)",
        "  Integration strategies",
        "translation",
        "  Strategiile de integrare",
        "draft: deepl, 2026-11-20, score 0.87",
    ]
    second = lines.index("[2/5] ro issue-1 · fuzzy")
    assert lines[second:second + 6] == [
        "[2/5] ro issue-1 · fuzzy",
        "source (paragraph, source/issue-1.md:5)",
        "  We have entered the last phase of the project.",
        "translation",
        "  Am început ultima fază a proiectului.",
        "previous source: We have [-begun-] {+entered+} the last phase of the project.",
    ]


def test_review_shows_the_findings_of_the_qa_checks(project: Path) -> None:
    checks = pytest.importorskip("l10n.checks")
    edit_block(project, 'msgid "The partners will meet in Cartagena."\nmsgstr "Partenerii se întâlnesc în Spania."',
               'msgid "Read the [EMN bulletin](https://emn.eu/b)."\nmsgstr "Citiți [buletinul](https://emn.eu/x)."')
    entry = read_catalog(project).find("Read the [EMN bulletin](https://emn.eu/b).")
    findings = checks.check_entry(entry, "ro")
    assert "links" in [finding.check for finding in findings]
    result = run("review", "--lang", "ro", input="s\ns\ns\nq\n")
    lines = result.stdout.splitlines()
    draft = lines.index("draft: tm, 2026-11-21, score 0.64")
    assert lines[draft + 1:draft + 1 + len(findings)] == [
        f"QA {finding.severity.value}: {finding.check}: {finding.message}" for finding in findings
    ]


def test_review_lists_stale_sign_offs_and_never_reviewed_entries(project: Path) -> None:
    result = run("review", "--lang", "ro", input="s\ns\ns\ns\ns\n")
    assert result.exit_code == 0
    titles = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert titles == [
        "[1/5] ro issue-1 · draft",
        "[2/5] ro issue-1 · fuzzy",
        "[3/5] ro issue-1 · never reviewed",
        "[4/5] ro issue-1 · draft",
        "[5/5] ro issue-1 · stale sign-off",
    ]
    assert result.stdout.splitlines()[-1] == "0 accepted, 0 edited, 5 skipped, 0 rejected; 0 not reached"
    assert project.read_text("utf-8") == catalog_text(BLOCKS)


def test_back_returns_to_the_previous_entry_and_the_new_decision_replaces_the_old(project: Path) -> None:
    result = run("review", "--lang", "ro", input="a\nb\nr\nq\n")
    assert result.exit_code == 0
    blocks = list(BLOCKS)
    blocks[0] = """\
#. heading
#: source/issue-1.md:3
msgid "Integration strategies"
msgstr ""
"""
    assert project.read_text("utf-8") == catalog_text(blocks)
    titles = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert titles == [
        "[1/5] ro issue-1 · draft",
        "[2/5] ro issue-1 · fuzzy",
        "[1/5] ro issue-1 · reviewed",
        "[2/5] ro issue-1 · fuzzy",
    ]


def test_accepting_an_entry_left_empty_is_refused(project: Path) -> None:
    result = run("review", "--lang", "ro", input="r\nb\na\nq\n")
    assert result.exit_code == 0
    assert "nothing to accept: the entry has no translation" in result.stdout.splitlines()
    assert "[1/5] ro issue-1 · untranslated" in result.stdout.splitlines()


def test_edit_in_the_editor(project: Path) -> None:
    editor = "sed -i -e 's/Strategiile/Strategii/'"
    result = run("review", "--lang", "ro", input="e\nq\n", env={"EDITOR": editor})
    assert result.exit_code == 0, result.output
    entry = read_catalog(project).find("Integration strategies")
    assert entry.msgstr == "Strategii de integrare"
    assert state_of(entry) is State.REVIEWED
    assert entry.tcomment == (
        "draft: deepl 2026-11-20 score=0.87\n"
        f"reviewed: Ana Pop {TODAY} {digest('Integration strategies', 'Strategii de integrare')}"
    )


def test_edit_left_unchanged_asks_again_and_writes_nothing(project: Path) -> None:
    result = run("review", "--lang", "ro", input="e\n\nq\n")
    assert result.exit_code == 0
    assert "translation unchanged" in result.stdout.splitlines()
    assert project.read_text("utf-8") == catalog_text(BLOCKS)


def test_a_failing_editor_leaves_the_entry_and_asks_again(project: Path) -> None:
    result = run("review", "--lang", "ro", input="e\nq\n", env={"EDITOR": "sh -c 'exit 3' editor"})
    assert result.exit_code == 0
    assert "sh -c 'exit 3' editor: Editing failed" in result.stdout.splitlines()
    assert "translation unchanged" in result.stdout.splitlines()
    assert project.read_text("utf-8") == catalog_text(BLOCKS)


def test_end_of_input_halfway_keeps_the_decisions_made(project: Path) -> None:
    result = run("review", "--lang", "ro", input="a\n")
    assert result.exit_code == 130
    assert result.stderr == "Error: interrupted; every decision so far is saved\n"
    assert result.stdout.splitlines()[-1] == "1 accepted, 0 edited, 0 skipped, 0 rejected; 4 not reached"
    catalog = read_catalog(project)
    assert state_of(catalog.find("Integration strategies")) is State.REVIEWED
    assert project.read_text("utf-8").split("\n\n")[2:] == catalog_text(BLOCKS).split("\n\n")[2:]


def test_ctrl_c_in_the_editor_keeps_the_decisions_made(project: Path) -> None:
    # The "editor" sends SIGINT to the review process, as a Ctrl-C in the terminal would.
    result = run("review", "--lang", "ro", input="a\ne\n", env={"EDITOR": "sh -c 'kill -INT $PPID; sleep 1' editor"})
    assert result.exit_code == 130
    assert result.stderr == "Error: interrupted; every decision so far is saved\n"
    catalog = read_catalog(project)
    assert state_of(catalog.find("Integration strategies")) is State.REVIEWED
    assert project.read_text("utf-8").split("\n\n")[2:] == catalog_text(BLOCKS).split("\n\n")[2:]
    assert not list(project.parent.glob("*.tmp"))


def test_accept_changes_no_other_byte(project: Path) -> None:
    before = project.read_bytes()
    result = run("review", "--lang", "ro", input="s\ns\na\nq\n")
    assert result.exit_code == 0
    after = project.read_bytes()
    old_blocks, new_blocks = before.split(b"\n\n"), after.split(b"\n\n")
    assert len(old_blocks) == len(new_blocks)
    changed = [i for i, (old, new) in enumerate(zip(old_blocks, new_blocks)) if old != new]
    assert changed == [3]  # header, then the entries: the third entry is the one accepted
    assert new_blocks[3] == (
        f"# reviewed: Ana Pop {TODAY} {digest('Cluj, Romania', 'Cluj, România')}\n"
        "#. list item\n#: source/issue-1.md:7\n"
        'msgid "Cluj, Romania"\nmsgstr "Cluj, România"'
    ).encode()


def test_accept_in_a_catalog_msgmerge_wrote_changes_no_other_byte(project: Path, tmp_path: Path) -> None:
    pot = read_catalog(project)
    for entry in pot:
        entry.msgstr, entry.tcomment, entry.flags, entry.previous_msgid = "", "", [], None
    (tmp_path / "issue-1.pot").write_text(format_catalog(pot), "utf-8")
    subprocess.run(["msgmerge", "--quiet", "--previous", "-U", "--backup=off", str(project),
                    str(tmp_path / "issue-1.pot")], check=True)
    before = project.read_bytes().split(b"\n\n")
    result = run("review", "--lang", "ro", input="s\na\nq\n")
    assert result.exit_code == 0
    after = project.read_bytes().split(b"\n\n")
    assert len(before) == len(after)
    assert [i for i, (old, new) in enumerate(zip(before, after)) if old != new] == [2]


def test_signed_catalog_passes_msgfmt_check(project: Path, tmp_path: Path) -> None:
    result = run("review", "--lang", "ro", input="a\na\na\na\na\n")
    assert result.exit_code == 0
    check = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(project)],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    assert [state_of(e) for e in read_catalog(project)] == [State.REVIEWED] * 6 + [State.UNTRANSLATED]


def test_nothing_to_review(project: Path) -> None:
    run("review", "--lang", "ro", input="a\na\na\na\na\n")
    result = run("review", "--lang", "ro")
    assert result.exit_code == 0
    assert result.stdout == "nothing to review\n"


# -- the reviewer's name ------------------------------------------------------------------

NO_REVIEWER = (
    "Error: no reviewer name: give --reviewer NAME, set the L10N_REVIEWER environment variable, "
    'or set reviewer = "NAME" in [tool.l10n]\n'
)


def test_review_without_reviewer_exits_2_and_leaves_the_catalog(project: Path) -> None:
    (project.parents[3] / "l10n.toml").write_text('languages = ["ro"]\n', "utf-8")
    before = project.read_bytes()
    result = run("review", "--lang", "ro", input="a\na\n")
    assert result.exit_code == 2
    assert result.stderr == NO_REVIEWER
    assert project.read_bytes() == before


def test_reviewer_from_the_environment_signs(project: Path) -> None:
    (project.parents[3] / "l10n.toml").write_text('languages = ["ro"]\n', "utf-8")
    result = run("review", "--lang", "ro", input="a\nq\n", env={"L10N_REVIEWER": "Maria Pop"})
    assert result.exit_code == 0
    assert read_catalog(project).find("Integration strategies").tcomment.endswith(
        f"reviewed: Maria Pop {TODAY} {digest('Integration strategies', 'Strategiile de integrare')}")


def test_reviewer_option_beats_environment_beats_configuration() -> None:
    assert resolve_reviewer("Ana", {"L10N_REVIEWER": "Ion"}, "Eva") == "Ana"
    assert resolve_reviewer(None, {"L10N_REVIEWER": "Ion"}, "Eva") == "Ion"
    assert resolve_reviewer(None, {}, "Eva") == "Eva"
    assert resolve_reviewer("  Ana\n  Pop ", {}, None) == "Ana Pop"
    with pytest.raises(ConfigError):
        resolve_reviewer(" ", {"L10N_REVIEWER": ""}, None)


def test_review_without_lang_is_a_usage_error(project: Path) -> None:
    result = run("review")
    assert result.exit_code == 2
    assert "give --lang LANG" in result.stderr


def test_malformed_catalog_is_named_with_its_line(project: Path) -> None:
    project.write_text(catalog_text(BLOCKS) + "not a PO line\n", "utf-8")
    line = len(catalog_text(BLOCKS).splitlines()) + 1
    result = run("review", "--lang", "ro", input="a\n")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {project.resolve().relative_to(Path.cwd().resolve())}:{line}: Syntax error in po file\n"


# -- review --list ------------------------------------------------------------------------


def stale_line(path: Path, marker: str) -> int:
    return path.read_text("utf-8").splitlines().index(marker) + 1


def test_list_names_reviewers_dates_and_stale_sign_offs(project: Path) -> None:
    result = run("review", "--list")
    assert result.exit_code == 0
    line = stale_line(project, "# reviewed: Ion Ionescu 2026-11-01 000000000000")
    assert result.stdout == (
        "ro issue-1: 1 of 7 entries reviewed, 1 stale\n"
        "  Ion Ionescu  2026-11-01  1 current, 1 stale\n"
        f"  stale: locales/ro/LC_MESSAGES/issue-1.po:{line}: 'Resources' (signed by Ion Ionescu on 2026-11-01)\n"
    )


def test_list_after_a_review(project: Path) -> None:
    run("review", "--lang", "ro", input="a\ns\na\ns\na\n")
    result = run("review", "--list", "--lang", "ro", "issue-1")
    assert result.exit_code == 0
    assert result.stdout == (
        "ro issue-1: 4 of 7 entries reviewed, 0 stale\n"
        f"  Ana Pop  {TODAY}  3 current, 0 stale\n"
        "  Ion Ionescu  2026-11-01  1 current, 0 stale\n"
    )


def test_list_needs_no_reviewer_and_says_when_a_catalog_is_missing(project: Path) -> None:
    (project.parents[3] / "l10n.toml").write_text('languages = ["ro", "pl"]\n', "utf-8")
    result = run("review", "--list")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "pl issue-1: no catalog"


def test_list_as_json_for_scripts(project: Path) -> None:
    import json

    (project.parents[3] / "l10n.toml").write_text('languages = ["ro", "pl"]\n', "utf-8")
    result = run("review", "--list", "--json")
    assert result.exit_code == 0
    line = stale_line(project, "# reviewed: Ion Ionescu 2026-11-01 000000000000")
    assert json.loads(result.stdout) == [
        {"language": "ro", "issue": "issue-1", "path": "locales/ro/LC_MESSAGES/issue-1.po", "exists": True,
         "entries": 7, "reviewed": 1,
         "reviewers": [{"name": "Ion Ionescu", "date": "2026-11-01", "current": 1, "stale": 1}],
         "stale": [{"line": line, "msgctxt": None, "msgid": "Resources", "name": "Ion Ionescu",
                    "date": "2026-11-01"}]},
        {"language": "pl", "issue": "issue-1", "path": "locales/pl/LC_MESSAGES/issue-1.po", "exists": False},
    ]


def test_json_goes_with_list(project: Path) -> None:
    result = run("review", "--lang", "ro", "--json")
    assert result.exit_code == 2 and "--json goes with --list" in result.stderr


def edit_block(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), "utf-8")


def stale_names(path: Path) -> list[str]:
    result = run("review", "--list")
    assert result.exit_code == 0
    return [line.split(": ", 2)[2] for line in result.stdout.splitlines() if line.startswith("  stale:")]


def test_sign_off_goes_stale_when_the_translation_is_edited(project: Path) -> None:
    edit_block(project, 'msgstr "Buletinul EPI"', 'msgstr "Buletin EPI"')
    assert stale_names(project) == [
        "'Resources' (signed by Ion Ionescu on 2026-11-01)",
        "'EPI newsletter' (signed by Ion Ionescu on 2026-11-01)",
    ]
    assert state_of(read_catalog(project).find("EPI newsletter", msgctxt="title")) is State.TRANSLATED


def test_sign_off_goes_stale_when_the_digest_is_edited_by_hand(project: Path) -> None:
    good = digest("EPI newsletter", "Buletinul EPI", "title")
    edit_block(project, good, good[:-1] + ("0" if good[-1] != "0" else "1"))
    assert "'EPI newsletter' (signed by Ion Ionescu on 2026-11-01)" in stale_names(project)


def test_sign_off_goes_stale_when_the_source_changes(project: Path, tmp_path: Path) -> None:
    template = tmp_path / "issue-1.pot"
    pot = read_catalog(project)
    for entry in pot:
        entry.msgstr = ""
        entry.tcomment = ""
        entry.flags = []
        entry.previous_msgid = None
        if entry.msgctxt == "title":
            entry.msgid = "EPI newsletter, March"
    template.write_text(format_catalog(pot), "utf-8")
    subprocess.run(["msgmerge", "--quiet", "--previous", "-U", "--backup=off", str(project), str(template)],
                   check=True)
    entry = read_catalog(project).find("EPI newsletter, March", msgctxt="title")
    assert entry.previous_msgid == "EPI newsletter" and "fuzzy" in entry.flags
    assert is_stale(entry)
    assert "'EPI newsletter, March' (signed by Ion Ionescu on 2026-11-01)" in stale_names(project)
    result = run("review", "--lang", "ro", input="s\ns\ns\ns\ns\ns\n")
    lines = result.stdout.splitlines()
    title = lines.index("[6/6] ro issue-1 · fuzzy")
    assert lines[title + 1:title + 7] == [
        "source (front matter, source/issue-1.md:1)",
        "context: title",
        "  EPI newsletter, March",
        "translation",
        "  Buletinul EPI",
        "previous source: EPI [-newsletter-] {+newsletter, March+}",
    ]


# -- the core ----------------------------------------------------------------------------


def test_queue_reasons(project: Path) -> None:
    assert [reason for _, reason in entries_to_review(read_catalog(project))] == [
        Reason.DRAFT, Reason.FUZZY, Reason.UNREVIEWED, Reason.DRAFT, Reason.STALE,
    ]


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("We have begun the phase", "We have entered the phase", "We have [-begun-] {+entered+} the phase"),
        ("a b c", "a b c", "a b c"),
        ("a b", "a b c d", "a b {+c d+}"),
        ("x a b", "a b", "[-x-] a b"),
    ],
    ids=["replace", "same", "insert", "delete"],
)
def test_word_diff(old: str, new: str, shown: str) -> None:
    assert format_word_diff(word_diff(old, new)) == shown


texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip)


@settings(max_examples=60, deadline=None)
@given(msgid=texts, msgstr=texts, other=texts, msgctxt=st.none() | texts)
def test_a_sign_off_holds_through_writing_and_expires_with_any_change(
    msgid: str, msgstr: str, other: str, msgctxt: str | None
) -> None:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr, msgctxt=msgctxt, flags=["fuzzy"], tcomment="draft: tm 2026-01-01")
    catalog.append(entry)
    assert apply_decision(entry, Decision.ACCEPT, reviewer="Ana Pop", date="2026-11-27")
    reread = parse_catalog(format_catalog(catalog))[0]
    assert state_of(reread) is State.REVIEWED
    assert reread.tcomment == f"draft: tm 2026-01-01\nreviewed: Ana Pop 2026-11-27 {digest(msgid, msgstr, msgctxt)}"
    if other != msgstr:
        reread.msgstr = other
        assert state_of(reread) is State.TRANSLATED and is_stale(reread)


def test_plural_entries_are_signed_over_every_form_and_rejected_in_every_form() -> None:
    entry = polib.POEntry(msgid="{n} city", msgid_plural="{n} cities", flags=["fuzzy"],
                          msgstr_plural={0: "{n} oraș", 1: "{n} orașe", 2: "{n} de orașe"})
    apply_decision(entry, Decision.ACCEPT, reviewer="Ana Pop", date="2026-11-27")
    key = "{n} city\x00{n} cities"
    value = "{n} oraș\x00{n} orașe\x00{n} de orașe"
    expected = hashlib.sha256(f"{key}\x00{value}".encode()).hexdigest()[:12]
    assert entry.tcomment == f"reviewed: Ana Pop 2026-11-27 {expected}"
    assert state_of(entry) is State.REVIEWED
    apply_decision(entry, Decision.EDIT, reviewer="Ana Pop", date="2026-11-27",
                   forms=["{n} oraș", "{n} orașe", "{n} orașe"])
    assert state_of(entry) is State.REVIEWED and entry.msgstr_plural[2] == "{n} orașe"
    apply_decision(entry, Decision.REJECT, reviewer="Ana Pop", date="2026-11-27")
    assert entry.msgstr_plural == {0: "", 1: "", 2: ""}
    assert entry.tcomment == "" and state_of(entry) is State.UNTRANSLATED
