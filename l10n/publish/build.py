"""Building every localized issue: templates, catalogs, ``.mo`` files, Markdown and HTML pages.

The build runs in four steps:

1. in this process, extract each issue whose source changed since its template was made;
2. per language, in worker processes: update catalogs whose template changed, compile
   ``.mo`` files, and measure coverage (reused from the manifest when nothing changed);
3. here again, decide which pages meet their language's threshold, and so which languages
   each page links to;
4. per language, in worker processes: render the pages whose inputs changed.

Every decision rests on content digests kept in ``build/.l10n-manifest.json``, so a page is
rendered again only when its source, catalog, template, the configuration, the options,
its links or the toolkit version changed, and a build with nothing to do reads files but
writes none. The manifest holds no times and no absolute paths: the same inputs give the
same ``build/`` tree, whatever the number of processes.

Outputs are written atomically (a reader never sees half a file) but without fsync: they
can be made again, and syncing each of them costs more than rendering it. The manifest,
written last, is synced.
"""

from __future__ import annotations

import html
import json
import math
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polib
from babel.dates import format_date

from l10n import __version__
from l10n.catalogs.compile import mo_bytes, run_in_processes
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
from l10n.errors import CatalogError, ConfigError, SourceError
from l10n.fileio import atomic_write, digest, read_text, write_if_changed
from l10n.languages import language_name, normalize_language, text_direction
from l10n.publish.render import PAGE_STYLE
from l10n.sources.markdown import Segment, extract_segments

MANIFEST_NAME = ".l10n-manifest.json"
MANIFEST_FORMAT = 1
INDEX_NAME = "index.html"
PAGES_PER_CALL = 16  # issues of one language handed to a worker process at a time

Lookup = Callable[[str, "str | None"], "str | None"]


@dataclass(slots=True, frozen=True)
class BuildOptions:
    """What the command line asked for."""

    languages: tuple[str, ...] = ()  # partner languages (and possibly the source language) to build
    issues: tuple[str, ...] = ()  # issue names; empty: every issue
    min_coverage: float | None = None  # one threshold for every language, over the configuration
    reviewed_only: bool = False  # use entries with a current sign-off only
    force: bool = False  # rebuild every output whatever the manifest says
    jobs: int | None = None  # worker processes; None: the number of cores


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
    status: str  # "built" (rendered by this build), "unchanged" or "skipped" (below its threshold)
    percent: float  # the coverage the threshold was checked against
    threshold: float
    written: tuple[str, ...] = ()  # outputs written, relative to the project
    removed: tuple[str, ...] = ()  # outputs removed because the page fell below its threshold


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

    @property
    def built(self) -> tuple[PageResult, ...]:
        return tuple(p for p in self.pages if p.status == "built")

    @property
    def skipped(self) -> tuple[PageResult, ...]:
        return tuple(p for p in self.pages if p.status == "skipped")

    @property
    def nothing_done(self) -> bool:
        """True when the build rendered no page and wrote no file."""
        return not (self.extracted or self.created or self.updated or self.compiled or self.index_written
                    or self.built or any(p.removed for p in self.pages))

    @property
    def failed(self) -> bool:
        """Whether ``--strict`` turns this build into a failure."""
        return bool(self.skipped or self.refusals)


# -- digests and the manifest ------------------------------------------------------------

def _digest_file(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return None


def _digest_json(value: Any) -> str:
    return digest(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))


