"""URLs, e-mail addresses and placeholders are read one way by draft, check and status.

Masking (what ``draft`` hides from a provider), the checks (what ``check`` compares in the
``links`` and ``placeholders`` checks) and word counts (what ``status`` counts) all read
addresses and placeholders with :mod:`l10n.sources.inline`; for each text below the three
agree on the same spans.
"""

from __future__ import annotations

import re

import pytest

from click.testing import CliRunner

from l10n.checks.text import read_text
from l10n.cli import main
from l10n.coverage.counts import count_words
from l10n.drafting.masking import mask
from l10n.sources.inline import emails, placeholders, urls, without_addresses

_ADDRESS_KINDS = {"url", "email", "autolink", "placeholder", "merge tag"}

# (text, the addresses and placeholders in it, the words a reader counts)
CASES = [
    ("See https://epi.eu/news.", ["https://epi.eu/news"], 1),
    ("(see https://epi.eu/a/b) now", ["https://epi.eu/a/b"], 2),
    ("Sites: https://epi.eu, https://ro.epi.eu; done!", ["https://epi.eu", "https://ro.epi.eu"], 2),
    ("Is it https://epi.eu/faq?", ["https://epi.eu/faq"], 2),
    ("Read https://en.wikipedia.org/wiki/Set_(mathematics).", ["https://en.wikipedia.org/wiki/Set_(mathematics)"], 1),
    ("Visit www.epi.eu/ro, please.", ["www.epi.eu/ro"], 2),
    ("Files at ftp://files.epi.eu/a.pdf today", ["ftp://files.epi.eu/a.pdf"], 3),
    ("Go to <https://epi.eu/join> now", ["https://epi.eu/join"], 3),
    ("Write to <office@epi.eu>.", ["office@epi.eu"], 2),
    ("Write to office@epi.eu.", ["office@epi.eu"], 2),
    ("Hello {name}, you have %s new and %(count)d old items", ["{name}", "%s", "%(count)d"], 7),
    ("Dear *|FNAME|*, welcome", ["*|FNAME|*"], 2),
    ("Hi {{ first_name }}, see %1$s at https://epi.eu/x?id=%2F.", ["{{ first_name }}", "%1$s", "https://epi.eu/x?id=%2F"], 3),
    ("A 50% sale on %site items", [], 6),
    ("Our site epi.eu and the word www alone", [], 9),
]


def _masked(text: str) -> list[str]:
    found = []
    for span in mask(text).spans:
        if span.kind in _ADDRESS_KINDS:
            value = text[span.start : span.end]
            if span.kind == "autolink":
                value = value[1:-1].removeprefix("mailto:")
            found.append(value)
    return found


def _checked(text: str) -> list[str]:
    read = read_text(text)
    return list(read.urls) + list(read.emails) + list(read.autolinks) + list(read.placeholders)


@pytest.mark.parametrize(("text", "expected", "words"), CASES)
def test_masking_checks_and_word_counts_agree(text: str, expected: list[str], words: int) -> None:
    assert sorted(_masked(text)) == sorted(expected)
    assert sorted(_checked(text)) == sorted(expected)
    assert count_words(text) == words
    # What a word count skips is exactly what masking protects: with the protected spans
    # blanked out, the count is the same, and no protected span holds a counted word.
    blanked = text
    for value in expected:
        blanked = blanked.replace(value, " ")
    assert count_words(blanked) == words
    assert all(count_words(value) == 0 for value in expected)


@pytest.mark.parametrize(("text", "expected", "words"), CASES)
def test_the_module_reads_the_same(text: str, expected: list[str], words: int) -> None:
    bare = re.sub(r"<[^<>\s]+>", lambda m: m[0][1:-1], text)
    assert sorted(urls(bare) + emails(bare) + placeholders(bare)) == sorted(expected)
    assert all(value not in without_addresses(bare) for value in expected)


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project whose German catalog translates the texts above, run from its folder."""
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nlanguages = ["de"]\n', "utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "tricky.md").write_text("\n\n".join(text for text, _e, _w in CASES) + "\n", "utf-8")
    (tmp_path / "locales/de/LC_MESSAGES").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _write_german(root, translate) -> None:
    body = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n\n'
    for text, _expected, _words in CASES:
        body += f"msgid {_po_string(text)}\nmsgstr {_po_string(translate(text))}\n\n"
    (root / "locales/de/LC_MESSAGES/tricky.po").write_text(body, "utf-8")


def _address_findings(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if "[links]" in line or "[placeholders]" in line]


def test_check_accepts_a_translation_that_keeps_every_address(project):
    # German words around the same addresses, with the punctuation moved: nothing to report.
    def translate(text: str) -> str:
        return "Bitte: " + text.replace("See ", "Siehe ").replace("now", "jetzt").rstrip(".") + " !"

    _write_german(project, translate)
    result = CliRunner().invoke(main, ["check", "--lang", "de"])
    assert f"in 1 catalog ({len(CASES)} entries checked)" in result.stderr
    assert _address_findings(result.stdout) == []


def test_check_reports_each_address_the_translation_changed(project):
    def translate(text: str) -> str:
        for value in [v for _t, expected, _w in CASES for v in expected]:
            text = text.replace(value, "X")
        return text

    _write_german(project, translate)
    result = CliRunner().invoke(main, ["check", "--lang", "de"])
    assert result.exit_code == 1
    findings = "\n".join(_address_findings(result.stdout))
    for _text, expected, _words in CASES:
        for value in expected:
            assert value in findings
