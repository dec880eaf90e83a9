"""The command line as a newcomer meets it: outside a project, l10n new, typos, -q/-v, help, completion."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from l10n.cli import COMMANDS, main

PROJECT_COMMANDS = [
    ["build"],
    ["status"],
    ["check"],
    ["compile"],
    ["update"],
    ["init", "--lang", "pt-BR"],
    ["extract"],
    ["extract", "notes.md"],
    ["import", "--lang", "ro", "notes.md", "notes-ro.txt"],
    ["draft", "--lang", "ro"],
    ["review", "--lang", "ro", "--reviewer", "Ana"],
    ["review", "--list"],
    ["signoff", "--lang", "ro", "--all-translated", "--reviewer", "Ana"],
]


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("args", PROJECT_COMMANDS, ids=[" ".join(a) for a in PROJECT_COMMANDS])
def test_outside_a_project_every_project_command_says_so_and_writes_nothing(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text("# Notes\n", encoding="utf-8")
    (tmp_path / "notes-ro.txt").write_text("Note\n", encoding="utf-8")
    before = files_under(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"Error: no project here: neither a pyproject.toml with [tool.l10n] nor an l10n.toml in {tmp_path} "
        "or a folder above it; start one with `l10n new`, or name one with --config FILE\n"
    )
    assert result.stdout == ""
    assert files_under(tmp_path) == before


def test_l10n_new_starts_a_project_that_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["new", "--lang", "ro"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == ["l10n.toml: created", "source/: created", "locales/templates/: created"]
    (tmp_path / "source" / "first.md").write_text("# Hello\n\nFirst issue.\n", encoding="utf-8")
    built = runner.invoke(main, ["build"])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "build" / "en" / "first.html").is_file()
    # Nothing is translated into Romanian yet, so the issue is not published in it.
    assert "skipped ro first: no entry translated, not published" in built.output.splitlines()
    again = runner.invoke(main, ["new"])
    assert again.exit_code == 2 and "a project exists here already" in again.stderr


def test_l10n_new_adds_a_table_to_an_existing_pyproject(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    original = '[project]\nname = "letters"  # the package\n'
    (tmp_path / "pyproject.toml").write_text(original, encoding="utf-8")
    result = CliRunner().invoke(main, ["new", "--lang", "de"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert text.startswith(original + "\n[tool.l10n]\n")
    assert 'languages = ["de"]' in text
    assert not (tmp_path / "l10n.toml").exists()


def test_a_mistyped_command_gets_a_suggestion(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["stauts"])
    assert result.exit_code == 2
    assert "Error: No such command 'stauts'. Did you mean 'status'?" in result.stderr


@pytest.mark.parametrize("name", [name for name in COMMANDS])
def test_the_lang_placeholder_is_lang_everywhere(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if "--lang" in line and line.lstrip().startswith("-")]
    for line in lines:
        assert "--lang LANG" in line, line


def test_quiet_and_verbose(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    runner.invoke(main, ["new", "--lang", "ro"])
    (tmp_path / "source" / "first.md").write_text("# Hello\n", encoding="utf-8")
    assert runner.invoke(main, ["extract"]).exit_code == 0
    quiet = runner.invoke(main, ["-q", "update"])
    assert quiet.exit_code == 0 and quiet.output == ""
    assert (tmp_path / "locales" / "ro" / "LC_MESSAGES" / "first.po").is_file()
    normal = runner.invoke(main, ["update"])
    assert normal.stdout == "locales/ro/LC_MESSAGES/first.po: unchanged\n" and normal.stderr == ""
    verbose = runner.invoke(main, ["-v", "update"])
    assert verbose.stdout == normal.stdout
    assert verbose.stderr == f"configuration: {tmp_path / 'l10n.toml'}\n"
    both = runner.invoke(main, ["-q", "-v", "update"])
    assert both.exit_code == 2


def test_shell_completion_as_the_help_documents_it(tmp_path):
    help_text = CliRunner().invoke(main, ["--help"]).output
    assert "_L10N_COMPLETE=bash_source l10n" in help_text
    env = {**os.environ, "_L10N_COMPLETE": "bash_complete", "COMP_WORDS": "l10n sta", "COMP_CWORD": "1"}
    script = Path(sys.executable).with_name("l10n")
    answer = subprocess.run([str(script)], env=env, capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert answer.returncode == 0
    assert "plain,status" in answer.stdout.splitlines()


def test_build_removes_the_pages_of_a_language_no_longer_configured(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    runner.invoke(main, ["new", "--lang", "ro", "--lang", "pt-BR"])
    (tmp_path / "source" / "first.md").write_text("# Hello\n", encoding="utf-8")
    (tmp_path / "source" / "second.md").write_text("# Again\n", encoding="utf-8")
    with (tmp_path / "l10n.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[build]\nformats = ["md", "html"]\n')
    assert runner.invoke(main, ["build"]).exit_code == 0
    # A language is published for an issue once something in it is translated.
    for catalog in (tmp_path / "locales").glob("*/LC_MESSAGES/*.po"):
        entries = polib.pofile(str(catalog))
        for entry in entries:
            entry.msgstr = f"{entry.msgid} ({catalog.parts[-3]})"
        entries.save()
    assert runner.invoke(main, ["build"]).exit_code == 0
    assert (tmp_path / "build" / "pt_BR" / "first.html").is_file()
    config = tmp_path / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('["ro", "pt_BR"]', '["ro"]'), encoding="utf-8")
    (tmp_path / "source" / "second.md").unlink()
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "removed build/pt_BR/first.md, build/pt_BR/first.html: pt_BR is no longer a configured language" in lines
    assert "removed build/pt_BR/second.md, build/pt_BR/second.html: pt_BR is no longer a configured language" in lines
    assert "removed build/en/second.md, build/en/second.html: second is no longer an issue" in lines
    assert "removed build/ro/second.md, build/ro/second.html: second is no longer an issue" in lines
    assert not (tmp_path / "build" / "pt_BR").exists()
    assert sorted(p.name for p in (tmp_path / "build" / "ro").iterdir()) == ["first.html", "first.md"]
    assert "pt_BR" not in (tmp_path / "build" / "index.html").read_text(encoding="utf-8")
    again = runner.invoke(main, ["build"])
    assert "removed" not in again.stdout


def signoff_project(tmp_path: Path) -> Path:
    """One issue in ro: a clean translation, one with a warning, one that breaks a link (an error)."""
    runner = CliRunner()
    runner.invoke(main, ["new", "--lang", "ro"])
    (tmp_path / "source" / "one.md").write_text(
        "Read the [report](https://example.org/report) today.\n\n"
        "The partners met in Riga.\n\n"
        "We publish in eight languages.\n", encoding="utf-8")
    assert runner.invoke(main, ["extract"]).exit_code == 0
    assert runner.invoke(main, ["update"]).exit_code == 0
    path = tmp_path / "locales" / "ro" / "LC_MESSAGES" / "one.po"
    import polib

    catalog = polib.pofile(str(path))
    texts = {
        "Read the [report](https://example.org/report) today.": "Citiți [raportul](https://example.org/raport) azi.",
        "The partners met in Riga.": "Partenerii s-au  întâlnit la Riga.",
        "We publish in eight languages.": "Publicăm în opt limbi.",
    }
    for entry in catalog:
        entry.msgstr = texts[entry.msgid]
    catalog.save(str(path))
    return path


def test_signoff_lists_the_findings_of_what_it_signs_and_refuses_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = signoff_project(tmp_path)
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["signoff", "--lang", "ro", "--all-translated", "--reviewer", "Ana Pop"])
    assert result.exit_code == 1, result.output
    out = result.stdout.splitlines()
    assert any(line.startswith("locales/ro/LC_MESSAGES/one.po:") and ": error [links] " in line for line in out)
    assert any(": warning [double-space] " in line for line in out)
    assert any(line.endswith(": not signed off: fix the error first, or sign it off anyway with --force")
               for line in out)
    assert "ro one: signed off 2 entries, refused 1 with QA errors (1 signed with QA findings)" in out
    assert result.stderr == "Error: 1 entry with QA errors not signed off; fix them, or give --force\n"
    text = path.read_text(encoding="utf-8")
    assert text != before.decode("utf-8") and text.count("# reviewed: Ana Pop") == 2
    forced = CliRunner().invoke(main, ["signoff", "--lang", "ro", "--all-translated", "--reviewer", "Ana Pop",
                                       "--force"])
    assert forced.exit_code == 0, forced.output
    assert "ro one: signed off 1 entry (1 signed with QA findings)" in forced.stdout.splitlines()
    assert path.read_text(encoding="utf-8").count("# reviewed: Ana Pop") == 3


def test_signoff_after_check_takes_the_kept_findings_and_signs_the_same(tmp_path, monkeypatch):
    import l10n.checks

    runs = []
    for name, check_first in (("fresh", False), ("after-check", True)):
        (tmp_path / name).mkdir()
        monkeypatch.chdir(tmp_path / name)
        path = signoff_project(tmp_path / name)
        if check_first:
            assert CliRunner().invoke(main, ["check"]).exit_code == 1  # the broken link
        calls = []
        real = l10n.checks.check_entry
        monkeypatch.setattr(l10n.checks, "check_entry", lambda *a, **k: calls.append(a) or real(*a, **k))
        syntax = []
        real_syntax = l10n.catalogs.pofile._check_syntax
        monkeypatch.setattr(l10n.catalogs.pofile, "_check_syntax",
                            lambda text, where: syntax.append(Path(where).name) or real_syntax(text, where))
        result = CliRunner().invoke(main, ["signoff", "--lang", "ro", "--all-translated", "--reviewer", "Ana Pop"])
        monkeypatch.setattr(l10n.checks, "check_entry", real)
        monkeypatch.setattr(l10n.catalogs.pofile, "_check_syntax", real_syntax)
        runs.append((result.exit_code, result.stdout, result.stderr, path.read_bytes(), len(calls), syntax))
    (fresh_code, fresh_out, fresh_err, fresh_bytes, fresh_calls, fresh_syntax), kept = runs
    assert kept[:4] == (fresh_code, fresh_out, fresh_err, fresh_bytes) and fresh_code == 1
    assert fresh_calls == 3 and kept[4] == 0  # after check, no entry is checked again
    # nor are the lines of the bytes check read without error
    assert fresh_syntax.count("one.po") == 1 and "one.po" not in kept[5]
    # A catalog changed since the check is checked again.
    (tmp_path / "changed").mkdir()
    monkeypatch.chdir(tmp_path / "changed")
    path = signoff_project(tmp_path / "changed")
    assert CliRunner().invoke(main, ["check"]).exit_code == 1
    path.write_text(path.read_text("utf-8").replace("Publicăm în opt limbi.", "Publicăm în 8 limbi."), "utf-8")
    result = CliRunner().invoke(main, ["signoff", "--lang", "ro", "--match", "limbi", "--reviewer", "Ana Pop"])
    assert "warning [numbers] number not in the source: 8" in result.stdout
    # A catalog broken since the check is refused, its line named, and left as it is.
    assert CliRunner().invoke(main, ["check"]).exit_code == 1
    text = path.read_text("utf-8")
    broken = text.replace('msgstr "Publicăm în 8 limbi."', 'msgstr "Publicăm în 8 limbi.')
    assert broken != text
    path.write_text(broken, "utf-8")
    result = CliRunner().invoke(main, ["signoff", "--lang", "ro", "--all-translated", "--reviewer", "Ana Pop"])
    line = broken.splitlines().index('msgstr "Publicăm în 8 limbi.') + 1
    assert result.exit_code == 2
    assert result.stderr == f"Error: locales/ro/LC_MESSAGES/one.po:{line}: unterminated or malformed string\n"
    assert path.read_text("utf-8") == broken


def test_commands_leave_no_lock_files_in_the_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    signoff_project(tmp_path)
    runner = CliRunner()
    for args in (["init", "--lang", "de"], ["update"], ["draft", "--lang", "de"],
                 ["signoff", "--lang", "ro", "--match", "Riga", "--reviewer", "Ana Pop"], ["build"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, (args, result.output)
    leftovers = [p for p in tmp_path.rglob("*.lock") if ".l10n-cache" not in p.parts]
    assert leftovers == []
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=tmp_path,
                            capture_output=True, text=True, check=True).stdout
    assert ".lock" not in status and ".l10n-cache" not in status
    assert "?? locales/ro/LC_MESSAGES/one.po" in status.splitlines()


def test_a_long_build_shows_its_progress(tmp_path, monkeypatch):
    import l10n.cli.build

    # What counts as long (40 catalogs or pages in a step) brought down to 4, to keep the test short.
    monkeypatch.setattr(l10n.cli.build, "PROGRESS_FROM", 4)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    runner.invoke(main, ["new", "--lang", "ro", "--lang", "de"])
    for number in range(4):
        (tmp_path / "source" / f"issue-{number:02}.md").write_text(f"# Issue {number}\n\nText.\n", encoding="utf-8")
    result = runner.invoke(main, ["build", "-j", "1"])
    assert result.exit_code == 0, result.output
    progress = [line for line in result.stderr.splitlines() if line.startswith("build: ")]
    assert progress[0] == "build: catalogs 0/8" and "build: catalogs 8/8" in progress
    # Nothing is translated yet: only the English pages are made.
    assert "build: pages 0/4" in progress and progress[-1] == "build: pages 4/4"
    assert len(progress) <= 22  # at most a line at each tenth of each step
    quiet = runner.invoke(main, ["-q", "build", "--force", "-j", "1"])
    assert quiet.exit_code == 0 and quiet.output == ""
    monkeypatch.setattr(l10n.cli.build, "PROGRESS_FROM", 40)
    short = runner.invoke(main, ["build", "--force", "-j", "1"])
    assert "build: " not in short.stderr
