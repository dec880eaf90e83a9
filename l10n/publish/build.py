"""Building every localized issue: templates, catalogs, ``.mo`` files, and each output format.

The build runs in five steps:

1. in this process, extract each issue whose source changed since its template was made;
2. per language, in worker processes: update catalogs whose template changed, compile
   ``.mo`` files, and measure coverage (reused from the manifest when nothing changed);
3. here again, decide which pages are published (a language needs at least one entry the
   page can use, and its threshold), find and copy the files the issues reference
   (:mod:`l10n.publish.assets`), and plan: :func:`plan_outputs` turns digests into the list
   of outputs to make, and touches no file;
4. per language, in worker processes: render each planned issue once into a document
   (:mod:`l10n.publish.document`) and write the planned formats from it (``page``,
   ``text``, ``email``, ``eml``, ``pdf``);
5. write the index and the manifest.

Every decision rests on content digests kept in ``build/.l10n-manifest.json``, one per
output, so an output is made again only when something it is made from changed: the
source, catalog, template, the configuration, the options, the referenced files, its
links or the toolkit version. A build with nothing to do reads files but writes none. The
manifest holds no times and no absolute paths: the same inputs give the same ``build/``
tree, byte for byte, whatever the number of processes.

Outputs are written atomically (a reader never sees half a file) but without fsync: they
can be made again, and syncing each of them costs more than rendering it. The manifest,
written last, is synced.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import polib

from l10n import __version__
from l10n.catalogs.compile import mo_bytes
from l10n.workers import run_in_processes
from l10n.config import Config
from l10n.coverage.counts import (
    CatalogCoverage,
    Coverage,
    Tally,
    coverage_from_rows,
    coverage_of_catalog,
    percent,
    row_from_json,
    row_to_json,
)
from l10n.errors import CatalogError, ConfigError, L10nError, SkippedInputs, SourceError
from l10n.fileio import atomic_write, digest, locked, read_text, write_if_changed
from l10n.languages import normalize_language, text_direction
from l10n.publish.assets import Asset, Reference, copy_assets, local_references, plan_assets
from l10n.publish.page import INDEX_NAME, IndexEntry, index_html
from l10n.sources import HTML, extract_segments, source_format
from l10n.sources.markdown import Segment

MANIFEST_NAME = ".l10n-manifest.json"
MANIFEST_FORMAT = 2
LOCK_NAME = "l10n-build"
PAGES_PER_CALL = 16  # issues of one language handed to a worker process at a time

Lookup = Callable[[str, "str | None"], "str | None"]

# Every output format, in the order they are made and reported, and its file suffix.
SUFFIXES = {"md": ".md", "html": ".html", "txt": ".txt", "email": ".email.html", "eml": ".eml", "pdf": ".pdf"}
FORMATS = tuple(SUFFIXES)
NEEDS_BASE_URL = ("email", "eml")  # formats made only when [tool.l10n.build] base_url is set


@dataclass(slots=True, frozen=True)
class BuildOptions:
    """What the command line asked for."""

    languages: tuple[str, ...] = ()  # partner languages (and possibly the source language) to build
    issues: tuple[str, ...] = ()  # issue names; empty: every issue
    min_coverage: float | None = None  # one threshold for every language, over the configuration
    reviewed_only: bool = False  # use entries with a current sign-off only
    force: bool = False  # rebuild every output whatever the manifest says
    jobs: int | None = None  # worker processes; None: the number of cores
    formats: tuple[str, ...] = ()  # output formats; empty: [tool.l10n.build] formats, else every one
    marks: bool = True  # show a visual cue on segments in the source language (web page)
    keep_going: bool = False  # build what is good when some inputs are bad, and name the bad ones


@dataclass(slots=True, frozen=True)
class Refusal:
    """A translation kept off the page because it would add HTML its source lacks."""

    language: str
    issue: str
    catalog: str  # the catalog, relative to the project
    line: int  # line of the entry's msgid (0 when unknown)
    msgid: str
    reason: str

    def __str__(self) -> str:
        place = f"{self.catalog}:{self.line}" if self.line else self.catalog
        flat = " ".join(self.msgid.split())
        excerpt = flat if len(flat) <= 40 else flat[:39] + "…"
        return f"{place}: msgid {excerpt!r}: {self.reason}; the source text is used instead"


@dataclass(slots=True, frozen=True)
class PageResult:
    """One issue in one language after the build."""

    language: str
    issue: str
    status: str  # "built" (rendered by this build), "unchanged", "skipped" (below its threshold)
    #              or "untranslated" (no entry the page could use)
    percent: float  # the coverage the threshold was checked against
    threshold: float
    written: tuple[str, ...] = ()  # outputs written, relative to the project
    removed: tuple[str, ...] = ()  # outputs removed because the page is no longer published


@dataclass(slots=True, frozen=True)
class Orphan:
    """The pages of a language or issue the configuration no longer has, removed from the build folder."""

    language: str
    issue: str
    reason: str  # "language" (no longer configured) or "issue" (its source is gone)
    removed: tuple[str, ...]  # the files removed, relative to the project


@dataclass(slots=True, frozen=True)
class BuildReport:
    """Everything a build did, in a stable order (issues, then languages)."""

    extracted: tuple[str, ...]  # templates written
    created: tuple[str, ...]  # catalogs made by the update step
    updated: tuple[str, ...]  # catalogs changed by the update step
    compiled: tuple[str, ...]  # .mo files written
    pages: tuple[PageResult, ...]
    refusals: tuple[Refusal, ...]
    index_written: bool
    coverage: Coverage  # of the issues this build changed something for (none: a no-op build)
    index: str = "build/index.html"  # the index page, relative to the project
    sources: str = "source"  # the source folder, relative to the project
    reviewed_only: bool = False
    assets: tuple[str, ...] = ()  # referenced files copied into the build folder
    notes: tuple[str, ...] = ()  # formats left out and why
    orphans: tuple[Orphan, ...] = ()  # outputs of languages or issues no longer configured, removed
    skipped_inputs: SkippedInputs | None = None  # bad inputs left out (``keep_going`` only)

    @property
    def built(self) -> tuple[PageResult, ...]:
        return tuple(p for p in self.pages if p.status == "built")

    @property
    def skipped(self) -> tuple[PageResult, ...]:
        return tuple(p for p in self.pages if p.status == "skipped")

    @property
    def untranslated(self) -> tuple[PageResult, ...]:
        return tuple(p for p in self.pages if p.status == "untranslated")

    @property
    def nothing_done(self) -> bool:
        """True when the build rendered no page and wrote no file."""
        return not (self.extracted or self.created or self.updated or self.compiled or self.index_written
                    or self.assets or self.built or any(p.removed for p in self.pages) or self.orphans)

    @property
    def failed(self) -> bool:
        """Whether ``--strict`` turns this build into a failure."""
        return bool(self.skipped or self.refusals or self.skipped_inputs)


# -- digests and the manifest ------------------------------------------------------------

def _digest_file(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return None


def _digest_json(value: Any) -> str:
    return digest(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))


@dataclass(slots=True)
class Manifest:
    """What the last build used and made, keyed by ``<lang>/<issue>`` or issue."""

    extracted: dict[str, str] = field(default_factory=dict)  # issue -> source digest
    updated: dict[str, str] = field(default_factory=dict)  # lang/issue -> template digest
    compiled: dict[str, str] = field(default_factory=dict)  # lang/issue -> catalog digest
    coverage: dict[str, dict[str, Any]] = field(default_factory=dict)  # lang/issue -> {key, row}
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)  # lang/issue -> {key, status, ...}
    issues: dict[str, dict[str, Any]] = field(default_factory=dict)  # issue -> {source, title, date}

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """The manifest at ``path``; an empty one when it is missing, unreadable or older."""
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
            return cls()
        try:
            return cls(**{name: dict(data.get(name, {})) for name in cls.__dataclass_fields__})
        except (TypeError, ValueError):
            return cls()

    def dump(self) -> str:
        data: dict[str, Any] = {"format": MANIFEST_FORMAT}
        data.update({name: getattr(self, name) for name in self.__dataclass_fields__})
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


# -- thresholds ----------------------------------------------------------------------------

def thresholds(config: Config, languages: Iterable[str], override: float | None = None) -> dict[str, float]:
    """The minimum coverage (percent) of each language.

    ``override`` (``--min-coverage``) applies to every language. Otherwise a language takes
    its entry in ``[tool.l10n.build.min_coverage]``, else ``min_coverage`` of ``[tool.l10n]``.
    """
    languages = list(languages)
    if override is not None:
        _check_percent(override, "--min-coverage", None)
        return {lang: float(override) for lang in languages}
    _check_percent(config.min_coverage, "min_coverage", config.file)
    table = config.section("build").get("min_coverage", {})
    if not isinstance(table, dict):
        raise ConfigError("[tool.l10n.build] min_coverage must be a table of language = percent",
                          path=config.file)
    per_language: dict[str, float] = {}
    for code, value in table.items():
        try:
            lang = normalize_language(code)
        except ConfigError as exc:
            raise ConfigError(f"[tool.l10n.build.min_coverage]: {exc.cause}", path=config.file) from exc
        _check_percent(value, f"[tool.l10n.build.min_coverage] {code}", config.file)
        per_language[lang] = float(value)
    return {lang: per_language.get(lang, float(config.min_coverage)) for lang in languages}


def _check_percent(value: object, name: str, path: Path | None) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ConfigError(f"{name} must be a percentage between 0 and 100", path=path)


def usable(row: CatalogCoverage, *, reviewed_only: bool) -> tuple[float, bool]:
    """The share of entries a page uses (translated, or reviewed with ``reviewed_only``), and
    whether it uses any at all."""
    tally = row.entries
    used = tally.reviewed if reviewed_only else tally.translated
    # Rounded down: it is shown when a page is below its threshold, and must read so.
    return (percent(tally.reviewed_ratio if reviewed_only else tally.translated_ratio, down=True),
            bool(used or not tally.total))


def _remove_orphans(config: Config, manifest: Manifest, issues: set[str], languages: set[str]) -> list[Orphan]:
    """Remove the pages the manifest records for a language or an issue no longer configured.

    Only files an earlier build wrote (the manifest names them) are removed, and a language's
    folder when it is left empty; the manifest forgets them.
    """
    orphans = []
    for key in sorted(manifest.pages):
        language, issue = key.split("/", 1)
        if language in languages and issue in issues:
            continue
        removed = []
        for suffix in SUFFIXES.values():
            output = config.build_dir / language / f"{issue}{suffix}"
            if output.is_file():
                output.unlink()
                removed.append(config.relative(output))
        for table in (manifest.pages, manifest.updated, manifest.compiled, manifest.coverage):
            table.pop(key, None)
        folder = config.build_dir / language
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        orphans.append(Orphan(language, issue, "issue" if language in languages else "language", tuple(removed)))
    return orphans


def output_formats(config: Config, requested: Sequence[str] = ()) -> tuple[tuple[str, ...], str | None, tuple[str, ...]]:
    """(formats to make, base_url, notes on formats left out).

    ``requested`` (``--format``) wins over ``formats`` in ``[tool.l10n.build]``; without either,
    every format that needs no setting. The e-mail formats need ``base_url``: asked for without
    it, they are left out with a note.
    """
    section = config.section("build")
    base_url = section.get("base_url")
    if base_url is not None and (not isinstance(base_url, str)
                                 or not base_url.startswith(("https://", "http://"))):
        raise ConfigError("[tool.l10n.build] base_url must be an http:// or https:// address", path=config.file)
    chosen = list(requested)
    configured = section.get("formats")
    if not chosen:
        if configured is None:
            # By default, every format that needs no setting.
            chosen = [name for name in FORMATS if base_url or name not in NEEDS_BASE_URL]
        elif isinstance(configured, list) and all(isinstance(f, str) for f in configured):
            chosen = configured
        else:
            raise ConfigError("[tool.l10n.build] formats must be a list of format names", path=config.file)
    unknown = [name for name in chosen if name not in SUFFIXES]
    if unknown:
        raise ConfigError(f"unknown output format {unknown[0]!r}; choose from {', '.join(FORMATS)}",
                          path=config.file if not requested else None)
    formats = tuple(name for name in FORMATS if name in chosen)
    notes: tuple[str, ...] = ()
    if not base_url:
        left = [name for name in formats if name in NEEDS_BASE_URL]
        if left:
            notes = (f"not making {' and '.join(SUFFIXES[name] for name in left)} files: their links must be "
                     "absolute; set base_url in [tool.l10n.build]",)
            formats = tuple(name for name in formats if name not in NEEDS_BASE_URL)
    if "pdf" in formats:
        from l10n.publish.pdf import unavailable

        reason = unavailable()
        if reason is not None:
            notes += (f"not making .pdf files: {reason}",)
            formats = tuple(name for name in formats if name != "pdf")
    return formats, base_url.rstrip("/") if base_url else None, notes


# -- the plan: digests in, outputs to make out ---------------------------------------------

@dataclass(slots=True, frozen=True)
class PageInputs:
    """What one issue in one published language is made from, as digests and small values."""

    digest: str  # of the source, catalog, template, settings and language
    linked: tuple[str, ...]  # languages the issue is published in
    targets: tuple[tuple[str, str], ...]  # local URL -> its copy, relative to the build folder
    assets: str  # digest of the referenced files' contents
    available: tuple[str, ...] = ()  # formats this build makes or an earlier one made (the page links to them)
    kinds: tuple[str, ...] | None = None  # the formats its source can give (an HTML source: "html"); None: all


@dataclass(slots=True, frozen=True)
class Plan:
    """The outputs of one build: the key of every output, and those to make."""

    keys: dict[tuple[str, str], dict[str, str]]  # (lang, issue) -> format -> key
    stale: dict[tuple[str, str], tuple[str, ...]]  # (lang, issue) -> formats to make, in FORMATS order


def output_key(fmt: str, page: PageInputs, *, base_url: str | None, marks: bool) -> str:
    """The digest of everything output ``fmt`` of a page is made from."""
    extra: list[Any] = [page.targets]
    if fmt == "html":
        extra += [page.linked, [name for name in page.available if name in ("pdf", "email", "txt")], marks]
    elif fmt == "email":
        extra += [base_url, "pdf" in page.available]
    elif fmt == "eml":
        extra += [base_url]
    elif fmt == "pdf":
        extra += [page.assets, base_url]
    return _digest_json([page.digest, fmt, extra])


def output_path(lang: str, issue: str, fmt: str) -> str:
    """Where output ``fmt`` of ``issue`` in ``lang`` goes, relative to the build folder."""
    return f"{lang}/{issue}{SUFFIXES[fmt]}"


def plan_outputs(pages: dict[tuple[str, str], PageInputs], old: Manifest, existing: frozenset[str], *,
                 formats: Sequence[str], base_url: str | None, marks: bool) -> Plan:
    """Which outputs to make: those whose key differs from the last build's, or whose file is gone.

    Pure: the caller has read the digests and listed the build folder.
    """
    keys: dict[tuple[str, str], dict[str, str]] = {}
    stale: dict[tuple[str, str], tuple[str, ...]] = {}
    for (lang, issue), page in pages.items():
        made = old.pages.get(f"{lang}/{issue}", {}).get("outputs", {})
        wanted = [fmt for fmt in formats if page.kinds is None or fmt in page.kinds]
        keys[(lang, issue)] = {fmt: output_key(fmt, page, base_url=base_url, marks=marks)
                               for fmt in wanted}
        todo = tuple(fmt for fmt in wanted
                     if made.get(fmt) != keys[(lang, issue)][fmt] or output_path(lang, issue, fmt) not in existing)
        if todo:
            stale[(lang, issue)] = todo
    return Plan(keys, stale)


def _existing_outputs(build_dir: Path) -> frozenset[str]:
    found = set()
    try:
        folders = [entry for entry in os.scandir(build_dir) if entry.is_dir()]
    except FileNotFoundError:
        return frozenset()
    for folder in folders:
        for entry in os.scandir(folder.path):
            if entry.is_file():
                found.add(f"{folder.name}/{entry.name}")
    return frozenset(found)


# -- work done in worker processes ---------------------------------------------------------

@dataclass(slots=True, frozen=True)
class _CatalogTask:
    """Step 2 for one issue in one language."""

    issue: str
    update: bool  # the template changed: merge it into the catalog first
    compile: bool  # compile the .mo even if the catalog digest is the recorded one
    template_digest: str | None
    compiled_digest: str | None  # catalog digest the current .mo was made from
    coverage_key: str | None  # key of the coverage held in the manifest


@dataclass(slots=True, frozen=True)
class _CatalogOutcome:
    issue: str
    language: str
    update: str  # what the update step did: "created", "updated", "unchanged" or "" (not run)
    compiled: bool
    catalog_digest: str | None
    coverage_key: str
    row: CatalogCoverage | None  # None: the one in the manifest is still right
    catalog: polib.POFile | None  # the parsed catalog, when this step read it


def _coverage_key(catalog_digest: str | None, template_digest: str | None) -> str:
    return _digest_json([__version__, catalog_digest, template_digest])


@lru_cache(maxsize=64)
def _template_entries(path: Path, template_digest: str) -> tuple[Any, ...]:
    """A template's entries for counting, read once a process for all the languages it serves
    (``template_digest``, of the bytes read, keeps an older reading from being reused)."""
    from l10n.catalogs.pofile import scan_catalog

    return tuple(scan_catalog(path))


def _catalog_step(config: Config, lang: str, tasks: Sequence[_CatalogTask]) -> list[_CatalogOutcome]:
    from l10n.catalogs.pofile import read_catalog

    outcomes = []
    for task in tasks:
        catalog_path = config.catalog_path(lang, task.issue)
        update = ""
        if task.update:
            from l10n.catalogs.update import update_catalog

            update = update_catalog(config, lang, task.issue).action
        catalog_digest = _digest_file(catalog_path)
        key = _coverage_key(catalog_digest, task.template_digest)
        mo_path = config.mo_path(lang, task.issue)
        needs_compile = catalog_digest is not None and (
            task.compile or catalog_digest != task.compiled_digest or not mo_path.exists()
        )
        catalog = read_catalog(catalog_path) if catalog_digest is not None else None
        compiled = False
        if catalog is not None and needs_compile:
            compiled = write_if_changed(mo_path, mo_bytes(catalog), error=CatalogError, durable=False)
        row = None
        if key != task.coverage_key:
            shown = config.relative(catalog_path)
            # Measured against the template, as status measures it (coverage_of_catalog).
            template = (_template_entries(config.template_path(task.issue), task.template_digest)
                        if task.template_digest is not None else None)
            if catalog is not None or template is not None:
                row = coverage_of_catalog(catalog, template, issue=task.issue, language=lang, path=shown)
            else:
                row = CatalogCoverage(issue=task.issue, language=lang, path=shown, exists=False,
                                      entries=Tally(), words=Tally())
        outcomes.append(_CatalogOutcome(task.issue, lang, update, compiled, catalog_digest, key, row, catalog))
    return outcomes


@dataclass(slots=True, frozen=True)
class _PageTask:
    """Step 4 for one issue in one language."""

    issue: str
    formats: tuple[str, ...]  # the outputs to make
    built: tuple[str, ...]  # every format made for this page, by this build or earlier (a page links to them)
    linked: tuple[str, ...]  # languages the page links to, itself included
    issue_day: date | None  # from the source's front matter
    text: str  # the source
    segments: tuple[Segment, ...]  # its segments, found once for every language
    targets: tuple[tuple[str, str], ...]  # local URL -> its copy, relative to the build folder
    base_url: str | None
    marks: bool
    catalog: polib.POFile | None = None  # already parsed by step 2, or None: read it here


@dataclass(slots=True, frozen=True)
class _PageOutcome:
    issue: str
    language: str
    written: tuple[str, ...]
    refusals: tuple[Refusal, ...]
    title: str | None  # the title in this language
    title_lang: str | None  # the language the title is in, when it fell back to the source


def _translations(config: Config, lang: str, task: _PageTask, reviewed_only: bool) -> tuple[Lookup, polib.POFile | None]:
    from l10n.catalogs.pofile import read_catalog
    from l10n.publish.render import catalog_lookup

    catalog_path = config.catalog_path(lang, task.issue)
    if lang == config.source_language:
        return (lambda msgid, msgctxt=None: None), None
    catalog = task.catalog
    if catalog is None:
        if not catalog_path.exists():
            return (lambda msgid, msgctxt=None: None), None
        catalog = read_catalog(catalog_path)
    return catalog_lookup(catalog, reviewed_only=reviewed_only), catalog


def _page_step(config: Config, lang: str, tasks: Sequence[_PageTask], reviewed_only: bool) -> list[_PageOutcome]:
    from l10n.publish.document import localize
    from l10n.publish.render import UnsafeTranslation, render_source

    outcomes = []
    for task in tasks:
        shown = config.relative(config.source_path(task.issue))
        # An HTML source is published as itself, localized: its web page only (output_formats).
        html_source = source_format(shown) == HTML
        document = None
        page = ""
        lookup, catalog = _translations(config, lang, task, reviewed_only)
        refused: set[tuple[str | None, str]] = set()

        def guarded(msgid: str, msgctxt: str | None = None) -> str | None:
            return None if (msgctxt, msgid) in refused else lookup(msgid, msgctxt)

        refusals: list[Refusal] = []
        while True:
            # The renderer refuses a translation that would add HTML; leave it out and go on.
            try:
                if html_source:
                    page = render_source(task.text, guarded, path=shown, lang=lang, direction=text_direction(lang),
                                         segments=list(task.segments))
                else:
                    document = localize(task.text, guarded, issue=task.issue, lang=lang,
                                        source_language=config.source_language, direction=text_direction(lang),
                                        segments=task.segments, front_matter_keys=config.front_matter_keys,
                                        path=shown, day=task.issue_day)
                break
            except UnsafeTranslation as exc:
                refused.add((exc.msgctxt, exc.msgid))
                line = next((e.linenum or 0 for e in catalog or ()
                             if e.msgid == exc.msgid and e.msgctxt == exc.msgctxt), 0)
                refusals.append(Refusal(lang, task.issue, config.relative(config.catalog_path(lang, task.issue)),
                                        line, exc.msgid, exc.reason))
        written = []
        outputs = ([("html", page)] if "html" in task.formats else []) if document is None else \
            _outputs(config, lang, task, document, guarded, shown)
        for fmt, content in outputs:
            output = config.build_dir / output_path(lang, task.issue, fmt)
            if write_if_changed(output, content, durable=False):
                written.append(config.relative(output))
        if document is None:
            outcomes.append(_PageOutcome(task.issue, lang, tuple(written), tuple(refusals), None, None))
        else:
            outcomes.append(_PageOutcome(task.issue, lang, tuple(written), tuple(refusals), document.title,
                                         document.source_language if document.title_fallback else None))
    return outcomes


def _outputs(config: Config, lang: str, task: _PageTask, document, guarded: Lookup, shown: str):
    """(format, content) for each output the task makes, each from the same document."""
    from l10n.publish import assets as links
    from l10n.publish.render import render_markdown

    targets = dict(task.targets)
    relative = links.relative_resolver(targets, lang)
    absolute = links.absolute_resolver(targets, task.base_url, lang) if task.base_url else None
    email_body = None
    for fmt in task.formats:
        if fmt == "md":
            # The Markdown leaves out what the HTML refused, so both tell the same.
            markdown = render_markdown(task.text, guarded, front_matter_keys=config.front_matter_keys, path=shown,
                                       segments=list(task.segments))
            yield fmt, links.relink_markdown(markdown, targets, relative)
        elif fmt == "html":
            from l10n.publish.page import page_html

            others = tuple(name for name in task.built if name in ("pdf", "email", "txt"))
            yield fmt, page_html(document, linked=task.linked, project=config.project, marks=task.marks,
                                 resolve=relative, others=others)
        elif fmt == "txt":
            from l10n.publish.text import plain_text

            yield fmt, plain_text(document, resolve=relative)
        elif fmt in ("email", "eml"):
            from l10n.publish.email import email_html

            if email_body is None:
                pdf = f"{task.base_url}/{output_path(lang, task.issue, 'pdf')}" if "pdf" in task.built else None
                email_body = email_html(document, resolve=absolute, project=config.project,
                                        page_url=f"{task.base_url}/{output_path(lang, task.issue, 'html')}",
                                        pdf_url=pdf)
            if fmt == "email":
                yield fmt, email_body
            else:
                from l10n.publish.eml import eml_bytes
                from l10n.publish.text import plain_text

                yield fmt, eml_bytes(document, text=plain_text(document, resolve=absolute), email_html=email_body)
        elif fmt == "pdf":
            from l10n.publish.pdf import pdf_bytes, print_html

            def local_link(url: str) -> str:
                # A reader of the PDF can open a local file only where it is published.
                if url in targets:
                    return absolute(url) if absolute else ""
                return url

            page = print_html(document, resolve=relative, resolve_link=local_link)
            yield fmt, pdf_bytes(page, lang=lang, build_dir=config.build_dir)


def _run_per_language(function: Callable[..., list[Any]], config: Config, work: dict[str, list[Any]],
                      extra: tuple[Any, ...], jobs: int, progress: Callable[[int, int], None] | None = None,
                      ) -> list[Any]:
    """``function(config, lang, tasks, *extra)`` for each language, in up to ``jobs`` processes.

    A language with many tasks is cut into a few calls, so that Ctrl-C stops the build soon
    and the last language does not run alone. ``progress(done, total)`` follows the tasks.
    """
    languages = [lang for lang in sorted(work) if work[lang]]
    if not languages:
        return []
    total = sum(len(work[lang]) for lang in languages)
    done = 0

    def advance(part: list[Any]) -> None:
        nonlocal done
        done += len(part)
        if progress is not None:
            progress(done, total)

    if progress is not None:
        progress(0, total)
    if jobs <= 1 or len(languages) == 1 and len(work[languages[0]]) < 2 * PAGES_PER_CALL:
        results = []
        for lang in languages:
            for start in range(0, len(work[lang]), PAGES_PER_CALL):
                part = function(config, lang, work[lang][start : start + PAGES_PER_CALL], *extra)
                advance(part)
                results.extend(part)
        return results
    calls = [
        (config, lang, work[lang][start : start + PAGES_PER_CALL], *extra)
        for lang in languages
        for start in range(0, len(work[lang]), PAGES_PER_CALL)
    ]
    return [item for part in run_in_processes(function, calls, jobs, on_result=advance) for item in part]


# -- the build -----------------------------------------------------------------------------

def _issue_meta(config: Config, issue: str, digest: str | None, previous: dict[str, Any] | None) -> dict[str, Any]:
    """Title and date of an issue (from its front matter), cached by source digest."""
    if previous is not None and previous.get("source") == digest:
        return previous
    from l10n.sources.markdown import front_matter

    path = config.source_path(issue)
    text = read_text(path, error=SourceError)
    if source_format(path) == HTML:
        from l10n.sources import html as html_source

        return {"source": digest, "title": html_source.document_title(text), "date": None, "references": []}
    meta = front_matter(text, path=config.relative(path))
    title = meta.get("title")
    from l10n.publish.render import as_date

    day = as_date(meta.get("date"))
    return {"source": digest, "title": title if isinstance(title, str) else None,
            "date": day.isoformat() if day else None}


def build_project(config: Config, options: BuildOptions = BuildOptions(), *,
                  progress: Callable[[str, int, int], None] | None = None) -> BuildReport:
    """Build the chosen issues in the chosen languages; see the module's description.

    ``progress(stage, done, total)`` follows the two long steps, ``"catalogs"`` and ``"pages"``.

    Every input that changed since the last build is read before anything is written: a bad
    one raises its error with nothing written, or, with ``keep_going``, is left out (its
    issue, or its language of that issue) and named in the report.
    """
    issues = config.select_issues(options.issues)
    chosen = config.select_languages(options.languages)
    source = config.source_language
    with_source = not options.languages or source in chosen
    partners = [lang for lang in dict.fromkeys(chosen) if lang != source]
    if not partners and not with_source:
        raise ConfigError("no languages configured: set languages in [tool.l10n] or pass --lang",
                          path=config.file)
    limits = thresholds(config, partners, options.min_coverage)
    output_formats(config, options.formats)  # a bad setting stops the build before anything is written
    manifest_path = config.build_dir / MANIFEST_NAME
    old = Manifest() if options.force else Manifest.load(manifest_path)
    checked = _check_inputs(config, issues, partners, old, keep_going=options.keep_going)
    # One build at a time writes into the folder (a lock on build/.l10n-build.lock, held in the cache folder).
    with locked(config.build_dir / LOCK_NAME, error=L10nError):
        remove_leftovers(config.build_dir)
        return _build(config, options, issues, with_source, partners, limits, old, checked, progress)


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files an interrupted write left in ``folder`` (``.<name>.<random>.tmp``).

    Only a killed process leaves one (a write that fails removes its own); the caller holds
    the folder's lock, so no write of another run is in progress.
    """
    removed = []
    if not folder.is_dir():
        return removed
    for path in folder.rglob(".*.tmp"):
        if _LEFTOVER_RE.fullmatch(path.name) and path.is_file():
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            removed.append(path)
    return removed


