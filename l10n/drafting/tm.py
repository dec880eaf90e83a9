"""The translation memory: drafts from translations the project already has.

The memory holds the translated and reviewed entries of every catalog of one language.
A lookup tries an exact match first (a dictionary), then the most similar source text whose
similarity reaches the threshold. Similarity is rapidfuzz's ``fuzz.ratio`` (an Indel ratio,
``2 * LCS / (len(a) + len(b))``) over the words of the two texts, as translation tools
count fuzzy matches.

The search is exact, and fast because it scores only texts that can qualify. A ratio ``t``
needs the two texts to share at least ``t / (2 - t)`` of the words of each (the longest
common subsequence can be no longer than the shared words). Prefix filtering (from
set-similarity joins) turns that into an index: order every word by how rare it is in the
memory; two texts that can match share a word among the rarest few of each (see
``TranslationMemory._prefix``). The memory indexes those few rare words of each text; a lookup visits the lists of the query's
rarest words, keeps the texts of a fitting length, and scores only those (each word encoded
as one character, so rapidfuzz compares words at the speed of characters). Each distinct source text is held once, however
many catalogs repeat it, and is encoded once, when the memory is made.
"""

from __future__ import annotations

import gc
import math
from collections import Counter
from itertools import chain
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib
from rapidfuzz import fuzz, process

from l10n.config import Config
from l10n.errors import ConfigError
from l10n.catalogs.pofile import scan_catalog
from l10n.drafting.providers import Suggestion, provider_options
from l10n.catalogs.states import State, state_of
from l10n.schema import default

DEFAULT_THRESHOLD = default("threshold", table="providers")
NAME = "tm"


@dataclass(slots=True, frozen=True)
class MemoryEntry:
    """One translated source text."""

    source: str  # the msgid
    translation: str  # the msgstr
    reviewed: bool  # signed off (preferred over a plain translation)
    origin: str = ""  # "path:line", for reports


@dataclass(slots=True, frozen=True)
class Match:
    """The memory's best answer for one text."""

    entry: MemoryEntry
    score: float  # 0..1; 1.0 for an exact match

    @property
    def exact(self) -> bool:
        return self.score >= 1.0


# A word the memory does not hold: it can match nothing (above every character a word gets).
_UNKNOWN = chr(0x10FFFF)