def _relative(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


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


def used_percent(row: CatalogCoverage, *, reviewed_only: bool) -> float:
    """The share of entries a page uses: translated ones, or reviewed ones with ``reviewed_only``."""
    tally = row.entries
    return percent(tally.reviewed_ratio if reviewed_only else tally.translated_ratio)


# -- the page around a localized issue -------------------------------------------------------

def long_date(value: date, lang: str) -> str:
    """``value`` in the language's long date format ("15 martie 2022", "15. März 2022")."""
    return format_date(value, format="long", locale=lang)


def page_parts(*, lang: str, issue: str, linked: Sequence[str], issue_day: date | None,
               project: str) -> dict[str, str]:
    """Trusted HTML around a page: alternate links, a language menu and the issue date."""
    others = [code for code in linked if code != lang]
    head = "".join(
        f'<link rel="alternate" hreflang="{_hreflang(code)}" href="../{code}/{html.escape(issue)}.html">\n'
        for code in others
    )
    items = []
    for code in linked:
        name = html.escape(language_name(code))
        if code == lang:
            items.append(f'<li><strong lang="{_hreflang(code)}" aria-current="page">{name}</strong></li>')
        else:
            items.append(
                f'<li><a href="../{code}/{html.escape(issue)}.html" hreflang="{_hreflang(code)}" '
                f'lang="{_hreflang(code)}">{name}</a></li>'
            )
    before = (
        f'<nav class="languages">\n<a href="../{INDEX_NAME}">{html.escape(project)}</a>\n<ul>\n'
        + "\n".join(items)
        + "\n</ul>\n</nav>\n"
    )
    if issue_day is not None:
        before += (
            f'<p class="issue-date"><time datetime="{issue_day.isoformat()}">'
            f"{html.escape(long_date(issue_day, lang))}</time></p>\n"
        )
    return {"head": head, "before": before}


def _hreflang(code: str) -> str:
    return html.escape(code.replace("_", "-"))


def render_index(config: Config, manifest: Manifest, languages: Sequence[str], *, reviewed_only: bool) -> str:
    """``build/index.html``: every issue in every language, linked, with its coverage."""
    source = config.source_language
    columns = [source, *[lang for lang in languages if lang != source]]
    measure = "reviewed" if reviewed_only else "translated"
    head_cells = "".join(
        f'<th scope="col" lang="{_hreflang(code)}">{html.escape(language_name(code))}</th>' for code in columns
    )
    rows = []
    for issue in sorted(manifest.issues):
        meta = manifest.issues[issue]
        title = meta.get("title") or issue
        day = meta.get("date")
        cells = []
        for code in columns:
            page = manifest.pages.get(f"{code}/{issue}")
            if page is None:
                cells.append('<td class="missing">&#8212;</td>')
                continue
            # Rounded down, as the coverage tables round: 100.0% only when complete.
            shown = "original" if code == source else f"{math.floor(page['percent'] * 10) / 10:.1f}% {measure}"
            if page["status"] == "built":
                cells.append(
                    f'<td><a href="{code}/{html.escape(issue)}.html" hreflang="{_hreflang(code)}">'
                    f"{html.escape(shown)}</a></td>"
                )
            else:
                cells.append(
                    f'<td class="skipped">{html.escape(shown)} '
                    f"(below {page['threshold']:g}%)</td>"
                )
        when = f' <time datetime="{html.escape(day)}">{html.escape(day)}</time>' if day else ""
        rows.append(
            f'<tr><th scope="row" lang="{_hreflang(source)}">{html.escape(title)}{when}</th>{"".join(cells)}</tr>'
        )
    project = html.escape(config.project)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_hreflang(source)}" dir="{text_direction(source)}">\n'
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{project}</title>\n{PAGE_STYLE}</head>\n"
        f"<body>\n<main class=\"wide\">\n<h1>{project}</h1>\n<table>\n"
        f'<thead><tr><th scope="col"></th>{head_cells}</tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</main>\n</body>\n</html>\n"
    )


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
            shown = _relative(catalog_path, config.root)
            # Measured against the template, as status measures it (coverage_of_catalog).
            template = read_catalog(config.template_path(task.issue)) if task.template_digest is not None else None
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
    linked: tuple[str, ...]  # languages the page links to, itself included
    issue_day: date | None  # from the source's front matter
    text: str  # the source
    segments: tuple[Segment, ...]  # its segments, found once for every language
    catalog: polib.POFile | None = None  # already parsed by step 2, or None: read it here


@dataclass(slots=True, frozen=True)
class _PageOutcome:
    issue: str
    language: str
    written: tuple[str, ...]
    refusals: tuple[Refusal, ...]


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
    from l10n.publish.render import UnsafeTranslation, render_html, render_markdown

    outcomes = []
    for task in tasks:
        text, segments = task.text, list(task.segments)
        shown = _relative(config.source_path(task.issue), config.root)
        keys = config.front_matter_keys
        lookup, catalog = _translations(config, lang, task, reviewed_only)
        refused: set[tuple[str | None, str]] = set()

        def guarded(msgid: str, msgctxt: str | None = None) -> str | None:
            return None if (msgctxt, msgid) in refused else lookup(msgid, msgctxt)

        parts = page_parts(lang=lang, issue=task.issue, linked=task.linked, issue_day=task.issue_day,
                           project=config.project)
        refusals: list[Refusal] = []
        while True:
            # The renderer refuses a translation that would add HTML; leave it out and go on.
            try:
                page = render_html(text, guarded, lang=lang, direction=text_direction(lang),
                                   front_matter_keys=keys, path=shown, segments=segments, **parts)
                break
            except UnsafeTranslation as exc:
                refused.add((exc.msgctxt, exc.msgid))
                line = next((e.linenum or 0 for e in catalog or ()
                             if e.msgid == exc.msgid and e.msgctxt == exc.msgctxt), 0)
                refusals.append(Refusal(lang, task.issue, _relative(config.catalog_path(lang, task.issue),
                                                                     config.root),
                                        line, exc.msgid, exc.reason))
        # The Markdown leaves out what the HTML refused, so both tell the same.
        markdown = render_markdown(text, guarded, front_matter_keys=keys, path=shown, segments=segments)
        written = []
        for suffix, content in ((".md", markdown), (".html", page)):
            output = config.build_dir / lang / f"{task.issue}{suffix}"
            if write_if_changed(output, content, durable=False):
                written.append(_relative(output, config.root))
        outcomes.append(_PageOutcome(task.issue, lang, tuple(written), tuple(refusals)))
    return outcomes


