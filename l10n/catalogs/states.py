"""Entry states as docs/DESIGN.md stores them in PO files, and the sign-off digest.

gettext knows one workflow flag, ``fuzzy``; the other states live in translator comments,
which msgmerge, msgcat, Poedit and Weblate keep:

========================  =====================================================
untranslated              empty msgstr
fuzzy                     ``#, fuzzy``
draft                     ``#, fuzzy`` plus ``# draft: <provider> <YYYY-MM-DD> ...``
translated                non-empty msgstr, no ``fuzzy``
reviewed                  translated plus ``# reviewed: <name> <YYYY-MM-DD> <digest>``
========================  =====================================================
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass

import polib

DRAFT_PREFIX = "draft:"
REVIEWED_PREFIX = "reviewed:"
IGNORE_PREFIX = "l10n-ignore:"
DIGEST_LENGTH = 12

_REVIEWED_RE = re.compile(
    r"^reviewed:\s+(?P<name>.+?)\s+(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<digest>[0-9a-fA-F]+)\s*$"
)
_DRAFT_RE = re.compile(r"^draft:\s+(?P<provider>\S+)\s+(?P<date>\d{4}-\d{2}-\d{2})(?P<rest>.*)$")


class State(str, enum.Enum):
    """The state of one catalog entry, in the order a workflow moves through them."""

    UNTRANSLATED = "untranslated"
    FUZZY = "fuzzy"
    DRAFT = "draft"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"


@dataclass(slots=True, frozen=True)
class SignOff:
    """A ``# reviewed:`` line, parsed."""

    name: str  # the reviewer, as written
    date: str  # YYYY-MM-DD
    digest: str  # as written in the file (may be stale)


@dataclass(slots=True, frozen=True)
class Draft:
    """A ``# draft:`` line, parsed."""

    provider: str  # "tm", "google", "import", ...
    date: str  # YYYY-MM-DD
    score: float | None  # the match score, when the provider gives one (``score=0.87``)
    note: str  # the rest of the line, as written


def entry_digest(entry: polib.POEntry) -> str:
    """The first 12 hex digits of sha256 over msgctxt, msgid (and msgid_plural) and msgstr(s)."""
    key = entry.msgid
    if entry.msgctxt is not None:
        key = f"{entry.msgctxt}\x04{key}"
    if entry.msgid_plural:
        key = f"{key}\x00{entry.msgid_plural}"
        forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
        value = "\x00".join(forms)
    else:
        value = entry.msgstr
    return hashlib.sha256(f"{key}\x00{value}".encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def _comment_lines(entry: polib.POEntry) -> list[str]:
    return entry.tcomment.splitlines() if entry.tcomment else []


def sign_off_of(entry: polib.POEntry) -> SignOff | None:
    """The entry's last ``# reviewed:`` line, or None."""
    if not entry.tcomment or REVIEWED_PREFIX not in entry.tcomment:
        return None
    found = None
    for line in _comment_lines(entry):
        match = _REVIEWED_RE.match(line.strip())
        if match:
            found = SignOff(match["name"], match["date"], match["digest"].lower())
    return found


def draft_of(entry: polib.POEntry) -> Draft | None:
    """The entry's last ``# draft:`` line, or None."""
    if not entry.tcomment or DRAFT_PREFIX not in entry.tcomment:
        return None
    found = None
    for line in _comment_lines(entry):
        match = _DRAFT_RE.match(line.strip())
        if match:
            rest = match["rest"].strip()
            score = None
            score_match = re.search(r"\bscore=([0-9.]+)", rest)
            if score_match:
                try:
                    score = float(score_match[1])
                except ValueError:
                    score = None
            found = Draft(match["provider"], match["date"], score, rest)
    return found


def has_draft(entry: polib.POEntry) -> bool:
    """Whether the entry has a ``# draft:`` line (``draft_of(entry) is not None``, without
    reading the line)."""
    if not entry.tcomment or DRAFT_PREFIX not in entry.tcomment:
        return False
    return any(_DRAFT_RE.match(line.strip()) for line in _comment_lines(entry))


def is_translated_text(entry: polib.POEntry) -> bool:
    """Whether every msgstr form is non-empty: the one rule of "translated" for every command.

    ``msgfmt`` looks only at a plural entry's first form; here a plural entry with an empty
    form is untranslated everywhere (status, check, review, the memory, render and the
    ``.mo`` file), so a reader sees the source text rather than an empty one.
    """
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def has_translation_text(entry: polib.POEntry) -> bool:
    """Whether any msgstr form holds text: work worth carrying over when a template changes."""
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values()) if entry.msgstr_plural else False
    return bool(entry.msgstr)


def is_fuzzy(entry: polib.POEntry) -> bool:
    return "fuzzy" in entry.flags


def state_of(entry: polib.POEntry) -> State:
    """The entry's state, as docs/DESIGN.md defines it. A stale sign-off counts as translated."""
    if not is_translated_text(entry):
        # An empty msgstr is untranslated even when flagged fuzzy (as msgfmt counts it).
        return State.UNTRANSLATED
    if is_fuzzy(entry):
        return State.DRAFT if has_draft(entry) else State.FUZZY
    sign_off = sign_off_of(entry)
    if sign_off is not None and sign_off.digest == entry_digest(entry):
        return State.REVIEWED
    return State.TRANSLATED


def is_stale(entry: polib.POEntry) -> bool:
    """Whether the entry carries a sign-off whose digest no longer matches its text."""
    sign_off = sign_off_of(entry)
    if sign_off is None:
        return False
    return is_fuzzy(entry) or not is_translated_text(entry) or sign_off.digest != entry_digest(entry)


def ignored_checks(entry: polib.POEntry) -> set[str]:
    """Check names silenced on this entry with ``# l10n-ignore: name[, name...]``."""
    names: set[str] = set()
    if not entry.tcomment or IGNORE_PREFIX not in entry.tcomment:
        return names
    for line in _comment_lines(entry):
        line = line.strip()
        if line.startswith(IGNORE_PREFIX):
            names.update(n for n in re.split(r"[\s,]+", line[len(IGNORE_PREFIX):]) if n)
    return names


def set_comment_line(entry: polib.POEntry, prefix: str, line: str | None) -> None:
    """Replace every translator comment line starting with ``prefix`` by ``line`` (or drop them)."""
    kept = [c for c in _comment_lines(entry) if not c.strip().startswith(prefix)]
    if line is not None:
        kept.append(line)
    entry.tcomment = "\n".join(kept)


def sign_off_line(name: str, date: str, entry: polib.POEntry) -> str:
    """The ``reviewed:`` comment (without ``# ``) for ``entry`` as it is now."""
    return f"{REVIEWED_PREFIX} {name} {date} {entry_digest(entry)}"


def draft_line(provider: str, date: str, note: str = "") -> str:
    """The ``draft:`` comment (without ``# ``)."""
    return f"{DRAFT_PREFIX} {provider} {date}" + (f" {note}" if note else "")
