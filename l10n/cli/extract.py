"""``l10n extract``: newsletter issues to gettext templates."""

from __future__ import annotations

from pathlib import Path

import click

from l10n.cli import Project, pass_project, shown
from l10n.errors import SourceError
from l10n.sources.extract import build_template, save_template


@click.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Template file to write (one source), or a folder for the templates.")
@pass_project
def extract(project: Project, sources: tuple[Path, ...], output: Path | None) -> None:
    """Extract the translatable segments of newsletter issues into .pot templates.

    With no SOURCES, every issue of the configured source folder is extracted to
    locales/templates/<issue>.pot. Any Markdown or HTML file can be named instead.
    """
    config = project.config
    if not sources:
        sources = tuple(config.source_path(issue) for issue in config.issues())
        if not sources:
            raise SourceError("no issues found (no .md, .html or .htm files)", path=config.source_dir)
    if output is not None and len(sources) > 1 and output.suffix == ".pot":
        raise click.UsageError("-o names one file, but several sources are given; name a folder")
    # Read and parse everything first, so that bad input writes nothing.
    templates = [(source, build_template(source, config)) for source in sources]
    for source, template in templates:
        target = _target(source, output, config)
        changed = save_template(template, target, config)
        click.echo(f"{shown(target)}: {'written' if changed else 'unchanged'}")


def _target(source: Path, output: Path | None, config) -> Path:
    stem = Path(source).stem
    if output is None:
        return config.template_path(stem)
    if output.suffix == ".pot":
        return output
    return output / f"{stem}.pot"


