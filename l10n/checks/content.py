"""Whole-text checks: left untranslated, length, glossary terms, stale sign-offs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

from l10n.catalogs.states import is_stale, sign_off_of
from l10n.checks.model import Pair
from l10n.checks.text import _WORD_RE, Text

# whole-text checks -----------------------------------------------------------------------


def _is_sentence(text: Text, keep: Iterable[str]) -> bool:
    """Whether ``text`` reads as a sentence to translate, not a name, a number or a code."""
    prose = text.prose
    for term in keep:
        prose = prose.replace(term, " ")
    words = _WORD_RE.findall(prose)
    common = [w for w in words if w[0].islower() and len(w) > 1]
    if len(common) >= 2:
        return True
    return len(words) >= 3 and text.final in (".", "!", "?", "...", "…")


def check_same_as_source(pair: Pair) -> Iterator[str]:
    """A sentence is translated, not copied (names, numbers and codes may stay as they are)."""
    if pair.source.raw.strip() != pair.target.raw.strip():
        return
    keep = tuple(pair.glossary.do_not_translate) if pair.glossary else ()
    if _is_sentence(pair.source, keep):
        yield "the translation is the source text, not translated"


def check_length(pair: Pair) -> Iterator[str]:
    """The translation is not much shorter or longer than the source (a part lost or added)."""
    source_length = len(pair.source.plain.strip())
    if source_length < pair.settings.length_min_chars:
        return
    low, high = pair.settings.length_ratios.get(pair.lang, pair.settings.length_ratio)
    ratio = len(pair.target.plain.strip()) / source_length
    if ratio < low:
        yield f"the translation is {ratio:.0%} of the source's length (expected at least {low:.0%})"
    elif ratio > high:
        yield f"the translation is {ratio:.0%} of the source's length (expected at most {high:.0%})"


@lru_cache(maxsize=4096)
def _term_re(term: str, ignore_case: bool) -> re.Pattern[str]:
    # Each word of a term may take an ending (Lublin -> Lublinie, buletin informativ ->
    # buletinul informativ), but not a new start.
    words = [re.escape(word) for word in term.split()]
    return re.compile(r"(?<!\w)" + r"\w*\s+".join(words), re.IGNORECASE if ignore_case else 0)


@lru_cache(maxsize=4096)
def _kept_term_re(term: str) -> re.Pattern[str]:
    """A name as inflected languages write it: accents folded, a final vowel free to change.

    Monza stays Monza in Polish as "w Monzy", Riga as "Rīgā" in Latvian; Rávena for
    Ravenna is another name.
    """
    words = []
    for word in _fold(term).split():
        stem = word.rstrip("aeiouy") if len(word) > 3 else word
        words.append(re.escape(stem or word))
    return re.compile(r"(?<!\w)" + r"\w*\s+".join(words))


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """``text`` without accents (Rīgā -> Riga), for comparing names across languages."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def check_glossary(pair: Pair) -> Iterator[str]:
    """Glossary terms: do-not-translate terms kept as written, fixed translations used."""
    if pair.glossary is None:
        return
    source, target = pair.source.plain, pair.target.plain
    for term in pair.glossary.do_not_translate:
        if term in source and _term_re(term, False).search(source) and not (
            term in target or _kept_term_re(term).search(_fold(target))
        ):
            yield f"keep {term!r} as written (glossary: do not translate)"
    for term, translation in pair.glossary.fixed.items():
        if _term_re(term, True).search(source) and not _term_re(translation, True).search(target):
            yield f"translate {term!r} as {translation!r} (glossary)"


def check_stale_sign_off(pair: Pair) -> Iterator[str]:
    """A sign-off whose text changed since (the review no longer counts)."""
    if is_stale(pair.entry):
        sign_off = sign_off_of(pair.entry)
        assert sign_off is not None
        yield f"sign-off by {sign_off.name} on {sign_off.date} no longer matches the text: review it again"
