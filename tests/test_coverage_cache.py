"""`l10n status` remembers counts by file digest: a run counts only what changed since the last."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from read_spy import spy_on_reads
from status_helpers import make_project, write_states

import l10n.coverage.counts as coverage_module
from l10n.cli import main
from l10n.config import Config, load_config
from l10n.coverage.counts import Tally, compute_coverage


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """Every catalog and template the coverage code parses, in this process."""
    return spy_on_reads(monkeypatch, coverage_module)


def project(tmp_path: Path) -> Config:
    config = make_project(tmp_path, languages=("ro", "de"), issues=("2026-03", "2026-04"))
    write_states(config, "ro", "2026-03", "udtrsz")
    write_states(config, "ro", "2026-04", "tttttt")
    write_states(config, "de", "2026-03", "rrrrrr")
    return config  # de 2026-04 has no catalog yet


def status_json(config: Config, *args: str) -> dict:
    result = CliRunner().invoke(main, ["--config", str(config.file), "status", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_second_run_reads_no_catalog_and_reports_the_same(tmp_path: Path, reads: list[Path]) -> None:
    config = project(tmp_path)
    first = compute_coverage(config, jobs=1, cache=True)
    assert len(reads) == 2 + 3  # two templates, three catalogs
    reads.clear()
    second = compute_coverage(config, jobs=1, cache=True)
    assert reads == []
    assert second.rows == first.rows
    assert second == compute_coverage(config, jobs=1)  # and what counting afresh gives


def test_a_changed_catalog_is_counted_again(tmp_path: Path, reads: list[Path]) -> None:
    config = project(tmp_path)
    compute_coverage(config, jobs=1, cache=True)
    write_states(config, "ro", "2026-03", "tttttt")
    reads.clear()
    row = compute_coverage(config, jobs=1, cache=True).row("2026-03", "ro")
    assert row.entries == Tally(total=6, translated=6)
    assert sorted(reads) == sorted([config.template_path("2026-03"), config.catalog_path("ro", "2026-03")])


def test_a_new_catalog_and_a_deleted_one_are_noticed(tmp_path: Path) -> None:
    config = project(tmp_path)
    compute_coverage(config, jobs=1, cache=True)
    write_states(config, "de", "2026-04", "tttuuu")
    config.catalog_path("ro", "2026-04").unlink()
    coverage = compute_coverage(config, jobs=1, cache=True)
    assert coverage.row("2026-04", "de").entries.translated == 3
    assert not coverage.row("2026-04", "ro").exists
    assert coverage.row("2026-04", "ro").entries == Tally(total=6, untranslated=6)


def test_a_changed_template_recounts_every_language_of_its_issue(tmp_path: Path, reads: list[Path]) -> None:
    config = project(tmp_path)
    compute_coverage(config, jobs=1, cache=True)
    source = config.source_path("2026-03")
    source.write_text(source.read_text("utf-8") + "\nA new closing paragraph.\n", "utf-8")
    from l10n.sources.extract import write_template

    write_template(config, "2026-03")
    reads.clear()
    coverage = compute_coverage(config, jobs=1, cache=True)
    assert coverage.row("2026-03", "de").entries.total == 7
    assert coverage.row("2026-03", "de").missing == 1
    assert config.template_path("2026-04") not in reads


def test_an_issue_counted_from_its_source_follows_the_source(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("de",))
    config.template_path("2026-03").unlink()
    assert compute_coverage(config, jobs=1, cache=True).row("2026-03", "de").entries.total == 6
    source = config.source_path("2026-03")
    source.write_text(source.read_text("utf-8") + "\nOne more paragraph.\n", "utf-8")
    assert compute_coverage(config, jobs=1, cache=True).row("2026-03", "de").entries.total == 7


def test_a_changed_configuration_recounts_everything(tmp_path: Path, reads: list[Path]) -> None:
    config = project(tmp_path)
    compute_coverage(config, jobs=1, cache=True)
    config.file.write_text(config.file.read_text("utf-8") + 'front_matter_keys = ["title"]\n', "utf-8")
    reads.clear()
    compute_coverage(load_config(config.file), jobs=1, cache=True)
    assert len(reads) == 5


def test_the_command_line_uses_the_cache_and_no_cache_leaves_it_alone(tmp_path: Path) -> None:
    config = project(tmp_path)
    cache = tmp_path / ".l10n-cache"
    plain = status_json(config, "--no-cache")
    assert not cache.exists()
    first = status_json(config)
    assert (cache / "coverage.json").is_file()
    assert (cache / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    assert status_json(config) == first
    assert {k: v for k, v in first.items() if k != "generated"} == {k: v for k, v in plain.items() if k != "generated"}


@pytest.mark.parametrize("damage", ["not json {", '{"environment": "x", "items": []}', "\x00\x01"])
def test_a_damaged_cache_is_counted_afresh_and_replaced(tmp_path: Path, damage: str) -> None:
    config = project(tmp_path)
    expected = compute_coverage(config, jobs=1)
    (tmp_path / ".l10n-cache").mkdir()
    (tmp_path / ".l10n-cache" / "coverage.json").write_text(damage, "utf-8")
    assert compute_coverage(config, jobs=1, cache=True) == expected
    assert json.loads((tmp_path / ".l10n-cache" / "coverage.json").read_text("utf-8"))["items"]


def test_a_cache_that_is_a_file_is_no_error(tmp_path: Path) -> None:
    config = project(tmp_path)
    (tmp_path / ".l10n-cache").write_text("in the way", "utf-8")
    assert status_json(config)["total"]["entries"]["total"] == 24


def test_a_malformed_catalog_is_still_reported_after_a_good_run(tmp_path: Path) -> None:
    config = project(tmp_path)
    status_json(config)
    path = config.catalog_path("ro", "2026-03")
    path.write_text(path.read_text("utf-8") + '\nmsgid "broken\nmsgstr ""\n', "utf-8")
    result = CliRunner().invoke(main, ["--config", str(config.file), "status", "--format", "json"])
    assert result.exit_code != 0
    assert f"{path}:" in result.output and "unterminated" in result.output


def test_forgotten_issues_leave_the_cache(tmp_path: Path) -> None:
    config = project(tmp_path)
    compute_coverage(config, jobs=1, cache=True)
    config.source_path("2026-04").unlink()
    compute_coverage(config, jobs=1, cache=True)
    rows = json.loads((tmp_path / ".l10n-cache" / "coverage.json").read_text("utf-8"))["items"]
    assert sorted(rows) == ["de/2026-03", "ro/2026-03"]


def test_ctrl_c_while_counting_is_one_error_line_and_leaves_the_cache_readable(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    config = project(tmp_path)
    status_json(config)  # a cache from an earlier run
    source = config.source_path("2026-03").read_bytes()
    template = config.template_path("2026-03").read_bytes()
    catalog = config.catalog_path("ro", "2026-03").read_bytes()
    # Obsolete entries (counted nowhere) make the catalogs big enough to be counted by
    # several processes (one per 4 MB), which Ctrl-C must stop as well.
    catalog += "".join(f'\n#~ msgid "Dropped paragraph {n} {"x" * 60}"\n#~ msgstr "Paragraf {n}"\n'
                       for n in range(25)).encode()
    for number in range(1500):  # seconds of counting, so that Ctrl-C lands in the middle of it
        name = f"copy-{number:04d}"
        (tmp_path / "source" / f"{name}.md").write_bytes(source)
        config.template_path(name).write_bytes(template)
        for language in ("ro", "de"):
            config.catalog_path(language, name).write_bytes(catalog)
    command = [sys.executable, "-c", "from l10n.cli import main; main()", "--config", str(config.file),
               "status", "--format", "json"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        tasks = Path(f"/proc/{process.pid}/task")
        if not tasks.is_dir() or any((task / "children").read_text().split() for task in tasks.glob("*")):
            break
        time.sleep(0.05)
    time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert (process.returncode, stdout, stderr) == (130, "", "Error: interrupted; every file written so far is complete\n")
    rows = json.loads((tmp_path / ".l10n-cache" / "coverage.json").read_text("utf-8"))["items"]
    assert "ro/2026-03" in rows
