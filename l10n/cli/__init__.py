"""The ``l10n`` command line: one command per stage of the loop.

Each command lives in its own module of this package and only parses options, calls the
core, and reports. Errors of the toolkit become ``Error: ...`` on stderr with the exit code
DESIGN.md gives (1 a check or threshold failed, 2 bad usage, configuration or input).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from l10n import __version__
from l10n.config import Config, load_config
from l10n.errors import L10nError


class ToolkitError(click.ClickException):
    """An :class:`L10nError` on its way to the terminal."""

    def __init__(self, error: L10nError):
        super().__init__(str(error))
        self.exit_code = error.exit_code


class Group(click.Group):
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


def _register() -> None:
    from l10n.cli import draft
    from l10n.cli import review
    from l10n.cli import extract, render, check, status
    from l10n.cli import build, compile
    from l10n.cli import import_
    from l10n.cli import update

    main.add_command(extract.extract)
    main.add_command(render.render)
    main.add_command(check.check)
    main.add_command(status.status)
    main.add_command(compile.compile)
    main.add_command(build.build)
    main.add_command(import_.import_)
    main.add_command(draft.draft)
    main.add_command(review.review)
    main.add_command(review.signoff)
    main.add_command(update.update)
    main.add_command(update.init)


_register()
