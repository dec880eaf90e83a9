"""The ``l10n`` command line: one command per stage of the loop.

Each command lives in its own module of this package and only parses options, calls the
core, and reports. Errors of the toolkit become ``Error: ...`` on stderr with the exit code
docs/DESIGN.md gives (1 a check or threshold failed, 2 bad usage, configuration or input).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from l10n import __version__
from l10n.config import Config, load_config
from l10n.errors import L10nError


def shown(path: Path) -> str:
    """``path`` as a command prints it: relative to the current folder when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class ToolkitError(click.ClickException):
    """An :class:`L10nError` on its way to the terminal."""

    def __init__(self, error: L10nError):
        message = str(error)
        if error.path is not None:
            # Name the file the way every command names files (``shown``), whatever form the
            # core was given it in.
            place = shown(Path(error.path)) + (f":{error.line}" if error.line is not None else "")
            message = f"{place}: {error.cause}"
        super().__init__(message)
        self.exit_code = error.exit_code


# The commands, in the order of the loop: name -> "module:function" under l10n.cli.
# A command's module is imported only when that command runs (or help lists it).
COMMANDS = {
    "extract": "extract:extract",
    "update": "update:update",
    "init": "update:init",
    "import": "import_:import_",
    "draft": "draft:draft",
    "review": "review:review",
    "signoff": "review:signoff",
    "check": "check:check",
    "status": "status:status",
    "compile": "compile:compile",
    "render": "render:render",
    "build": "build:build",
}


class Group(click.Group):
    """The command group: loads commands on demand and reports toolkit errors in one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        module = importlib.import_module(f"l10n.cli.{module_name}")
        return getattr(module, attribute)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except L10nError as exc:
            raise ToolkitError(exc) from exc
        except KeyboardInterrupt:
            click.echo("Error: interrupted; every file written so far is complete", err=True)
            sys.exit(130)


class Project:
    """The configuration, loaded on first use (``--config`` or found from the current folder)."""

    def __init__(self, path: Path | None):
        self._path = path
        self._config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self._path)
        return self._config


pass_project = click.make_pass_decorator(Project)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="pyproject.toml or l10n.toml to use (default: the nearest one upwards).",
)
@click.version_option(__version__, prog_name="l10n")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None) -> None:
    """Publish a newsletter in many languages through gettext catalogs."""
    ctx.obj = Project(config_path)
