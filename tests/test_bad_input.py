"""Bad input through the command line: one line ``Error: file:line: cause``, exit 2, nothing written."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from l10n.cli import main

SPRING = "---\ntitle: Spring issue\n---\n\n# Welcome to the spring issue\n\nThe partners met in Riga.\n"
AUTUMN = "---\ntitle: Autumn issue\n---\n\n# Welcome to the autumn issue\n\nThe partners met in Lublin.\n"
HEADER = 'msgid ""\nmsgstr ""\n"Language: pl\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
GOOD_ENTRY = 'msgid "Welcome to the spring issue"\nmsgstr "Witamy"\n'

# name -> (bytes of the catalog, line named, cause)
BAD = {
    "conflict-markers": (HEADER + '<<<<<<< ours\n' + GOOD_ENTRY + '=======\n' + GOOD_ENTRY + '>>>>>>> theirs\n',
                         6, "unresolved merge conflict marker"),
    "invalid-utf8": (HEADER.encode() + b'msgid "Welcome to the spring issue"\nmsgstr "Witamy \xff"\n',
                     7, "not valid UTF-8 (byte 0xff at offset 132)"),
    "truncated-string": (HEADER + 'msgid "Welcome to the spring issue"\nmsgstr "Wita', 7,
                         "unterminated or malformed string"),
    "duplicate-msgid": (HEADER + GOOD_ENTRY + "\n" + GOOD_ENTRY, 9,
                        "duplicate message definition (first at line 6)"),
    "msgid-without-msgstr": (HEADER + 'msgid "Welcome to the spring issue"\n\nmsgid "x"\nmsgstr "y"\n', 6,
                             "missing msgstr"),
    "nul-byte": (HEADER + 'msgid "Welcome to the spring issue"\nmsgstr "Wit\0amy"\n', 7,
                 "binary file (contains NUL bytes), not text"),
    "prose": ("Dear translators,\nthe Polish text is attached.\n", 1,
              "not a PO file: no header entry and no messages"),
    "empty-file": ("", 1, "not a PO file: no header entry and no messages"),
    "msgstrr": (HEADER + 'msgid "Welcome to the spring issue"\nmsgstrr "Witamy"\n', 7, "Syntax error in po file"),
    "invalid-escape": (HEADER + 'msgid "Welcome to the spring issue"\nmsgstr "Witamy\\q"\n', 7,
                       "invalid escape sequence \\q in a string"),
}


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(root / "l10n.toml"), *args])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    (root / "source" / "autumn.md").write_text(AUTUMN, "utf-8")
    (root / "source" / "spring.md").write_text(SPRING, "utf-8")
    (root / "l10n.toml").write_text('languages = ["pl", "ro"]\nproject = "EPI"\n', "utf-8")
    assert run(root, "extract").exit_code == 0
    assert run(root, "update").exit_code == 0
    return root


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def spoil(root: Path, name: str) -> Path:
    data = BAD[name][0]
    path = root / "locales" / "pl" / "LC_MESSAGES" / "spring.po"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@pytest.mark.parametrize("name", BAD)
@pytest.mark.parametrize("command", ["compile", "build"])
def test_a_bad_catalog_stops_compile_and_build_before_any_write(project: Path, command: str, name: str) -> None:
    bad = spoil(project, name)
    before = snapshot(project)
    result = run(project, command)
    assert result.exit_code == 2
    _data, line, cause = BAD[name]
    assert result.stdout == ""
    assert result.stderr == f"Error: {bad}:{line}: {cause}\n"
    assert snapshot(project) == before


def test_msgfmt_refuses_what_the_commands_refuse(project: Path) -> None:
    for name in BAD:
        if name == "nul-byte":
            continue  # msgfmt reads a NUL as the end of the string; a catalog never holds one
        path = spoil(project, name)
        checked = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True)
        assert checked.returncode != 0, name


def test_a_mo_file_saved_as_po_is_refused(project: Path) -> None:
    assert run(project, "compile").exit_code == 0
    mo = project / "locales" / "ro" / "LC_MESSAGES" / "spring.mo"
    bad = project / "locales" / "pl" / "LC_MESSAGES" / "spring.po"
    bad.write_bytes(mo.read_bytes())
    mo.unlink()
    before = snapshot(project)
    result = run(project, "build")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {bad}:1: binary file (contains NUL bytes), not text\n"
    assert snapshot(project) == before


def test_compile_keep_going_writes_the_good_catalogs_and_names_the_bad_one(project: Path) -> None:
    bad = spoil(project, "conflict-markers")
    result = run(project, "compile", "--keep-going")
    assert result.exit_code == 2
    assert result.stderr == f"Error: skipped 1 bad file: {bad}:6: unresolved merge conflict marker\n"
    folder = project / "locales"
    written = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.mo"))
    assert written == ["pl/LC_MESSAGES/autumn.mo", "ro/LC_MESSAGES/autumn.mo", "ro/LC_MESSAGES/spring.mo"]
    assert result.stdout.splitlines()[-1] == "3 catalogs compiled, 3 written"


def test_build_keep_going_builds_everything_else_and_names_what_it_skipped(project: Path) -> None:
    bad = spoil(project, "invalid-escape")
    other = project / "locales" / "ro" / "LC_MESSAGES" / "autumn.po"
    other.write_text(other.read_text("utf-8") + "\n<<<<<<< HEAD\n", "utf-8")
    result = run(project, "build", "-k")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: skipped 2 bad files: {other}:{other.read_text('utf-8').count(chr(10))}: "
        f"unresolved merge conflict marker; {bad}:7: invalid escape sequence \\q in a string\n"
    )
    pages = sorted(str(p.relative_to(project / "build")) for p in (project / "build").rglob("*.html"))
    # The bad catalogs have no page; the good ones follow the usual rules (a language with no
    # translated entry is not published).
    assert {"en/autumn.html", "en/spring.html", "index.html"} <= set(pages)
    assert "pl/spring.html" not in pages and "ro/autumn.html" not in pages
    assert not (project / "locales" / "pl" / "LC_MESSAGES" / "spring.mo").exists()


COMMANDS = [
    ["status"],
    ["check"],
    ["draft", "--lang", "pl"],
    ["signoff", "--lang", "pl", "--all-translated", "--reviewer", "Ana"],
    ["review", "--list"],
    ["render", "source/spring.md", "--catalog", "locales/pl/LC_MESSAGES/spring.po"],
    ["update"],
    ["compile"],
    ["build"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0] + ("-list" if "--list" in c else ""))
def test_every_command_reads_an_invalid_escape_as_msgfmt_does(
    project: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    bad = spoil(project, "invalid-escape")
    before = snapshot(project)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2, result.output
    # Files are named relative to the current folder.
    assert result.stderr == f"Error: {bad.relative_to(project)}:7: invalid escape sequence \\q in a string\n"
    assert snapshot(project) == before


def test_a_project_name_that_is_not_a_string_is_a_configuration_error(project: Path) -> None:
    (project / "l10n.toml").write_text('languages = ["pl", "ro"]\nproject = ["EPI"]\n', "utf-8")
    result = run(project, "build")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {project / 'l10n.toml'}:2: the top level project: expected a string, got a list\n"
    assert not (project / "build").exists()
