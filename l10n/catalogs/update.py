"""From a template to the catalog of one language: create it, or merge the template in.

The merge follows msgmerge (``--previous``):

- an entry whose (msgctxt, msgid) is in the old catalog keeps its translation, flags and
  translator comments (``# draft:``, ``# reviewed:``); an obsolete one comes back;
- an entry whose msgid changed a little is matched to the most similar translated old
  entry of the same msgctxt (rapidfuzz's Indel ratio, which is msgmerge's ``fstrcmp``, at
  least 0.6): it keeps that translation, becomes ``fuzzy`` and carries the old text as
  ``#| msgid``;
- any other template entry arrives untranslated;
- old entries the template no longer has become obsolete (``#~``) at the end, unless
  untranslated (then they go, as in msgmerge) or used by a fuzzy match.

References and extracted comments always come from the template; the header keeps what
the translator wrote and gains what it lacks. The merge reads no clock: the same template
and catalog always give the same bytes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import polib
from babel import Locale
from babel.messages.plurals import get_plural
from rapidfuzz import fuzz, process

from l10n.config import Config
from l10n.errors import CatalogError
from l10n.fileio import LOCKS, locked
from l10n.catalogs.pofile import read_catalog, write_catalog
from l10n.catalogs.states import has_translation_text

FUZZY_THRESHOLD = 60.0  # percent; msgmerge's FUZZY_THRESHOLD is 0.6
CANDIDATES = 256  # similar-looking old entries scored per unmatched msgid
TIED_CANDIDATES = 4 * CANDIDATES  # at most, when many old entries look as similar as each other
COMMON_TOKEN = 64  # a token shared by more old entries than this says little about similarity

PLACEHOLDERS = {
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
    "Language-Team": "LANGUAGE <LL@li.org>",
    "Plural-Forms": "nplurals=INTEGER; plural=EXPRESSION;",
}
HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)
_TOKEN_RE = re.compile(r"\w+")


@dataclass(slots=True, frozen=True)
class MergeCounts:
    """What a merge did to one catalog."""

    new: int = 0  # template entries that arrived untranslated
    fuzzy: int = 0  # entries matched to a similar old msgid this time (now fuzzy)
    obsolete: int = 0  # live entries the template no longer has
    resurrected: int = 0  # obsolete entries whose text came back


@dataclass(slots=True, frozen=True)
class UpdateResult:
    """The outcome of updating one catalog."""

    language: str
    issue: str
    path: Path
    action: str  # "created", "updated", "unchanged" or "exists" (init left it alone)
    counts: MergeCounts


def plural_forms(language: str) -> str:
    """The ``Plural-Forms`` header value for ``language``, from Babel's plural data."""
    return get_plural(language).plural_forms


def new_header(template: polib.POFile, language: str) -> dict[str, str]:
    """Header fields of a catalog created from ``template`` (msginit's fields, no clock)."""
    fields = dict(template.metadata)
    created = fields.get("POT-Creation-Date", "")
    fields.pop("Language", None)
    defaults = {
        "Project-Id-Version": "PACKAGE VERSION",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created,
        "PO-Revision-Date": created,
        "Last-Translator": "",
        "Language-Team": Locale.parse(language).get_display_name("en") or language,
    }
    for key, value in defaults.items():
        if fields.get(key, PLACEHOLDERS.get(key)) == PLACEHOLDERS.get(key):
            fields[key] = value
    fields = complete_header(fields, template, language)
    header = {key: fields.pop(key) for key in HEADER_ORDER if key in fields}
    header.update(fields)
    return header


def complete_header(header: dict[str, str], template: polib.POFile, language: str) -> dict[str, str]:
    """``header`` with the template's dates and every field gettext needs set right.

    The translator's fields (``Last-Translator``, ``Language-Team``, ``PO-Revision-Date``)
    and a ``Plural-Forms`` they chose are kept as they are.
    """
    fields = dict(header)
    for key in ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date"):
        if key in template.metadata:
            fields[key] = template.metadata[key]
    fields["Language"] = language
    fields["MIME-Version"] = "1.0"
    fields["Content-Type"] = "text/plain; charset=UTF-8"
    fields["Content-Transfer-Encoding"] = "8bit"
    if fields.get("Plural-Forms", PLACEHOLDERS["Plural-Forms"]) == PLACEHOLDERS["Plural-Forms"]:
        fields["Plural-Forms"] = plural_forms(language)
    ordered = {key: fields.pop(key) for key in header if key in fields}
    ordered.update({key: fields.pop(key) for key in HEADER_ORDER if key in fields})
    ordered.update(fields)
    return _language_in_place(ordered)


def _language_in_place(fields: dict[str, str]) -> dict[str, str]:
    """``Language`` right after the last field that comes before it in the standard order.

    That is where msgmerge puts it (after ``Language-Team`` when there is one), wherever
    the catalog had it, so a merged catalog has it where msgmerge would.
    """
    language = fields.pop("Language")
    before = HEADER_ORDER[: HEADER_ORDER.index("Language")]
    keys = list(fields)
    position = max((keys.index(key) + 1 for key in before if key in fields), default=0)
    items = list(fields.items())
    items.insert(position, ("Language", language))
    return dict(items)