_LEFTOVER_RE = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


@dataclass(slots=True)
class _Checked:
    """What the inputs check found: templates made in memory, and what to leave out."""

    templates: dict[str, polib.POFile]  # issue -> its new template, for the issues whose source changed
    bad_issues: set[str]  # issues whose source or template is bad (keep_going only)
    bad_catalogs: set[tuple[str, str]]  # (language, issue) whose catalog is bad (keep_going only)
    errors: list[L10nError]


def _template_stale(config: Config, issue: str, source_digest: str | None, old: Manifest) -> bool:
    # Digests, not modification times: a file saved again without a change, or a clock
    # that disagrees, neither skips nor forces a step.
    return not config.template_path(issue).exists() or old.extracted.get(issue) != source_digest


def _source_digest(config: Config, issue: str) -> str:
    """The digest of an issue's source file; an error naming it when it is gone."""
    digest_ = _digest_file(config.source_path(issue))
    if digest_ is None:
        raise SourceError("no such file", path=config.relative(config.source_path(issue)))
    return digest_


def _check_inputs(config: Config, issues: Sequence[str], partners: Sequence[str], old: Manifest, *,
                  keep_going: bool) -> _Checked:
    """Read every source, template and catalog the build will use and that changed since the last one."""
    from l10n.catalogs.pofile import scan_catalog
    from l10n.sources.extract import build_template

    checked = _Checked({}, set(), set(), [])
    known_templates = set(old.updated.values())
    for issue in issues:
        source_path = config.source_path(issue)
        source_digest = _source_digest(config, issue)
        template_path = config.template_path(issue)
        try:
            if _template_stale(config, issue, source_digest, old):
                checked.templates[issue] = build_template(source_path, config)
            elif _digest_file(template_path) not in known_templates:
                scan_catalog(template_path)
        except L10nError as exc:
            checked.errors.append(exc)
            checked.bad_issues.add(issue)
            continue
        for lang in partners:
            catalog_path = config.catalog_path(lang, issue)
            catalog_digest = _digest_file(catalog_path)
            if catalog_digest is None or old.compiled.get(f"{lang}/{issue}") == catalog_digest:
                continue
            try:
                scan_catalog(catalog_path)
            except L10nError as exc:
                checked.errors.append(exc)
                checked.bad_catalogs.add((lang, issue))
    if checked.errors and not keep_going:
        raise checked.errors[0]
    return checked


