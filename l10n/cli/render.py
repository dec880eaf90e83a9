"""``l10n render``: one issue and one catalog to a localized issue."""

from __future__ import annotations

from pathlib import Path

import click

from l10n.cli import Project, pass_project
from l10n.errors import RenderError, SourceError
from l10n.fileio import atomic_write, read_text
from l10n.languages import normalize_language, text_direction
from l10n.catalogs.pofile import read_catalog
from l10n.publish.render import (
    UnsafeTranslation,
    catalog_lookup,
    render_html,
    render_html_source,
    render_markdown,
)
from l10n.sources import HTML, source_format


@click.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--catalog", "catalog_path", required=True, type=click.Path(path_type=Path),
              help="The .po catalog holding the translations.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write (default: standard output).")
@click.option("--format", "output_format", type=click.Choice(["markdown", "html"]), default=None,
              help="Output format (default: from the output's suffix, else markdown).")
@click.option("--lang", "-l", default=None, help="Language of the HTML page (default: the catalog's Language header).")
@click.option("--use-fuzzy", is_flag=True, help="Use fuzzy entries and drafts too.")
@pass_project
def render(project: Project, source: Path, catalog_path: Path, output: Path | None, output_format: str | None,
           lang: str | None, use_fuzzy: bool) -> None:
    """Render SOURCE with the translations of a catalog; untranslated segments keep the source text.

    An HTML source (.html, .htm) renders to HTML: the source with each segment replaced.
    """
    config = project.config
    text = read_text(source, error=SourceError)
    catalog = read_catalog(catalog_path)
    lookup = catalog_lookup(catalog, use_fuzzy=use_fuzzy)
    if source_format(source) == HTML:
        output_format = "source html"
    elif output_format is None:
        output_format = "html" if output is not None and output.suffix in (".html", ".htm") else "markdown"
    if output_format in ("html", "source html"):
        language = normalize_language(lang or catalog.metadata.get("Language") or config.source_language)
        try:
            if output_format == "source html":
                result = render_html_source(text, lookup, lang=language, direction=text_direction(language))
            else:
                result = render_html(text, lookup, lang=language, direction=text_direction(language),
                                     front_matter_keys=config.front_matter_keys, path=str(source))
        except UnsafeTranslation as exc:
            entry = catalog.find(exc.msgid, msgctxt=exc.msgctxt) if exc.msgctxt else catalog.find(exc.msgid)
            raise RenderError(exc.cause, path=catalog_path, line=entry.linenum if entry else None) from exc
    else:
        result = render_markdown(text, lookup, front_matter_keys=config.front_matter_keys, path=str(source))
    if output is None:
        click.echo(result, nl=False)
    else:
        atomic_write(output, result)
