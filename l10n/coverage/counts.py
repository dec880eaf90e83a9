"""How far each issue is translated and reviewed in each language.

Counting rules (so that a coordinator's numbers agree with GNU gettext):

* Every non-obsolete entry except the header counts once. Obsolete entries (``#~``) and the
  header count nowhere, as in ``msgfmt --statistics``.
* ``translated``, ``fuzzy`` and ``untranslated`` partition the entries exactly as
  ``msgfmt --statistics`` does: an entry whose (first) msgstr is empty is untranslated,
  even when flagged fuzzy; a non-empty one flagged ``fuzzy`` is fuzzy; any other is
  translated. A plural entry is judged by its first form, as msgfmt judges it.
* ``draft`` is the part of ``fuzzy`` that carries a ``# draft:`` line, and ``reviewed`` the
  part of ``translated`` whose sign-off digest matches (``l10n.states.state_of``). ``stale``
  counts entries with a sign-off that no longer matches (``l10n.states.is_stale``); they
  count as translated (or fuzzy, or untranslated) by their text.
* Measured against the issue's template, entries the template has and the catalog lacks
  (the catalog is waiting for ``l10n update``) are untranslated; catalog entries the
  template no longer has are not counted. A language without a catalog is a row of
  untranslated entries, counted from the template (or from the source when the template
  has not been extracted yet).
* Words are the source words of each entry (msgid, plus msgid_plural for plurals), counted
  in the text without its Markdown: link targets, URLs, code spans, HTML tags and
  delimiters are not words; a word is a run of Unicode letters and digits (joined by
  apostrophes and hyphens, and by ``.``/``,``/``:`` between digits).

Catalogs are read by :func:`l10n.pofile.scan_catalog` (rspolib, else polib).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polib

from l10n.workers import cpu_count, run_in_processes
from l10n.config import Config
from l10n.errors import CatalogError, ConfigError, SourceError
from l10n.fileio import Relative, decode_text, digest, read_bytes
from l10n.catalogs.pofile import scan_catalog
from l10n.sources.inline import without_addresses
from l10n.sources.mergetags import without_merge_tags
from l10n.catalogs.states import (
    DRAFT_PREFIX,
    REVIEWED_PREFIX,
    SignOff,
    entry_digest,
    has_draft,
    is_translated_text,
    sign_off_of,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = [
    "Tally",
    "StaleSignOff",
    "CatalogCoverage",
    "Summary",
    "Coverage",
    "Bar",
    "GateFailure",
    "count_words",
    "read_entries",
    "coverage_of_catalog",
    "compute_coverage",
    "coverage_from_rows",
    "load_gates",
    "check_gates",
    "percent",
]

# A run of letters/digits; apostrophes and hyphens join parts of one word, and so do
# ".", "," and ":" between digits (3.5, 1,000, 10:30).
_WORD_RE = re.compile(r"[^\W_]+(?:(?:['\u2019\u2010-]|(?<=\d)[.,:](?=\d))[^\W_]+)*")
# The same on ASCII text, found faster: there \w, \d and the joiners are ASCII's.
_ASCII_WORD_RE = re.compile(_WORD_RE.pattern, re.ASCII)
# Without any of these characters a msgid has no inline Markdown, and the parser is skipped.
_MARKUP_CHARS = frozenset("*_`[]<>&\\!~")
_BREAK_TAG_RE = re.compile(r"<br\b|</?p\b", re.IGNORECASE)


@dataclass(slots=True, frozen=True)
class Tally:
    """Entries (or source words) in each state; the three gettext states add up to ``total``."""

    total: int = 0  # every counted entry (or word)
    untranslated: int = 0  # empty msgstr (as msgfmt counts it)
    fuzzy: int = 0  # flagged fuzzy with a msgstr; includes drafts (as msgfmt counts it)
    draft: int = 0  # the fuzzy ones with a ``# draft:`` line
    translated: int = 0  # msgstr and no fuzzy flag; includes reviewed
    reviewed: int = 0  # translated with a sign-off that matches the text
    stale: int = 0  # carrying a sign-off that no longer matches

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.total + other.total, self.untranslated + other.untranslated, self.fuzzy + other.fuzzy,
                     self.draft + other.draft, self.translated + other.translated, self.reviewed + other.reviewed,
                     self.stale + other.stale)

    @property
    def translated_ratio(self) -> Fraction:
        """Translated share, exactly (1 when there is nothing to translate)."""
        return Fraction(self.translated, self.total) if self.total else Fraction(1)

    @property
    def reviewed_ratio(self) -> Fraction:
        """Reviewed share, exactly (1 when there is nothing to translate)."""
        return Fraction(self.reviewed, self.total) if self.total else Fraction(1)

    @property
    def percent_translated(self) -> float:
        return percent_of(self.translated, self.total)

    @property
    def percent_reviewed(self) -> float:
        return percent_of(self.reviewed, self.total)

    def as_dict(self) -> dict[str, int | float]:
        """The counts and both percentages, with the keys of the JSON schema."""
        return {
            "total": self.total,
            "untranslated": self.untranslated,
            "fuzzy": self.fuzzy,
            "draft": self.draft,
            "translated": self.translated,
            "reviewed": self.reviewed,
            "stale": self.stale,
            "percent_translated": self.percent_translated,
            "percent_reviewed": self.percent_reviewed,
        }


TALLY_FIELDS = ("total", "untranslated", "fuzzy", "draft", "translated", "reviewed", "stale")


def _tally_values(tally: Tally) -> tuple[int, ...]:
    return (tally.total, tally.untranslated, tally.fuzzy, tally.draft, tally.translated, tally.reviewed, tally.stale)


def percent(ratio: Fraction, *, digits: int = 2, down: bool = False) -> float:
    """``ratio`` as a percentage rounded half up to ``digits`` decimals (25/33: 75.76).

    A ratio short of 1 never shows as 100, so 100% always means complete (99.996% is
    99.99, not 100.00). Gates and thresholds compare the exact ratio; ``down`` rounds
    down instead, for a message that says a figure is below a bar (66.666...% is below
    66.67%, and is shown as 66.66%).
    """
    exact = Fraction(ratio)
    return percent_of(exact.numerator, exact.denominator, digits=digits, down=down)


def percent_of(part: int, whole: int, *, digits: int = 2, down: bool = False) -> float:
    """:func:`percent` of ``part / whole`` (of 1 when ``whole`` is 0), in integer arithmetic
    (a status report shows two for every row and total: Fractions cost several times more)."""
    if not whole:
        part = whole = 1
    scale = 10**digits
    # floor(part / whole * 100 * scale), plus one half unless rounding down
    rounded = (100 * scale * part) // whole if down else (200 * scale * part + whole) // (2 * whole)
    if part < whole and rounded >= 100 * scale:
        rounded = 100 * scale - 1
    return rounded / scale


@dataclass(slots=True, frozen=True)
class StaleSignOff:
    """A ``# reviewed:`` line whose digest no longer matches its entry."""

    issue: str
    language: str
    path: str  # the catalog, as given in the configuration
    line: int  # where the entry starts in the catalog, its first comment line (0 when unknown)
    msgctxt: str | None
    msgid: str
    reviewer: str
    date: str  # of the sign-off, YYYY-MM-DD


