"""Whitespace and repeated words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from l10n.checks.model import Pair
from l10n.checks.text import _WORD_RE

# whitespace and words ---------------------------------------------------------------------


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()):]


def _describe_space(space: str) -> str:
    if not space:
        return "no whitespace"
    names = {" ": "space", "\n": "line break", "\t": "tab", "\u00a0": "no-break space"}
    if len(set(space)) == 1 and space[0] in names:
        name = names[space[0]]
        return f"a {name}" if len(space) == 1 else f"{len(space)} {name}s"
    return repr(space)


def check_leading_whitespace(pair: Pair) -> Iterator[str]:
    """Whitespace at the start is the same as in the source."""
    want, have = _leading(pair.source.raw), _leading(pair.target.raw)
    if want != have:
        yield f"the source starts with {_describe_space(want)}, the translation with {_describe_space(have)}"


def check_trailing_whitespace(pair: Pair) -> Iterator[str]:
    """Whitespace at the end is the same as in the source (two spaces make a line break)."""
    want, have = _trailing(pair.source.raw), _trailing(pair.target.raw)
    if want != have:
        yield f"the source ends with {_describe_space(want)}, the translation with {_describe_space(have)}"


_DOUBLE_SPACE_RE = re.compile(r"(?<=\S) {2,}(?=\S)")


def check_double_space(pair: Pair) -> Iterator[str]:
    """No doubled spaces between words, unless the source has them."""
    if "  " not in pair.target.prose:
        return
    count = len(_DOUBLE_SPACE_RE.findall(pair.target.prose))
    if count > len(_DOUBLE_SPACE_RE.findall(pair.source.prose)):
        yield "doubled space between words"


# Repeats that are correct in these languages ("nous nous", "die die", "che che").
_VALID_REPEATS: dict[str, frozenset[str]] = {
    "de": frozenset({"die", "der", "das", "sie"}),
    "fr": frozenset({"nous", "vous"}),
    "it": frozenset({"che"}),
    "pl": frozenset({"to"}),
    "lv": frozenset(),
    "ro": frozenset(),
    "es": frozenset(),
    "sv": frozenset(),
}


def check_doubled_words(pair: Pair) -> Iterator[str]:
    """No word written twice in a row ("the the"), unless the source does it too."""
    valid = _VALID_REPEATS.get(pair.lang.split("_")[0], frozenset())
    source_repeats = set(_repeats(pair.source.prose))
    for word in _repeats(pair.target.prose):
        if word not in valid and word not in source_repeats:
            yield f"the word {word!r} is repeated"


@lru_cache(maxsize=65536)
def _repeats(text: str) -> tuple[str, ...]:
    """Words written twice in a row with only whitespace between them, lowercased."""
    return tuple(_find_repeats(text))


_WORD_EDGES = ".,;:!?\"'()«»„“”‚‘’"
_OPENING = "\"'(«„“‚‘"


def _find_repeats(text: str) -> Iterator[str]:
    tokens = text.lower().split()
    # Only a bare word counts as the first of two: "very, very" is emphasis, "end. End"
    # two sentences.
    for first, second in zip(tokens, tokens[1:]):  # noqa: B905 (one shorter by design)
        word = first.lstrip(_OPENING)
        if word and word in second and second.strip(_WORD_EDGES) == word and _WORD_RE.fullmatch(word):
            yield word
