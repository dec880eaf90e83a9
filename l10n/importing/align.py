"""Aligning a document with its translation, segment by segment.

The aligner sees two sequences of segments (anything with a ``kind`` and a ``text``) and
finds the cheapest path through them by dynamic programming, as Gale and Church's sentence
aligner does, with these moves:

=========  ===============================================================
1-1        one source segment is translated by one target segment
2-1, 1-2   two segments were merged into one, or one was split in two
1-0, 0-1   a segment has no counterpart (an added or dropped list item)
swap       two neighbours changed places (a table row read as who, when, what)
=========  ===============================================================

A pair is scored from what survives translation: the length ratio, anchors (numbers,
dates in any format, visible URLs, names and capitalised tokens, glossary terms), shared
word stems (cognates), and the kinds of the two segments. Segments left over that share
strong anchors are paired afterwards as moved (a heading moved farther than one place).

The search is restricted to a band around the diagonal, so its time grows with the product
of the two lengths at worst and linearly with the document in practice.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from babel import Locale, UnknownLocaleError

from l10n.schema import default

SURE_SCORE = default("sure_score", table="import")  # pairs scoring below this are drafts
MATCH_COVERAGE = 0.4  # below this share of well-paired text, two documents do not match

# Costs are per segment covered: pairing beats leaving both segments out when the pair
# scores above 1 - SKIP_COST.
SKIP_COST = 0.62
MERGE_PENALTY = 0.2  # for two merged parts of equal length
UNEVEN_PENALTY = 0.7  # added as one part shrinks to nothing (a heading swallowed by a paragraph)
SWAP_PENALTY = 0.25
BAND = 60  # half-width of the searched band around the diagonal, in segments
LENGTH_SMOOTHING = 12.0  # characters added to both lengths, so short segments vary more
LENGTH_SIGMA = 0.32  # spread of log(length ratio) between a text and its translation
MOVED_SCORE = 0.6  # a left-over pair must score this much, with shared anchors, to be "moved"


class Alignable(Protocol):
    """What the aligner needs of a segment."""

    @property
    def kind(self) -> str: ...

    @property
    def text(self) -> str: ...


@dataclass(slots=True, frozen=True)
class Unit:
    """A segment as the aligner sees it: its kind and its text."""

    kind: str  # "heading", "paragraph", ..., or "text" for plain text of unknown kind
    text: str  # the segment text (inline Markdown allowed)
    line: int = 0  # 1-based line in its document, for reports


@dataclass(slots=True, frozen=True)
class Link:
    """One step of an alignment: source segments paired with target segments."""

    source: tuple[int, ...]  # indexes into the source sequence (empty: an added target segment)
    target: tuple[int, ...]  # indexes into the target sequence (empty: a dropped source segment)
    score: float = 0.0  # 0..1, how sure the aligner is that these translate each other
    move: str = ""  # "1-1", "2-1", "1-2", "swap", "moved", "1-0", "0-1"

    @property
    def paired(self) -> bool:
        """Whether both sides hold a segment."""
        return bool(self.source) and bool(self.target)


@dataclass(slots=True, frozen=True)
class Alignment:
    """The result of :func:`align`."""

    links: tuple[Link, ...]  # in source order; unpaired target segments by target order
    source_size: int
    target_size: int
    coverage: float  # share of the segments of both sides in pairs, weighted by score

    @property
    def pairs(self) -> list[Link]:
        """The links that pair segments, in source order."""
        return [link for link in self.links if link.paired]

    @property
    def unpaired_source(self) -> list[int]:
        """Source segments without a counterpart."""
        return sorted(i for link in self.links if not link.target for i in link.source)

    @property
    def unpaired_target(self) -> list[int]:
        """Target segments without a counterpart."""
        return sorted(j for link in self.links if not link.source for j in link.target)

    @property
    def matches(self) -> bool:
        """Whether the two documents look like a text and its translation."""
        return self.coverage >= MATCH_COVERAGE


@dataclass(slots=True, frozen=True)
class Features:
    """What a segment contributes to a pair score, computed once."""

    kind: str
    length: float  # characters of visible text
    anchors: frozenset[str]  # numbers (months as numbers), visible URLs, glossary terms
    names: frozenset[str]  # stems of capitalised tokens and acronyms
    stems: frozenset[str]  # word stems, for cognates
    caps: bool = False  # written all in capitals (a styled heading)


# -- features ---------------------------------------------------------------------------------

_LINK_RE = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>()\"']+[^\s<>()\"'.,;:!?]", re.IGNORECASE)
_MARK_RE = re.compile(r"[*_`~]+|<[^>\n]+>")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_NUMBER_RE = re.compile(r"\d+")
_SENTENCE_END = ".!?:;\"“”«»(–—•-"


def visible_text(text: str) -> str:
    """The text a reader sees: link and image markup reduced to their text, emphasis removed."""
    text = _LINK_RE.sub(lambda m: m[1], text)
    return _MARK_RE.sub("", text)


def fold(word: str) -> str:
    """Lower case without accents, for comparing words across languages."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=64)
