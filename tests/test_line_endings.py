"""Catalogs saved on Windows (CR LF line ends, a byte-order mark) keep both through every write.

msgcat and msgmerge keep a file's line ends, so a translator on Windows sees no whole-file
diff; the commands that change a catalog (update, signoff, review, draft) do the same.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from _libretranslate import LibreTranslateServer
from click.testing import CliRunner

from l10n.catalogs.pofile import read_catalog
from l10n.catalogs.states import State, state_of
from l10n.cli import main

SOURCE = "# Welcome to the spring issue\n\nThe partners met in Riga.\n\nThe pilot ends in May.\n"
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text(SOURCE, "utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["ro"]\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["extract"]).exit_code == 0
    assert CliRunner().invoke(main, ["update"]).exit_code == 0
    text = catalog(tmp_path).read_text("utf-8").replace(
        'msgid "The partners met in Riga."\nmsgstr ""', 'msgid "The partners met in Riga."\nmsgstr "Partenerii, la Riga."'
    )
    catalog(tmp_path).write_bytes(windows(text))
    return tmp_path


def catalog(root: Path) -> Path:
    return root / "locales" / "ro" / "LC_MESSAGES" / "a.po"


def windows(text: str, bom: bool = True) -> bytes:
    return (BOM if bom else b"") + text.replace("\n", "\r\n").encode("utf-8")


def assert_windows(path: Path, *, bom: bool = True) -> None:
    data = path.read_bytes()
    assert data.startswith(BOM) == bom
    assert data.count(b"\n") == data.count(b"\r\n") > 10
    # GNU msgfmt on Linux reads CR LF but not a byte-order mark: check the text after it.
    plain = path.with_name("plain.po")
    plain.write_bytes(data.removeprefix(BOM))
    assert subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(plain)], capture_output=True).returncode == 0
    plain.unlink()


def test_signoff_keeps_crlf_and_bom(project: Path) -> None:
    result = CliRunner().invoke(main, ["signoff", "--lang", "ro", "--all-translated", "--reviewer", "Ana"])
    assert result.exit_code == 0, result.output
    assert_windows(catalog(project))
    assert b"# reviewed: Ana " in catalog(project).read_bytes()


def test_update_keeps_crlf_and_an_unchanged_update_writes_nothing(project: Path) -> None:
    before = catalog(project).read_bytes()
    result = CliRunner().invoke(main, ["update"])
    assert result.exit_code == 0, result.output
    assert catalog(project).read_bytes() == before
    (project / "source" / "a.md").write_text(SOURCE + "\nA new paragraph.\n", "utf-8")
    assert CliRunner().invoke(main, ["extract"]).exit_code == 0
    result = CliRunner().invoke(main, ["update"])
    assert result.exit_code == 0, result.output
    assert_windows(catalog(project))
    assert b'msgid "A new paragraph."\r\nmsgstr ""\r\n' in catalog(project).read_bytes()


def test_crlf_without_bom_stays_without_bom(project: Path) -> None:
    catalog(project).write_bytes(catalog(project).read_bytes().removeprefix(BOM))
    result = CliRunner().invoke(main, ["signoff", "--lang", "ro", "--all-translated", "--reviewer", "Ana"])
    assert result.exit_code == 0, result.output
    assert_windows(catalog(project), bom=False)


def test_review_keeps_crlf_and_bom(project: Path) -> None:
    result = CliRunner().invoke(main, ["review", "--lang", "ro", "--reviewer", "Ana"], input="a\nq\n")
    assert result.exit_code == 0, result.output
    assert_windows(catalog(project))
    entry = read_catalog(catalog(project)).find("The partners met in Riga.")
    assert state_of(entry) is State.REVIEWED


def test_draft_keeps_crlf_and_bom(project: Path) -> None:
    with LibreTranslateServer() as server:
        (project / "l10n.toml").write_text(
            f'languages = ["ro"]\n[providers.libretranslate]\nurl = "{server.url}"\n', "utf-8"
        )
        result = CliRunner().invoke(main, ["draft", "--lang", "ro", "-p", "libretranslate"])
    assert result.exit_code == 0, result.output
    assert_windows(catalog(project))
    assert b'msgstr "THE PILOT ENDS IN MAY."\r\n' in catalog(project).read_bytes()
