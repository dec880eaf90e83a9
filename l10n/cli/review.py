"""``l10n review`` (interactive sign-off, or ``--list``) and ``l10n signoff`` (sign off by rule)."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from l10n.cli import Project, pass_project, say, shown
from l10n.errors import CatalogError, ConfigError

if TYPE_CHECKING:  # the catalogs and the review code load when a command runs, not for --help
    import polib

    from l10n.cache import ResultsCache
    from l10n.config import Config
    from l10n.review.session import CatalogSignOffs, Decision, EntryKey

KEYS = {"a": "accept", "e": "edit", "s": "skip", "r": "reject", "b": "back", "q": "quit"}
# The keys that decide, by the value of their l10n.review.session.Decision; the past tense of each.
DECISIONS = {"a": "accept", "e": "edit", "s": "skip", "r": "reject"}
PAST = {"accept": "accepted", "edit": "edited", "skip": "skipped", "reject": "rejected"}


@dataclass(slots=True, frozen=True)
class Item:
    """One entry on the reviewer's list."""

    lang: str
    issue: str
    path: Path  # the catalog
    key: EntryKey


class Interrupted(Exception):
    """The reviewer pressed Ctrl-C or the input ended."""


# -- helpers shared by both commands -------------------------------------------------------


def _catalogs(config: Config, langs: list[str], issues: list[str]) -> list[tuple[str, str, Path]]:
    return [(lang, issue, config.catalog_path(lang, issue)) for lang in langs for issue in issues]