@dataclass(slots=True, frozen=True)
class CatalogCoverage:
    """Coverage of one issue in one language."""

    issue: str
    language: str
    path: str  # the catalog (whether it exists or not)
    exists: bool  # False: no catalog yet, every entry counted untranslated
    entries: Tally
    words: Tally
    missing: int = 0  # template entries not in the catalog yet (counted untranslated)
    stale: tuple[StaleSignOff, ...] = ()


@dataclass(slots=True, frozen=True)
class Summary:
    """Totals over several catalogs (one language, one issue, or everything)."""

    key: str  # the language code, the issue name, or "" for the grand total
    entries: Tally
    words: Tally
    catalogs: int  # how many (issue, language) pairs were added up


@dataclass(slots=True, frozen=True)
class Coverage:
    """Coverage of the chosen issues in the chosen languages, with totals."""

    languages: tuple[str, ...]
    issues: tuple[str, ...]
    rows: tuple[CatalogCoverage, ...]  # issue by issue, languages in the order given
    by_language: tuple[Summary, ...]
    by_issue: tuple[Summary, ...]
    total: Summary
    source_language: str = "en"
    project: str = ""
    _index: dict[tuple[str, str], CatalogCoverage] = field(default_factory=dict, repr=False, compare=False)

    def row(self, issue: str, language: str) -> CatalogCoverage:
        """The row of one issue and language (KeyError when not covered)."""
        if not self._index:
            self._index.update({(r.issue, r.language): r for r in self.rows})
        return self._index[(issue, language)]

    @property
    def stale(self) -> tuple[StaleSignOff, ...]:
        """Every stale sign-off, issue by issue and language by language."""
        return tuple(item for row in self.rows for item in row.stale)