class FuzzyIndex:
    """Finds the most similar translated old msgid without scoring every pair.

    Old msgids are indexed by their words (lower-cased) and, for short ones, character
    trigrams. A query scores (with rapidfuzz, in C++) at most ``CANDIDATES`` old entries:
    those sharing the most of its rarer keys. A merge so costs about entries × keys, not
    entries², and finds what msgmerge finds.
    """

    def __init__(self, entries: list[polib.POEntry]):
        self._entries = entries
        self._postings: dict[tuple[str | None, str], list[int]] = defaultdict(list)
        for number, entry in enumerate(entries):
            for key in _keys(entry.msgid):
                self._postings[(entry.msgctxt, key)].append(number)

    def best(self, msgctxt: str | None, msgid: str) -> polib.POEntry | None:
        """The old entry most similar to ``msgid`` (same msgctxt), if similar enough.

        Among equally similar entries the first in the old catalog wins, as in msgmerge.
        """
        votes: dict[int, float] = defaultdict(float)
        # Rarest keys first, and keys as rare as each other all or none: which entries become
        # candidates must not depend on the order of a set (string hashing changes from run
        # to run). Ties in key order, so that the votes add up in one order too.
        postings = [(posting, key) for key in _keys(msgid) if (posting := self._postings.get((msgctxt, key)))]
        previous = 0
        for posting, _key in sorted(postings, key=lambda item: (len(item[0]), item[1])):
            if len(posting) > max(COMMON_TOKEN, previous) and len(votes) >= CANDIDATES:
                break
            previous = len(posting)
            weight = 1.0 / len(posting)
            for number in posting[:COMMON_TOKEN]:
                votes[number] += weight
        if not votes:
            return None
        by_votes = sorted(votes, key=lambda n: (-votes[n], n))
        if len(by_votes) > CANDIDATES:
            # Entries with as many votes as the last one kept are kept too (up to a bound):
            # a cut among equals would keep the first ones in the catalog, not the likeliest.
            least = votes[by_votes[CANDIDATES - 1]]
            kept = CANDIDATES
            while kept < min(len(by_votes), TIED_CANDIDATES) and votes[by_votes[kept]] == least:
                kept += 1
            by_votes = by_votes[:kept]
        ranked = sorted(by_votes)
        choices = [self._entries[n].msgid for n in ranked]
        found = process.extractOne(msgid, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
        return None if found is None else self._entries[ranked[found[2]]]


def _keys(text: str) -> set[str]:
    words = {w.lower() for w in _TOKEN_RE.findall(text)}
    if len(text) < 40:
        folded = text.lower()
        words.update(f"\x00{folded[i:i + 3]}" for i in range(max(1, len(folded) - 2)))
    return words


def merge_catalog(
    template: polib.POFile, old: polib.POFile | None, *, language: str
) -> tuple[polib.POFile, MergeCounts]:
    """The catalog for ``language`` after merging ``template`` into ``old`` (None: create it)."""
    catalog = polib.POFile(wrapwidth=template.wrapwidth)
    if old is None:
        catalog.header = _new_header_comment(template, language)
        catalog.metadata = new_header(template, language)
        old_entries: list[polib.POEntry] = []
    else:
        catalog.header = old.header
        catalog.metadata = complete_header(dict(old.metadata), template, language)
        catalog.metadata_is_fuzzy = old.metadata_is_fuzzy
        old_entries = [e for e in old if e.msgid or e.msgctxt is not None]
    nplurals = get_plural(language).num_plurals

    by_key = {(e.msgctxt, e.msgid): e for e in old_entries if not e.obsolete}
    for entry in old_entries:
        if entry.obsolete:
            by_key.setdefault((entry.msgctxt, entry.msgid), entry)
    index: FuzzyIndex | None = None
    used: set[int] = set()
    new = fuzzy = resurrected = 0
    for source in template:
        if source.obsolete or (not source.msgid and source.msgctxt is None):
            continue
        match = by_key.get((source.msgctxt, source.msgid))
        if match is not None:
            used.add(id(match))
            resurrected += match.obsolete
            catalog.append(_exact(source, match, nplurals))
            continue
        if index is None:
            index = FuzzyIndex([e for e in old_entries if has_translation_text(e)])
        similar = index.best(source.msgctxt, source.msgid)
        if similar is not None:
            used.add(id(similar))
            fuzzy += 1
            catalog.append(_fuzzy(source, similar, nplurals))
        else:
            new += 1
            catalog.append(_untranslated(source, nplurals))
    obsolete = 0
    for entry in old_entries:
        if id(entry) in used:
            continue
        if not entry.obsolete:
            obsolete += 1
        if has_translation_text(entry):
            catalog.append(_obsolete(entry))
    return catalog, MergeCounts(new=new, fuzzy=fuzzy, obsolete=obsolete, resurrected=resurrected)


def _new_header_comment(template: polib.POFile, language: str) -> str:
    project = template.metadata.get("Project-Id-Version", "").strip() or "this project"
    name = Locale.parse(language).get_display_name("en") or language
    return (
        f"{name} translation of {project}.\n"
        f"This file is distributed under the same license as {project}."
    )


def _base(source: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(
        msgctxt=source.msgctxt,
        msgid=source.msgid,
        msgid_plural=source.msgid_plural,
        comment=source.comment,
        occurrences=list(source.occurrences),
        flags=[f for f in source.flags if f != "fuzzy"],
    )


def _translation(entry: polib.POEntry, target: polib.POEntry, nplurals: int) -> None:
    """Give ``entry`` the translation of ``target``, in singular or plural shape as ``entry`` needs."""
    if entry.msgid_plural:
        if target.msgid_plural:
            forms = {int(k): v for k, v in target.msgstr_plural.items()}
        else:
            forms = {0: target.msgstr}
        entry.msgstr_plural = {i: forms.get(i, "") for i in range(max(nplurals, len(forms)))}
    else:
        entry.msgstr = target.msgstr if not target.msgid_plural else target.msgstr_plural.get(0, "")


def _exact(source: polib.POEntry, old: polib.POEntry, nplurals: int) -> polib.POEntry:
    entry = _base(source)
    _translation(entry, old, nplurals)
    entry.tcomment = old.tcomment
    extra = [f for f in old.flags if f not in entry.flags and not f.endswith("-format")]
    entry.flags.extend(extra)
    if "fuzzy" in old.flags:
        entry.previous_msgctxt = old.previous_msgctxt
        entry.previous_msgid = old.previous_msgid
        entry.previous_msgid_plural = old.previous_msgid_plural
    if bool(source.msgid_plural) != bool(old.msgid_plural) and "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    return entry


def _fuzzy(source: polib.POEntry, old: polib.POEntry, nplurals: int) -> polib.POEntry:
    entry = _base(source)
    _translation(entry, old, nplurals)
    entry.tcomment = old.tcomment
    entry.flags.insert(0, "fuzzy")
    if "fuzzy" in old.flags and old.previous_msgid is not None:
        entry.previous_msgctxt = old.previous_msgctxt
        entry.previous_msgid = old.previous_msgid
        entry.previous_msgid_plural = old.previous_msgid_plural
    else:
        entry.previous_msgctxt = old.msgctxt
        entry.previous_msgid = old.msgid
        entry.previous_msgid_plural = old.msgid_plural or None
    return entry


def _untranslated(source: polib.POEntry, nplurals: int) -> polib.POEntry:
    entry = _base(source)
    if source.msgid_plural:
        entry.msgstr_plural = {i: "" for i in range(nplurals)}
    return entry


def _obsolete(old: polib.POEntry) -> polib.POEntry:
    entry = polib.POEntry(
        msgctxt=old.msgctxt,
        msgid=old.msgid,
        msgid_plural=old.msgid_plural,
        msgstr=old.msgstr,
        msgstr_plural=dict(old.msgstr_plural),
        tcomment=old.tcomment,
        flags=list(old.flags),
        previous_msgctxt=old.previous_msgctxt,
        previous_msgid=old.previous_msgid,
        previous_msgid_plural=old.previous_msgid_plural,
        obsolete=True,
    )
    return entry


def read_template(config: Config, issue: str) -> polib.POFile:
    """The issue's template, or a CatalogError saying to extract it first."""
    path = config.template_path(issue)
    if not path.exists():
        raise CatalogError("no template; run `l10n extract` first", path=path)
    return read_catalog(path)


def update_catalog(
    config: Config,
    lang: str,
    issue: str,
    *,
    create_only: bool = False,
    template: polib.POFile | None = None,
) -> UpdateResult:
    """Create or update ``locales/<lang>/LC_MESSAGES/<issue>.po`` from the issue's template.

    The catalog is read, merged and written under its lock, and written atomically and only
    when its text changes. ``create_only`` leaves an existing catalog alone (``l10n init``).
    ``template`` saves reading the template again when a caller updates several languages.
    """
    if template is None:
        template = read_template(config, issue)
    path = config.catalog_path(lang, issue)
    with locked(path, lock_dir=config.cache_dir / LOCKS, error=CatalogError):
        exists = path.exists()
        if exists and create_only:
            return UpdateResult(lang, issue, path, "exists", MergeCounts())
        old = read_catalog(path) if exists else None
        catalog, counts = merge_catalog(template, old, language=lang)
        changed = write_catalog(path, catalog, width=config.wrap)
    action = "created" if not exists else "updated" if changed else "unchanged"
    return UpdateResult(lang, issue, path, action, counts)