def _run_per_language(function: Callable[..., list[Any]], config: Config, work: dict[str, list[Any]],
                      extra: tuple[Any, ...], jobs: int) -> list[Any]:
    """``function(config, lang, tasks, *extra)`` for each language, in up to ``jobs`` processes.

    A language with many tasks is cut into a few calls, so that Ctrl-C stops the build soon
    and the last language does not run alone.
    """
    languages = [lang for lang in sorted(work) if work[lang]]
    if not languages:
        return []
    if jobs <= 1 or len(languages) == 1 and len(work[languages[0]]) < 2 * PAGES_PER_CALL:
        return [item for lang in languages for item in function(config, lang, work[lang], *extra)]
    calls = [
        (config, lang, work[lang][start : start + PAGES_PER_CALL], *extra)
        for lang in languages
        for start in range(0, len(work[lang]), PAGES_PER_CALL)
    ]
    return [item for part in run_in_processes(function, calls, jobs) for item in part]


# -- the build -----------------------------------------------------------------------------

def _issue_meta(config: Config, issue: str, digest: str | None, previous: dict[str, Any] | None) -> dict[str, Any]:
    """Title and date of an issue (from its front matter), cached by source digest."""
    if previous is not None and previous.get("source") == digest:
        return previous
    from l10n.sources.markdown import front_matter

    path = config.source_path(issue)
    meta = front_matter(read_text(path, error=SourceError), path=_relative(path, config.root))
    title = meta.get("title")
    from l10n.publish.render import as_date

    day = as_date(meta.get("date"))
    return {"source": digest, "title": title if isinstance(title, str) else None,
            "date": day.isoformat() if day else None}