# -- words -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # loaded for the first msgid with markup

    parser = MarkdownIt("commonmark")
    # Link targets are never counted, so they need no normalising, and every link counts
    # as a link (a javascript: target is not words either).
    parser.normalizeLink = lambda url: url  # type: ignore[method-assign]
    parser.normalizeLinkText = lambda text: text  # type: ignore[method-assign]
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def _plain_text(tokens: Iterable[Token]) -> str:
    """The text of inline tokens without markup; code, autolinks and tags become spaces."""
    parts: list[str] = []
    in_autolink = False
    for token in tokens:
        kind = token.type
        if kind == "text":
            if not in_autolink:
                parts.append(token.content)
        elif kind in ("softbreak", "hardbreak", "code_inline"):
            parts.append(" ")
        elif kind == "html_inline":
            # <b>x</b> joins its text, <br> separates it.
            if _BREAK_TAG_RE.match(token.content):
                parts.append(" ")
        elif kind == "image":
            parts.append(f" {_plain_text(token.children or ())} ")
        elif kind in ("link_open", "link_close") and token.markup in ("autolink", "linkify"):
            in_autolink = kind == "link_open"
            parts.append(" ")
    return "".join(parts)


@lru_cache(maxsize=65536)
def count_words(text: str) -> int:
    """Words of a msgid as a reader sees them: Markdown parsed, URLs and markup not counted."""
    if not text:
        return 0
    # Merge tags are read from the raw text: Markdown would take *|NAME|* for emphasis.
    text = without_merge_tags(text)
    if not _MARKUP_CHARS.isdisjoint(text):
        plain = _scanned_plain_text(text)
        count = None if plain is None else _words_whatever_emphasis(plain)
        if count is not None:
            return count
    return _parsed_count(text)


def _parsed_count(text: str) -> int:
    """The words of ``text`` (merge tags already left out) as markdown-it reads it: the
    reading :func:`count_words` is equal to."""
    if not _MARKUP_CHARS.isdisjoint(text):
        parser = _parser()
        tokens: list[Token] = []
        parser.inline.parse(text, parser, {}, tokens)
        text = _plain_text(tokens)
    # Bare URLs, e-mail addresses and placeholders in running text are not words either.
    text = without_addresses(text)
    return _word_count(text)


def _word_count(text: str) -> int:
    return len((_ASCII_WORD_RE if text.isascii() else _WORD_RE).findall(text))


# The common inline Markdown of a msgid, read without the parser (docs/DESIGN.md, "Speed:
# what a run costs"): code spans, inline links and images with a plain label and a plain
# destination, tags without attributes or with plain ones, and emphasis delimiters, which
# are kept in the text as written. Anything else (a backslash, an entity, a reference-like
# or nested bracket, another kind of "<") sends the msgid to the parser.
_SCAN_STOP_RE = re.compile(r"[`\[<]|!\[")
_ENTITY_START_RE = re.compile(r"&[#A-Za-z]")
_LABEL_RE = re.compile(r"[^\[\]`<]*\]")
# ``(destination)`` or ``(destination "title")`` right after a label, as markdown-it reads them.
_DESTINATION_RE = re.compile(r"""\((?:[^\s()<>\\"'\x00-\x1f\x7f]+)(?: +"[^"\\\n]*" *)?\)""")
_TAG_RE = re.compile(
    r"<[A-Za-z][A-Za-z0-9-]*"
    r"""(?: +[A-Za-z_:][A-Za-z0-9:._-]*(?: *= *(?:[^"'=<>`\x00-\x20]+|'[^'\n]*'|"[^"\n]*"))?)*"""
    r" */?>"
    r"|</[A-Za-z][A-Za-z0-9-]* *>"
)
_WITHOUT_DELIMITERS = str.maketrans("", "", "*_")
_DELIMITERS_AS_SPACES = str.maketrans("*_", "  ")
# Where any of these remain, an address, placeholder or merge tag may be read out of the
# text (``may_hold_url``, ``without_addresses``): the parser's path decides. Only "w" and
# "W" lower to a "w", and only "." to a ".", so the last alternative finds what
# ``"www." in text.lower()`` finds.
_ADDRESS_HINT_RE = re.compile(r"://|[@%{$|]|[wW][wW][wW]\.")


