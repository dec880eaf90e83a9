"""Commands agree: build and status count every catalog alike, and the .mo holds what counts."""

from __future__ import annotations

import gettext
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from l10n.catalogs.pofile import read_catalog
from l10n.catalogs.states import State, state_of
from l10n.cli import main

REPO = Path(__file__).resolve().parents[1]
ISSUE = "epi-2022-03"
RO = Path(f"locales/ro/LC_MESSAGES/{ISSUE}.po")
NEW_PARAGRAPHS = (
    "\nThe partners agreed to meet again in Riga in the autumn.\n\n"
    "Every city will bring one story of a family that settled there.\n"
)


@pytest.fixture
def sample(tmp_path: Path, monkeypatch) -> Path:
    """The sample project, copied and run from its folder."""
    for name in ("source", "locales"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result


def status_rows() -> dict[tuple[str, str], dict]:
    document = json.loads(run("status", "-f", "json", "--no-cache").stdout)
    return {(row["issue"], row["language"]): row for row in document["catalogs"]}


def build_rows(root: Path) -> dict[tuple[str, str], dict]:
    manifest = json.loads((root / "build" / ".l10n-manifest.json").read_text("utf-8"))
    rows = {}
    for key, held in manifest["coverage"].items():
        row = held["row"]
        rows[(row["issue"], row["language"])] = row
    return rows


def counts(row: dict) -> dict:
    return {unit: {k: v for k, v in row[unit].items() if not k.startswith("percent")} for unit in ("entries", "words")}


def assert_same_counts(root: Path) -> None:
    by_status, by_build = status_rows(), build_rows(root)
    assert set(by_status) == set(by_build)
    for key in by_status:
        assert counts(by_status[key]) == counts(by_build[key]), key


def test_build_and_status_count_the_sample_alike(sample: Path) -> None:
    run("build")
    assert_same_counts(sample)


def test_a_changed_template_is_merged_whatever_the_modification_times(sample: Path) -> None:
    """Two paragraphs added, the template extracted, then the catalog saved again (as Poedit does)."""
    run("build")
    source = sample / "source" / f"{ISSUE}.md"
    source.write_text(source.read_text("utf-8") + NEW_PARAGRAPHS, encoding="utf-8")
    run("extract")
    later = os.stat(sample / "locales" / "templates" / f"{ISSUE}.pot").st_mtime + 60
    os.utime(sample / RO, (later, later))

    run("build")
    catalog = read_catalog(sample / RO)
    assert "The partners agreed to meet again in Riga in the autumn." in {entry.msgid for entry in catalog}
    assert_same_counts(sample)
    assert status_rows()[(ISSUE, "ro")]["entries"]["total"] == len(
        [e for e in read_catalog(sample / "locales" / "templates" / f"{ISSUE}.pot")])


def test_the_mo_file_holds_exactly_the_translated_entries(sample: Path) -> None:
    run("build")
    catalog = read_catalog(sample / RO)
    with (sample / RO.with_suffix(".mo")).open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    held = {key for key in translations._catalog if key}  # type: ignore[attr-defined]
    counted = {entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
               for entry in catalog if not entry.obsolete and entry.msgid
               and state_of(entry) in (State.TRANSLATED, State.REVIEWED)}
    assert held == counted
    assert len(counted) == status_rows()[(ISSUE, "ro")]["entries"]["translated"]
