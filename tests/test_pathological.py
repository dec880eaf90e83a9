"""Pathological Markdown through the command line: deep nesting, long runs of delimiters.

Nothing vanishes: text nested deep is extracted and rendered, or the command stops with one
line naming the place. How the time grows with the size is measured by
``bench/bench_pathological.py``; here the commands only have to finish and say the right thing.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from l10n.catalogs.pofile import read_catalog, write_catalog
from l10n.cli import main

TOO_DEEP = "lists and block quotes nested too deeply (more than 63 levels of markup): the text inside cannot be translated"


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(root / "l10n.toml"), *args])


def write_project(root: Path, body: str) -> Path:
    (root / "source").mkdir(parents=True)
    source = root / "source" / "a.md"
    source.write_text("# Partners meet\n\n" + body, "utf-8")
    (root / "l10n.toml").write_text('languages = ["ro"]\n[providers.libretranslate]\nurl = "http://127.0.0.1:9/"\n',
                                    "utf-8")
    return source


def translate_all(root: Path) -> None:
    """Give every entry of the Romanian catalog a translation: its msgid with "RO " before it."""
    path = root / "locales" / "ro" / "LC_MESSAGES" / "a.po"
    catalog = read_catalog(path)
    for entry in catalog:
        entry.msgstr = "RO " + entry.msgid
    write_catalog(path, catalog)


def test_a_list_nested_thirty_deep_is_extracted_and_rendered(tmp_path: Path) -> None:
    items = "".join("  " * depth + f"- item at depth {depth}\n" for depth in range(30))
    write_project(tmp_path, items)
    assert run(tmp_path, "extract").exit_code == 0
    template = polib.pofile(str(tmp_path / "locales" / "templates" / "a.pot"))
    assert [e.msgid for e in template][1:] == [f"item at depth {depth}" for depth in range(30)]
    assert run(tmp_path, "update").exit_code == 0
    translate_all(tmp_path)
    result = run(tmp_path, "render", str(tmp_path / "source" / "a.md"), "--catalog",
                 str(tmp_path / "locales" / "ro" / "LC_MESSAGES" / "a.po"), "-o", str(tmp_path / "ro.html"))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "ro.html").read_text("utf-8")
    assert all(f"<li>RO item at depth {depth}" in page for depth in range(30))


def test_a_quote_nested_forty_deep_is_extracted_and_rendered(tmp_path: Path) -> None:
    write_project(tmp_path, "> " * 40 + "A voice from deep inside\n")
    assert run(tmp_path, "extract").exit_code == 0
    assert run(tmp_path, "update").exit_code == 0
    translate_all(tmp_path)
    result = run(tmp_path, "build")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "build" / "ro" / "a.html").read_text("utf-8")
    assert page.count("<blockquote>") == 40
    assert "<p>RO A voice from deep inside</p>" in page


@pytest.mark.parametrize("command", [["extract"], ["build"],
                                     ["render", "source/a.md", "--catalog", "locales/ro/LC_MESSAGES/a.po"]])
def test_ten_thousand_nested_quotes_stop_with_one_line(
    tmp_path: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_project(tmp_path, "Before.\n\n" + ">" * 10_000 + " lost?\n")
    folder = tmp_path / "locales" / "ro" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "a.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', "utf-8")
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "l10n.toml"), *command],
                                catch_exceptions=False)
    assert result.exit_code == 2
    shown = "source/a.md"
    assert result.stderr == f"Error: {shown}:5: {TOO_DEEP}\n"
    assert not (tmp_path / "build").exists() and not (tmp_path / "locales" / "templates").exists()


RUNS = {
    "stars": "Partners " + "*" * 10_000 + " meet",
    "underscores": "Partners " + "_" * 10_000 + " meet",
    "backticks": "Partners " + "`" * 10_000 + " meet",
    "emphasis": "Partners " + "*a* " * 2_500 + "meet",
    "brackets": "Partners " + "[" * 10_000 + " meet",
    "link-labels": "Partners " + "[a]" * 3_000 + " meet",
}


@pytest.mark.parametrize("name", RUNS)
def test_runs_of_delimiters_go_through_every_stage(tmp_path: Path, name: str) -> None:
    write_project(tmp_path, RUNS[name] + "\n")
    assert run(tmp_path, "extract").exit_code == 0
    assert run(tmp_path, "update").exit_code == 0
    result = run(tmp_path, "draft", "--lang", "ro", "-p", "libretranslate", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("libretranslate (ro): 2 texts for 2 entries")
    translate_all(tmp_path)
    result = run(tmp_path, "check")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == "0 errors, 0 warnings in 1 catalog (2 entries checked)"
    result = run(tmp_path, "build", "-j", "1")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "build" / "ro" / "a.html").read_text("utf-8")
    assert "RO Partners" in page and "meet" in page


@pytest.mark.parametrize("run_of", ["*", "_", "`"])
def test_a_dry_run_masks_fifty_thousand_delimiters(tmp_path: Path, run_of: str) -> None:
    write_project(tmp_path, "Partners " + run_of * 50_000 + " meet\n")
    assert run(tmp_path, "extract").exit_code == 0
    assert run(tmp_path, "update").exit_code == 0
    result = run(tmp_path, "draft", "--lang", "ro", "-p", "libretranslate", "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"{tmp_path}/locales/ro/LC_MESSAGES/a.po:" in lines[1] and " chars: Partners " in lines[1]
    assert lines[-1].startswith("libretranslate (ro): 2 texts for 2 entries")
