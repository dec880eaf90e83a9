"""Which translations ``l10n render`` and the build use, entry state by entry state.

Translated and reviewed entries always (a stale sign-off counts as translated); fuzzy
entries and drafts only with ``--use-fuzzy``; untranslated entries never; with
``reviewed_only`` (the build's --reviewed-only), only entries whose sign-off is current.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from l10n.catalogs.pofile import read_catalog, write_catalog
from l10n.catalogs.states import State, draft_line, sign_off_line, state_of
from l10n.publish.render import catalog_lookup

KINDS = ["untranslated", "fuzzy", "draft", "translated", "reviewed", "stale", "fuzzy reviewed"]


def make_catalog(path: Path) -> None:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ro"}
    for kind in KINDS:
        entry = polib.POEntry(msgid=f"The {kind} one.", msgstr="" if kind == "untranslated" else f"Cea {kind}.")
        if "fuzzy" in kind or kind == "draft":
            entry.flags.append("fuzzy")
        if kind == "draft":
            entry.tcomment = draft_line("tm", "2026-01-02")
        if kind in ("reviewed", "stale", "fuzzy reviewed"):
            entry.tcomment = sign_off_line("Ana", "2026-01-03", entry)
        if kind == "stale":
            entry.msgstr = "Cea schimbată."
        catalog.append(entry)
    write_catalog(path, catalog)


@pytest.fixture
def issue(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    make_catalog(tmp_path / "issue.po")
    (tmp_path / "issue.md").write_text("".join(f"The {kind} one.\n\n" for kind in KINDS), encoding="utf-8")
    return tmp_path


def test_the_catalog_holds_every_state(issue: Path) -> None:
    states = {entry.msgid: state_of(entry) for entry in read_catalog(issue / "issue.po")}
    assert [states[f"The {kind} one."] for kind in KINDS] == [
        State.UNTRANSLATED, State.FUZZY, State.DRAFT, State.TRANSLATED, State.REVIEWED, State.TRANSLATED,
        State.FUZZY]


@pytest.mark.parametrize(("options", "used"), [
    ([], ["translated", "reviewed", "stale"]),
    (["--use-fuzzy"], ["fuzzy", "draft", "translated", "reviewed", "stale", "fuzzy reviewed"]),
])
def test_render_uses_the_translations_of_the_states_asked_for(issue: Path, l10n, options, used) -> None:
    result = l10n("render", "issue.md", "--catalog", "issue.po", *options)
    assert result.exit_code == 0, result.output
    expected = {kind: ("Cea schimbată." if kind == "stale" else f"Cea {kind}.") if kind in used else f"The {kind} one."
                for kind in KINDS}
    assert result.output == "".join(f"{expected[kind]}\n\n" for kind in KINDS)


@pytest.mark.parametrize(("use_fuzzy", "reviewed_only", "used"), [
    (False, False, ["translated", "reviewed", "stale"]),
    (True, False, ["fuzzy", "draft", "translated", "reviewed", "stale", "fuzzy reviewed"]),
    (False, True, ["reviewed"]),
    (True, True, ["reviewed"]),
])
def test_catalog_lookup_gives_the_translations_of_each_state(issue: Path, use_fuzzy, reviewed_only, used) -> None:
    for reader in (read_catalog, polib.pofile):
        lookup = catalog_lookup(reader(str(issue / "issue.po")), use_fuzzy=use_fuzzy, reviewed_only=reviewed_only)
        found = [kind for kind in KINDS if lookup(f"The {kind} one.") is not None]
        assert found == used
