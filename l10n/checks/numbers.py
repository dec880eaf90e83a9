"""Numbers written the target language's way (Babel's number formats)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from l10n.checks.dates import _dates
from l10n.checks.markup import _difference, _quote
from l10n.checks.model import Pair
from l10n.checks.text import _DATE_HINT_RE, _DATE_RE, _DIGIT_RE, _NUMBER_RE, _SPACE_GROUP_RE

if TYPE_CHECKING:
    from babel import Locale

# Babel (locale data) is loaded when a number is read or written, not when the checks are
# loaded: a run whose findings were kept (l10n check, then signoff) reads none.

# A digit, a space and a digit: what every match of _SPACE_GROUP_RE holds (found fast, where
# that pattern, which starts with a lookbehind, is tried at every position).
_SPACED_DIGITS_RE = re.compile(r"\d \d")

# numbers ---------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _locale(lang: str) -> Locale:
    from babel import Locale

    return Locale.parse(lang)


@lru_cache(maxsize=65536)
def _numbers(text: str, lang: str, fallback: str) -> tuple[tuple[str, ...], tuple[tuple[str, str | None], ...]]:
    """(values, odd): the numbers of ``text`` outside numeric dates, as normalized decimals.

    A number that is not written the way ``lang`` writes numbers is also returned in
    ``odd``, with its reading in the ``fallback`` language when it has one.
    """
    if not _DIGIT_RE.search(text):
        return (), ()
    if _DATE_HINT_RE.search(text):  # what every numeric date holds
        text = _DATE_RE.sub(" ", text)
    if _SPACED_DIGITS_RE.search(text):
        # "12 500" typed with an ordinary space is one number, as with a no-break space.
        text = _SPACE_GROUP_RE.sub(lambda match: match[0].replace(" ", "\u00a0"), text)
    values: list[str] = []
    odd: list[tuple[str, str | None]] = []
    for match in _NUMBER_RE.finditer(text):
        written = match[0]
        if written.isdigit():
            values.append(str(int(written)))
            continue
        value = _parse_number(written, lang)
        if value is not None:
            values.append(value)
            continue
        pieces = re.split(r"[\u00a0\u202f\u2009'’]", written)
        if len(pieces) > 1 and all(p.isdigit() for p in pieces):
            # Digits grouped with a (thin) space: one number in any language.
            values.append(str(int("".join(pieces))))
            continue
        other = _parse_number(written, fallback)
        odd.append((written, other))
        if other is not None:
            values.append(other)
        else:
            values.extend(str(int(p)) for p in re.findall(r"\d+", written))
    return tuple(values), tuple(odd)


@lru_cache(maxsize=65536)
def _parse_number(written: str, lang: str) -> str | None:
    from babel.numbers import NumberFormatError, parse_decimal

    try:
        value = parse_decimal(written, locale=lang, strict=True)
    except NumberFormatError:
        return None
    return _plain_number(format(value, "f"))


def _format_like(written: str, value: Decimal, lang: str) -> str:
    """``value`` in ``lang``'s number format, with as many decimals as ``written`` has."""
    from babel.numbers import format_decimal

    decimals = len(re.split(r"[.,]", written)[-1]) if re.search(r"[.,]\d{1,2}$", written) else 0
    return format_decimal(value, format="#,##0" + ("." + "0" * decimals if decimals else ""), locale=lang)


def _plain_number(value: str) -> str:
    return value.rstrip("0").rstrip(".") if "." in value else value


@lru_cache(maxsize=65536)
def _date_parts(text: str) -> Counter[str]:
    """The day, month and year of every numeric date in ``text``, as plain numbers."""
    parts: Counter[str] = Counter()
    for _, _, numbers in _dates(text):
        for number in numbers:
            parts[str(number)] += 1
            if number < 100 and numbers.index(number) != 0:
                parts[str(2000 + number)] += 1  # a two-digit year
    return parts


def _without(values: list[str], parts: Counter[str]) -> list[str]:
    """``values`` less the numbers that a date on the other side accounts for."""
    if not parts:
        return list(values)
    left = Counter(parts)
    kept = []
    for value in values:
        if left[value] > 0:
            left[value] -= 1
        else:
            kept.append(value)
    return kept


def check_numbers(pair: Pair) -> Iterator[str]:
    """Numbers are kept, written the way the target language writes them (1.000,5 in German)."""
    source_language = pair.settings.source_language
    source_values, _ = _numbers(pair.source.prose, source_language, source_language)
    target_values, odd = _numbers(pair.target.prose, pair.lang, source_language)
    if not (source_values or target_values):
        return
    # A date may be written with numbers on one side and a month name on the other.
    source_values = _without(source_values, _date_parts(pair.target.prose))
    target_values = _without(target_values, _date_parts(pair.source.prose))
    for written, other in odd:
        if other is not None:
            local = _format_like(written, Decimal(other), pair.lang)
            yield f"number {written} is not written the {pair.lang} way: write {local}"
    missing, added = _difference(source_values, target_values)
    if missing:
        yield f"number missing from the translation: {_quote(missing)}"
    if added:
        yield f"number not in the source: {_quote(added)}"
