"""The ``l10n`` command line: one command per stage of the loop.

Each command lives in its own module of this package and only parses options, calls the
core, and reports. Errors of the toolkit become ``Error: ...`` on stderr with the exit code
docs/DESIGN.md gives (1 a check or threshold failed, 2 bad usage, configuration or input).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from l10n import __version__
from l10n.errors import ConfigError, L10nError

if TYPE_CHECKING:
    from l10n.config import Config

__all__ = ["main", "shown", "Project", "pass_project"]


def shown(path: str | Path) -> str:
    """How a command names a file on the terminal (:func:`l10n.fileio.shown`)."""
    # Imported here: the file helpers are not needed to start, or to print --help.
    from l10n.fileio import shown

    return shown(path)


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


# The commands, in the order of the loop: name -> ("module:function" under l10n.cli, summary).
# A command's module is imported only when that command runs; ``l10n --help`` lists the
# summaries from here (each is the first paragraph of the command's docstring), so that
# listing the commands imports none of them.
COMMANDS = {
    "new": ("new:new", "Start a project in FOLDER (default: here): a configuration, source/ and locales/."),
    "extract": ("extract:extract", "Extract the translatable segments of newsletter issues into .pot templates."),
    "update": ("update:update", "Create or update the catalogs of ISSUES (default: all) from their templates."),
    "init": ("update:init", "Create the catalogs of one new language for ISSUES (default: all)."),
    "import": ("import_:import_",
               "Import TRANSLATED, a translation of the issue SOURCE published before, into its catalog."),
    "draft": ("draft:draft", "Fill untranslated entries of ISSUES (default: all) with fuzzy drafts."),
    "review": ("review:review", "Review translations one by one and sign them off."),
    "signoff": ("review:signoff", "Sign off translations checked elsewhere (a PDF proof, a web preview)."),
    "check": ("check:check",
              "Check the translations of ISSUES (default: every issue) for broken markup, links, numbers and more."),
    "status": ("status:status", "Show how far each issue is translated and reviewed in each language."),
    "compile": ("compile:compile", "Compile every catalog to a .mo file beside it (fuzzy entries left out)."),
    "render": ("render:render",
               "Render SOURCE with the translations of a catalog; untranslated segments keep the source text."),
    "build": ("build:build",
              "Build ISSUES (default: all) in every language: .mo files, web page, e-mail, text, PDF and an index."),
}


class Group(click.Group):
    """The command group: loads commands on demand and reports toolkit errors in one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[name][0].split(":")
        module = importlib.import_module(f"l10n.cli.{module_name}")
        return getattr(module, attribute)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            import difflib

            close = difflib.get_close_matches(name, list(COMMANDS), n=2, cutoff=0.6)
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            ctx.fail(f"No such command {name!r}.{hint} (l10n --help lists them.)")
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list as click lays it out, from the summaries, without loading a command."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, click.Command(name, help=summary).get_short_help_str(limit))
                for name, (_target, summary) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except L10nError as exc:
            raise ToolkitError(exc) from exc
        except KeyboardInterrupt:
            click.echo("Error: interrupted; every file written so far is complete", err=True)
            sys.exit(130)


class Project:
    """The configuration, loaded on first use (``--config`` or found from the current folder),
    and how much the commands say (``-q``/``-v``)."""

    def __init__(self, path: Path | None, *, verbosity: int = 0):
        self._path = path
        self._config: Config | None = None
        self.verbosity = verbosity  # -1 quiet, 0 normal, 1 verbose

    @property
    def config(self) -> Config:
        """The project's configuration; ConfigError (exit 2) when there is no project."""
        if self._config is None:
            from l10n.config import find_config_file, load_config

            if self._path is None and find_config_file(Path.cwd()) is None:
                raise ConfigError(
                    f"no project here: neither a pyproject.toml with [tool.l10n] nor an l10n.toml "
                    f"in {Path.cwd()} or a folder above it; start one with `l10n new`, "
                    f"or name one with --config FILE"
                )
            self._config = load_config(self._path)
            detail(f"configuration: {self._config.file}")
        return self._config

    @property
    def config_or_defaults(self) -> Config:
        """The project's configuration, or the defaults outside a project (for files named outright)."""
        if self._config is None:
            from l10n.config import load_config

            self._config = load_config(self._path)
            detail(f"configuration: {self._config.file or 'none found, the defaults'}")
        return self._config


pass_project = click.make_pass_decorator(Project)


def _verbosity() -> int:
    context = click.get_current_context(silent=True)
    project = context.find_object(Project) if context is not None else None
    return project.verbosity if project is not None else 0


def say(message: str) -> None:
    """Report what a command did (a file written, a summary); -q silences it."""
    if _verbosity() >= 0:
        click.echo(message)


def detail(message: str) -> None:
    """A detail shown only with -v, on standard error (what was left alone, which file was used)."""
    if _verbosity() > 0:
        click.echo(message, err=True)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]},
             epilog="Shell completion: eval \"$(_L10N_COMPLETE=bash_source l10n)\" in ~/.bashrc "
                    "(zsh_source for zsh, fish_source for fish).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="pyproject.toml or l10n.toml to use (default: the nearest one upwards).",
)
@click.option("-q", "--quiet", "quiet", is_flag=True,
              help="Print only errors and what was asked for (reports, findings), not what was written.")
@click.option("-v", "--verbose", "verbose", is_flag=True,
              help="Also print details on standard error: the configuration used, what was left unchanged.")
@click.version_option(__version__, prog_name="l10n")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, quiet: bool, verbose: bool) -> None:
    """Publish a newsletter in many languages through gettext catalogs."""
    if quiet and verbose:
        raise click.UsageError("-q and -v cannot be given together")
    ctx.obj = Project(config_path, verbosity=-1 if quiet else 1 if verbose else 0)