def month_names(lang: str) -> dict[str, int]:
    """Month names of a language (wide and abbreviated, folded) to their numbers, from Babel."""
    names: dict[str, int] = {}
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return names
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months.get(context, {}).get(width, {}).items():
                key = fold(name).rstrip(".")
                if len(key) >= 3:
                    names[key] = number
    return names


def _month_pattern(months: dict[str, int]) -> re.Pattern[str] | None:
    if not months:
        return None
    names = "|".join(sorted((re.escape(n) for n in months), key=len, reverse=True))
    # A month name counts only next to a number: "31 May", "May 31", "30 mai", "März 2022".
    return re.compile(rf"(?<=\d)\.?\s+({names})\.?(?!\w)|(?<!\w)({names})\.?\s+(?=\d)")


@lru_cache(maxsize=64)
def _cached_month_pattern(lang: str) -> re.Pattern[str] | None:
    return _month_pattern(month_names(lang))


def features(segment: Alignable, *, lang: str = "en", terms: Sequence[str] = ()) -> Features:
    """The scoring features of one segment in language ``lang``; ``terms`` are glossary terms."""
    text = visible_text(segment.text)
    anchors: set[str] = set()
    for url in _URL_RE.findall(text):
        anchors.add("u:" + url.lower().rstrip("/"))
    plain = _URL_RE.sub(" ", text)
    folded = fold(plain)
    for number in _NUMBER_RE.findall(plain):
        anchors.add("#" + (number.lstrip("0") or "0"))
    pattern = _cached_month_pattern(lang)
    if pattern is not None:
        months = month_names(lang)
        for match in pattern.finditer(folded):
            anchors.add("#" + str(months[(match[1] or match[2])]))
    for term in terms:
        if term and re.search(rf"(?<!\w){re.escape(term)}(?!\w)", plain):
            anchors.add("g:" + fold(term))
    caps = not any(c.islower() for c in plain) and sum(c.isalpha() for c in plain) >= 2
    stems: set[str] = set()
    names: set[str] = set()
    for match in _WORD_RE.finditer(plain):
        word = match[0]
        key = stem(word)
        if len(word) >= 5:
            stems.add(key)
        if caps or len(word) < 2 or not word[0].isupper():
            continue
        before = match.start() - 1
        while before >= 0 and plain[before].isspace():
            before -= 1
        starts_sentence = before < 0 or plain[before] in _SENTENCE_END
        if word.isupper() or not starts_sentence:
            names.add(key)
    return Features(segment.kind, float(len(" ".join(text.split()))), frozenset(anchors), frozenset(names),
                    frozenset(stems), caps)