def _build(config: Config, options: BuildOptions, issues: list[str], with_source: bool, partners: list[str],
           limits: dict[str, float], old: Manifest, checked: _Checked,
           progress: Callable[[str, int, int], None] | None = None) -> BuildReport:
    """The four steps, once the inputs are known to be good (or the bad ones left out)."""
    from l10n.sources.extract import save_template

    def stage(name: str) -> Callable[[int, int], None] | None:
        return None if progress is None else lambda done, total: progress(name, done, total)

    source = config.source_language
    jobs = options.jobs or os.cpu_count() or 1
    formats, base_url, notes = output_formats(config, options.formats)
    manifest_path = config.build_dir / MANIFEST_NAME
    new = Manifest.load(manifest_path)  # kept for languages and issues this build does not touch
    settings = _digest_json([__version__, config.raw, config.source_language, config.front_matter_keys,
                             options.reviewed_only])
    issues = [issue for issue in issues if issue not in checked.bad_issues]

    # 0. every local file the issues reference exists: checked before anything is written
    metas: dict[str, dict[str, Any]] = {}
    for issue in issues:
        source_path = config.source_path(issue)
        meta = _issue_meta(config, issue, _digest_file(source_path), old.issues.get(issue))
        if "references" not in meta:
            text = read_text(source_path, error=SourceError)
            meta = {**meta, "references": [[r.url, r.path, r.fragment, r.line] for r in local_references(text)]}
        plan_assets(config.source_dir, [Reference(*r) for r in meta["references"]], (),
                    shown=config.relative(source_path), shown_dir=config.relative(config.source_dir))
        metas[issue] = meta

    # 1. templates
    extracted: list[str] = []
    source_digests: dict[str, str | None] = {}
    template_digests: dict[str, str | None] = {}
    for issue in issues:
        source_digest = _source_digest(config, issue)
        template_path = config.template_path(issue)
        if issue in checked.templates:
            if save_template(checked.templates[issue], template_path, config):
                extracted.append(config.relative(template_path))
        new.extracted[issue] = source_digest
        source_digests[issue] = source_digest
        template_digests[issue] = _digest_file(template_path)
        new.issues[issue] = metas[issue]
    known = set(config.issues())
    orphans = _remove_orphans(config, new, known, {source, *config.languages, *partners})
    for table in (new.extracted, new.issues):
        for gone in [issue for issue in table if issue not in known]:
            del table[gone]
    for table in (new.updated, new.compiled, new.coverage, new.pages):
        for gone in [key for key in table if key.split("/", 1)[1] not in known]:
            del table[gone]

    # 2. catalogs, .mo files, coverage
    catalog_work: dict[str, list[_CatalogTask]] = {}
    catalog_digests: dict[tuple[str, str], str | None] = {}
    for lang in partners:
        for issue in issues:
            if (lang, issue) in checked.bad_catalogs:
                continue
            key = f"{lang}/{issue}"
            catalog_path = config.catalog_path(lang, issue)
            template_path = config.template_path(issue)
            template_digest = template_digests[issue]
            update = template_digest is not None and (
                not catalog_path.exists() or old.updated.get(key) != template_digest
            )
            catalog_digest = None if update else _digest_file(catalog_path)
            cached = old.coverage.get(key, {})
            needs_compile = catalog_digest is not None and (
                old.compiled.get(key) != catalog_digest or not config.mo_path(lang, issue).exists()
            )
            fresh = (not update and not needs_compile
                     and cached.get("key") == _coverage_key(catalog_digest, template_digest))
            if fresh:
                catalog_digests[(lang, issue)] = catalog_digest
                continue
            catalog_work.setdefault(lang, []).append(_CatalogTask(
                issue=issue, update=update, compile=needs_compile, template_digest=template_digest,
                compiled_digest=old.compiled.get(key), coverage_key=cached.get("key"),
            ))
    created: list[str] = []
    updated: list[str] = []
    compiled: list[str] = []
    parsed: dict[tuple[str, str], polib.POFile | None] = {}
    for outcome in _run_per_language(_catalog_step, config, catalog_work, (), jobs, stage("catalogs")):
        key = f"{outcome.language}/{outcome.issue}"
        catalog_digests[(outcome.language, outcome.issue)] = outcome.catalog_digest
        parsed[(outcome.language, outcome.issue)] = outcome.catalog
        if outcome.update in ("created", "updated"):
            shown = config.relative(config.catalog_path(outcome.language, outcome.issue))
            (created if outcome.update == "created" else updated).append(shown)
        if outcome.compiled:
            compiled.append(config.relative(config.mo_path(outcome.language, outcome.issue)))
        if template_digests[outcome.issue] is not None:
            new.updated[key] = template_digests[outcome.issue]
        if outcome.catalog_digest is not None:
            new.compiled[key] = outcome.catalog_digest
        if outcome.row is not None:
            new.coverage[key] = {"key": outcome.coverage_key, "row": row_to_json(outcome.row)}
    rows = {(lang, issue): row_from_json(new.coverage[f"{lang}/{issue}"]["row"])
            for lang in partners for issue in issues if (lang, issue) not in checked.bad_catalogs}

    # 3. which pages are published, the files they reference, and the plan
    status: dict[tuple[str, str], tuple[str, float, float]] = {}
    for issue in issues:
        if with_source:
            status[(source, issue)] = ("built", 100.0, 0.0)
        for lang in partners:
            if (lang, issue) in checked.bad_catalogs:
                continue
            if (lang, issue) not in rows:
                continue  # a bad catalog, left out with --keep-going
            row = rows[(lang, issue)]
            reached, any_used = usable(row, reviewed_only=options.reviewed_only)
            ratio = row.entries.reviewed_ratio if options.reviewed_only else row.entries.translated_ratio
            state = "built" if ratio * 100 >= Fraction(limits[lang]).limit_denominator(10**6) else "skipped"
            if not any_used:
                state = "untranslated"
            status[(lang, issue)] = (state, reached, limits[lang])
    for (lang, issue), (state, reached, limit) in status.items():
        new.pages.setdefault(f"{lang}/{issue}", {}).update(status=state, percent=reached, threshold=limit)

    sources: dict[str, tuple[str, tuple[Segment, ...]]] = {}  # issue -> text and segments

    def source_of(issue: str) -> tuple[str, tuple[Segment, ...]]:
        if issue not in sources:
            source_path = config.source_path(issue)
            text = read_text(source_path, error=SourceError)
            segments = extract_segments(text, front_matter_keys=config.front_matter_keys,
                                        path=config.relative(source_path))
            sources[issue] = (text, tuple(segments))
        return sources[issue]

    assets: dict[str, Asset] = {}
    inputs: dict[tuple[str, str], PageInputs] = {}
    removed: dict[tuple[str, str], tuple[str, ...]] = {}
    page_languages = ([source] if with_source else []) + partners
    for issue in issues:
        published = [lang for lang in page_languages if status.get((lang, issue), ("",))[0] == "built"]
        found, targets = plan_assets(
            config.source_dir, [Reference(*r) for r in metas[issue]["references"]], published,
            shown=config.relative(config.source_path(issue)), shown_dir=config.relative(config.source_dir))
        assets.update(found)
        linked = tuple(sorted(
            code for code in {source, *config.languages, *partners}
            if new.pages.get(f"{code}/{issue}", {}).get("status") == "built"
        ))
        html_issue = source_format(config.source_path(issue)) == HTML
        for lang in page_languages:
            if (lang, issue) not in status:
                continue
            if status[(lang, issue)][0] != "built":
                removed[(lang, issue)] = _remove_outputs(config, lang, issue)
                new.pages[f"{lang}/{issue}"].pop("outputs", None)
                new.pages[f"{lang}/{issue}"].pop("title", None)
                new.pages[f"{lang}/{issue}"].pop("title_lang", None)
                continue
            used = sorted(targets[lang].items())
            inputs[(lang, issue)] = PageInputs(
                digest=_digest_json([settings, source_digests[issue], catalog_digests.get((lang, issue)),
                                     template_digests[issue], lang]),
                linked=linked, targets=tuple(used),
                assets=_digest_json(sorted({(t.split("#")[0], found_digest(assets, t)) for _, t in used})),
                available=tuple(name for name in FORMATS
                                if (name in formats or name in new.pages[f"{lang}/{issue}"].get("outputs", {}))
                                and (name == "html" or not html_issue)),
                kinds=("html",) if html_issue else None,
            )
    copied = copy_assets(config.build_dir, assets)
    plan = plan_outputs(inputs, old, _existing_outputs(config.build_dir), formats=formats, base_url=base_url,
                        marks=options.marks)

    page_work: dict[str, list[_PageTask]] = {}
    for (lang, issue), todo in plan.stale.items():
        text, segments = source_of(issue)
        day = new.issues[issue].get("date")
        page_work.setdefault(lang, []).append(_PageTask(
            issue=issue, formats=todo, built=inputs[(lang, issue)].available, linked=inputs[(lang, issue)].linked,
            issue_day=date.fromisoformat(day) if day else None, text=text, segments=segments,
            targets=inputs[(lang, issue)].targets, base_url=base_url, marks=options.marks,
            catalog=parsed.get((lang, issue)),
        ))
    for tasks in page_work.values():
        tasks.sort(key=lambda task: issues.index(task.issue))

    # 4. outputs
    written: dict[tuple[str, str], tuple[str, ...]] = {}
    refusals: list[Refusal] = []
    rendered = _run_per_language(_page_step, config, page_work, (options.reviewed_only,), jobs, stage("pages"))
    outcomes = {(o.language, o.issue): o for o in rendered}
    for (lang, issue) in inputs:
        entry = new.pages[f"{lang}/{issue}"]
        outputs = dict(entry.get("outputs", {}))
        outcome = outcomes.get((lang, issue))
        if outcome is not None:
            written[(lang, issue)] = outcome.written
            refusals.extend(outcome.refusals)
            entry["title"] = outcome.title
            entry["title_lang"] = outcome.title_lang
            # A page with a refused entry is made again next time, so the refusal is reported again.
            for fmt in plan.stale[(lang, issue)]:
                if outcome.refusals:
                    outputs.pop(fmt, None)
                else:
                    outputs[fmt] = plan.keys[(lang, issue)][fmt]
        entry["outputs"] = outputs

    # 5. the index and the manifest
    columns = list(dict.fromkeys([source, *config.languages, *partners]))
    index = _index(config, new, columns, reviewed_only=options.reviewed_only)
    index_written = write_if_changed(config.build_dir / INDEX_NAME, index, durable=False)
    manifest_text = new.dump()
    if not manifest_path.exists() or manifest_path.read_text("utf-8") != manifest_text:
        atomic_write(manifest_path, manifest_text)

    pages = []
    for issue in issues:
        for lang in page_languages:
            if (lang, issue) not in status:
                continue
            state, reached, limit = status[(lang, issue)]
            if state == "built" and (lang, issue) not in outcomes:
                state = "unchanged"
            pages.append(PageResult(lang, issue, state, reached, limit, written.get((lang, issue), ()),
                                    removed.get((lang, issue), ())))
    order = {issue: number for number, issue in enumerate(issues)}
    refusals.sort(key=lambda r: (order[r.issue], r.language, r.line))
    # The table covers what this build touched, so a no-op build of a large project stays quiet.
    changed_catalogs = {Path(path).stem for path in (*created, *updated, *compiled)}
    touched = [issue for issue in issues
               if issue in changed_catalogs
               or any(p.issue == issue and (p.status == "built" or p.removed) for p in pages)]
    coverage = coverage_from_rows(config, [rows[(lang, issue)] for issue in touched for lang in partners
                                           if (lang, issue) in rows], partners, touched)
    return BuildReport(
        extracted=tuple(extracted),
        created=tuple(sorted(created)),
        updated=tuple(sorted(updated)),
        compiled=tuple(sorted(compiled)),
        pages=tuple(pages),
        refusals=tuple(refusals),
        index_written=index_written,
        coverage=coverage,
        index=config.relative(config.build_dir / INDEX_NAME),
        sources=config.relative(config.source_dir),
        reviewed_only=options.reviewed_only,
        assets=tuple(config.relative(path) for path in copied),
        notes=notes,
        orphans=tuple(orphans),
        skipped_inputs=SkippedInputs(checked.errors) if checked.errors else None,
    )