def _scanned_plain_text(text: str) -> str | None:
    """:func:`_plain_text` of the parsed ``text``, but for its emphasis delimiters, which stay
    as written; None when ``text`` holds Markdown this reading does not cover."""
    if "\\" in text or ("&" in text and _ENTITY_START_RE.search(text)):
        return None
    parts: list[str] = []
    position = 0
    size = len(text)
    search = _SCAN_STOP_RE.search
    while True:
        found = search(text, position)
        if found is None:
            parts.append(text[position:])
            break
        start = found.start()
        parts.append(text[position:start])
        mark = text[start]
        if mark == "`":
            end = start + 1
            while end < size and text[end] == "`":
                end += 1
            # The next run of as many backticks closes the code span (markdown-it's backtick rule).
            closing = end
            while True:
                closing = text.find("`", closing)
                if closing < 0:
                    break
                after = closing + 1
                while after < size and text[after] == "`":
                    after += 1
                if after - closing == end - start:
                    break
                closing = after
            if closing < 0:
                parts.append(text[start:end])  # no closing run: the backticks are text
                position = end
            else:
                parts.append(" ")
                position = after
        elif mark == "<":
            tag = _TAG_RE.match(text, start)
            if tag is not None:
                if _BREAK_TAG_RE.match(tag[0]):
                    parts.append(" ")
                position = tag.end()
            elif start + 1 >= size or text[start + 1].isspace():
                parts.append("<")
                position = start + 1
            else:
                return None
        else:
            image = mark == "!"
            opening = start + 1 if image else start
            label = _LABEL_RE.match(text, opening + 1)
            if label is None:
                if text.find("]", opening + 1) >= 0:
                    return None  # a bracket, code span or "<" inside the label
                parts.append(text[start : opening + 1])  # no label end: text
                position = opening + 1
                continue
            after = label.end()
            if after < size and text[after] == "(":
                destination = _DESTINATION_RE.match(text, after)
                if destination is None:
                    return None
                inner = text[opening + 1 : after - 1]
                parts.append(f" {inner} " if image else inner)
                position = destination.end()
            else:
                # No reference definitions in a msgid: "[x]" is text, and so is what follows.
                parts.append(text[start : opening + 1])
                position = opening + 1
    return "".join(parts).replace("\n", " ")


def _words_whatever_emphasis(plain: str) -> int | None:
    """The words of ``plain`` whichever of its ``*`` and ``_`` are emphasis delimiters; None
    when that choice could change the count, or an address or placeholder may be read.

    A delimiter removed or kept changes the words only where its removal joins the text on
    either side into one word: the count is the same for every choice exactly when it is the
    same with every ``*`` and ``_`` removed and with each made a space.
    """
    joined = plain.translate(_WITHOUT_DELIMITERS) if "*" in plain or "_" in plain else plain
    if _ADDRESS_HINT_RE.search(joined):
        return None
    count = _word_count(joined)
    if joined is not plain and count != _word_count(plain.translate(_DELIMITERS_AS_SPACES)):
        return None
    return count


# -- reading catalogs ----------------------------------------------------------------------

def read_entries(path: Path, *, text: str | None = None) -> list[polib.POEntry]:
    """The entries of a PO or POT file (obsolete ones included, the header left out).

    Read with :func:`l10n.pofile.scan_catalog`, which raises CatalogError naming the file
    and line.
    """
    return [e for e in scan_catalog(path, text=text) if not (e.msgid == "" and e.msgctxt is None)]


# -- one catalog -------------------------------------------------------------------------

def _counted(entries: Iterable[polib.POEntry]) -> list[polib.POEntry]:
    return [e for e in entries if not e.obsolete and not (e.msgid == "" and e.msgctxt is None)]


# Places in a tally: total, untranslated, fuzzy, draft, translated, reviewed, stale.
_TOTAL, _UNTRANSLATED, _FUZZY, _DRAFT, _TRANSLATED, _REVIEWED, _STALE = range(7)
# Every set of places an entry can count in; :func:`_state` gives an index into it.
_STATE_PLACES = (
    (_TOTAL, _UNTRANSLATED),
    (_TOTAL, _UNTRANSLATED, _STALE),
    (_TOTAL, _FUZZY),
    (_TOTAL, _FUZZY, _STALE),
    (_TOTAL, _FUZZY, _DRAFT),
    (_TOTAL, _FUZZY, _DRAFT, _STALE),
    (_TOTAL, _TRANSLATED),
    (_TOTAL, _TRANSLATED, _REVIEWED),
    (_TOTAL, _TRANSLATED, _STALE),
)
_MISSING_STATE = 0


def _state(entry: polib.POEntry) -> tuple[int, SignOff | None]:
    """Where an entry counts (as ``state_of`` and ``is_stale`` put it), as an index into
    :data:`_STATE_PLACES`, and its stale sign-off."""
    comment = entry.tcomment
    sign_off = sign_off_of(entry) if comment and REVIEWED_PREFIX in comment else None
    if not is_translated_text(entry):
        # Untranslated even when flagged fuzzy; a plural entry needs every form (states.py).
        return (1, sign_off) if sign_off else (0, None)
    if "fuzzy" in entry.flags:
        state = 4 if comment and DRAFT_PREFIX in comment and has_draft(entry) else 2
        return (state + 1, sign_off) if sign_off else (state, None)
    if sign_off is None:
        return 6, None
    if sign_off.digest == entry_digest(entry):
        return 7, None
    return 8, sign_off


