"""Reviewer sign-off: what needs a look, applying a reviewer's decision, listing sign-offs.

A sign-off is the translator comment ``# reviewed: <name> <YYYY-MM-DD> <digest>`` that
docs/DESIGN.md defines (``l10n.catalogs.states`` computes the digest). It counts only while the digest
matches the entry's text; a changed source or translation makes it stale.

The functions on entries and catalogs are pure. :func:`decide` and :func:`sign_off_file`
are the file-level wrappers the commands call: they hold the catalog's lock, re-read it,
change it and write it back atomically, so an interrupted review loses nothing decided.
"""

from __future__ import annotations

import datetime as _dt
import enum
import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from l10n.errors import CatalogError, ConfigError
from l10n.config import Config
from l10n.fileio import decode_text, locked, read_bytes
from l10n.catalogs.pofile import DEFAULT_WIDTH, parse_catalog
from l10n.catalogs.splice import Blocks, match_blocks, write_changed
from l10n.catalogs.states import (
    DRAFT_PREFIX,
    REVIEWED_PREFIX,
    draft_of,
    entry_digest,
    has_draft,
    is_fuzzy,
    is_translated_text,
    set_comment_line,
    sign_off_line,
    sign_off_of,
)

if TYPE_CHECKING:
    from l10n.checks.model import Finding

REVIEWER_ENV = "L10N_REVIEWER"


class Reason(str, enum.Enum):
    """Why an entry is put before a reviewer."""

    DRAFT = "draft"
    FUZZY = "fuzzy"
    UNREVIEWED = "never reviewed"
    STALE = "stale sign-off"


class Decision(str, enum.Enum):
    """What a reviewer decided about one entry."""

    ACCEPT = "accept"  # sign off the translation as it is
    EDIT = "edit"  # replace the translation and sign off the new text
    SKIP = "skip"  # leave the entry as it is
    REJECT = "reject"  # clear the translation (msgstr emptied, fuzzy and draft: dropped)


@dataclass(slots=True, frozen=True)
class EntryKey:
    """What identifies an entry within one catalog."""

    msgctxt: str | None  # None when the entry has no context
    msgid: str


@dataclass(slots=True, frozen=True)
class SignOffGroup:
    """Sign-offs in one catalog by one reviewer on one day."""

    name: str  # the reviewer, as written
    date: str  # YYYY-MM-DD
    current: int  # sign-offs whose digest matches
    stale: int  # sign-offs whose digest no longer matches


@dataclass(slots=True, frozen=True)
class StaleSignOff:
    """A sign-off that no longer matches its entry."""

    line: int | None  # line of the entry in the catalog
    msgid: str
    msgctxt: str | None
    name: str
    date: str


@dataclass(slots=True, frozen=True)
class CatalogSignOffs:
    """Who signed off what in one catalog, and which sign-offs are stale."""

    entries: int  # entries of the catalog (header and obsolete entries excluded)
    reviewed: int  # entries with a current sign-off
    groups: tuple[SignOffGroup, ...]  # by reviewer, then date
    stale: tuple[StaleSignOff, ...]  # in catalog order


@dataclass(slots=True, frozen=True)
class DiffPart:
    """One run of a word diff: ``equal``, ``delete`` (old text only) or ``insert`` (new only)."""

    tag: str
    text: str


# -- who reviews ---------------------------------------------------------------------------


def resolve_reviewer(option: str | None, environ: Mapping[str, str], configured: str | None) -> str:
    """The reviewer's name from ``--reviewer``, then ``L10N_REVIEWER``, then the configuration.

    Raises ConfigError (exit 2) naming the three ways when none gives a name.
    """
    for value in (option, environ.get(REVIEWER_ENV), configured):
        if value is None:
            continue
        if not isinstance(value, str):
            raise ConfigError("reviewer must be a name (a string)")
        name = " ".join(value.split())
        if name:
            return name
    raise ConfigError(
        "no reviewer name: give --reviewer NAME, set the L10N_REVIEWER environment variable, "
        'or set reviewer = "NAME" in [tool.l10n]'
    )


def today() -> str:
    """Today's date as a sign-off carries it (YYYY-MM-DD)."""
    return _dt.date.today().isoformat()


def qa_checker(config: Config, lang: str) -> Callable[[polib.POEntry], list[Finding]]:
    """The ``l10n check`` checks of the project for one language, as a function of an entry."""
    from l10n import checks
    from l10n.drafting.glossary import load_glossary

    settings = checks.settings_from_config(config)
    glossary = load_glossary(config, lang)
    return lambda entry: checks.check_entry(entry, lang, glossary=glossary, settings=settings)