def build_project(config: Config, options: BuildOptions = BuildOptions()) -> BuildReport:
    """Build the chosen issues in the chosen languages; see the module's description."""
    from l10n.sources.extract import write_template

    issues = config.select_issues(options.issues)
    chosen = config.select_languages(options.languages)
    source = config.source_language
    with_source = not options.languages or source in chosen
    partners = [lang for lang in dict.fromkeys(chosen) if lang != source]
    if not partners and not with_source:
        raise ConfigError("no languages configured: set languages in [tool.l10n] or pass --lang",
                          path=config.file)
    limits = thresholds(config, partners, options.min_coverage)
    jobs = options.jobs or os.cpu_count() or 1

    manifest_path = config.build_dir / MANIFEST_NAME
    old = Manifest() if options.force else Manifest.load(manifest_path)
    new = Manifest.load(manifest_path)  # kept for languages and issues this build does not touch
    settings = _digest_json([__version__, config.raw, config.source_language, config.front_matter_keys,
                             options.reviewed_only])

    # 1. templates
    extracted: list[str] = []
    source_digests: dict[str, str | None] = {}
    template_digests: dict[str, str | None] = {}
    for issue in issues:
        source_path = config.source_path(issue)
        source_digest = _digest_file(source_path)
        if source_digest is None:
            raise SourceError("no such file", path=_relative(source_path, config.root))
        template_path = config.template_path(issue)
        # Digests, not modification times: a file saved again without a change, or a clock
        # that disagrees, neither skips nor forces a step.
        stale = not template_path.exists() or old.extracted.get(issue) != source_digest
        if stale:
            before = _digest_file(template_path)
            write_template(config, issue)
            if _digest_file(template_path) != before:
                extracted.append(_relative(template_path, config.root))
        new.extracted[issue] = source_digest
        source_digests[issue] = source_digest
        template_digests[issue] = _digest_file(template_path)
        new.issues[issue] = _issue_meta(config, issue, source_digest, old.issues.get(issue))
    known = set(config.issues())
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
    for outcome in _run_per_language(_catalog_step, config, catalog_work, (), jobs):
        key = f"{outcome.language}/{outcome.issue}"
        catalog_digests[(outcome.language, outcome.issue)] = outcome.catalog_digest
        parsed[(outcome.language, outcome.issue)] = outcome.catalog
        if outcome.update in ("created", "updated"):
            shown = _relative(config.catalog_path(outcome.language, outcome.issue), config.root)
            (created if outcome.update == "created" else updated).append(shown)
        if outcome.compiled:
            compiled.append(_relative(config.mo_path(outcome.language, outcome.issue), config.root))
        if template_digests[outcome.issue] is not None:
            new.updated[key] = template_digests[outcome.issue]
        if outcome.catalog_digest is not None:
            new.compiled[key] = outcome.catalog_digest
        if outcome.row is not None:
            new.coverage[key] = {"key": outcome.coverage_key, "row": row_to_json(outcome.row)}
    rows = {(lang, issue): row_from_json(new.coverage[f"{lang}/{issue}"]["row"])
            for lang in partners for issue in issues}

    # 3. thresholds and links
    status: dict[tuple[str, str], tuple[str, float, float]] = {}
    for issue in issues:
        if with_source:
            status[(source, issue)] = ("built", 100.0, 0.0)
        for lang in partners:
            reached = used_percent(rows[(lang, issue)], reviewed_only=options.reviewed_only)
            state = "built" if reached >= limits[lang] else "skipped"
            status[(lang, issue)] = (state, reached, limits[lang])
    for (lang, issue), (state, reached, limit) in status.items():
        new.pages.setdefault(f"{lang}/{issue}", {}).update(status=state, percent=reached, threshold=limit)
    page_work: dict[str, list[_PageTask]] = {}
    sources: dict[str, tuple[str, tuple[Segment, ...]]] = {}  # issue -> text and segments
    page_keys: dict[tuple[str, str], str] = {}
    removed: dict[tuple[str, str], tuple[str, ...]] = {}
    for (lang, issue), (state, _, _) in status.items():
        outputs = [config.build_dir / lang / f"{issue}{suffix}" for suffix in (".md", ".html")]
        if state == "skipped":
            gone = []
            for output in outputs:
                if output.exists():
                    output.unlink()
                    gone.append(_relative(output, config.root))
            removed[(lang, issue)] = tuple(gone)
            new.pages[f"{lang}/{issue}"].pop("key", None)
            continue
        linked = tuple(sorted(
            code for code in {source, *config.languages, *partners}
            if new.pages.get(f"{code}/{issue}", {}).get("status") == "built"
        ))
        page_key = _digest_json([settings, source_digests[issue], catalog_digests.get((lang, issue)),
                                 template_digests[issue], linked, lang])
        page_keys[(lang, issue)] = page_key
        if old.pages.get(f"{lang}/{issue}", {}).get("key") == page_key and all(o.exists() for o in outputs):
            new.pages[f"{lang}/{issue}"]["key"] = page_key
            continue
        if issue not in sources:
            source_path = config.source_path(issue)
            text = read_text(source_path, error=SourceError)
            segments = extract_segments(text, front_matter_keys=config.front_matter_keys,
                                        path=_relative(source_path, config.root))
            sources[issue] = (text, tuple(segments))
        day = new.issues[issue].get("date")
        page_work.setdefault(lang, []).append(_PageTask(
            issue=issue, linked=linked, issue_day=date.fromisoformat(day) if day else None,
            text=sources[issue][0], segments=sources[issue][1], catalog=parsed.get((lang, issue)),
        ))

    # 4. pages
    written: dict[tuple[str, str], tuple[str, ...]] = {}
    refusals: list[Refusal] = []
    rendered = _run_per_language(_page_step, config, page_work, (options.reviewed_only,), jobs)
    for outcome in rendered:
        written[(outcome.language, outcome.issue)] = outcome.written
        refusals.extend(outcome.refusals)
        # A page with a refused entry is rendered again next time, so the refusal is reported again.
        if not outcome.refusals:
            new.pages[f"{outcome.language}/{outcome.issue}"]["key"] = page_keys[(outcome.language, outcome.issue)]

    columns = list(dict.fromkeys([*config.languages, *partners]))
    index = render_index(config, new, columns, reviewed_only=options.reviewed_only)
    index_written = write_if_changed(config.build_dir / INDEX_NAME, index, durable=False)
    manifest_text = new.dump()
    if not manifest_path.exists() or manifest_path.read_text("utf-8") != manifest_text:
        atomic_write(manifest_path, manifest_text)

    rendered_keys = {(o.language, o.issue) for o in rendered}
    pages = []
    for issue in issues:
        for lang in ([source] if with_source else []) + partners:
            state, reached, limit = status[(lang, issue)]
            if state == "built" and (lang, issue) not in rendered_keys:
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
    coverage = coverage_from_rows(config, [rows[(lang, issue)] for issue in touched for lang in partners],
                            partners, touched)
    return BuildReport(
        extracted=tuple(extracted),
        created=tuple(sorted(created)),
        updated=tuple(sorted(updated)),
        compiled=tuple(sorted(compiled)),
        pages=tuple(pages),
        refusals=tuple(refusals),
        index_written=index_written,
        coverage=coverage,
        index=_relative(config.build_dir / INDEX_NAME, config.root),
        sources=_relative(config.source_dir, config.root),
        reviewed_only=options.reviewed_only,
    )
