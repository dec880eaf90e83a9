"""The command group: ``l10n --help`` lists every command without loading any of them."""

from __future__ import annotations

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