# -- what needs a look ---------------------------------------------------------------------


def review_reason(entry: polib.POEntry) -> Reason | None:
    """Why the entry needs a reviewer, or None (untranslated, obsolete, or reviewed and current)."""
    if entry.obsolete or not is_translated_text(entry):
        return None
    # state_of's order, each test made once.
    if is_fuzzy(entry):
        return Reason.DRAFT if has_draft(entry) else Reason.FUZZY
    found = sign_off_of(entry)
    if found is None:
        return Reason.UNREVIEWED
    return None if found.digest == entry_digest(entry) else Reason.STALE


def entries_to_review(catalog: Iterable[polib.POEntry]) -> list[tuple[EntryKey, Reason]]:
    """The entries a reviewer should look at, in catalog order, with the reason for each."""
    found = []
    for entry in catalog:
        reason = review_reason(entry)
        if reason is not None:
            found.append((key_of(entry), reason))
    return found


def key_of(entry: polib.POEntry) -> EntryKey:
    """The entry's key (msgctxt and msgid)."""
    return EntryKey(entry.msgctxt, entry.msgid)


def find_entry(catalog: polib.POFile, key: EntryKey) -> polib.POEntry | None:
    """The live (not obsolete) entry with this key, or None."""
    for entry in catalog:
        if not entry.obsolete and entry.msgid == key.msgid and entry.msgctxt == key.msgctxt:
            return entry
    return None


# -- decisions -----------------------------------------------------------------------------


def _drop_previous(entry: polib.POEntry) -> None:
    entry.previous_msgctxt = None
    entry.previous_msgid = None
    entry.previous_msgid_plural = None


def sign_off(entry: polib.POEntry, *, reviewer: str, date: str) -> None:
    """Sign off the entry as it is: drop ``fuzzy`` and ``#|``, keep ``draft:``, (re)write ``reviewed:``."""
    if not is_translated_text(entry):
        raise ValueError("an untranslated entry cannot be signed off")
    if is_fuzzy(entry):
        entry.flags.remove("fuzzy")
    _drop_previous(entry)
    set_comment_line(entry, REVIEWED_PREFIX, sign_off_line(reviewer, date, entry))


def set_translation(entry: polib.POEntry, forms: list[str]) -> None:
    """Set the msgstr (one form) or the plural msgstr forms, in order."""
    if entry.msgid_plural:
        entry.msgstr_plural = dict(enumerate(forms))
    else:
        (entry.msgstr,) = forms


def translation_forms(entry: polib.POEntry) -> list[str]:
    """The msgstr, or the plural forms in order."""
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def reject(entry: polib.POEntry) -> None:
    """Clear the translation: msgstr emptied, ``fuzzy``, ``#|``, ``draft:`` and ``reviewed:`` dropped."""
    set_translation(entry, ["" for _ in translation_forms(entry)] or [""])
    if is_fuzzy(entry):
        entry.flags.remove("fuzzy")
    _drop_previous(entry)
    set_comment_line(entry, DRAFT_PREFIX, None)
    set_comment_line(entry, REVIEWED_PREFIX, None)


def fit_newlines(text: str, msgid: str) -> str:
    """``text`` with trailing newlines matching ``msgid``'s, as ``msgfmt --check`` requires."""
    text = text.rstrip("\r\n")
    return text + "\n" if msgid.endswith("\n") else text


def apply_decision(
    entry: polib.POEntry,
    decision: Decision,
    *,
    reviewer: str,
    date: str,
    forms: list[str] | None = None,
) -> bool:
    """Apply a reviewer's decision to the entry; return whether the entry changed.

    ``forms`` is the new translation for :attr:`Decision.EDIT` (one string, or one per plural
    form); the edited text is signed off at once, since the reviewer wrote it.
    """
    before = str(entry)
    if decision is Decision.ACCEPT:
        sign_off(entry, reviewer=reviewer, date=date)
    elif decision is Decision.EDIT:
        if not forms or len(forms) != len(translation_forms(entry)) or not all(forms):
            raise ValueError("an edit needs a non-empty text for every form")
        set_translation(entry, [fit_newlines(form, entry.msgid) for form in forms])
        sign_off(entry, reviewer=reviewer, date=date)
    elif decision is Decision.REJECT:
        reject(entry)
    return str(entry) != before


