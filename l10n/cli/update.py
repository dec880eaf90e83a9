"""``l10n update`` and ``l10n init``: a catalog per partner language and issue, merged with its template."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from l10n.cli import Project, pass_project, say, shown
from l10n.errors import ConfigError

if TYPE_CHECKING:
    from l10n.catalogs.update import UpdateResult
    from l10n.config import Config


@click.command()
@click.argument("issues", nargs=-1)
@click.option("--lang", "-l", "languages", multiple=True, metavar="LANG",
              help="Language to update (repeatable; default: every configured language).")
@pass_project
def update(project: Project, issues: tuple[str, ...], languages: tuple[str, ...]) -> None:
    """Create or update the catalogs of ISSUES (default: all) from their templates.

    Exact matches keep their translation; a msgid that changed a little keeps the old
    translation as fuzzy, with the old text as "#| msgid"; removed entries become
    obsolete; new ones arrive untranslated. Prints one line per catalog.
    """
    from l10n.catalogs.update import read_template, update_catalog

    config = project.config
    chosen = _languages(config, languages)
    for issue in _issues(config, issues):
        template = read_template(config, issue)
        for lang in chosen:
            say(report_line(update_catalog(config, lang, issue, template=template), config))


@click.command()
@click.argument("issues", nargs=-1)
@click.option("--lang", "-l", "language", required=True, metavar="LANG",
              help="The language to start (any locale Babel knows: pt_BR, sr_Latn, nb ...).")
@pass_project
def init(project: Project, issues: tuple[str, ...], language: str) -> None:
    """Create the catalogs of one new language for ISSUES (default: all).

    Catalogs that exist already are left as they are (l10n update merges them). The
    language is added to `languages` in the configuration file (its comments and layout
    kept), so that every other command includes it.
    """
    from l10n.catalogs.update import update_catalog
    from l10n.project_file import add_language

    config = project.config
    (lang,) = config.select_languages([language])
    results = [update_catalog(config, lang, issue, create_only=True) for issue in _issues(config, issues)]
    for result in results:
        say(report_line(result, config))
    if lang in config.languages or lang == config.source_language:
        return
    where = shown(config.file) if config.file else "the configuration"
    table = "[tool.l10n]" if config.file and config.file.name == "pyproject.toml" else "the settings"
    try:
        added = add_language(config.file, lang)
    except ConfigError as exc:
        raise ConfigError(f"{exc.cause}; then status, check, review and build include {lang}: "
                          f'add "{lang}" to languages in {table} of {where}', path=where) from exc
    if added.added:
        say(f"{where}: added {lang} to languages")


def report_line(result: UpdateResult, config: Config) -> str:
    """``<catalog>: created|updated|unchanged ...`` for one catalog."""
    name = shown(result.path)
    counts = result.counts
    if result.action == "exists":
        return f"{name}: exists, left as it is"
    if result.action == "unchanged":
        return f"{name}: unchanged"
    if result.action == "created":
        return f"{name}: created, {counts.new} new"
    parts = [f"{counts.new} new", f"{counts.fuzzy} fuzzy", f"{counts.obsolete} obsolete"]
    if counts.resurrected:
        parts.append(f"{counts.resurrected} back from obsolete")
    return f"{name}: updated: {', '.join(parts)}"


def _languages(config: Config, names: tuple[str, ...]) -> list[str]:
    chosen = config.select_languages(list(names))
    if not chosen:
        raise ConfigError("no languages configured; set `languages` or pass --lang", path=config.file)
    return list(dict.fromkeys(chosen))


def _issues(config: Config, names: tuple[str, ...]) -> list[str]:
    """The issues named, or every issue that has a source or a template."""
    templates = sorted(p.stem for p in config.templates_dir.glob("*.pot")) if config.templates_dir.is_dir() else []
    known = sorted(set(config.issues()) | set(templates))
    if not names:
        if not known:
            raise ConfigError("no issues found (no sources, no templates)", path=config.source_dir)
        return known
    chosen = []
    for name in names:
        stem = Path(name).stem if name.endswith((".md", ".html", ".htm", ".pot", ".po")) else name
        if stem not in known:
            hint = f" (issues: {', '.join(known)})" if known else ""
            raise ConfigError(f"unknown issue {name!r}{hint}")
        chosen.append(stem)
    return list(dict.fromkeys(chosen))