@dataclass(slots=True, frozen=True)
class _Measure:
    """A template made ready to measure its catalogs against: its counted entries, their keys
    and their source words, found once for every language."""

    entries: list[polib.POEntry]
    keys: list[tuple[str | None, str]]
    words: list[int]


def _measure(template: Iterable[polib.POEntry]) -> _Measure:
    entries = _counted(template)
    return _Measure(entries, [(t.msgctxt, t.msgid) for t in entries], [_source_words(t) for t in entries])


def _source_words(entry: polib.POEntry) -> int:
    count = count_words(entry.msgid)
    if entry.msgid_plural:
        count += count_words(entry.msgid_plural)
    return count


def coverage_of_catalog(po: Iterable[polib.POEntry] | None, template: Iterable[polib.POEntry] | None = None, *,
                        issue: str = "", language: str = "", path: str = "") -> CatalogCoverage:
    """Count one catalog's entries and source words by state.

    ``po`` and ``template`` are polib catalogs (or any iterable of their entries).

    Without ``template`` every entry of ``po`` counts (the figures of ``msgfmt
    --statistics``). With it, the catalog is measured against the template: template
    entries the catalog lacks are untranslated, catalog entries the template no longer has
    are left out. ``po`` None (no catalog yet) counts the template as untranslated.
    """
    if po is None and template is None:
        raise ValueError("coverage_of_catalog needs a catalog or a template")
    return _coverage(po, None if template is None else _measure(template), issue=issue, language=language,
                     path=path)


def _coverage(po: Iterable[polib.POEntry] | None, measure: _Measure | None, *, issue: str, language: str,
              path: str) -> CatalogCoverage:
    """:func:`coverage_of_catalog` against a template made ready by :func:`_measure`."""
    counted = [0] * len(_STATE_PLACES)  # entries in each state
    summed = [0] * len(_STATE_PLACES)  # their words
    stale: list[StaleSignOff] = []
    missing = 0
    if po is None:
        counted[_MISSING_STATE] = len(measure.keys)  # type: ignore[union-attr]
        summed[_MISSING_STATE] = sum(measure.words)  # type: ignore[union-attr]
    else:
        if measure is None:
            pairs: Iterable[tuple[int, polib.POEntry | None]] = (
                (_source_words(e), e) for e in _counted(po)
            )
        else:
            by_key = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
            get = by_key.get
            pairs = zip(measure.words, map(get, measure.keys))
        for words, entry in pairs:
            if entry is None:
                missing += 1
                counted[_MISSING_STATE] += 1
                summed[_MISSING_STATE] += words
                continue
            state, stale_sign_off = _state(entry)
            counted[state] += 1
            summed[state] += words
            if stale_sign_off is not None:
                stale.append(StaleSignOff(
                    issue=issue, language=language, path=path, line=entry.linenum or 0,
                    msgctxt=entry.msgctxt, msgid=entry.msgid,
                    reviewer=stale_sign_off.name, date=stale_sign_off.date,
                ))
    entries, words_by_place = [0] * 7, [0] * 7
    for places, number, words in zip(_STATE_PLACES, counted, summed):
        for place in places:
            entries[place] += number
            words_by_place[place] += words
    return CatalogCoverage(issue=issue, language=language, path=path, exists=po is not None,
                           entries=Tally(*entries), words=Tally(*words_by_place), missing=missing,
                           stale=tuple(stale))


# -- a project ---------------------------------------------------------------------------

def _read_template(config: Config, issue: str, *, keyed: bool = True) -> tuple[Iterable[polib.POEntry] | None, str | None]:
    """The issue's template (the POT file, else extracted in memory from the source), and the
    digest of the bytes it was made from; (None, None) when the issue has neither."""
    pot = config.template_path(issue)
    if pot.is_file():
        data = read_bytes(pot, error=CatalogError)
        return read_entries(pot, text=decode_text(data, pot, error=CatalogError)), f"pot:{digest(data)}" if keyed else ""
    source = config.source_path(issue)
    if not source.is_file():
        return None, None
    from l10n.sources.extract import source_reference, template_for

    data = read_bytes(source, error=SourceError)
    template = template_for(decode_text(data, source, error=SourceError), source_reference(source, config.root),
                            project=config.project, version=config.version, front_matter_keys=config.front_matter_keys)
    return template, f"source:{digest(data)}" if keyed else ""


