"""``l10n new``: start a project in a folder."""

from __future__ import annotations

from pathlib import Path

import click

from l10n.cli import say, shown


@click.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", "-l", "languages", multiple=True, metavar="LANG",
              help="A partner language (repeatable; more later with l10n init --lang LANG).")
@click.option("--source-language", default="en", metavar="LANG", show_default=True,
              help="The language the issues are written in.")
def new(folder: Path, languages: tuple[str, ...], source_language: str) -> None:
    """Start a project in FOLDER (default: here): a configuration, source/ and locales/.

    The settings go into [tool.l10n] of the folder's pyproject.toml when it has one,
    else into a new l10n.toml. Put the issues in source/ as Markdown, then run
    l10n extract, l10n update and l10n build.
    """
    from l10n.languages import normalize_language
    from l10n.project_file import new_project

    source = normalize_language(source_language)
    codes = list(dict.fromkeys(normalize_language(code) for code in languages))
    for path in new_project(folder, source_language=source, languages=codes):
        say(f"{shown(path)}{'/' if path.is_dir() else ''}: created")
    say(f"next: put an issue in {shown(Path(folder) / 'source')}/ as <issue>.md, then run l10n build")
