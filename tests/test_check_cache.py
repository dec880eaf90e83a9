"""`l10n check` keeps each catalog's findings under the digest of its bytes: a second run checks
only what changed, and reports exactly what checking afresh reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from read_spy import spy_on_reads

import l10n.checks as checks_module
from l10n.cli import main

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "checks"
ISSUE = "epi-2022-03"
RO = f"locales/ro/LC_MESSAGES/{ISSUE}.po"
DE = f"locales/de/LC_MESSAGES/{ISSUE}.po"
CACHE = Path(".l10n-cache") / "check.json"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """The English sample issue with a Romanian and a German catalog, run from its folder."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\nlanguages = ["ro", "de"]\n\n[tool.l10n.glossary]\ndo_not_translate = ["EPI", "Ravenna"]\n',
        "utf-8")
    (tmp_path / "source").mkdir()
    shutil.copy(REPO / "source" / f"{ISSUE}.md", tmp_path / "source")
    shutil.copytree(REPO / "source" / "images", tmp_path / "source" / "images")
    for lang, where in (("ro", RO), ("de", DE)):
        (tmp_path / where).parent.mkdir(parents=True)
        shutil.copy(DATA / f"{ISSUE}.ro.po", tmp_path / where)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """Every catalog the checks parse, in this process."""
    return spy_on_reads(monkeypatch, checks_module)


def run(*args: str):
    return CliRunner().invoke(main, ["check", "--jobs", "1", *args])


def test_a_second_run_reads_no_catalog_and_reports_the_same(project: Path, reads: list[Path]) -> None:
    first = run()
    assert first.exit_code == 1 and "error [links]" in first.stdout
    assert len(reads) == 2
    reads.clear()
    second = run()
    assert reads == []
    assert (second.exit_code, second.stdout, second.stderr) == (first.exit_code, first.stdout, first.stderr)
    fresh = run("--no-cache")
    assert len(reads) == 2
    assert (fresh.exit_code, fresh.stdout, fresh.stderr) == (first.exit_code, first.stdout, first.stderr)
    assert json.loads(run("--format", "json").stdout) == json.loads(run("--format", "json", "--no-cache").stdout)


def test_a_changed_catalog_is_checked_again_and_only_it(project: Path, reads: list[Path]) -> None:
    run()
    text = (project / DE).read_text("utf-8")
    (project / DE).write_text(text.replace('msgstr "1/20/2022"', 'msgstr "20.01.2022"'), "utf-8")
    reads.clear()
    result = run()
    assert reads == [project / DE]
    assert f"{DE}:195: warning [dates]" not in result.stdout
    assert f"{RO}:195: warning [dates]" in result.stdout
    assert result.stdout == run("--no-cache").stdout


def test_a_kept_result_is_used_only_for_the_same_bytes(project: Path) -> None:
    run()
    data = json.loads((project / CACHE).read_text("utf-8"))
    # What a kept result says is what the run reports: a changed message shows it is the one used ...
    held = data["items"][f"ro/{ISSUE}"]["data"]["findings"]
    held[0][2] = "kept message"
    (project / CACHE).write_text(json.dumps(data), "utf-8")
    assert "kept message" in run().stdout
    # ... until the catalog's bytes change, even by one line end.
    (project / RO).write_bytes((project / RO).read_bytes() + b"\n")
    assert "kept message" not in run().stdout


def test_a_changed_configuration_checks_everything_again(project: Path, reads: list[Path]) -> None:
    assert "warning [glossary]" in run().stdout
    config = project / "pyproject.toml"
    config.write_text(config.read_text("utf-8") + '\n[tool.l10n.check]\ndisable = ["glossary"]\n', "utf-8")
    reads.clear()
    result = run()
    assert len(reads) == 2
    assert "[glossary]" not in result.stdout


def test_a_missing_file_is_found_on_every_run(project: Path) -> None:
    assert "[files]" not in run().stdout
    image = next((project / "source" / "images").iterdir())
    image.unlink()
    result = run()
    assert result.exit_code == 1
    assert f"error [files] images/{image.name}: no such file" in result.stdout


def test_no_cache_leaves_the_cache_alone(project: Path) -> None:
    run("--no-cache")
    assert not (project / ".l10n-cache").exists()
    run()
    assert (project / CACHE).is_file()
    assert (project / ".l10n-cache" / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"


@pytest.mark.parametrize("damage", ["", "{", "[]", '{"environment": 1, "items": []}', '{"items": {"ro/x": 3}}'])
def test_a_damaged_cache_is_checked_afresh_and_replaced(project: Path, damage: str) -> None:
    expected = run("--no-cache").stdout
    (project / CACHE).parent.mkdir()
    (project / CACHE).write_text(damage, "utf-8")
    assert run().stdout == expected
    assert json.loads((project / CACHE).read_text("utf-8"))["items"]


def test_a_damaged_result_is_checked_afresh(project: Path) -> None:
    expected = run().stdout
    data = json.loads((project / CACHE).read_text("utf-8"))
    data["items"][f"ro/{ISSUE}"]["data"]["findings"] = [["links", "fatal", "x"]]
    (project / CACHE).write_text(json.dumps(data), "utf-8")
    assert run().stdout == expected


def test_a_malformed_catalog_is_an_error_after_a_good_run(project: Path) -> None:
    run()
    (project / RO).write_text('msgid "a"\nmsgstr "b\n', "utf-8")
    result = run()
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {RO}:")


def test_the_cache_is_no_error_where_it_cannot_be_written(project: Path) -> None:
    (project / ".l10n-cache").write_text("in the way", "utf-8")
    assert run().stdout == run("--no-cache").stdout
