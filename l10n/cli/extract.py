"""``l10n extract``: newsletter issues to gettext templates."""

from __future__ import annotations

import os
from pathlib import Path

import click

from l10n.cli import Project, pass_project, say, shown
from l10n.errors import SourceError


@click.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(),
              help="With one source, the template file to write (any name), unless it is a folder "
                   "that exists or ends with /; with several, the folder for the templates.")
@pass_project
def extract(project: Project, sources: tuple[Path, ...], output: str | None) -> None:
    """Extract the translatable segments of newsletter issues into .pot templates.

    With no SOURCES, every issue of the configured source folder is extracted to
    locales/templates/<issue>.pot. Any Markdown or HTML file can be named instead.
    """
    from l10n.sources.extract import build_template, save_template

    # Files named with -o need no project; the project's own issues and templates do.
    config = project.config_or_defaults if sources and output is not None else project.config
    if not sources:
        sources = tuple(config.source_path(issue) for issue in config.issues())
        if not sources:
            raise SourceError("no issues found (no .md, .html or .htm files)", path=config.source_dir)
    folder = output is not None and (len(sources) > 1 or _names_folder(output))
    if output is not None and len(sources) > 1 and not _names_folder(output) and Path(output).exists():
        raise click.UsageError(f"-o {output} is a file, but several sources are given; name a folder")
    # Read and parse everything first, so that bad input writes nothing.
    templates = [(source, build_template(source, config, keep_segments=True)) for source in sources]
    for source, template in templates:
        target = _target(source, None if output is None else Path(output), config, folder=folder)
        changed = save_template(template, target, config)
        say(f"{shown(target)}: {'written' if changed else 'unchanged'}")


def _names_folder(output: str) -> bool:
    """Whether ``-o`` names a folder: one that exists, or a name ending with a slash."""
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def _target(source: Path, output: Path | None, config, *, folder: bool) -> Path:
    stem = Path(source).stem
    if output is None:
        return config.template_path(stem)
    return output / f"{stem}.pot" if folder else output