def _template_digest(config: Config, issue: str) -> str | None:
    """What :func:`_read_template` would give as the digest, without parsing anything."""
    for path, kind in ((config.template_path(issue), "pot"), (config.source_path(issue), "source")):
        try:
            found = _file_digest(path)
        except OSError:
            return "unreadable"  # matches no row: counting says why
        if found is not None:
            return f"{kind}:{found}"
    return None


# What reading a path that holds no file raises.
_ABSENT = (FileNotFoundError, IsADirectoryError, NotADirectoryError)


def _file_digest(path: Path) -> str | None:
    """The digest of a file's bytes; None when there is no such file (OSError when unreadable)."""
    try:
        return digest(path.read_bytes())
    except _ABSENT:
        return None


def _row_key(template_digest: str | None, catalog_digest: str | None) -> str:
    return digest(f"{template_digest}\0{catalog_digest}".encode())


@lru_cache(maxsize=8)
def _relative_to(root: Path) -> Relative:
    """``Config.relative`` for this run's catalogs, each folder resolved once a process."""
    return Relative(root)


def _keyed_issue_coverage(config: Config, issue: str, languages: Sequence[str], *,
                          keyed: bool = True) -> list[tuple[CatalogCoverage, str]]:
    """Coverage rows of one issue, each with the key of the very bytes it was counted from
    (``""`` without ``keyed``: no cache to key)."""
    template, template_digest = _read_template(config, issue, keyed=keyed)
    measure = None if template is None else _measure(template)
    rows = []
    for language in languages:
        path = config.catalog_path(language, issue)
        shown = _relative_to(config.root)(path)
        try:
            data: bytes | None = path.read_bytes()
        except _ABSENT:
            data = None
        except OSError as exc:
            raise CatalogError(exc.strerror or str(exc), path=path) from exc
        key = _row_key(template_digest, None if data is None else digest(data)) if keyed else ""
        if data is None and template is None:
            rows.append((CatalogCoverage(issue=issue, language=language, path=shown, exists=False,
                                         entries=Tally(), words=Tally()), key))
            continue
        # The header is no entry the template has (the counted ones hold a msgid): left in.
        po = None if data is None else scan_catalog(path, text=decode_text(data, path, error=CatalogError))
        rows.append((_coverage(po, measure, issue=issue, language=language, path=shown), key))
    return rows


# -- the coverage cache --------------------------------------------------------------------

CACHE_FORMAT = 1
CACHE_FILE = "coverage.json"


def row_to_json(row: CatalogCoverage) -> dict[str, Any]:
    """A coverage row as JSON data (see :func:`row_from_json`)."""
    return asdict(row)


def row_from_json(data: dict[str, Any]) -> CatalogCoverage:
    """The coverage row :func:`row_to_json` gave."""
    return CatalogCoverage(
        issue=data["issue"],
        language=data["language"],
        path=data["path"],
        exists=data["exists"],
        entries=Tally(**data["entries"]),
        words=Tally(**data["words"]),
        missing=data["missing"],
        stale=tuple(StaleSignOff(**item) for item in data["stale"]),
    )


class CoverageCache:
    """Rows counted before, each under the digest of the template and catalog bytes it came from.

    Kept in ``<cache_dir>/coverage.json`` (:class:`l10n.cache.ResultsCache`). A row is reused
    only when the files it was counted from are byte for byte the same, under the same
    configuration file, l10n code and markdown-it-py (word counts depend on the parser);
    anything else is counted again.
    """

    def __init__(self, config: Config) -> None:
        from l10n.cache import ResultsCache, code_digest, config_digest, environment, package_version

        self.kept = ResultsCache(config.cache_dir, CACHE_FILE, environment(
            str(CACHE_FORMAT), code_digest(), package_version("markdown_it"), config_digest(config.file)))

    @property
    def rows(self) -> dict[str, dict[str, Any]]:
        return self.kept.items

    def get(self, issue: str, language: str, key: str) -> CatalogCoverage | None:
        held = self.kept.get(f"{language}/{issue}", key)
        if held is None:
            return None
        try:
            return row_from_json(held)
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, row: CatalogCoverage, key: str) -> None:
        self.kept.put(f"{row.language}/{row.issue}", key, row_to_json(row))

    def save(self, keep_issues: Iterable[str]) -> None:
        """Write the cache when it changed, forgetting issues that are gone."""
        kept = set(keep_issues)
        self.kept.forget(lambda name: name.partition("/")[2] in kept)
        self.kept.save()


