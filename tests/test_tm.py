"""The translation memory: exact and fuzzy matches from other issues, as a draft provider."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from l10n.cli import main
from l10n.config import load_config
from l10n.errors import ConfigError
from l10n.catalogs.pofile import read_catalog
from l10n.drafting.providers import Provider
from l10n.catalogs.states import State, draft_of, state_of
from l10n.drafting.tm import MemoryEntry, MemoryProvider, TranslationMemory, build_memory, threshold_of

TODAY = datetime.date.today().isoformat()
HEADER = 'msgid ""\nmsgstr ""\n"Language: ro\\n"\n"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'


def catalog(*blocks: str) -> str:
    return HEADER + "".join("\n" + block for block in blocks)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path / "l10n.toml", 'languages = ["ro"]\n')
    for issue in ("2022-01", "2022-03"):
        write(tmp_path / "source" / f"{issue}.md", "# x\n")
    write(tmp_path / "locales/ro/LC_MESSAGES/2022-01.po", catalog(
        '#: source/2022-01.md:1\nmsgid "Upcoming events"\nmsgstr "Evenimente viitoare"\n',
        '#: source/2022-01.md:3\nmsgid "The partners will meet in Riga on 12 March to discuss the pilot actions."\n'
        'msgstr "Partenerii se vor întâlni la Riga pe 12 martie pentru a discuta acțiunile pilot."\n',
        '#, fuzzy\n#: source/2022-01.md:5\nmsgid "Contact us"\nmsgstr "Contactați-ne"\n',
        '# draft: deepl 2026-01-02\n#, fuzzy\n#: source/2022-01.md:7\nmsgid "Read more"\nmsgstr "Citește mai mult"\n',
    ))
    write(tmp_path / "locales/ro/LC_MESSAGES/2022-03.po", catalog(
        '#: source/2022-03.md:1\nmsgid "Upcoming events"\nmsgstr ""\n',
        '#: source/2022-03.md:3\nmsgid "The partners will meet in Cluj on 30 May to discuss the pilot actions."\nmsgstr ""\n',
        '#: source/2022-03.md:5\nmsgid "Contact us"\nmsgstr ""\n',
        '#: source/2022-03.md:7\nmsgid "Read more"\nmsgstr ""\n',
        '#: source/2022-03.md:9\nmsgid "A completely new paragraph about something else entirely."\nmsgstr ""\n',
    ))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_exact_match_from_another_issue_and_fuzzy_match_with_its_score(project: Path) -> None:
    result = CliRunner().invoke(main, ["draft", "--lang", "ro", "2022-03"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [
        "locales/ro/LC_MESSAGES/2022-03.po: 2 drafted, 3 without a match",
        "tm (ro): 2 drafts",
    ]
    drafted = read_catalog(project / "locales/ro/LC_MESSAGES/2022-03.po")
    exact = drafted.find("Upcoming events")
    assert exact.msgstr == "Evenimente viitoare"
    assert exact.tcomment == f"draft: tm {TODAY} score=1.00"
    assert state_of(exact) is State.DRAFT
    fuzzy = drafted.find("The partners will meet in Cluj on 30 May to discuss the pilot actions.")
    assert fuzzy.msgstr == "Partenerii se vor întâlni la Riga pe 12 martie pentru a discuta acțiunile pilot."
    assert fuzzy.tcomment == f"draft: tm {TODAY} score=0.79"
    assert draft_of(fuzzy).score == 0.79
    assert "fuzzy" in fuzzy.flags


def test_fuzzy_entries_and_drafts_are_not_in_the_memory(project: Path) -> None:
    memory = build_memory(load_config(project / "l10n.toml"), "ro")
    assert memory.lookup("Contact us") is None
    assert memory.lookup("Read more") is None
    assert len(memory) == 2


def test_a_reviewed_translation_wins_over_a_plain_one() -> None:
    memory = TranslationMemory([
        MemoryEntry("Hello world", "Salut lume", reviewed=True),
        MemoryEntry("Hello world", "Bună lume", reviewed=False),
    ])
    assert memory.lookup("Hello world").entry.translation == "Salut lume"


def test_a_later_catalog_wins_among_plain_translations() -> None:
    memory = TranslationMemory([MemoryEntry("Hello", "Salut", False), MemoryEntry("Hello", "Bună", False)])
    assert memory.lookup("Hello").entry.translation == "Bună"


def test_below_the_threshold_there_is_no_match() -> None:
    memory = TranslationMemory([MemoryEntry("one two three four", "unu doi trei patru", False)], threshold=0.8)
    assert memory.lookup("one two three five") is None
    loose = TranslationMemory([MemoryEntry("one two three four", "unu doi trei patru", False)], threshold=0.75)
    assert loose.lookup("one two three five").score == 0.75


def test_the_threshold_comes_from_the_configuration(tmp_path: Path) -> None:
    write(tmp_path / "l10n.toml", "[providers.tm]\nthreshold = 0.9\n")
    assert threshold_of(load_config(tmp_path / "l10n.toml")) == 0.9
    write(tmp_path / "l10n.toml", "[providers.tm]\nthreshold = 90\n")
    with pytest.raises(ConfigError, match=r"threshold must be a number in \(0, 1\]"):
        threshold_of(load_config(tmp_path / "l10n.toml"))


def test_the_memory_is_a_provider() -> None:
    provider = MemoryProvider(TranslationMemory([MemoryEntry("Hello", "Salut", False, "a.po:3")]))
    assert isinstance(provider, Provider)
    assert provider.translate("Hello").origin == "a.po:3"
    assert provider.translate("Goodbye") is None


WORDS = st.sampled_from(["the", "a", "EPI", "city", "cities", "meet", "in", "Riga", "Cluj", "on", "May", "12", "."])
TEXTS = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(memory_texts=st.lists(TEXTS, min_size=1, max_size=30), queries=st.lists(TEXTS, min_size=1, max_size=5),
       threshold=st.sampled_from([0.5, 0.6, 0.75, 0.9]))
def test_lookups_find_what_a_full_scan_finds(memory_texts: list[str], queries: list[str], threshold: float) -> None:
    memory = TranslationMemory([MemoryEntry(t, t.upper(), False) for t in memory_texts], threshold=threshold)
    scanned_memory = [t.split() for t in memory_texts]
    for query in queries:
        match = memory.lookup(query)
        scan = process.extractOne(query.split(), scanned_memory, scorer=fuzz.ratio, score_cutoff=threshold * 100)
        if match is None:
            assert scan is None
        else:
            assert scan is not None
            assert match.score * 100 == pytest.approx(scan[1])
            if not match.exact:
                assert match.entry.source.split() == scan[0]


def test_odd_texts_neither_break_nor_shift_the_memory() -> None:
    entries = [
        MemoryEntry("   ", "spaces", False),
        MemoryEntry("line one\nline two\tand a tab", "Rândul unu\nrândul doi", False),
        MemoryEntry("with a \x00 inside", "NUL", False),
        MemoryEntry("The partners meet in Riga on 12 May", "Partenerii se întâlnesc la Riga pe 12 mai", True),
    ]
    memory = TranslationMemory(entries)
    assert len(memory) == 3  # the text with a NUL is left out
    assert memory.lookup("line one line two and a tab").entry.translation == "Rândul unu\nrândul doi"
    assert memory.lookup("The partners meet in Riga on 14 May").entry.reviewed
    assert memory.lookup("with a \x00 inside") is None
    assert memory.lookup("   ").entry.translation == "spaces"  # exact
    assert memory.lookup("") is None


def test_an_empty_memory_finds_nothing() -> None:
    memory = TranslationMemory([])
    assert len(memory) == 0
    assert memory.lookup("Anything at all") is None