def select_for_sign_off(
    catalog: Iterable[polib.POEntry], *, all_translated: bool = False, match: str | None = None
) -> list[polib.POEntry]:
    """Entries ``signoff`` signs: translated but not reviewed, narrowed by the two filters.

    ``all_translated`` keeps entries that are translated and not fuzzy (never reviewed or with
    a stale sign-off); ``match`` keeps entries whose msgid, msgstr or msgctxt contains the text
    (ignoring case), drafts and fuzzy entries included. Entries with a current sign-off are
    never touched again.
    """
    needle = match.casefold() if match is not None else None
    contains = _contains if needle is None or "\x00" not in needle else _contains_each
    chosen = []
    for entry in catalog:
        # review_reason's tests, each made once, the filters between them.
        if entry.obsolete or not is_translated_text(entry):
            continue
        fuzzy = "fuzzy" in entry.flags
        if fuzzy and all_translated:
            continue  # a draft or a fuzzy entry
        if needle is not None and not contains(entry, needle):
            continue
        if fuzzy:
            chosen.append(entry)  # a draft or a fuzzy entry: never reviewed as it is
            continue
        found = sign_off_of(entry)
        if found is None or found.digest != entry_digest(entry):
            chosen.append(entry)
    return chosen


def _contains(entry: polib.POEntry, needle: str) -> bool:
    """Whether the entry's msgid, msgid_plural, msgctxt or a msgstr contains ``needle`` (casefolded,
    without NUL): the texts are casefolded at once, NUL between them."""
    if entry.msgid_plural:
        texts = "\x00".join([entry.msgid, entry.msgid_plural, entry.msgctxt or "", *translation_forms(entry)])
    elif entry.msgctxt is None:
        texts = f"{entry.msgid}\x00{entry.msgstr}"
    else:
        texts = f"{entry.msgid}\x00{entry.msgctxt}\x00{entry.msgstr}"
    return needle in texts.casefold()


def _contains_each(entry: polib.POEntry, needle: str) -> bool:
    """:func:`_contains` for any needle, one text at a time."""
    texts = [entry.msgid, entry.msgid_plural or "", entry.msgctxt or "", *translation_forms(entry)]
    return any(needle in text.casefold() for text in texts)


# -- files ---------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Decided:
    """What :func:`decide_file` did, and the catalog as the file holds it afterwards."""

    wrote: bool
    catalog: polib.POFile  # as written (as read when nothing changed)
    stamp: tuple[int, int, int]  # the file's (st_mtime_ns, st_size, st_ino) then, taken under the lock


def decide(
    path: Path,
    key: EntryKey,
    decision: Decision,
    *,
    reviewer: str,
    date: str,
    forms: list[str] | None = None,
    expected: str | None = None,
    width: int = DEFAULT_WIDTH,
    lock_dir: Path | None = None,
) -> bool:
    """Apply one decision to the catalog at ``path`` under its lock; return whether it wrote.

    ``expected`` is the entry's text (``str(entry)``) as the reviewer saw it: if another run
    changed the entry since, nothing is written and CatalogError says so.
    """
    if decision is Decision.SKIP:
        return False
    return decide_file(path, key, decision, reviewer=reviewer, date=date, forms=forms, expected=expected,
                       width=width, lock_dir=lock_dir).wrote


def decide_file(
    path: Path,
    key: EntryKey,
    decision: Decision,
    *,
    reviewer: str,
    date: str,
    forms: list[str] | None = None,
    expected: str | None = None,
    width: int = DEFAULT_WIDTH,
    lock_dir: Path | None = None,
) -> Decided:
    """:func:`decide`, also giving back the catalog as written and the file's stamp then.

    A caller that keeps the catalog in memory (``review --web``) need not read it again.
    """
    with locked(path, lock_dir=lock_dir, error=CatalogError), _no_cyclic_collection():
        old, text, catalog = _read(path)
        entry = find_entry(catalog, key)
        if entry is None:
            raise CatalogError(f"entry {key.msgid[:40]!r} is no longer in the catalog", path=path)
        if expected is not None and str(entry) != expected:
            raise CatalogError(
                f"entry {key.msgid[:40]!r} changed while it was being reviewed", path=path, line=entry.linenum
            )
        wrote = decision is not Decision.SKIP and apply_decision(
            entry, decision, reviewer=reviewer, date=date, forms=forms) and _write_decided(
            path, old, text, catalog, entry, decision, width)
        stat = path.stat()
        return Decided(bool(wrote), catalog, (stat.st_mtime_ns, stat.st_size, stat.st_ino))