def _summaries(rows: Sequence[CatalogCoverage], keys: Sequence[str], attribute: str) -> tuple[Summary, ...]:
    grouped: dict[str, list[CatalogCoverage]] = {key: [] for key in keys}
    for row in rows:
        grouped[getattr(row, attribute)].append(row)
    return tuple(_summary(key, group) for key, group in grouped.items())


def _summary(key: str, rows: Sequence[CatalogCoverage]) -> Summary:
    entries = Tally(*map(sum, zip(*(_tally_values(row.entries) for row in rows)))) if rows else Tally()
    words = Tally(*map(sum, zip(*(_tally_values(row.words) for row in rows)))) if rows else Tally()
    return Summary(key=key, entries=entries, words=words, catalogs=len(rows))


# Bytes of catalogs a process must have to read before starting it pays: a process costs
# its start and its share of the results sent back, about what reading 4 MB of small
# catalogs costs here.
BYTES_PER_PROCESS = 4 << 20


def _worker_count(config: Config, work: Sequence[tuple[Config, str, tuple[str, ...], bool]]) -> int:
    """Processes for counting ``work``: one per CPU at most, one per 4 MB of catalogs."""
    cpus = cpu_count()
    if cpus < 2 or len(work) < 2:
        return 1
    size = 0
    for _config, issue, languages, _keyed in work:
        for language in languages:
            try:
                size += os.stat(config.catalog_path(language, issue)).st_size
            except OSError:
                continue
        if size >= BYTES_PER_PROCESS * cpus:
            break
    return max(1, min(cpus, size // BYTES_PER_PROCESS))


def _issue_job(args: tuple[Config, str, tuple[str, ...], bool]) -> list[tuple[CatalogCoverage, str]]:
    config, issue, languages, keyed = args
    return _keyed_issue_coverage(config, issue, languages, keyed=keyed)


def compute_coverage(config: Config, languages: Sequence[str] | None = None,
                     issues: Sequence[str] | None = None, *, jobs: int | None = None,
                     cache: bool = False) -> Coverage:
    """Coverage of ``issues`` (default: every issue) in ``languages`` (default: the partner languages).

    Names are checked as ``Config.select_issues`` and ``Config.select_languages`` check
    them. Large projects are read by several processes (``jobs``; default: one per CPU
    and per :data:`BYTES_PER_PROCESS` of catalogs to count, so that a process is started
    only when it has enough to read to pay for its start). With ``cache``, rows are taken from the
    :class:`CoverageCache` where their files have not changed, and the cache is updated.
    """
    chosen_languages = tuple(config.select_languages(tuple(languages or ())))
    chosen_issues = tuple(config.select_issues(tuple(issues or ())))
    if not chosen_languages:
        raise ConfigError("no languages configured: set languages in [tool.l10n] or pass --lang",
                          path=config.file)
    _relative_to.cache_clear()  # links may have changed since an earlier call in this process
    held = CoverageCache(config) if cache else None
    found: dict[tuple[str, str], CatalogCoverage] = {}
    work = []
    for issue in chosen_issues:
        wanted = chosen_languages
        if held is not None and held.rows:  # an empty cache has nothing to look up
            template_digest = _template_digest(config, issue)
            wanted = ()
            for language in chosen_languages:
                try:
                    catalog_digest = _file_digest(config.catalog_path(language, issue))
                except OSError:  # unreadable: counting says why
                    wanted += (language,)
                    continue
                row = held.get(issue, language, _row_key(template_digest, catalog_digest))
                if row is None:
                    wanted += (language,)
                else:
                    found[(issue, language)] = row
        if wanted:
            work.append((config, issue, wanted, held is not None))
    workers = jobs if jobs is not None else _worker_count(config, work)
    if workers > 1 and len(work) > 1:
        # One issue a call: Ctrl-C or an error stops the run within one issue.
        counted = run_in_processes(_issue_job, [(item,) for item in work], workers)
    else:
        counted = [_issue_job(item) for item in work]
    for chunk in counted:
        for row, key in chunk:
            found[(row.issue, row.language)] = row
            if held is not None:
                held.put(row, key)
    if held is not None:
        held.save(config.issues())
    rows = [found[(issue, language)] for issue in chosen_issues for language in chosen_languages]
    return coverage_from_rows(config, rows, chosen_languages, chosen_issues)


def coverage_from_rows(config: Config, rows: Sequence[CatalogCoverage], languages: Sequence[str],
                       issues: Sequence[str]) -> Coverage:
    """The coverage of the catalogs in ``rows``, with totals per language, per issue and overall."""
    rows = tuple(rows)
    return Coverage(
        languages=tuple(languages),
        issues=tuple(issues),
        rows=rows,
        by_language=_summaries(rows, languages, "language"),
        by_issue=_summaries(rows, issues, "issue"),
        total=_summary("", rows),
        source_language=config.source_language,
        project=config.project,
    )


# -- gates -------------------------------------------------------------------------------

@dataclass(slots=True, frozen=True)
class Bar:
    """The minimum percentages one language must reach in every issue (None: no gate)."""

    translated: float | None = None
    reviewed: float | None = None


@dataclass(slots=True, frozen=True)
class GateFailure:
    """One issue in one language below its bar."""

    issue: str
    language: str
    measure: str  # "translated" or "reviewed"
    unit: str  # "entries" or "words"
    percent: float  # reached, rounded down
    bar: float  # required

    def __str__(self) -> str:
        return (f"{self.language} {self.issue}: {self.percent:.2f}% {self.measure} "
                f"(by {self.unit}), below {self.bar:g}%")


GATE_KEYS = ("fail_under", "fail_under_reviewed", "by")
UNITS = ("entries", "words")


def _bar_value(value: object, key: str, where: str, config: Config) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ConfigError(f"[{where}] {key} must be a percentage between 0 and 100", path=config.file)
    return float(value)


def load_gates(config: Config, *, fail_under: float | None = None, fail_under_reviewed: float | None = None,
               by: str | None = None) -> tuple[dict[str, Bar], str]:
    """The bar of every configured language and the unit (``entries`` or ``words``).

    ``[tool.l10n.gates]`` sets ``fail_under``, ``fail_under_reviewed`` and ``by``; the
    options given here replace them; a ``[tool.l10n.gates.<language>]`` table overrides
    either bar for one language, whatever the general bar came from.
    """
    table = config.section("gates")
    general: dict[str, float | None] = {}
    overrides: dict[str, dict[str, object]] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            from l10n.languages import normalize_language

            try:
                language = normalize_language(key)
            except ConfigError as exc:
                raise ConfigError(f"[tool.l10n.gates.{key}]: {exc.cause}", path=config.file) from exc
            unknown = sorted(set(value) - {"fail_under", "fail_under_reviewed"})
            if unknown:
                raise ConfigError(f"[tool.l10n.gates.{key}]: unknown key {unknown[0]!r} "
                                  "(expected fail_under, fail_under_reviewed)", path=config.file)
            overrides[language] = value
        elif key not in GATE_KEYS:
            raise ConfigError(f"[tool.l10n.gates]: unknown key {key!r} (expected "
                              f"{', '.join(GATE_KEYS)} or a table per language)", path=config.file)
    unit = by or table.get("by", "entries")
    if unit not in UNITS:
        raise ConfigError(f"[tool.l10n.gates] by must be one of {', '.join(UNITS)}", path=config.file)
    general["translated"] = (fail_under if fail_under is not None
                             else _bar_value(table.get("fail_under"), "fail_under", "tool.l10n.gates", config))
    general["reviewed"] = (fail_under_reviewed if fail_under_reviewed is not None
                           else _bar_value(table.get("fail_under_reviewed"), "fail_under_reviewed",
                                           "tool.l10n.gates", config))
    bars: dict[str, Bar] = {}
    for language in dict.fromkeys((*config.languages, *overrides)):
        override = overrides.get(language, {})
        where = f"tool.l10n.gates.{language}"
        bars[language] = Bar(
            translated=(_bar_value(override["fail_under"], "fail_under", where, config)
                        if "fail_under" in override else general["translated"]),
            reviewed=(_bar_value(override["fail_under_reviewed"], "fail_under_reviewed", where, config)
                      if "fail_under_reviewed" in override else general["reviewed"]),
        )
    bars[""] = Bar(general["translated"], general["reviewed"])  # any other language
    return bars, unit


def check_gates(coverage: Coverage, bars: dict[str, Bar], *, unit: str = "entries") -> list[GateFailure]:
    """Every (issue, language) below its bar; an empty list means the gates pass."""
    failures = []
    for row in coverage.rows:
        bar = bars.get(row.language, bars.get("", Bar()))
        tally = row.words if unit == "words" else row.entries
        for measure, required, ratio in (("translated", bar.translated, tally.translated_ratio),
                                         ("reviewed", bar.reviewed, tally.reviewed_ratio)):
            if required is not None and ratio * 100 < Fraction(required).limit_denominator(10**6):
                failures.append(GateFailure(issue=row.issue, language=row.language, measure=measure,
                                            unit=unit, percent=percent(ratio, down=True), bar=required))
    return failures
