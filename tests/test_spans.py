"""Segments kept between runs: l10n render splices with the spans l10n extract found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from l10n.cli import main
from l10n.sources import spans
from l10n.sources.markdown import extract_segments
from l10n.sources.spans import source_segments

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "source" / "epi-2022-03.md"
CATALOG = ROOT / "locales" / "ro" / "LC_MESSAGES" / "epi-2022-03.po"


def project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "l10n.toml").write_text('languages = ["ro"]\n', "utf-8")
    (tmp_path / "source").mkdir()
    source = tmp_path / "source" / "issue.md"
    source.write_text(text, "utf-8")
    return source


def run(tmp_path: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "l10n.toml"), *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_render_after_extract_writes_what_a_fresh_parse_writes(tmp_path: Path, suffix: str) -> None:
    source = project(tmp_path, SAMPLE.read_text("utf-8"))
    run(tmp_path, "extract")
    assert (tmp_path / ".l10n-cache" / ".gitignore").is_file()
    assert len(list((tmp_path / ".l10n-cache" / "segments").glob("*.json"))) == 1
    run(tmp_path, "render", str(source), "--catalog", str(CATALOG), "-o", str(tmp_path / f"kept{suffix}"))
    for folder in (tmp_path / ".l10n-cache").rglob("*.json"):
        folder.unlink()
    run(tmp_path, "render", str(source), "--catalog", str(CATALOG), "-o", str(tmp_path / f"parsed{suffix}"))
    kept = (tmp_path / f"kept{suffix}").read_bytes()
    assert kept == (tmp_path / f"parsed{suffix}").read_bytes()
    assert kept != SAMPLE.read_bytes()  # translated


def test_a_source_changed_after_extract_renders_its_new_text(tmp_path: Path) -> None:
    source = project(tmp_path, "# Hello\n\nWorld.\n")
    catalog = tmp_path / "ro.po"
    catalog.write_text('msgid "Hello"\nmsgstr "Salut"\n\nmsgid "Again and again"\nmsgstr "Iar și iar"\n', "utf-8")
    run(tmp_path, "extract")
    assert run(tmp_path, "render", str(source), "--catalog", str(catalog)) == "# Salut\n\nWorld.\n"
    source.write_text("Intro.\n\n# Again and again\n\nWorld.\n", "utf-8")
    assert run(tmp_path, "render", str(source), "--catalog", str(catalog)) == "Intro.\n\n# Iar și iar\n\nWorld.\n"


def test_a_damaged_cache_file_is_parsed_again(tmp_path: Path) -> None:
    source = project(tmp_path, "# Hello\n\nWorld.\n")
    catalog = tmp_path / "ro.po"
    catalog.write_text('msgid "World."\nmsgstr "Lume."\n', "utf-8")
    run(tmp_path, "extract")
    (kept,) = (tmp_path / ".l10n-cache" / "segments").glob("*.json")
    kept.write_text('{"key": "', "utf-8")
    assert run(tmp_path, "render", str(source), "--catalog", str(catalog)) == "# Hello\n\nLume.\n"


def test_kept_segments_are_used_without_parsing(tmp_path: Path, monkeypatch) -> None:
    text = SAMPLE.read_text("utf-8")
    first = source_segments(text, path="a.md", source=SAMPLE, cache_dir=tmp_path)
    assert first == extract_segments(text, path="a.md")

    def refuse(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(spans, "extract_segments", refuse)
    assert source_segments(text, path="a.md", source=SAMPLE, cache_dir=tmp_path) == first
    with pytest.raises(AssertionError, match="parsed again"):  # other keys: not the same segments
        source_segments(text, front_matter_keys=("title",), path="a.md", source=SAMPLE, cache_dir=tmp_path)
    with pytest.raises(AssertionError, match="parsed again"):  # another text
        source_segments(text + "\nMore.\n", path="a.md", source=SAMPLE, cache_dir=tmp_path)


def test_the_cache_keeps_one_file_per_source(tmp_path: Path) -> None:
    source = tmp_path / "issue.md"
    for text in ("# One\n", "# Two\n", "# Three\n"):
        source_segments(text, source=source, cache_dir=tmp_path / "cache")
    (kept,) = (tmp_path / "cache" / "segments").glob("*.json")
    assert json.loads(kept.read_text("utf-8"))["segments"][0][0] == "Three"


def test_an_unwritable_cache_folder_is_left_alone(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder would go", "utf-8")
    assert source_segments("# One\n", source=tmp_path / "x.md", cache_dir=blocker) == extract_segments("# One\n")