def _write_decided(path: Path, old: bytes, text: str, catalog: polib.POFile, entry: polib.POEntry,
                   decision: Decision, width: int) -> bool:
    """Write the decided entry into the file (:func:`write_changed`). An accepted entry is
    signed off as ``signoff`` signs it: only its comment and flag lines are laid out again
    (:meth:`Blocks.signed`); an edited or rejected one, whose strings changed, is laid out whole."""
    blocks = match_blocks(text, catalog)
    laid_out = None
    if blocks is not None and decision is Decision.ACCEPT:
        index = next(at for at, candidate in enumerate(catalog) if candidate is entry)
        laid_out = {id(entry): blocks.signed(index, entry, width)}
    return write_changed(path, old, text, catalog, (entry,), width=width, laid_out=laid_out, blocks=blocks)


def _read(path: Path) -> tuple[bytes, str, polib.POFile]:
    """The catalog file's bytes, its text and the catalog read from it (as ``read_catalog``)."""
    old = read_bytes(path, error=CatalogError)
    return (old, *_parse(path, old))


def _parse(path: Path, data: bytes, *, valid: bool = False) -> tuple[str, polib.POFile]:
    """The text of the catalog file's bytes ``data`` and the catalog read from it;
    ``valid`` is :func:`l10n.catalogs.pofile.parse_catalog`'s."""
    text = decode_text(data, path, error=CatalogError)
    catalog = parse_catalog(text, path=path, valid=valid)
    catalog.fpath = str(path)
    return text, catalog


