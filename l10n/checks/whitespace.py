"""Whitespace and repeated words."""

from __future__ import annotations

import re
from collections.abc import Iterator

from l10n.checks.model import Pair
from l10n.checks.text import repeated_words

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
    repeats = repeated_words(pair.target.prose)
    if not repeats:
        return
    valid = _VALID_REPEATS.get(pair.lang.split("_")[0], frozenset())
    source_repeats = set(repeated_words(pair.source.prose))
    for word in repeats:
        if word not in valid and word not in source_repeats:
            yield f"the word {word!r} is repeated"
