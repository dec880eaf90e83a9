"""``l10n import``: a translation published before, aligned with its source, into the catalog."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import click

from l10n.importing.align import SURE_SCORE
from l10n.cli import Project, pass_project, say, shown
from l10n.errors import ConfigError, SourceError
from l10n.sources.extract import source_reference, template_for
from l10n.fileio import LOCKS, locked, read_text
from l10n.drafting.glossary import load_glossary
from l10n.importing.importer import ImportResult, import_translation, new_catalog
from l10n.languages import normalize_language
from l10n.catalogs.pofile import format_catalog, read_catalog, write_catalog

SECTION = "import"
SHOWN = 38  # characters of each text shown in the report


@click.command(name="import")
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("translated", type=click.Path(path_type=Path))
@click.option("--lang", "-l", required=True, metavar="LANG", help="Language of the translation (ro, pl, pt_BR, ...).")
@click.option("--as", "mode", type=click.Choice(["translated", "draft"]), default="translated",
              show_default=True, help="State of the pairs the aligner is sure of (unsure pairs are always drafts).")
@click.option("--format", "fmt", type=click.Choice(["auto", "markdown", "text"]), default="auto",
              show_default=True, help="How to read TRANSLATED: Markdown with the source's layout, or plain "
              "text (from a PDF); auto: Markdown for .md files.")
@click.option("--dry-run", is_flag=True, help="Align and report, write nothing.")
@pass_project
def import_(project: Project, source: Path, translated: Path, lang: str, mode: str, fmt: str,
            dry_run: bool) -> None:
    """Import TRANSLATED, a translation of the issue SOURCE published before, into its catalog.

    The two are aligned segment by segment; the pairs are written into
    locales/<lang>/LC_MESSAGES/<issue>.po. Entries already translated or reviewed are never
    changed. Exit code 1 when the two texts do not seem to match (nothing is written).
    """
    config = project.config
    lang = normalize_language(lang)
    sure = _sure_score(config.section(SECTION), config.file)
    if fmt == "auto":
        fmt = "markdown" if translated.suffix.lower() in (".md", ".markdown") else "text"
    source_text = read_text(source, error=SourceError)
    translated_text = read_text(translated, error=SourceError)
    issue = source.stem
    path = config.catalog_path(lang, issue)
    terms = load_glossary(config, lang).terms()
    today = _now().date().isoformat()
    with locked(path, lock_dir=config.cache_dir / LOCKS):
        if path.exists():
            catalog = read_catalog(path)
        else:
            template = template_for(source_text, source_reference(source, config.root), project=config.project,
                                    version=config.version, front_matter_keys=config.front_matter_keys)
            saved = config.template_path(issue)
            if saved.exists():
                # The template's date, as `l10n update` would write it: no header noise later.
                created = read_catalog(saved).metadata.get("POT-Creation-Date")
                if created:
                    template.metadata["POT-Creation-Date"] = created
            catalog = new_catalog(template, lang)
        before = format_catalog(catalog, width=config.wrap) if path.exists() else ""
        result = import_translation(catalog, source_text, translated_text, lang=lang,
                                    source_lang=config.source_language, fmt=fmt, mode=mode, today=today,
                                    front_matter_keys=config.front_matter_keys, terms=terms, sure=sure)
        _report(result, source, translated)
        if not result.alignment.matches:
            click.echo(
                f"Error: {translated} does not seem to be a translation of {source}: "
                f"only {result.alignment.coverage:.0%} of the two texts pair up; nothing written",
                err=True,
            )
            raise click.exceptions.Exit(1)
        counts = result.written
        summary = ", ".join(f"{counts[k]} {k}" for k in ("translated", "draft", "unchanged", "conflict",
                                                       "kept", "not written") if counts[k])
        if dry_run:
            click.echo(f"Dry run: {shown(path)} not written ({summary or 'nothing to write'})")
            return
        if format_catalog(catalog, width=config.wrap) != before:
            catalog.metadata["PO-Revision-Date"] = _now().strftime("%Y-%m-%d %H:%M%z")
        changed = write_catalog(path, catalog, width=config.wrap)
        say(f"{shown(path)}: {'written' if changed else 'unchanged'} ({summary or 'nothing to write'})")


def _now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc).replace(second=0, microsecond=0)


def _sure_score(table: dict, file: Path | None) -> float:
    value = table.get("sure_score", SURE_SCORE)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ConfigError("[tool.l10n.import] sure_score must be a number from 0 to 1", path=file)
    return float(value)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _report(result: ImportResult, source: Path, translated: Path) -> None:
    alignment = result.alignment
    click.echo(
        f"Aligned {source} ({alignment.source_size} segments) with {translated} "
        f"({alignment.target_size} segments): {len(alignment.pairs)} pairs, coverage {alignment.coverage:.2f}"
    )
    outcomes = {o.source: o for o in result.outcomes}
    for link in alignment.pairs:
        for i in link.source:
            outcome = outcomes.get(i)
            status = outcome.status if outcome else "-"
            target = " + ".join(_clip(result.target[j].text) for j in link.target)
            line = (f"  {link.score:.2f} {link.move:<5} {status:<11} "
                    f"{result.source[i].line:>4} {_clip(result.source[i].text)} -> "
                    f"{','.join(str(result.target[j].line) for j in link.target)} {target}")
            if outcome and outcome.note:
                line += f" [{outcome.note}]"
            click.echo(line)
    if alignment.unpaired_source:
        click.echo(f"Unpaired in {source}:")
        for i in alignment.unpaired_source:
            click.echo(f"  {result.source[i].line:>4} {result.source[i].kind}: {_clip(result.source[i].text)}")
    if alignment.unpaired_target:
        click.echo(f"Unpaired in {translated}:")
        for j in alignment.unpaired_target:
            click.echo(f"  {result.target[j].line:>4} {_clip(result.target[j].text)}")