def _one_line(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _on_terminal() -> bool:
    return sys.stdout.isatty()


# -- signoff -------------------------------------------------------------------------------


@click.command("signoff")
@click.argument("issues", nargs=-1)
@click.option("--lang", "-l", "langs", multiple=True, required=True, metavar="LANG",
              help="Language to sign off (repeatable).")
@click.option("--all-translated", is_flag=True, help="Every translated entry not yet reviewed (no drafts, no fuzzy).")
@click.option("--match", metavar="TEXT", help="Entries whose source or translation contains TEXT (any case).")
@click.option("--reviewer", metavar="NAME", help="Reviewer's name (default: $L10N_REVIEWER, then the configuration).")
@click.option("--force", is_flag=True, help="Sign off entries with QA errors too (they are listed either way).")
@pass_project
def signoff(project: Project, issues: tuple[str, ...], langs: tuple[str, ...], all_translated: bool,
            match: str | None, reviewer: str | None, force: bool) -> None:
    """Sign off translations checked elsewhere (a PDF proof, a web preview).

    Signs the entries of ISSUES (default: all) that have a translation and no current
    sign-off: --all-translated takes every such entry except drafts and fuzzy ones,
    --match those whose text contains TEXT (drafts included: they lose "fuzzy" and keep
    their "draft:" line); given together, each narrows the other. The QA findings of
    the entries it signs are listed (as l10n check gives them); an entry with an error
    finding is left unsigned unless --force.
    """
    from functools import partial

    from l10n.checks import check_cache, kept_checker
    from l10n.fileio import LOCKS
    from l10n.review.session import resolve_reviewer, sign_off_file, today
    from l10n.workers import cpu_count

    config = project.config
    name = resolve_reviewer(reviewer, os.environ, config.reviewer)
    if not all_translated and match is None:
        raise click.UsageError("say what to sign off: --all-translated, --match TEXT, or both")
    if match is not None and not match.strip():
        raise click.UsageError("--match needs a text")
    languages = config.select_languages(langs)
    chosen = config.select_issues(issues)
    date = today()
    total = catalogs = refused = 0
    checkers: dict[str, Callable[[polib.POEntry], list[Any]]] = {}  # one per language, glossary loaded once
    kept_findings: ResultsCache | None = None
    for lang, issue, path in _catalogs(config, languages, chosen):
        if not path.exists():
            say(f"{lang} {issue}: no catalog ({shown(path)})")
            continue
        if lang not in checkers:
            checkers[lang] = _qa_checker(config, lang)
        if kept_findings is None:  # what `l10n check` kept: its findings need not be made again
            kept_findings = check_cache(config)
        result = sign_off_file(path, reviewer=name, date=date, all_translated=all_translated, match=match,
                               width=config.wrap, lock_dir=config.cache_dir / LOCKS,
                               check=checkers[lang], force=force, processes=cpu_count(),
                               kept=partial(kept_checker, kept_findings, lang, issue))
        refused_here = {id(entry) for entry in result.refused}
        where = shown(path)
        lines = []
        for entry, found in result.findings:
            for finding in found:
                severity = getattr(finding.severity, "value", finding.severity)
                lines.append(f"{where}:{entry.linenum}: {severity} [{finding.check}] {finding.message}")
            if id(entry) in refused_here:
                lines.append(f"{where}:{entry.linenum}: not signed off: fix the error first, "
                             f"or sign it off anyway with --force")
        if lines:
            click.echo("\n".join(lines))
        count = len(result.signed)
        line = f"{lang} {issue}: signed off {count} {'entry' if count == 1 else 'entries'}"
        if result.refused:
            line += f", refused {len(result.refused)} with QA errors"
        with_findings = sum(1 for entry, _ in result.findings if id(entry) not in refused_here)
        if with_findings:
            line += f" ({with_findings} signed with QA findings)"
        say(line)
        total += count
        refused += len(result.refused)
        catalogs += count > 0
    say(f"{total} {'sign-off' if total == 1 else 'sign-offs'} by {name} on {date}"
        f" in {catalogs} {'catalog' if catalogs == 1 else 'catalogs'}")
    if refused:
        click.echo(f"Error: {refused} {'entry' if refused == 1 else 'entries'} with QA errors not signed off; "
                   f"fix them, or give --force", err=True)
        sys.exit(1)


# -- review --list -------------------------------------------------------------------------


def _list_sign_offs(config: Config, langs: list[str], issues: list[str], *, as_json: bool = False) -> None:
    from l10n.catalogs.pofile import scan_catalog
    from l10n.review.session import catalog_sign_offs

    rows: list[tuple[str, str, Path, CatalogSignOffs | None]] = []
    for lang, issue, path in _catalogs(config, langs, issues):
        rows.append((lang, issue, path, catalog_sign_offs(scan_catalog(path)) if path.exists() else None))
    if as_json:
        # JSON Lines: one object per catalog and line, for scripts that read line by line.
        for row in rows:
            click.echo(json.dumps(_sign_offs_document(config, *row), ensure_ascii=False))
        return
    if _on_terminal():
        _print_sign_offs_rich(rows)
        return
    for lang, issue, path, found in rows:
        if found is None:
            click.echo(f"{lang} {issue}: no catalog")
            continue
        stale = len(found.stale)
        lines = [f"{lang} {issue}: {found.reviewed} of {found.entries} entries reviewed, {stale} stale"]
        for group in found.groups:
            lines.append(f"  {group.name}  {group.date}  {group.current} current, {group.stale} stale")
        where = shown(path)
        for item in found.stale:
            place = f"{where}:{item.line}" if item.line else where
            lines.append(f"  stale: {place}: {_one_line(item.msgid)!r} (signed by {item.name} on {item.date})")
        click.echo("\n".join(lines))


def _sign_offs_document(config: Config, lang: str, issue: str, path: Path,
                        found: CatalogSignOffs | None) -> dict[str, Any]:
    """One catalog's sign-offs as JSON data (the catalog's path relative to the project)."""
    document: dict[str, Any] = {"language": lang, "issue": issue, "path": config.relative(path),
                                "exists": found is not None}
    if found is None:
        return document
    document.update(
        entries=found.entries,
        reviewed=found.reviewed,
        reviewers=[{"name": g.name, "date": g.date, "current": g.current, "stale": g.stale} for g in found.groups],
        stale=[{"line": item.line, "msgctxt": item.msgctxt, "msgid": item.msgid, "name": item.name,
                "date": item.date} for item in found.stale],
    )
    return document


def _print_sign_offs_rich(rows: list[tuple[str, str, Path, CatalogSignOffs | None]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title="Sign-offs")
    for column in ("language", "issue", "reviewer", "date", "current", "stale"):
        table.add_column(column, justify="right" if column in ("current", "stale") else "left")
    stale_lines = []
    for lang, issue, path, found in rows:
        if found is None:
            table.add_row(lang, issue, "[dim]no catalog[/dim]", "", "", "")
            continue
        if not found.groups:
            table.add_row(lang, issue, "[dim]none[/dim]", "", "0", "0")
        for group in found.groups:
            stale = f"[red]{group.stale}[/red]" if group.stale else "0"
            table.add_row(lang, issue, group.name, group.date, str(group.current), stale)
        where = shown(path)
        for item in found.stale:
            place = f"{where}:{item.line}" if item.line else where
            stale_lines.append(f"[red]stale[/red] {place}: {_one_line(item.msgid)!r} "
                               f"(signed by {item.name} on {item.date})")
    console.print(table)
    for line in stale_lines:
        console.print(line, highlight=False)


# -- interactive review --------------------------------------------------------------------


def _qa_checker(config: Config, lang: str) -> Callable[[polib.POEntry], list[Any]]:
    """The QA checks for one language as a function of an entry."""
    from l10n.review.session import qa_checker

    return qa_checker(config, lang)


def _describe(item: Item, entry: polib.POEntry, position: int, total: int,
              findings: list[Any]) -> list[tuple[str, str]]:
    """What the reviewer sees about one entry, as (label, text) pairs."""
    from l10n.catalogs.states import state_of
    from l10n.review.session import draft_summary, format_word_diff, review_reason, translation_forms, word_diff

    reason = review_reason(entry)
    status = reason.value if reason is not None else state_of(entry).value
    kind = " ".join(entry.comment.split()) if entry.comment else "segment"
    places = ", ".join(f"{file}:{line}" if line else file for file, line in entry.occurrences)
    lines: list[tuple[str, str]] = [("title", f"[{position}/{total}] {item.lang} {item.issue} · {status}")]
    lines.append(("label", f"source ({kind}{', ' + places if places else ''})"))
    if entry.msgctxt is not None:
        lines.append(("label", f"context: {entry.msgctxt}"))
    lines.append(("text", entry.msgid))
    if entry.msgid_plural:
        lines.append(("text", entry.msgid_plural))
    lines.append(("label", "translation"))
    forms = translation_forms(entry)
    for number, form in enumerate(forms):
        prefix = f"[{number}] " if entry.msgid_plural else ""
        lines.append(("text", prefix + form if form else prefix + "(empty)"))
    draft = draft_summary(entry)
    if draft is not None:
        lines.append(("info", f"draft: {draft}"))
    if "fuzzy" in entry.flags and entry.previous_msgid is not None:
        lines.append(("diff", f"previous source: {format_word_diff(word_diff(entry.previous_msgid, entry.msgid))}"))
    for finding in findings:
        severity = getattr(finding.severity, "value", finding.severity)
        lines.append(("finding", f"QA {severity}: {finding.check}: {finding.message}"))
    return lines


def _show(item: Item, entry: polib.POEntry, position: int, total: int, findings: list[Any]) -> None:
    described = _describe(item, entry, position, total, findings)
    if not _on_terminal():
        for kind, text in described:
            click.echo(f"  {text}" if kind == "text" else text)
        return
    from rich.console import Console
    from rich.markup import escape

    from l10n.review.session import format_word_diff, word_diff

    console = Console()
    styles = {"title": "bold", "label": "cyan", "info": "dim", "finding": "yellow"}
    console.print()
    for kind, text in described:
        if kind == "text":
            console.print("  " + escape(text), highlight=False)
        elif kind == "diff":
            marked = format_word_diff(
                word_diff(entry.previous_msgid, entry.msgid),
                mark=lambda tag, words: {"equal": escape(words), "delete": f"[red strike]{escape(words)}[/]",
                                         "insert": f"[green]{escape(words)}[/]"}[tag],
            )
            console.print(f"[dim]previous source:[/dim] {marked}", highlight=False)
        else:
            console.print(f"[{styles[kind]}]{escape(text)}[/]", highlight=False)


def _ask() -> str:
    """One key: a single keystroke on a terminal, a line of input otherwise."""
    prompt = "accept, edit, skip, reject, back, quit [a/e/s/r/b/q]"
    try:
        if sys.stdin.isatty() and _on_terminal():
            while True:
                click.echo(f"{prompt} ", nl=False)
                key = click.getchar().lower()
                click.echo(key)
                if key in KEYS:
                    return key
        return click.prompt(prompt, type=click.Choice(list(KEYS), case_sensitive=False),
                            show_choices=False).lower()
    except (click.Abort, KeyboardInterrupt, EOFError) as exc:
        raise Interrupted from exc


def _edit(entry: polib.POEntry) -> list[str] | None:
    """The reviewer's new translation (one text per form), or None when left unchanged or empty."""
    from l10n.review.session import translation_forms

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    old = translation_forms(entry)
    new = []
    try:
        for number, form in enumerate(old):
            label = f"translation [{number}]" if entry.msgid_plural else "translation"
            if editor:
                try:
                    text = click.edit(form or entry.msgid, editor=editor, extension=".txt")
                except click.ClickException as exc:
                    click.echo(exc.format_message())
                    return None
            else:
                text = click.prompt(label, default=form or "", show_default=False)
            if text is None or not text.strip():
                return None
            new.append(text.rstrip("\r\n"))
    except (click.Abort, KeyboardInterrupt, EOFError) as exc:
        raise Interrupted from exc
    if new == [form.rstrip("\r\n") for form in old]:
        return None
    return new


def _review_queue(config: Config, langs: list[str], issues: list[str]) -> list[Item]:
    from l10n.catalogs.pofile import read_catalog
    from l10n.review.session import entries_to_review

    items = []
    for lang, issue, path in _catalogs(config, langs, issues):
        if not path.exists():
            click.echo(f"{lang} {issue}: no catalog ({shown(path)})")
            continue
        for key, _reason in entries_to_review(read_catalog(path)):
            items.append(Item(lang, issue, path, key))
    return items


class Session:
    """One interactive review: the list of entries, where the reviewer is, what was decided."""

    def __init__(self, items: list[Item], *, name: str, date: str, width: int,
                 checkers: dict[str, Callable[[polib.POEntry], list[Any]]], lock_dir: Path | None = None):
        self.items = items
        self.checkers = checkers
        self.name = name
        self.date = date
        self.width = width
        self.lock_dir = lock_dir
        self.position = 0
        self.counts: Counter[Decision] = Counter()
        self._read: dict[Path, tuple[tuple[int, int], polib.POFile]] = {}

    def _catalog(self, path: Path) -> polib.POFile:
        """The catalog as it is on disk now, parsed again only when the file changed."""
        from l10n.catalogs.pofile import read_catalog

        try:
            stat = path.stat()
        except OSError:
            return read_catalog(path)  # raises CatalogError naming the file
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = self._read.get(path)
        if cached is None or cached[0] != stamp:
            cached = (stamp, read_catalog(path))
            self._read[path] = cached
        return cached[1]

    def run(self) -> None:
        """Put each entry before the reviewer, saving every decision at once."""
        from l10n.review.session import Decision, find_entry

        while self.position < len(self.items):
            item = self.items[self.position]
            entry = find_entry(self._catalog(item.path), item.key)
            if entry is None:
                click.echo(f"{shown(item.path)}: {_one_line(item.key.msgid)!r} is no longer in the catalog")
                self.position += 1
                continue
            _show(item, entry, self.position + 1, len(self.items), self.checkers[item.lang](entry))
            key = _ask()
            if key == "q":
                return
            if key == "b":
                if self.position == 0:
                    click.echo("this is the first entry")
                else:
                    self.position -= 1
                continue
            if self._decide(item, entry, Decision(DECISIONS[key])):
                self.position += 1

    def _decide(self, item: Item, entry: polib.POEntry, decision: Decision) -> bool:
        from l10n.catalogs.states import is_translated_text
        from l10n.review.session import Decision, decide

        forms = None
        if decision is Decision.ACCEPT and not is_translated_text(entry):
            click.echo("nothing to accept: the entry has no translation")
            return False
        if decision is Decision.EDIT:
            forms = _edit(entry)
            if forms is None:
                click.echo("translation unchanged")
                return False
        try:
            decide(item.path, item.key, decision, reviewer=self.name, date=self.date, forms=forms,
                   expected=str(entry), width=self.width, lock_dir=self.lock_dir)
        except CatalogError as exc:
            click.echo(f"{exc}; showing it again")
            return False
        self.counts[decision] += 1
        return True

    def summary(self) -> str:
        """What was decided, and how many entries were not reached."""
        from l10n.review.session import Decision

        done = ", ".join(f"{self.counts[d]} {PAST[d.value]}" for d in Decision)
        return f"{done}; {len(self.items) - self.position} not reached"


def _interactive(config: Config, langs: list[str], issues: list[str], name: str) -> None:
    from l10n.fileio import LOCKS
    from l10n.review.session import today

    items = _review_queue(config, langs, issues)
    if not items:
        click.echo("nothing to review")
        return
    checkers = {lang: _qa_checker(config, lang) for lang in langs}
    session = Session(items, name=name, date=today(), width=config.wrap, checkers=checkers,
                      lock_dir=config.cache_dir / LOCKS)
    try:
        session.run()
    except (Interrupted, KeyboardInterrupt):
        click.echo()
        click.echo(session.summary())
        click.echo("Error: interrupted; every decision so far is saved", err=True)
        sys.exit(130)
    click.echo(session.summary())


def _serve(config: Config, langs: list[str], issues: list[str], name: str, *, browser: bool, port: int) -> None:
    from l10n.review.web import make_server

    try:
        server = make_server(config, reviewer=name, languages=langs, issues=issues, port=port)
    except OSError as exc:
        raise ConfigError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from exc
    pages = [(lang, issue) for lang in langs for issue in issues if config.catalog_path(lang, issue).is_file()]
    if not pages:
        server.server_close()
        first = config.catalog_path(langs[0], issues[0]) if langs and issues else config.locales_dir
        raise CatalogError("no catalog to review (run l10n update)", path=shown(first))
    url = server.url(*pages[0]) if len(pages) == 1 else server.url()
    click.echo(f"Reviewing as {name}: {url}")
    click.echo("Every decision is saved at once. Press Ctrl-C to stop.")
    if browser:
        import webbrowser

        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo(f"Error: interrupted; {server.decisions} decisions saved", err=True)
        sys.exit(130)
    finally:
        server.server_close()


@click.command("review")
@click.argument("issues", nargs=-1)
@click.option("--lang", "-l", "langs", multiple=True, metavar="LANG",
              help="Language to review (repeatable; with --list, default: every language).")
@click.option("--list", "list_only", is_flag=True, help="List who signed off what and when, and stale sign-offs.")
@click.option("--json", "as_json", is_flag=True, help="With --list: JSON Lines, one object per catalog and line, for scripts.")
@click.option("--reviewer", metavar="NAME", help="Reviewer's name (default: $L10N_REVIEWER, then the configuration).")
@click.option("--web", is_flag=True, help="Review in a browser: the issue as readers will see it (a local server).")
@click.option("--no-browser", is_flag=True, help="With --web: print the address, do not open a browser.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default="a free port",
              help="With --web: the port on 127.0.0.1.")
@pass_project
def review(project: Project, issues: tuple[str, ...], langs: tuple[str, ...], list_only: bool,
           as_json: bool, reviewer: str | None, web: bool, no_browser: bool, port: int) -> None:
    """Review translations one by one and sign them off.

    Walks through the drafts, fuzzy entries, translations never reviewed and stale
    sign-offs of ISSUES (default: all) in each --lang. Keys: a accept (sign off), e edit
    (in $EDITOR, or a prompt), s skip, r reject (clear the translation), b back, q quit.
    Every decision is saved at once. With --list, prints who signed off what and when,
    and which sign-offs are stale. With --web, serves the issue rendered as the build renders
    it, each segment marked by its state, on 127.0.0.1 for a browser; a click on a segment
    opens it for accept, edit, reject or skip.
    """
    from l10n.review.session import resolve_reviewer

    config = project.config
    if as_json and not list_only:
        raise click.UsageError("--json goes with --list")
    if web and list_only:
        raise click.UsageError("--web and --list do not go together")
    if (no_browser or port) and not web:
        raise click.UsageError("--no-browser and --port go with --web")
    if web:
        name = resolve_reviewer(reviewer, os.environ, config.reviewer)
        _serve(config, config.select_languages(langs), config.select_issues(issues), name,
               browser=not no_browser, port=port)
        return
    if list_only:
        _list_sign_offs(config, config.select_languages(langs), config.select_issues(issues), as_json=as_json)
        return
    name = resolve_reviewer(reviewer, os.environ, config.reviewer)
    if not langs:
        raise click.UsageError("give --lang LANG, the language to review")
    _interactive(config, config.select_languages(langs), config.select_issues(issues), name)
