"""``l10n render``: one issue and one catalog to a localized issue."""

from __future__ import annotations

from pathlib import Path

import click

from l10n.cli import Project, pass_project, say, shown
from l10n.errors import RenderError, SourceError


@click.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--catalog", "catalog_path", required=True, type=click.Path(path_type=Path),
              help="The .po catalog holding the translations.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write (default: standard output).")
@click.option("--format", "output_format", type=click.Choice(["markdown", "html"]), default=None,
              help="Output format (default: from the output's suffix, else markdown).")
@click.option("--lang", "-l", default=None, metavar="LANG",
              help="Language of the HTML page (default: the catalog's Language header).")
@click.option("--use-fuzzy", is_flag=True, help="Use fuzzy entries and drafts too.")
@pass_project
def render(project: Project, source: Path, catalog_path: Path, output: Path | None, output_format: str | None,
           lang: str | None, use_fuzzy: bool) -> None:
    """Render SOURCE with the translations of a catalog; untranslated segments keep the source text.

    An HTML source (.html, .htm) renders to HTML: the source with each segment replaced.
    """
    from l10n.catalogs.pofile import read_catalog, scan_catalog
    from l10n.fileio import atomic_write, read_text
    from l10n.publish.render import UnsafeTranslation, catalog_lookup, render_html, render_html_source, render_markdown
    from l10n.sources import HTML, source_format
    from l10n.sources.spans import source_segments

    config = project.config_or_defaults  # a source and a catalog named outright need no project
    text = read_text(source, error=SourceError)
    if source_format(source) == HTML:
        output_format = "source html"
    elif output_format is None:
        output_format = "html" if output is not None and output.suffix in (".html", ".htm") else "markdown"
    # Markdown needs the translations only, which the read-only reader gives faster.
    catalog = scan_catalog(catalog_path) if output_format == "markdown" else read_catalog(catalog_path)
    lookup = catalog_lookup(catalog, use_fuzzy=use_fuzzy)
    if output_format in ("html", "source html"):
        from l10n.languages import normalize_language, text_direction  # Babel: only for a page

        language = normalize_language(lang or catalog.metadata.get("Language") or config.source_language)
        try:
            if output_format == "source html":
                result = render_html_source(text, lookup, lang=language, direction=text_direction(language))
            else:
                # The spans l10n extract found in this very text, when it kept them; else a parse.
                segments = source_segments(text, front_matter_keys=config.front_matter_keys, path=str(source),
                                           source=source, cache_dir=config.cache_dir)
                result = render_html(text, lookup, lang=language, direction=text_direction(language),
                                     front_matter_keys=config.front_matter_keys, path=str(source), segments=segments)
        except UnsafeTranslation as exc:
            entry = catalog.find(exc.msgid, msgctxt=exc.msgctxt) if exc.msgctxt else catalog.find(exc.msgid)
            raise RenderError(exc.cause, path=catalog_path, line=entry.linenum if entry else None) from exc
    else:
        segments = source_segments(text, front_matter_keys=config.front_matter_keys, path=str(source),
                                   source=source, cache_dir=config.cache_dir)
        result = render_markdown(text, lookup, front_matter_keys=config.front_matter_keys, path=str(source),
                                 segments=segments)
    if output is None:
        click.echo(result, nl=False)
    else:
        atomic_write(output, result)
        say(f"{shown(output)}: written")