class TranslationMemory:
    """Exact and fuzzy lookups over a fixed set of :class:`MemoryEntry`."""

    def __init__(self, entries: Iterable[MemoryEntry], *, threshold: float = DEFAULT_THRESHOLD):
        if not 0 < threshold <= 1:
            raise ValueError("threshold must be in (0, 1]")
        # Making the memory allocates a container or two per text and frees none: the cyclic
        # collector's passes over them would find nothing, and cost a fifth of the time.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._build(entries, threshold)
        finally:
            if collecting:
                gc.enable()

    def _build(self, entries: Iterable[MemoryEntry], threshold: float) -> None:
        self.threshold = threshold
        best: dict[str, MemoryEntry] = {}
        for entry in entries:
            if not entry.source or not entry.translation or "\x00" in entry.source:
                continue
            held = best.get(entry.source)
            # A reviewed translation wins; otherwise the later catalog (a newer issue) does.
            if held is None or entry.reviewed or not held.reviewed:
                best[entry.source] = entry
        self._best = best
        self.texts: list[str] = list(best)  # in the order first seen
        # Every word of every text in one list, the texts parted by a NUL (which none holds),
        # so that splitting, counting and encoding run in C.
        words = " \x00 ".join(self.texts).split()
        frequency = Counter(words)
        frequency.pop("\x00", None)
        if len(frequency) > 0x10F000:
            raise ValueError("too many distinct words for one translation memory")
        # Characters follow rarity: the rarest word gets the lowest one.
        ranked = sorted(frequency, key=frequency.__getitem__)
        self._chars = chars = dict(zip(ranked, map(chr, chain(range(0x100, 0xD800), range(0xE000, 0x110000)))))
        chars["\x00"] = "\n"
        self._encoded = encoded = "".join(map(chars.__getitem__, words)).split("\n") if self.texts else []
        del chars["\x00"]
        self._lengths = lengths = list(map(len, encoded))
        # The prefix of a text (see _prefix): as characters follow rarity, the characters
        # among the first length - needed + 1 of the sorted text (one listed twice is
        # harmless: a lookup gathers candidates in a set).
        cut_at = {length: length - self._needed(length) + 1 for length in set(lengths)}
        index: dict[str, list[int]] = {}
        for position, (text, cut) in enumerate(zip(encoded, map(cut_at.__getitem__, lengths))):
            for char in sorted(text)[:cut]:
                listed = index.get(char)
                if listed is None:
                    index[char] = [position]
                else:
                    listed.append(position)
        self._index = index

    def __len__(self) -> int:
        return len(self.texts)

    def _needed(self, length: int) -> int:
        """Fewest word occurrences a text of ``length`` words shares with any text it can match."""
        return max(1, math.floor(self.threshold * length / (2 - self.threshold) - 1e-9))

    def _prefix(self, counts: Counter[str], length: int) -> list[str]:
        """A text's rarest words (as characters), one of which any text it can match must share.

        A text of ``length`` words shares at least :meth:`_needed` word occurrences with any
        text it can match (the longest common subsequence is made of shared words). Take the
        rarest word the two share: every shared occurrence is of it or of a more common word,
        so the text's occurrences from that word on must reach the bound. The prefix is every
        word at which that still holds, for both texts, so the memory indexes each text's
        prefix and a lookup visits the lists of the query's. Words the memory does not know
        are the rarest of all and match nothing.
        """
        needed = self._needed(length)
        chars = self._chars
        prefix = []
        remaining = length
        for word in sorted(counts, key=lambda word: chars.get(word, "")):
            if remaining < needed:
                break
            char = chars.get(word)
            if char is not None:
                prefix.append(char)
            remaining -= counts[word]
        return prefix

    def window(self, count: int) -> tuple[float, float]:
        """The word counts a text needs to reach the threshold with a text of ``count`` words."""
        t = self.threshold
        return count * t / (2 - t) - 1e-9, count * (2 - t) / t + 1e-9

    def encode(self, text: str) -> str:
        """``text`` as one character per word, in the memory's encoding."""
        chars = self._chars
        return "".join([chars.get(word, _UNKNOWN) for word in text.split()])

    def lookup(self, text: str) -> Match | None:
        """The exact match, else the most similar text at or above the threshold, else None."""
        entry = self._best.get(text)
        if entry is not None:
            return Match(entry, 1.0)
        counts = Counter(text.split())
        length = counts.total()
        if not length:
            return None
        low, high = self.window(length)
        lengths = self._lengths
        index = self._index
        encoded = self._encoded
        candidates: set[int] = set()
        for char in self._prefix(counts, length):
            listed = index.get(char)
            if listed:
                candidates.update(n for n in listed if low <= lengths[n] <= high)
        if not candidates:
            return None
        order = sorted(candidates)
        found = process.extractOne(
            self.encode(text), [encoded[n] for n in order], scorer=fuzz.ratio,
            score_cutoff=self.threshold * 100,
        )
        if found is None:
            return None
        _choice, score, position = found
        return Match(self._best[self.texts[order[position]]], score / 100)

    def lookup_many(self, texts: Sequence[str]) -> list[Match | None]:
        """:meth:`lookup` for each text."""
        return [self.lookup(text) for text in texts]


def memory_entries(catalog: polib.POFile, *, origin: str = "") -> list[MemoryEntry]:
    """The translated and reviewed singular entries of one catalog."""
    found = []
    for entry in catalog:
        if entry.obsolete or not entry.msgid or entry.msgid_plural:
            continue
        state = state_of(entry)
        if state in (State.TRANSLATED, State.REVIEWED):
            where = f"{origin}:{entry.linenum}" if origin else ""
            found.append(MemoryEntry(entry.msgid, entry.msgstr, state is State.REVIEWED, where))
    return found


def catalog_paths(config: Config, lang: str) -> list[Path]:
    """Every catalog of ``lang``, in name order."""
    folder = config.catalog_path(lang, "x").parent
    return sorted(folder.glob("*.po")) if folder.is_dir() else []


def threshold_of(config: Config) -> float:
    """``threshold`` in ``[tool.l10n.providers.tm]`` (0..1, default 0.75)."""
    value = provider_options(config, NAME).get("threshold", DEFAULT_THRESHOLD)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise ConfigError("[tool.l10n.providers.tm] threshold must be a number in (0, 1]", path=config.file)
    return float(value)


def build_memory(
    config: Config, lang: str, *, catalogs: dict[Path, polib.POFile] | None = None
) -> TranslationMemory:
    """The memory of every catalog of ``lang``; ``catalogs`` supplies ones already read."""
    entries: list[MemoryEntry] = []
    given = catalogs or {}
    for path in catalog_paths(config, lang):
        catalog = given.get(path)
        if catalog is None:
            catalog = scan_catalog(path)
        entries.extend(memory_entries(catalog, origin=config.relative(path)))
    return TranslationMemory(entries, threshold=threshold_of(config))


class MemoryProvider:
    """The translation memory as a provider: local, no masking, a score on every draft."""

    name = NAME
    remote = False
    concurrency = 1

    def __init__(self, memory: TranslationMemory):
        self.memory = memory

    def translate(self, text: str) -> Suggestion | None:
        match = self.memory.lookup(text)
        if match is None:
            return None
        return Suggestion(match.entry.translation, score=match.score, origin=match.entry.origin)

    def cancel(self) -> None:
        """Nothing runs in the background."""
