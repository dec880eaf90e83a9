"""``l10n import``: a translation published before, aligned with its source, into the catalog."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import click

from l10n.cli import Project, pass_project, say, shown
from l10n.errors import ConfigError, SourceError

if TYPE_CHECKING:  # the readers, the aligner and the catalogs load when the command runs
    from l10n.importing.importer import ImportResult

# l10n.importing.readers.FORMATS, for --format's choices: --help needs the names, not the
# readers (tests/test_startup.py holds them equal).
FORMATS = ("markdown", "text", "pdf", "html", "email", "docx", "odt")
SECTION = "import"
SHOWN = 38  # characters of each text shown in the report


@click.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="SOURCE TRANSLATED | DIR")
@click.option("--lang", "-l", required=True, metavar="LANG", help="Language of the translation (ro, pl, pt_BR, ...).")
@click.option("--as", "mode", type=click.Choice(["translated", "draft"]), default="translated",
              show_default=True, help="State of the pairs the aligner is sure of (unsure pairs are always drafts).")
@click.option("--format", "fmt", type=click.Choice(["auto", *FORMATS]), default="auto",
              show_default=True, help="How to read TRANSLATED; auto: by its content (PDF, Word, e-mail, HTML), "
              "else Markdown for .md files and plain text (copied out of a PDF) for the rest.")
@click.option("--memory-only", is_flag=True, help="Read every published translation in DIR, pair each with its "
              "source issue by name or date, and add the pairs to locales/<lang>/memory.tmx; no catalog is touched.")
@click.option("--dry-run", is_flag=True, help="Align and report, write nothing.")
@pass_project
def import_(project: Project, paths: tuple[Path, ...], lang: str, mode: str, fmt: str, memory_only: bool,
            dry_run: bool) -> None:
    """Import TRANSLATED, a translation of the issue SOURCE published before, into its catalog.

    TRANSLATED may be a PDF, a Word document (.docx), an e-mail (.eml), an HTML page, Markdown
    or plain text. The two are aligned segment by segment; the pairs are written into
    locales/<lang>/LC_MESSAGES/<issue>.po. Entries already translated or reviewed are never
    changed. Exit code 1 when the two texts do not seem to match (nothing is written).

    With --memory-only, DIR holds published translations of several issues: their pairs go
    into the language's translation memory file, which `l10n draft --provider tm` reads.
    """
    from l10n.catalogs.pofile import format_catalog, read_catalog, write_catalog
    from l10n.drafting.glossary import load_glossary
    from l10n.fileio import LOCKS, locked, read_text
    from l10n.importing.importer import import_units, new_catalog
    from l10n.importing.readers import read_document
    from l10n.languages import normalize_language
    from l10n.sources import HTML, source_format
    from l10n.sources.extract import source_reference, template_for

    config = project.config
    lang = normalize_language(lang)
    sure = _sure_score(config.section(SECTION), config.file)
    if memory_only:
        if len(paths) != 1:
            raise click.UsageError("--memory-only takes one argument: the folder of published translations")
        _import_memory(config, paths[0], lang=lang, fmt=fmt, sure=sure, dry_run=dry_run)
        return
    if len(paths) != 2:
        raise click.UsageError("give the source issue and its translation: l10n import --lang L SOURCE TRANSLATED")
    source, translated = paths
    source_text = read_text(source, error=SourceError)
    document = read_document(translated, lang=lang, fmt=fmt, front_matter_keys=config.front_matter_keys,
                             html_source=source_format(source) == HTML)
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
        result = import_units(catalog, source_text, document.units, lang=lang, source_lang=config.source_language,
                              plain=document.plain, mode=mode, today=today,
                              front_matter_keys=config.front_matter_keys, terms=terms, sure=sure,
                              source_path=str(source))
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


# -- --memory-only: back issues into the translation memory ----------------------------------

_NAME_DATE = re.compile(r"(?<!\d)(\d{4})[-_. ]?(0[1-9]|1[0-2])(?:[-_. ]?(0[1-9]|[12]\d|3[01]))?(?!\d)")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _name_dates(name: str, langs: tuple[str, ...]) -> set[tuple[int, int, int | None]]:
    """Dates written in a file name: 2022-03-15, 2022_03, 202203, "martie 2022", "March-2022"."""
    from l10n.importing.align import fold, month_names

    found = {(int(m[1]), int(m[2]), int(m[3]) if m[3] else None) for m in _NAME_DATE.finditer(name)}
    years = [int(y) for y in _YEAR.findall(name)]
    if len(set(years)) == 1:
        words = re.findall(r"[^\W\d_]+", fold(name))
        for lang in langs:
            months = month_names(lang)
            for word in words:
                if word in months:
                    found.add((years[0], months[word], None))
    return found


def pair_with_issue(name: str, issues: dict[str, date | None], *, langs: tuple[str, ...]) -> tuple[str, str] | None:
    """The issue a published file translates, and how it was told: by name, else by a date in its name."""
    stem = Path(name).stem.casefold()
    named = [issue for issue in issues if issue.casefold() in stem]
    if named:
        return max(named, key=len), "by name"
    dates = _name_dates(Path(name).stem, langs)
    dated = {issue for issue, day in issues.items() if day is not None and any(
        (y, m) == (day.year, day.month) and d in (None, day.day) for y, m, d in dates)}
    if len(dated) == 1:
        return dated.pop(), "by date"
    return None


def _import_memory(config, folder: Path, *, lang: str, fmt: str, sure: float, dry_run: bool) -> None:
    from l10n import __version__
    from l10n.drafting.glossary import load_glossary
    from l10n.drafting.tmx import MemoryPair, merge_pairs, read_tmx, write_tmx
    from l10n.fileio import locked, read_text
    from l10n.importing.importer import align_units, memory_pairs
    from l10n.importing.readers import SUFFIXES, read_document
    from l10n.publish.render import issue_date
    from l10n.sources import HTML, source_format

    if not folder.is_dir():
        raise SourceError("not a folder: --memory-only reads every published translation in a folder", path=folder)
    issues: dict[str, date | None] = {}
    texts: dict[str, str] = {}
    for issue in config.issues():
        source = config.source_path(issue)
        texts[issue] = read_text(source, error=SourceError)
        issues[issue] = issue_date(texts[issue], path=str(source))
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")
                   and p.suffix.lower() in SUFFIXES)
    paired: list[tuple[Path, str, str]] = []
    for file in files:
        found = pair_with_issue(file.name, issues, langs=(lang, config.source_language))
        if found is None:
            click.echo(f"{file}: no source issue by name or date; skipped")
        else:
            paired.append((file, *found))
    # Every file is read before anything is written: one unreadable file stops the run.
    documents = [(file, issue, how, read_document(file, lang=lang, fmt=fmt,
                                                  front_matter_keys=config.front_matter_keys,
                                                  html_source=source_format(config.source_path(issue)) == HTML))
                 for file, issue, how in paired]
    terms = load_glossary(config, lang).terms()
    stamp = _now().strftime("%Y%m%dT%H%M%SZ")
    new: list[MemoryPair] = []
    for file, issue, how, document in documents:
        source_file = config.source_path(issue)
        source, alignment = align_units(texts[issue], document.units, lang=lang, source_lang=config.source_language,
                                        front_matter_keys=config.front_matter_keys, terms=terms,
                                        source_path=str(source_file))
        if not alignment.matches:
            click.echo(f"{file}: does not seem to be a translation of {shown(source_file)} "
                       f"(only {alignment.coverage:.0%} pairs up); skipped")
            continue
        pairs, unsure = memory_pairs(source, document.units, alignment, plain=document.plain, sure=sure)
        click.echo(f"{file} -> {shown(source_file)} ({how}): {len(pairs)} pairs, {unsure} left out (unsure, or "
                   f"not translated where published), coverage {alignment.coverage:.2f}")
        new.extend(MemoryPair(segment.text, text, issue, file.as_posix(), stamp) for segment, text in pairs)
    path = config.memory_path(lang)
    if not new:
        click.echo(f"Error: nothing to add to {shown(path)}: no file in {folder} pairs with a source issue", err=True)
        raise click.exceptions.Exit(1)
    if dry_run:
        held = read_tmx(path, source_lang=config.source_language, lang=lang)
        merged = merge_pairs(held, new)
        click.echo(f"Dry run: {shown(path)} not written ({len(merged) - len(held)} new, {len(merged)} pairs in all)")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(path):
        held = read_tmx(path, source_lang=config.source_language, lang=lang)
        merged = merge_pairs(held, new)
        added = len(merged) - len(held)
        changed = write_tmx(path, merged, source_lang=config.source_language, lang=lang, tool_version=__version__)
        click.echo(f"{shown(path)}: {'written' if changed else 'unchanged'} ({added} new, {len(merged)} pairs in all)")


def _now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc).replace(second=0, microsecond=0)


def _sure_score(table: dict, file: Path | None) -> float:
    from l10n.importing.align import SURE_SCORE

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