def _joined(a: Features, b: Features) -> Features:
    return Features(a.kind, a.length + b.length + 1, a.anchors | b.anchors, a.names | b.names,
                    a.stems | b.stems, a.caps and b.caps)


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude cross-language stem: folded, doubled letters collapsed, first four letters."""
    key = fold(word)
    return re.sub(r"(.)\1+", r"\1", key)[:4]


# -- scoring ----------------------------------------------------------------------------------

_KIND_GROUPS = {
    "heading": "heading",
    "paragraph": "block",
    "block quote": "block",
    "footnote": "block",
    "list item": "item",
    "table cell": "item",
    "image alt": "item",
    "link title": "item",
    "front matter": "meta",
}


@lru_cache(maxsize=256)
def _kind_factor(a: str, b: str) -> float:
    if "fragment" in (a, b):
        return 0.3
    if a == b or a == "text" or b == "text":
        return 1.0
    ga, gb = _KIND_GROUPS.get(a, a), _KIND_GROUPS.get(b, b)
    if ga == gb:
        return 0.97
    if "heading" in (ga, gb) or "meta" in (ga, gb):
        return 0.8
    return 0.92


def pair_score(a: Features, b: Features, *, ratio: float = 1.0) -> float:
    """How likely ``b`` translates ``a`` (0..1); ``ratio`` is the expected target/source length.

    A weighted mean of the length agreement, strong anchors, names and cognates; a component
    neither side has evidence for counts as an even chance (0.5).
    """
    return _score(a, b, math.log((b.length + LENGTH_SMOOTHING) / (ratio * a.length + LENGTH_SMOOTHING)))


_HALF_INVERSE_VARIANCE = 1 / (2 * LENGTH_SIGMA * LENGTH_SIGMA)


def _score(a: Features, b: Features, x: float) -> float:
    """:func:`pair_score` given ``x``, the log of the length ratio against the expected one."""
    length = math.exp(-x * x * _HALF_INVERSE_VARIANCE)
    sa, sb = a.anchors, b.anchors
    shared = len(sa & sb)
    anchors = 2 * shared / (len(sa) + len(sb)) if sa or sb else 0.5
    # Each shared anchor (up to three) makes the anchors count for more than the lengths.
    weight = 0.35 + 0.1 * min(shared, 3)
    sa, sb = a.names, b.names
    names = 2 * len(sa & sb) / (len(sa) + len(sb)) if sa or sb else 0.5
    sa, sb = a.stems, b.stems
    if len(sa) < 3 or len(sb) < 3:
        cognates = 0.5
    else:
        cognates = min(1.0, 4.4 * len(sa & sb) / (len(sa) + len(sb)))
    score = (0.4 * length + weight * anchors + 0.1 * names + 0.15 * cognates) / (0.65 + weight)
    return score if a.kind == b.kind else score * _kind_factor(a.kind, b.kind)


def score_pair(source: Alignable, target: Alignable, *, source_lang: str = "en",
               target_lang: str = "en", terms: Sequence[str] = ()) -> float:
    """The score of one pair on its own (length ratio 1)."""
    return pair_score(
        features(source, lang=source_lang, terms=terms),
        features(target, lang=target_lang, terms=terms),
    )


# -- the search -------------------------------------------------------------------------------


def align(source: Sequence[Alignable], target: Sequence[Alignable], *, source_lang: str = "en",
          target_lang: str = "en", terms: Iterable[str] = (), band: int = BAND) -> Alignment:
    """Align two segment sequences; see the module docstring for the moves and the score."""
    terms = tuple(terms)
    fs = [features(s, lang=source_lang, terms=terms) for s in source]
    ft = [features(t, lang=target_lang, terms=terms) for t in target]
    return align_features(fs, ft, band=band)


def align_features(fs: Sequence[Features], ft: Sequence[Features], *, band: int = BAND) -> Alignment:
    """Align two sequences of precomputed features.

    The expected length ratio is first taken from the whole texts, then, when the pairs
    found say otherwise (many segments dropped on one side), from the pairs, and the
    search runs again.
    """
    total_s = sum(f.length for f in fs) or 1.0
    total_t = sum(f.length for f in ft) or 1.0
    ratio = min(3.0, max(1 / 3, total_t / total_s))
    alignment = _align_with_ratio(fs, ft, band, ratio)
    paired_s = sum(fs[i].length for link in alignment.pairs for i in link.source)
    paired_t = sum(ft[j].length for link in alignment.pairs for j in link.target)
    if paired_s and paired_t:
        measured = min(3.0, max(1 / 3, paired_t / paired_s))
        if abs(math.log(measured / ratio)) > 0.1:
            alignment = _align_with_ratio(fs, ft, band, measured)
    return alignment


def _align_with_ratio(fs: Sequence[Features], ft: Sequence[Features], band: int, ratio: float) -> Alignment:
    n, m = len(fs), len(ft)
    fs2 = [_joined(fs[i - 1], fs[i]) for i in range(1, n)]  # fs2[i-1]: source i-1 and i
    ft2 = [_joined(ft[j - 1], ft[j]) for j in range(1, m)]
    ps2 = [_merge_penalty(fs[i - 1], fs[i]) for i in range(1, n)]
    pt2 = [_merge_penalty(ft[j - 1], ft[j]) for j in range(1, m)]

    inf = math.inf
    smooth = LENGTH_SMOOTHING
    ls = [math.log(ratio * f.length + smooth) for f in fs]
    lt = [math.log(f.length + smooth) for f in ft]
    ls2 = [math.log(ratio * f.length + smooth) for f in fs2]
    lt2 = [math.log(f.length + smooth) for f in ft2]
    spread = _HALF_INVERSE_VARIANCE
    single: dict[tuple[int, int], float] = {}

    def s11(i: int, j: int) -> float:
        key = (i, j)
        value = single.get(key)
        if value is None:
            value = single[key] = _score(fs[i], ft[j], lt[j] - ls[i])
        return value

    def search(width: int) -> list[dict[int, str]]:
        """The back pointers of the cheapest path inside a band of ``width`` around the diagonal."""
        # cost[i][j]: the cheapest alignment of source[:i] with target[:j]; only the band is kept.
        cost: list[dict[int, float]] = [dict() for _ in range(n + 1)]
        back: list[dict[int, str]] = [dict() for _ in range(n + 1)]
        # A pair scores at most 0.6 + 0.4 * its length agreement: a merge whose lengths
        # disagree too much to beat the best move so far is not scored at all.
        for i in range(n + 1):
            lo, hi = lo_hi(i, width)
            row, prev1 = cost[i], cost[i - 1] if i else None
            prev2 = cost[i - 2] if i >= 2 else None
            brow = back[i]
            for j in range(lo, hi + 1):
                if i == 0 and j == 0:
                    row[0] = 0.0
                    brow[0] = ""
                    continue
                best, step = inf, ""
                if j and (c := row.get(j - 1)) is not None:
                    best, step = c + SKIP_COST, "0-1"
                if prev1 is not None:
                    if (c := prev1.get(j)) is not None and c + SKIP_COST < best:
                        best, step = c + SKIP_COST, "1-0"
                    if j and (c := prev1.get(j - 1)) is not None:
                        c += 2 * (1 - s11(i - 1, j - 1))
                        if c < best:
                            best, step = c, "1-1"
                    if j >= 2 and (c := prev1.get(j - 2)) is not None:
                        x = lt2[j - 2] - ls[i - 1]
                        c += pt2[j - 2]
                        if c + 1.2 * (1 - math.exp(-x * x * spread)) < best:
                            c += 3 * (1 - _score(fs[i - 1], ft2[j - 2], x))
                            if c < best:
                                best, step = c, "1-2"
                if prev2 is not None:
                    if j and (c := prev2.get(j - 1)) is not None:
                        x = lt[j - 1] - ls2[i - 2]
                        c += ps2[i - 2]
                        if c + 1.2 * (1 - math.exp(-x * x * spread)) < best:
                            c += 3 * (1 - _score(fs2[i - 2], ft[j - 1], x))
                            if c < best:
                                best, step = c, "2-1"
                    if j >= 2 and (c := prev2.get(j - 2)) is not None and c + SWAP_PENALTY < best:
                        c += 2 * (1 - s11(i - 2, j - 1)) + 2 * (1 - s11(i - 1, j - 2)) + SWAP_PENALTY
                        if c < best:
                            best, step = c, "swap"
                if best < inf:
                    row[j] = best
                    brow[j] = step
        return back

    def lo_hi(i: int, width: int) -> tuple[int, int]:
        centre = i * m / n if n else 0
        return max(0, int(centre) - width), min(m, int(math.ceil(centre)) + width)

    # Start narrow; widen while the best path runs along the edge of the band.
    width = min(band, 16) + abs(n - m) // 4
    while True:
        back = search(width)
        links = _trace(back, n, m, fs, ft, fs2, ft2, ratio, s11)
        if width >= band + abs(n - m) // 4 or not _touches_edge(links, n, m, lambda i, width=width: lo_hi(i, width)):
            break
        width = min(2 * width, band + abs(n - m) // 4)

    links = _pair_moved(_with_context(links), fs, ft, ratio)
    covered = sum(link.score * (len(link.source) + len(link.target)) for link in links if link.paired)
    coverage = covered / (n + m) if n + m else 0.0
    return Alignment(tuple(links), n, m, coverage)


def _touches_edge(links: list[Link], n: int, m: int, bounds) -> bool:
    """Whether the path passes within two cells of the band's edge (where a wider band may differ)."""
    i = j = 0
    for link in links:
        i += len(link.source)
        j += len(link.target)
        lo, hi = bounds(i)
        if (lo > 0 and j - lo < 2) or (hi < m and hi - j < 2):
            return True
    return False


