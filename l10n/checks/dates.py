"""Dates written the target language's way (Babel's date formats)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from l10n.checks.model import Pair
from l10n.checks.text import _DATE_HINT_RE, _DATE_RE

# dates -----------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class DateStyle:
    """How a locale writes a numeric date: the order of day, month and year, and separators."""

    order: str  # "dmy", "mdy" or "ymd"
    separators: frozenset[str]


@lru_cache(maxsize=256)
def _date_style(lang: str) -> DateStyle:
    from babel.dates import get_date_format  # locale data, loaded when a date is read

    separators = set()
    order = ""
    for width in ("short", "medium"):
        pattern = get_date_format(width, locale=lang).pattern
        letters = "".join(dict.fromkeys(c.lower() for c in pattern if c in "dMy"))
        if "MMM" in pattern:
            continue
        order = order or letters
        separators.update(c for c in pattern if c in "./-")
    return DateStyle(order or "dmy", frozenset(separators or {"."}))


def _as_date(parts: tuple[int, int, int], order: str) -> dt.date | None:
    values = dict(zip(order, parts, strict=True))
    year = values["y"]
    if year < 100:
        year += 2000
    try:
        return dt.date(year, values["m"], values["d"])
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def _dates(text: str) -> tuple[tuple[str, str, tuple[int, int, int]], ...]:
    """Numeric dates in ``text``: (as written, separator, the three numbers in written order)."""
    if not _DATE_HINT_RE.search(text):
        return ()
    found = []
    for match in _DATE_RE.finditer(text):
        groups = match.groups()
        first, separator, second, third = groups[:4] if groups[0] is not None else groups[4:]
        found.append((match[0], separator, (int(first), int(second), int(third))))
    return tuple(found)


def check_dates(pair: Pair) -> Iterator[str]:
    """Dates are written the way the target language writes them (20.01.2022 in Romanian)."""
    style = _date_style(pair.lang)
    source_order = _date_style(pair.settings.source_language).order
    same_language = pair.lang == pair.settings.source_language
    source_dates = {written: parts for written, _, parts in _dates(pair.source.plain)}
    for written, separator, parts in _dates(pair.target.plain):
        if len(str(parts[0])) == 4 and separator == "-" and _as_date(parts, "ymd"):
            continue  # ISO 8601 is read the same everywhere
        local = _as_date(parts, style.order)
        meant = None
        if written in source_dates:
            meant = _as_date(source_dates[written], source_order)
            if meant is None or same_language:
                continue  # copied from a source that is not a date, or into its own language
            if local == meant and separator in style.separators:
                continue  # copied from the source, and read the same way in both languages
        elif local is not None and separator in style.separators:
            continue
        meant = meant or _as_date(parts, source_order) or local
        if meant is None:
            yield f"date {written} is not a valid date"
            continue
        from babel.dates import format_date

        short = format_date(meant, format="short", locale=pair.lang)
        medium = format_date(meant, format="medium", locale=pair.lang)
        suggestion = short if short == medium else f"{short} or {medium}"
        yield f"date {written} is not written the {pair.lang} way: write {suggestion}"
