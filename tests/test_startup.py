"""The command group: ``l10n --help`` lists every command without loading any of them."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from l10n.cli import COMMANDS, main

# Modules that listing the commands must not import: every command's own module, and the
# libraries only commands need.
HEAVY = ("markdown_it", "polib", "babel", "requests", "rich", "rapidfuzz", "yaml", "filelock", "rspolib")


def loaded_help(width: int) -> str:
    """The command list as click writes it when it loads every command to ask for its help."""
    context = click.Context(main, terminal_width=width, max_content_width=width)
    formatter = context.make_formatter()
    click.Group.format_commands(main, context, formatter)
    return formatter.getvalue()


@pytest.mark.parametrize("width", [40, 80, 120, 200])
def test_help_lists_each_command_as_its_own_docstring_says(width: int) -> None:
    context = click.Context(main, terminal_width=width, max_content_width=width)
    formatter = context.make_formatter()
    main.format_commands(context, formatter)
    assert formatter.getvalue() == loaded_help(width)


def test_help_names_every_command_in_the_order_of_the_loop() -> None:
    result = CliRunner().invoke(main, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    section = result.output.split("Commands:\n")[1].split("\n\n")[0]
    listed = [line.split()[0] for line in section.splitlines()]
    assert listed == list(COMMANDS) == ["new", "extract", "update", "init", "import", "draft", "review", "signoff",
                                        "check", "status", "compile", "render", "build"]


def test_help_imports_no_command_and_no_library_a_command_needs() -> None:
    probe = ("import sys\n"
             "from l10n.cli import main\n"
             "try:\n"
             "    main(['--help'])\n"
             "except SystemExit:\n"
             "    pass\n"
             "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "Commands:" in result.stdout
    modules = result.stderr.split()
    assert [name for name in modules if name.startswith("l10n.cli.")] == []
    assert [name for name in modules if name.split(".")[0] in HEAVY] == []


def test_an_unknown_command_is_refused() -> None:
    result = CliRunner().invoke(main, ["statuss"])
    assert result.exit_code == 2
    assert "No such command 'statuss'" in result.output


# -- what each command loads to start ------------------------------------------------------------

# Libraries a command loads where it first uses them, never to start or to print its help.
LIBRARIES = ("markdown_it", "mdit_py_plugins", "rich", "polib", "rspolib", "babel", "weasyprint", "html5lib",
             "css_inline", "pdfplumber", "pypdf", "docx", "deep_translator", "requests", "rapidfuzz", "yaml",
             "tomlkit", "filelock", "wordfreq", "unicode_segmentation_rs")


# Runs the command line as ``python -m l10n`` does, then lists every module loaded on the way out.
# (sys.modules, not ``-X importtime``: the latter does not see modules loaded through importlib,
# as the command group loads its commands.)
PROBE = ("import atexit, runpy, sys\n"
         "atexit.register(lambda: print('\\n'.join(sorted(sys.modules)), file=sys.stderr))\n"
         "runpy.run_module('l10n', run_name='__main__')\n")


def imported_by(*args: str, cwd=None) -> tuple[subprocess.CompletedProcess, list[str]]:
    """``l10n ARGS`` run in a new interpreter, as a user runs it, and the modules it loaded."""
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd)
    modules = result.stderr.split()
    assert "l10n.cli" in modules, result.stderr
    return result, modules


@pytest.fixture(scope="module")
def help_imports() -> dict[str, list[str]]:
    """For each command, the modules that ``l10n COMMAND --help`` imports, in one process each."""
    return {name: imported_by(name, "--help") for name in COMMANDS}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_command_prints_its_help_without_loading_its_libraries(command: str, help_imports) -> None:
    result, modules = help_imports[command]
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Usage: l10n {command} ")
    assert [name for name in modules if name.split(".")[0] in LIBRARIES] == []
    # Nothing of the toolkit but the command line, its own command and the error types.
    module = COMMANDS[command][0].split(":")[0]
    assert sorted({name for name in modules if name.split(".")[0] == "l10n"}) == sorted(
        {"l10n", "l10n.cli", f"l10n.cli.{module}", "l10n.errors"})


def test_l10n_help_loads_no_library_and_no_configuration() -> None:
    result, modules = imported_by("--help")
    assert result.returncode == 0 and "Commands:" in result.stdout
    assert [name for name in modules if name.split(".")[0] in LIBRARIES] == []
    assert "l10n.config" not in modules and "l10n.fileio" not in modules


def test_the_choices_in_the_help_are_those_the_commands_accept() -> None:
    """The option choices the command modules name for --help are the registries' own."""
    from l10n.cli import build, draft, import_, status
    from l10n.coverage import counts, report
    from l10n.drafting import providers
    from l10n.importing import readers
    from l10n.publish import build as publish_build

    assert status.FORMATS == tuple(report.FORMATS)
    assert status.UNITS == counts.UNITS
    assert draft.PROVIDER_NAMES == providers.PROVIDER_NAMES
    assert build.FORMATS == publish_build.FORMATS
    assert import_.FORMATS == readers.FORMATS


def test_render_after_extract_loads_no_markdown_parser(tmp_path) -> None:
    """``l10n render`` of a Markdown issue whose segments ``l10n extract`` kept only looks up
    and splices: it loads no Markdown parser, no Babel, and never the HTML tokenizer,
    WeasyPrint, rich or an HTTP client; parsed again, the issue renders to the same bytes."""
    (tmp_path / "issue.md").write_text("---\ntitle: Hello\n---\n# Hello\n\nA <b>bold</b> word,\nwrapped.\n",
                                       encoding="utf-8")
    (tmp_path / "issue.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ro\\n"\n\n'
        'msgctxt "title"\nmsgid "Hello"\nmsgstr "Salut: lume"\n\nmsgid "Hello"\nmsgstr "Salut"\n\n'
        'msgid "A <b>bold</b> word, wrapped."\nmsgstr "Un cuvânt <b>îngroșat</b>,\\n# nu un titlu."\n',
        encoding="utf-8")
    expected = '---\ntitle: "Salut: lume"\n---\n# Salut\n\nUn cuvânt <b>îngroșat</b>,\n\\# nu un titlu.\n'
    render = ("render", "issue.md", "--catalog", "issue.po")
    cold, parsed = imported_by(*render, cwd=tmp_path)
    assert cold.returncode == 0, cold.stderr
    assert cold.stdout == expected
    assert "markdown_it" in parsed
    extracted, _ = imported_by("extract", "issue.md", "-o", "issue.pot", cwd=tmp_path)
    assert extracted.returncode == 0, extracted.stderr
    kept, modules = imported_by(*render, cwd=tmp_path)
    assert kept.returncode == 0, kept.stderr
    assert kept.stdout == expected
    loaded = {name.split(".")[0] for name in modules}
    assert loaded & {"markdown_it", "mdit_py_plugins", "html5lib", "babel", "rapidfuzz", "weasyprint", "rich",
                     "requests", "css_inline", "pdfplumber"} == set()


def test_the_kept_segments_are_keyed_by_the_parsers_versions_as_the_parsers_give_them() -> None:
    """The versions read without loading the parsers are the ones the parsers report."""
    probe = ("import importlib, json, sys\n"
             "from l10n.sources.spans import PARSERS, package_version\n"
             "read = [package_version(name) for name in PARSERS]\n"
             "loaded = [name for name in PARSERS if name in sys.modules]\n"
             "print(json.dumps([read, loaded, [importlib.import_module(name).__version__ for name in PARSERS]]))\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    read, loaded, reported = json.loads(result.stdout)
    assert loaded == []
    assert read == reported and all(read)