def _merge_penalty(a: Features, b: Features) -> float:
    """The cost of reading two segments as one: low for two comparable halves of a split."""
    balance = 2 * min(a.length, b.length) / max(1.0, a.length + b.length)
    return MERGE_PENALTY + UNEVEN_PENALTY * (1 - balance)


def _trace(back, n, m, fs, ft, fs2, ft2, ratio, s11) -> list[Link]:
    links: list[Link] = []
    i, j = n, m
    if j not in back[i]:
        # The band missed the corner (cannot happen with lo_hi's rounding, kept as a guard).
        raise ValueError("alignment band does not reach the end of both documents")
    while i or j:
        step = back[i][j]
        if step == "1-1":
            links.append(Link((i - 1,), (j - 1,), round(s11(i - 1, j - 1), 3), step))
            i, j = i - 1, j - 1
        elif step == "1-0":
            links.append(Link((i - 1,), (), 0.0, step))
            i -= 1
        elif step == "0-1":
            links.append(Link((), (j - 1,), 0.0, step))
            j -= 1
        elif step == "1-2":
            score = pair_score(fs[i - 1], ft2[j - 2], ratio=ratio)
            links.append(Link((i - 1,), (j - 2, j - 1), round(score, 3), step))
            i, j = i - 1, j - 2
        elif step == "2-1":
            score = pair_score(fs2[i - 2], ft[j - 1], ratio=ratio)
            links.append(Link((i - 2, i - 1), (j - 1,), round(score, 3), step))
            i, j = i - 2, j - 1
        else:  # swap
            links.append(Link((i - 1,), (j - 2,), round(s11(i - 1, j - 2), 3), step))
            links.append(Link((i - 2,), (j - 1,), round(s11(i - 2, j - 1), 3), step))
            i, j = i - 2, j - 2
    links.reverse()
    return links


