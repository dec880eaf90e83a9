"""Quality checks for translations: one small function per check, in an explicit registry.

Every check compares one source text (a msgid) with its translation (a msgstr) and returns
the messages it has for the translator. Markdown is read with markdown-it-py, so markup,
links and inline HTML are compared as the renderer will see them, and a translation that
moves a bold word or a link to another place in the sentence is fine.

One module per family of checks (``markup``, ``numbers``, ``dates``, ``whitespace``,
``punctuation``, ``content``), the records they share in ``model`` and the reading of a text
in ``text``; this module holds the registry and runs it: :func:`check_entry` over one catalog
entry, :func:`check_catalog` over a whole catalog, :func:`check_catalogs` over many.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from l10n.catalogs.pofile import scan_catalog
from l10n.catalogs.states import State, ignored_checks, state_of
from l10n.checks.content import (
    check_glossary,
    check_length,
    check_same_as_source,
    check_stale_sign_off,
)
from l10n.checks.dates import _date_style, check_dates
from l10n.checks.markup import (
    check_html_tags,
    check_links,
    check_markup,
    check_placeholders,
    check_unsafe_html,
    unsafe_html,
)
from l10n.checks.model import Check, CheckSettings, Finding, Glossary, Pair, Severity
from l10n.checks.numbers import _parse_number, check_numbers
from l10n.checks.punctuation import check_end_punctuation
from l10n.checks.text import (
    HOLDS_ADDRESSES,
    HOLDS_DATE,
    HOLDS_DIGITS,
    HOLDS_DOUBLE_SPACE,
    HOLDS_FINAL_MARK,
    HOLDS_LEADING_SPACE,
    HOLDS_MARKUP,
    HOLDS_MARKUP_HINT,
    HOLDS_PLACEHOLDERS,
    HOLDS_REPEATS,
    HOLDS_STRAY,
    HOLDS_TAGS,
    HOLDS_TRAILING_SPACE,
    read_text,
)
from l10n.checks.whitespace import (
    check_double_space,
    check_doubled_words,
    check_leading_whitespace,
    check_trailing_whitespace,
)
from l10n.config import Config
from l10n.errors import CatalogError, ConfigError
from l10n.fileio import decode_text, digest, read_bytes
from l10n.languages import normalize_language
from l10n.workers import chunks, run_in_processes

if TYPE_CHECKING:
    from l10n.cache import ResultsCache

__all__ = [
    "REGISTRY", "CHECKS", "CHECKED_STATES", "Check", "CheckSettings", "Finding", "Glossary", "Pair",
    "Severity", "CatalogJob", "CatalogResult", "CheckReport", "check_entry", "check_catalog",
    "check_cache", "check_catalogs", "kept_checker", "check_file", "fails", "read_text", "settings_from_config", "unknown_check",
    "unsafe_html",
]


REGISTRY: tuple[Check, ...] = (
    Check("links", Severity.ERROR,
          "Keep every link target, image source, URL and e-mail address exactly as in the source.",
          check_links, source=HOLDS_ADDRESSES, target=HOLDS_ADDRESSES),
    Check("markup", Severity.ERROR,
          "Keep the Markdown markup: as many **strong**, *emphasis*, `code`, links, images, "
          "footnotes and line breaks, with both delimiters of each pair.",
          check_markup, source=HOLDS_MARKUP, target=HOLDS_MARKUP | HOLDS_STRAY),
    Check("html-tags", Severity.ERROR,
          "Keep the inline HTML tags of the source, no more and no fewer.",
          check_html_tags, source=HOLDS_TAGS, target=HOLDS_TAGS),
    Check("unsafe-html", Severity.ERROR,
          "Add no HTML element, attribute (onclick=...), URL scheme (javascript:) or comment the "
          "source lacks: render and build refuse them.",
          check_unsafe_html, target=HOLDS_MARKUP_HINT, different=True),
    Check("placeholders", Severity.ERROR,
          "Copy placeholders such as {name}, %s and %(name)s exactly.",
          check_placeholders, source=HOLDS_PLACEHOLDERS, target=HOLDS_PLACEHOLDERS),
    Check("numbers", Severity.WARNING,
          "Keep the numbers of the source, written with your language's separators.",
          check_numbers, source=HOLDS_DIGITS, target=HOLDS_DIGITS),
    Check("dates", Severity.WARNING,
          "Write dates the way your language does (20.01.2022 in Romanian, not 1/20/2022).",
          check_dates, target=HOLDS_DATE),
    Check("leading-whitespace", Severity.WARNING,
          "Start the translation with the same whitespace as the source.",
          check_leading_whitespace, source=HOLDS_LEADING_SPACE, target=HOLDS_LEADING_SPACE),
    Check("trailing-whitespace", Severity.WARNING,
          "End the translation with the same whitespace as the source (two spaces are a line break).",
          check_trailing_whitespace, source=HOLDS_TRAILING_SPACE,
          target=HOLDS_TRAILING_SPACE),
    Check("double-space", Severity.WARNING,
          "Use one space between words.",
          check_double_space, target=HOLDS_DOUBLE_SPACE),
    Check("doubled-words", Severity.WARNING,
          "Do not write a word twice in a row.",
          check_doubled_words, target=HOLDS_REPEATS),
    Check("end-punctuation", Severity.WARNING,
          "End the sentence like the source, with your language's punctuation (¿…?, « : » in French).",
          check_end_punctuation, source=HOLDS_FINAL_MARK, target=HOLDS_FINAL_MARK),
    Check("same-as-source", Severity.WARNING,
          "Translate sentences; only names, numbers and codes stay as they are.",
          check_same_as_source, same=True),
    Check("length", Severity.WARNING,
          "A translation much shorter or longer than the source may have lost or added a part.",
          check_length),
    Check("glossary", Severity.WARNING,
          "Keep do-not-translate terms as written and use the glossary's fixed translations.",
          check_glossary),
    Check("stale-sign-off", Severity.WARNING,
          "The text changed after it was reviewed: review it again.",
          check_stale_sign_off, per_entry=True),
)

CHECKS: dict[str, Check] = {check.name: check for check in REGISTRY}


def unknown_check(name: str) -> str:
    """A message for a check name that is not registered, with the nearest name."""
    from rapidfuzz.process import extractOne

    nearest = extractOne(name, list(CHECKS))
    hint = f"; did you mean {nearest[0]!r}?" if nearest and nearest[1] >= 60 else ""
    return f"unknown check {name!r}{hint}"


def settings_from_config(config: Config) -> CheckSettings:
    """Read ``[tool.l10n.check]``: ``disable``, ``length_ratio`` (``[low, high]``, or a table of
    them by language with ``default``), ``length_min_chars``, ``severity``."""
    table = config.section("check")
    where = config.file
    allowed = {"disable", "length_ratio", "length_min_chars", "severity"}
    for key in table:
        if key not in allowed:
            raise ConfigError(f"[tool.l10n.check] has no key {key!r} (keys: {', '.join(sorted(allowed))})", path=where)
    disabled = table.get("disable", [])
    if isinstance(disabled, str) or not isinstance(disabled, list) or not all(isinstance(n, str) for n in disabled):
        raise ConfigError("[tool.l10n.check] disable must be a list of check names", path=where)
    for name in disabled:
        if name not in CHECKS:
            raise ConfigError(f"[tool.l10n.check] disable: {unknown_check(name)}", path=where)
    ratios = table.get("length_ratio", [0.5, 2.0])
    if not isinstance(ratios, dict):
        ratios = {"default": ratios}
    by_language: dict[str, tuple[float, float]] = {}
    for key, ratio in ratios.items():
        name = "length_ratio" if len(ratios) == 1 and key == "default" else f"length_ratio.{key}"
        if (
            not isinstance(ratio, list)
            or len(ratio) != 2
            or not all(isinstance(r, (int, float)) and not isinstance(r, bool) and r > 0 for r in ratio)
            or ratio[0] >= ratio[1]
        ):
            raise ConfigError(f"[tool.l10n.check] {name} must be [low, high] with 0 < low < high", path=where)
        if key == "default":
            continue
        try:
            language = normalize_language(key)
        except ConfigError as exc:
            raise ConfigError(f"[tool.l10n.check] length_ratio: {exc.cause}", path=where) from exc
        by_language[language] = (float(ratio[0]), float(ratio[1]))
    ratio = ratios.get("default", [0.5, 2.0])
    min_chars = table.get("length_min_chars", 20)
    if not isinstance(min_chars, int) or min_chars < 0:
        raise ConfigError("[tool.l10n.check] length_min_chars must be a whole number", path=where)
    severities: dict[str, Severity] = {}
    for name, value in dict(table.get("severity", {})).items():
        if name not in CHECKS:
            raise ConfigError(f"[tool.l10n.check.severity] {unknown_check(name)}", path=where)
        if value not in ("error", "warning"):
            raise ConfigError(f"[tool.l10n.check.severity] {name} must be \"error\" or \"warning\"", path=where)
        severities[name] = Severity(value)
    return CheckSettings(
        disabled=frozenset(disabled),
        length_ratio=(float(ratio[0]), float(ratio[1])),
        length_ratios=by_language,
        length_min_chars=min_chars,
        source_language=config.source_language,
        severities=severities,
    )


# -- running the checks --------------------------------------------------------------------

CHECKED_STATES = frozenset({State.DRAFT, State.TRANSLATED, State.REVIEWED})
_DEFAULT_SETTINGS = CheckSettings()
_EMPTY_TEXT = read_text("")


def _text_pairs(entry: polib.POEntry) -> Iterator[tuple[str, str]]:
    if entry.msgid_plural:
        for index in sorted(entry.msgstr_plural):
            yield (entry.msgid if index == 0 else entry.msgid_plural), entry.msgstr_plural[index]
    else:
        yield entry.msgid, entry.msgstr


def check_entry(
    entry: polib.POEntry,
    lang: str,
    *,
    glossary: Glossary | None = None,
    settings: CheckSettings | None = None,
) -> list[Finding]:
    """Run every enabled check on one entry of a catalog in ``lang``.

    Draft, translated and reviewed entries are checked; untranslated and fuzzy ones (whose
    text belongs to an older source) are not, except that a stale sign-off is named on any
    entry. Checks silenced with ``# l10n-ignore: <name>`` on the entry or disabled in the
    settings give nothing. Findings come in registry order; ``path`` is left for the caller.
    """
    if entry.obsolete:
        return []
    return _check_entry(entry, state_of(entry), lang, glossary, settings or _DEFAULT_SETTINGS, None, None)


# Bits of a pair beside its texts' HOLDS_* bits (those of the source, then of the target).
_SHIFT = 16  # the target's bits start here
_DIFFERENT = 1 << 32  # the translation is not the source as written
_SAME = 1 << 33  # the translation is the source, whitespace around them aside
_NO_PAIRS = -1  # the entry's texts are not checked (only checks of the whole entry run)


def _wants(check: Check) -> tuple[int, int]:
    """(any of these bits, all of these bits): what a pair must hold for ``check`` to run."""
    return (check.source | check.target << _SHIFT,
            (_DIFFERENT if check.different else 0) | (_SAME if check.same else 0))


_WANTS = {check.name: _wants(check) for check in REGISTRY}
_PLANS: dict[tuple[int, frozenset[str], bool], tuple[Check, ...]] = {}


def _runs_on(check: Check, holds: int) -> bool:
    if holds == _NO_PAIRS:
        return False
    some, every = _WANTS[check.name]
    return (not some or bool(some & holds)) and every & holds == every


def _plan(holds: int, silenced: frozenset[str], whole: bool) -> tuple[Check, ...]:
    """The checks to run, in registry order, on texts that hold ``holds`` (or on no texts, for
    ``_NO_PAIRS``), with ``whole`` when the checks of the whole entry run."""
    key = (holds, silenced, whole)
    plan = _PLANS.get(key)
    if plan is None:
        plan = tuple(
            check for check in REGISTRY
            if check.name not in silenced and (whole if check.per_entry else _runs_on(check, holds))
        )
        if len(_PLANS) < 4096:
            _PLANS[key] = plan
    return plan


def _check_entry(entry: polib.POEntry, state: State, lang: str, glossary: Glossary | None, settings: CheckSettings,
                 path: str | None, issue: str | None) -> list[Finding]:
    """:func:`check_entry` on a live entry whose state is known, its findings naming ``path`` and ``issue``.

    A check runs only on a pair whose texts hold what it looks at (its ``source``, ``target``,
    ``different`` and ``same``): on any other it would find nothing.
    """
    checked = state in CHECKED_STATES
    comment = entry.tcomment
    if not checked and not comment:
        return []
    silenced = frozenset(settings.disabled | ignored_checks(entry)) if comment else settings.disabled
    pairs: list[Pair] = []
    holds = _NO_PAIRS
    if checked:
        holds = 0
        for source_raw, target_raw in _text_pairs(entry) if entry.msgid_plural else ((entry.msgid, entry.msgstr),):
            source, target = read_text(source_raw), read_text(target_raw)
            holds |= source.flags | target.flags << _SHIFT
            if source_raw != target_raw:
                holds |= _DIFFERENT
            if source_raw.strip() == target_raw.strip():
                holds |= _SAME
            pairs.append(Pair(source, target, lang, settings, glossary, entry))
    plan = _plan(holds, silenced, bool(comment))
    findings: list[Finding] = []
    if not plan:
        return findings
    whole = [Pair(_EMPTY_TEXT, _EMPTY_TEXT, lang, settings, glossary, entry)] if comment else []
    for check in plan:
        runs = whole if check.per_entry else pairs
        messages = [message for pair in runs for message in check.function(pair)]
        if not messages:
            continue
        severity = settings.severities.get(check.name, check.severity)
        line = entry.linenum or 0
        for message in dict.fromkeys(messages):  # plural forms may repeat a message
            findings.append(Finding(check.name, severity, message, line, entry.msgid, entry.msgctxt, lang, path, issue))
    return findings


def check_catalog(
    catalog: polib.POFile,
    lang: str,
    *,
    path: str | None = None,
    issue: str | None = None,
    glossary: Glossary | None = None,
    settings: CheckSettings | None = None,
) -> list[Finding]:
    """Every finding in a catalog, in file order, each naming ``path`` and ``issue``."""
    return _check_entries(catalog, lang, path, issue, glossary, settings or _DEFAULT_SETTINGS)[1]


def _check_entries(catalog: Iterable[polib.POEntry], lang: str, path: str | None, issue: str | None,
                   glossary: Glossary | None, settings: CheckSettings) -> tuple[int, list[Finding]]:
    """(entries checked, findings) of a catalog."""
    findings: list[Finding] = []
    checked = 0
    for entry in catalog:
        if entry.obsolete:
            continue
        state = state_of(entry)
        if state in CHECKED_STATES:
            checked += 1
        elif not entry.tcomment:
            continue
        findings += _check_entry(entry, state, lang, glossary, settings, path, issue)
    return checked, findings


@dataclass(slots=True, frozen=True)
class CatalogJob:
    """One catalog to check."""

    path: Path
    lang: str
    issue: str
    shown: str  # the path as findings name it
    glossary: Glossary | None
    settings: CheckSettings


@dataclass(slots=True, frozen=True)
class CatalogResult:
    """The findings of one catalog."""

    job: CatalogJob
    entries: int  # entries checked (draft, translated, reviewed)
    findings: tuple[Finding, ...]
    key: str = ""  # the digest of the bytes checked


@dataclass(slots=True, frozen=True)
class CheckReport:
    """The outcome of checking a set of catalogs."""

    catalogs: tuple[CatalogResult, ...]
    missing: tuple[CatalogJob, ...]  # catalogs that do not exist (not created yet)

    @property
    def findings(self) -> list[Finding]:
        return [finding for result in self.catalogs for finding in result.findings]

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)


def check_file(job: CatalogJob) -> CatalogResult:
    """Read one catalog and check it; a malformed catalog raises CatalogError naming its line."""
    try:
        data = read_bytes(job.path, error=CatalogError)
        catalog = scan_catalog(job.path, text=decode_text(data, job.path, error=CatalogError))
    except CatalogError as exc:
        raise CatalogError(exc.cause, path=job.shown, line=exc.line) from exc
    checked, findings = _check_entries(catalog, job.lang, job.shown, job.issue, job.glossary, job.settings)
    return CatalogResult(job, checked, tuple(findings), digest(data))


def _prepare(langs: Iterable[str], source_language: str) -> None:
    """Load the locale data the checks use, once, before worker processes are forked."""
    from babel.dates import format_date
    from babel.numbers import format_decimal

    for lang in {*langs, source_language}:
        _date_style(lang)
        format_date(dt.date(2022, 1, 20), format="short", locale=lang)
        format_decimal(Decimal("1.5"), locale=lang)
        _parse_number("1", lang)


def _check_files(jobs: list[CatalogJob]) -> list[CatalogResult]:
    return [check_file(job) for job in jobs]


def check_catalogs(jobs: list[CatalogJob], *, workers: int = 1,
                   meanwhile: Callable[[], None] | None = None, cache: ResultsCache | None = None) -> CheckReport:
    """Check every existing catalog of ``jobs``, in order, on up to ``workers`` processes.

    ``meanwhile`` is other work of the caller, done in this process while the workers check
    (after the checks, with one process); an exception it raises comes after any a catalog raises.
    With ``cache`` (:func:`check_cache`), a catalog whose bytes were checked before in the same
    environment gives its kept result, and the others' results are kept for the next run.
    """
    exists = [job.path.is_file() for job in jobs]
    present = [job for job, there in zip(jobs, exists) if there]
    missing = tuple(job for job, there in zip(jobs, exists) if not there)
    kept: dict[int, CatalogResult] = {}
    if cache is not None:
        for index, job in enumerate(present):
            try:
                key = digest(job.path.read_bytes())
            except OSError:
                continue  # checking the file says why
            result = _result_from_json(job, cache.get(_cache_name(job.lang, job.issue), key), key)
            if result is not None:
                kept[index] = result
    todo = [index for index in range(len(present)) if index not in kept]
    checked = _check_present([present[index] for index in todo], workers, meanwhile)
    results = dict(kept)
    for index, result in zip(todo, checked, strict=True):
        results[index] = result
        if cache is not None and result.key:
            cache.put(_cache_name(result.job.lang, result.job.issue), result.key, _result_to_json(result))
    return CheckReport(tuple(results[index] for index in range(len(present))), missing)


def _check_present(present: list[CatalogJob], workers: int,
                   meanwhile: Callable[[], None] | None) -> list[CatalogResult]:
    """:func:`check_catalogs` on catalogs that exist, every one of them checked."""
    if workers > 1 and len(present) >= 2 * workers:
        _prepare({job.lang for job in present}, present[0].settings.source_language)
        # Issue by issue, so that a worker reads each source text once for all languages.
        order = sorted(range(len(present)), key=lambda index: (present[index].issue, present[index].lang))
        parts = chunks([present[index] for index in order], workers, per_process=8)
        done = [result for part in run_in_processes(_check_files, [(part,) for part in parts], workers,
                                                    meanwhile=meanwhile)
                for result in part]
        results: list[CatalogResult | None] = [None] * len(present)
        for index, result in zip(order, done, strict=True):
            results[index] = result
        return [result for result in results if result is not None]
    found = [check_file(job) for job in present]
    if meanwhile is not None:
        meanwhile()
    return found


# -- results kept between runs -----------------------------------------------------------

CACHE_FILE = "check.json"
CACHE_FORMAT = 1
# Libraries whose behaviour a finding depends on: locale data, the Markdown and HTML
# readers, the catalog readers.
CACHE_LIBRARIES = ("babel", "markdown_it", "html5lib", "polib", "rspolib")


def check_cache(config: Config) -> ResultsCache:
    """The results of earlier runs of ``l10n check`` (``<cache_dir>/check.json``), each kept
    under the digest of the catalog's bytes, in an environment of the configuration file, the
    libraries of :data:`CACHE_LIBRARIES` and the source of the l10n package (:mod:`l10n.cache`)."""
    from l10n.cache import ResultsCache, code_digest, config_digest, environment, package_version

    return ResultsCache(config.cache_dir, CACHE_FILE, environment(
        str(CACHE_FORMAT), code_digest(), [package_version(name) for name in CACHE_LIBRARIES],
        config_digest(config.file)))


def kept_checker(cache: ResultsCache, lang: str, issue: str,
                 data: bytes) -> Callable[[polib.POEntry], list[Finding]] | None:
    """:func:`check_entry` for the entries of the catalog of ``lang`` and ``issue`` whose bytes
    are ``data``, answered from the findings ``l10n check`` kept for those very bytes (an
    entry's findings are those of its key); None when none are kept."""
    found = _findings_from_json(cache.get(_cache_name(lang, issue), digest(data)), lang, None, issue)
    if found is None:
        return None
    by_entry: dict[tuple[str | None, str], list[Finding]] = {}
    for finding in found[1]:
        by_entry.setdefault((finding.msgctxt, finding.msgid), []).append(finding)
    return lambda entry: [] if entry.obsolete else list(by_entry.get((entry.msgctxt, entry.msgid), ()))


def _cache_name(lang: str, issue: str) -> str:
    return f"{lang}/{issue}"


def _result_to_json(result: CatalogResult) -> dict[str, object]:
    return {"entries": result.entries,
            "findings": [[f.check, f.severity.value, f.message, f.line, f.msgid, f.msgctxt] for f in result.findings]}


def _result_from_json(job: CatalogJob, data: object, key: str) -> CatalogResult | None:
    """The kept result of ``job``'s catalog, its findings naming the catalog as this run shows it."""
    found = _findings_from_json(data, job.lang, job.shown, job.issue)
    return None if found is None else CatalogResult(job, found[0], found[1], key)


def _findings_from_json(data: object, lang: str, path: str | None,
                        issue: str) -> tuple[int, tuple[Finding, ...]] | None:
    """(entries checked, findings) of a kept result (:func:`_result_to_json`); None when damaged."""
    if not isinstance(data, dict):
        return None
    try:
        findings = tuple(
            Finding(check, Severity(severity), message, line, msgid, msgctxt, lang, path, issue)
            for check, severity, message, line, msgid, msgctxt in data["findings"]
        )
        return int(data["entries"]), findings
    except (KeyError, TypeError, ValueError):
        return None


def fails(findings: Iterable[Finding], fail_on: Severity | str = Severity.ERROR) -> bool:
    """Whether any finding is at or above ``fail_on``."""
    threshold = Severity(fail_on).rank
    return any(finding.severity.rank >= threshold for finding in findings)