def found_digest(assets: dict[str, Asset], target: str) -> str:
    asset = assets.get(target.split("#")[0])
    return asset.digest if asset else ""


def _remove_outputs(config: Config, lang: str, issue: str) -> tuple[str, ...]:
    """Remove every output of a page that is no longer published; return what was removed."""
    gone = []
    for fmt in FORMATS:
        output = config.build_dir / output_path(lang, issue, fmt)
        if output.exists():
            output.unlink()
            gone.append(config.relative(output))
    return tuple(gone)


def _index(config: Config, manifest: Manifest, languages: Sequence[str], *, reviewed_only: bool) -> str:
    """``build/index.html`` from what the manifest records of every issue and language."""
    issues = []
    entries: dict[str, list[IndexEntry]] = {}
    for issue in sorted(manifest.issues):
        meta = manifest.issues[issue]
        day = meta.get("date")
        issues.append((issue, meta.get("title"), date.fromisoformat(day) if day else None))
        for lang in languages:
            page = manifest.pages.get(f"{lang}/{issue}")
            if page is None:
                continue
            published = page.get("status") == "built"
            stored = manifest.coverage.get(f"{lang}/{issue}")
            shown = page.get("percent", 0.0)
            if stored is not None:
                # Rounded to one decimal, as the coverage tables round it.
                tally = row_from_json(stored["row"]).entries
                shown = percent(tally.reviewed_ratio if reviewed_only else tally.translated_ratio, digits=1)
            entries.setdefault(issue, []).append(IndexEntry(
                lang=lang, title=page.get("title"), title_lang=page.get("title_lang"), published=published, percent=shown,
                threshold=page.get("threshold", 0.0), formats=tuple(page.get("outputs", {})) if published else (),
                reason="" if published else page.get("status", ""),
            ))
    return index_html(project=config.project, source_language=config.source_language, issues=issues,
                      entries=entries, reviewed_only=reviewed_only)