def _with_context(links: list[Link]) -> list[Link]:
    """Raise the score of a 1-1 pair held between two sure pairs (its position vouches for it).

    The neighbours are the nearest pairs on each side; unpaired segments between do not count.
    """
    paired = [k for k, link in enumerate(links) if link.paired]
    result = list(links)
    for position, k in enumerate(paired):
        link = links[k]
        if link.move != "1-1" or link.score >= SURE_SCORE or link.score < 1 - SKIP_COST:
            continue
        if position == 0 or position == len(paired) - 1:
            continue
        context = min(links[paired[position - 1]].score, links[paired[position + 1]].score)
        if context >= SURE_SCORE:
            boosted = link.score + (1 - link.score) * 0.5 * context
            result[k] = Link(link.source, link.target, round(boosted, 3), link.move)
    return result


def _pair_moved(links: list[Link], fs: Sequence[Features], ft: Sequence[Features], ratio: float) -> list[Link]:
    """Pair left-over segments that share strong anchors, wherever they are."""
    lone_s = [i for link in links if not link.target for i in link.source]
    lone_t = [j for link in links if not link.source for j in link.target]
    if not lone_s or not lone_t or len(lone_s) * len(lone_t) > 250_000:
        return links
    candidates = []
    for i in lone_s:
        if not fs[i].anchors and not fs[i].names:
            continue
        for j in lone_t:
            shared = (fs[i].anchors & ft[j].anchors) or (fs[i].names & ft[j].names)
            if not shared:
                continue
            score = pair_score(fs[i], ft[j], ratio=ratio)
            if score >= MOVED_SCORE:
                candidates.append((score, i, j))
    taken_s: set[int] = set()
    taken_t: set[int] = set()
    moved: list[Link] = []
    for score, i, j in sorted(candidates, reverse=True):
        if i in taken_s or j in taken_t:
            continue
        taken_s.add(i)
        taken_t.add(j)
        moved.append(Link((i,), (j,), round(score, 3), "moved"))
    if not moved:
        return links
    by_source = {link.source[0]: link for link in moved}
    result: list[Link] = []
    for link in links:
        if not link.target and link.source[0] in by_source:
            result.append(by_source[link.source[0]])
        elif not link.source and link.target[0] in taken_t:
            continue
        else:
            result.append(link)
    return result