@contextmanager
def _no_cyclic_collection() -> Iterator[None]:
    """The cyclic garbage collector paused: a catalog is many small objects that all live until
    the file is written, and the collector's passes over them would find nothing."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            # The objects made meanwhile go to the oldest generation, as if they had lived
            # through the passes they missed: the first pass after would otherwise look at
            # every one of them (tens of milliseconds on a large catalog) and find nothing.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


@dataclass(slots=True, frozen=True)
class SignOffResult:
    """What :func:`sign_off_file` did to one catalog."""

    signed: tuple[polib.POEntry, ...]  # the entries signed off
    refused: tuple[polib.POEntry, ...]  # chosen, but left unsigned for an error finding
    findings: tuple[tuple[polib.POEntry, tuple[object, ...]], ...]  # QA findings of the chosen entries


def sign_off_file(
    path: Path,
    *,
    reviewer: str,
    date: str,
    all_translated: bool = False,
    match: str | None = None,
    width: int = DEFAULT_WIDTH,
    lock_dir: Path | None = None,
    check: Callable[[polib.POEntry], list] | None = None,
    force: bool = False,
    processes: int = 1,
    kept: Callable[[bytes], Callable[[polib.POEntry], list] | None] | None = None,
) -> SignOffResult:
    """Sign off the selected entries of the catalog at ``path`` under its lock.

    ``check`` gives an entry's QA findings (objects with ``severity``, ``check`` and
    ``message``), looked at before signing: the findings are returned with their entry, and
    an entry with an error finding is refused (left as it is) unless ``force``. A stale
    sign-off is no finding here: signing is what renews it.

    Only the signed entries are written into the file's text (:mod:`l10n.catalogs.splice`);
    a file whose entries cannot be matched to its blocks is written whole.
    With ``processes`` above 1, where processes start by fork, many entries are checked,
    signed and laid out half here, half in a worker process (:func:`_sign_forked`); the
    result is the same. ``kept`` gives, for the file's bytes, the findings an earlier run of ``l10n check``
    kept for those very bytes (as ``check`` would give them), or None: then ``check`` runs.
    """
    with locked(path, lock_dir=lock_dir, error=CatalogError), _no_cyclic_collection():
        old = read_bytes(path, error=CatalogError)
        known = kept(old) if kept is not None and check is not None else None
        # Findings kept for these very bytes: l10n check read them without a syntax error.
        text, entries = _parse(path, old, valid=known is not None)
        if known is not None:
            check, processes = known, 1  # a lookup an entry: nothing to share out
        chosen = select_for_sign_off(entries, all_translated=all_translated, match=match)
        signing = _Signing(text, entries, reviewer=reviewer, date=date, width=width, check=check, force=force)
        if processes > 1 and check is not None and len(chosen) >= FORKED_CHECKS_FROM and _forks():
            done = _sign_forked(signing, chosen)
        else:
            done = signing.sign(chosen)
        signed, refused, findings = [], [], []
        for entry, (found, lines) in zip(chosen, done, strict=True):
            if found:
                findings.append((entry, found))
            if lines is False:
                refused.append(entry)
                signing.put_back(entry)
                continue
            if lines is not None:
                signing.laid_out[id(entry)] = lines
            signed.append(entry)
        if signed:
            signing.write(path, old, signed)
        return SignOffResult(tuple(signed), tuple(refused), tuple(findings))


# What _Signing.sign gives for an entry: its findings, and False when it is refused, else the
# lines of the entry signed (None when the file's blocks do not match its entries).
_Signed = tuple[tuple["Finding", ...], "str | None | bool"]


class _Signing:
    """Checking, signing and laying out chosen entries of a catalog, and writing them into its
    file."""

    def __init__(self, text: str, entries: polib.POFile, *, reviewer: str, date: str, width: int,
                 check: Callable[[polib.POEntry], list] | None, force: bool) -> None:
        self.text, self.entries = text, entries
        self.reviewer, self.date, self.width = reviewer, date, width
        self.check, self.force = check, force
        self.blocks: Blocks | None = match_blocks(text, entries)
        # Where each entry's block is: index in the catalog, by id(entry).
        self.index = {id(entry): at for at, entry in enumerate(entries)} if self.blocks is not None else {}
        self.laid_out: dict[int, str] = {}  # by id(entry)
        # Entries signed before their checks were known (sign_ahead): id -> what sign_off changes.
        self.before: dict[int, tuple[list[str], str | None, str | None, str | None, str]] = {}

    def sign(self, chosen: Sequence[polib.POEntry]) -> list[_Signed]:
        """Check each chosen entry, and sign and lay out each one no error refuses."""
        done: list[_Signed] = []
        for entry in chosen:
            found = _findings(self.check, entry) if self.check is not None else ()
            if not self.force and any(getattr(f.severity, "value", f.severity) == "error" for f in found):
                done.append((found, False))
                continue
            sign_off(entry, reviewer=self.reviewer, date=self.date)
            done.append((found, self.lines(entry)))
        return done

    def lines(self, entry: polib.POEntry) -> str | None:
        """The signed entry's lines in the file (:meth:`Blocks.signed`); None when the file's
        blocks do not match its entries."""
        if self.blocks is None:
            return None
        return self.blocks.signed(self.index[id(entry)], entry, self.width)

    def sign_ahead(self, chosen: Sequence[polib.POEntry]) -> None:
        """Sign every chosen entry, keeping what :meth:`put_back` needs for one refused after."""
        for entry in chosen:
            self.before[id(entry)] = (list(entry.flags), entry.previous_msgctxt, entry.previous_msgid,
                                      entry.previous_msgid_plural, entry.tcomment)
            sign_off(entry, reviewer=self.reviewer, date=self.date)

    def put_back(self, entry: polib.POEntry) -> None:
        """A refused entry as it was, where :meth:`sign_ahead` signed it."""
        before = self.before.pop(id(entry), None)
        if before is not None:
            (entry.flags, entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural,
             entry.tcomment) = before

    def write(self, path: Path, old: bytes, signed: Sequence[polib.POEntry]) -> bool:
        """Write the signed entries into the file (``old``, its bytes as read); the whole catalog
        where the blocks do not match with certainty."""
        return write_changed(path, old, self.text, self.entries, signed, width=self.width, laid_out=self.laid_out,
                             blocks=self.blocks)


# Fewer chosen entries than this are checked here: below it, starting two processes costs
# about what they save.
FORKED_CHECKS_FROM = 3000
# The sign-off under way and its chosen entries, which worker processes inherit by fork.
_PENDING: tuple[_Signing, Sequence[polib.POEntry]] | None = None


def _findings(check: Callable[[polib.POEntry], list], entry: polib.POEntry) -> tuple[Finding, ...]:
    return tuple(f for f in check(entry) if f.check != "stale-sign-off")


def _forks() -> bool:
    """Whether worker processes start by fork (and so inherit :data:`_PENDING`)."""
    import multiprocessing

    return multiprocessing.get_start_method() == "fork"


def _sign_part(start: int, stop: int) -> list[_Signed]:
    """:meth:`_Signing.sign` of the chosen entries ``start:stop`` of :data:`_PENDING`, in a
    forked worker (which signs its own copies)."""
    assert _PENDING is not None
    signing, chosen = _PENDING
    return signing.sign(chosen[start:stop])


def _sign_forked(signing: _Signing, chosen: Sequence[polib.POEntry]) -> list[_Signed]:
    """:meth:`_Signing.sign` of every chosen entry: the first half here, the second in a forked
    worker (started with the entries as they are), whose entries this process then signs ahead."""
    global _PENDING

    from l10n.workers import run_in_processes

    # This process also signs the worker's entries ahead and reads its answer: a little less here.
    mine = len(chosen) * 9 // 20
    here: list[_Signed] = []

    def my_share() -> None:
        here.extend(signing.sign(chosen[:mine]))
        signing.sign_ahead(chosen[mine:])

    _PENDING = (signing, chosen)
    try:
        (theirs,) = run_in_processes(_sign_part, [(mine, len(chosen))], 1, meanwhile=my_share, alongside=True)
    finally:
        _PENDING = None
    return here + theirs


# -- listing -------------------------------------------------------------------------------


def catalog_sign_offs(catalog: Iterable[polib.POEntry]) -> CatalogSignOffs:
    """Who signed off what in the catalog, grouped by reviewer and day, stale ones named."""
    current: Counter[tuple[str, str]] = Counter()
    stale_count: Counter[tuple[str, str]] = Counter()
    stale = []
    entries = 0
    for entry in catalog:
        if entry.obsolete:
            continue
        entries += 1
        found = sign_off_of(entry)
        if found is None:
            continue
        group = (found.name, found.date)
        # is_stale, with the sign-off already found.
        if is_fuzzy(entry) or not is_translated_text(entry) or found.digest != entry_digest(entry):
            stale_count[group] += 1
            stale.append(StaleSignOff(entry.linenum, entry.msgid, entry.msgctxt, found.name, found.date))
        else:
            current[group] += 1
    groups = tuple(
        SignOffGroup(name, date, current[(name, date)], stale_count[(name, date)])
        for name, date in sorted(set(current) | set(stale_count))
    )
    return CatalogSignOffs(entries, sum(current.values()), groups, tuple(stale))


# -- showing a change ----------------------------------------------------------------------


def word_diff(old: str, new: str) -> list[DiffPart]:
    """A word-level diff from ``old`` to ``new`` (words are runs of non-space characters).

    Each changed run comes as one ``delete`` (the old words) followed by one ``insert``.
    """
    a, b = old.split(), new.split()
    parts: list[DiffPart] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            parts.append(DiffPart("delete", " ".join(deleted)))
        if inserted:
            parts.append(DiffPart("insert", " ".join(inserted)))
        deleted.clear()
        inserted.clear()

    from rapidfuzz.distance import Levenshtein  # for a word diff only, not to list or sign off

    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            flush()
            parts.append(DiffPart("equal", " ".join(a[op.src_start:op.src_end])))
        else:
            deleted.extend(a[op.src_start:op.src_end])
            inserted.extend(b[op.dest_start:op.dest_end])
    flush()
    return parts


def format_word_diff(parts: Iterable[DiffPart], *, mark: Callable[[str, str], str] | None = None) -> str:
    """The diff as text: ``[-old-]`` and ``{+new+}`` around changed runs (as ``git diff --word-diff``)."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    if mark is None:
        return " ".join(marks[p.tag].format(p.text) for p in parts)
    return " ".join(mark(p.tag, p.text) for p in parts)


def draft_summary(entry: polib.POEntry) -> str | None:
    """Where a draft came from, for display (``deepl, 2026-11-20, score 0.87``), or None."""
    draft = draft_of(entry)
    if draft is None:
        return None
    text = f"{draft.provider}, {draft.date}"
    if draft.score is not None:
        text += f", score {draft.score:.2f}"
    return text


__all__ = [
    "REVIEWER_ENV",
    "CatalogSignOffs",
    "Decided",
    "Decision",
    "DiffPart",
    "EntryKey",
    "Reason",
    "SignOffGroup",
    "StaleSignOff",
    "apply_decision",
    "catalog_sign_offs",
    "decide",
    "decide_file",
    "draft_summary",
    "entries_to_review",
    "find_entry",
    "fit_newlines",
    "format_word_diff",
    "key_of",
    "qa_checker",
    "reject",
    "resolve_reviewer",
    "review_reason",
    "select_for_sign_off",
    "set_translation",
    "sign_off",
    "sign_off_file",
    "today",
    "translation_forms",
    "word_diff",
]
