"""Language codes: any locale Babel knows, with suggestions for a code it does not."""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from importlib.util import find_spec

from l10n.errors import LanguageError

# A code already spelled as Babel names its locale data: language, script, territory.
_CANONICAL_RE = re.compile(r"[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_[A-Z]{2}|_\d{3})?")


@lru_cache(maxsize=1)
def known_locales() -> tuple[str, ...]:
    from babel import localedata

    return tuple(sorted(localedata.locale_identifiers()))


@lru_cache(maxsize=1)
def _locale_data() -> str | None:
    """The folder of Babel's locale data files (``ro.dat``, ``pt_BR.dat``), found without loading Babel."""
    spec = find_spec("babel")
    folders = list(spec.submodule_search_locations or ()) if spec else []
    return os.path.join(folders[0], "locale-data") if folders else None


@lru_cache(maxsize=None)
def normalize_language(code: str) -> str:
    """Return the gettext spelling of ``code`` (``pt_BR``, ``sr_Latn``), or raise LanguageError.

    A code already spelled that way and known to Babel is returned without loading Babel,
    which a command's start would otherwise pay for each configured language.
    """
    folder = _locale_data()
    if folder and _CANONICAL_RE.fullmatch(code) and os.path.isfile(os.path.join(folder, f"{code}.dat")):
        return code
    from babel import Locale, UnknownLocaleError, localedata

    cleaned = code.strip().replace("-", "_")
    try:
        locale = Locale.parse(cleaned)
    except (ValueError, UnknownLocaleError):
        locale = None
    if locale is None or str(locale) not in set(known_locales()) and not localedata.exists(str(locale)):
        named = language_by_name(code)
        if named is not None:
            return named
        raise LanguageError(f"unknown language {code!r}; did you mean {_suggest(cleaned)}?")
    return str(locale)


def _folded(name: str) -> str:
    """A name compared without case, accents or punctuation ("Română", "romana" -> "romana")."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c)).split())


def language_by_name(name: str) -> str | None:
    """The code of a language named in English or in itself ("polish", "polski", "Deutsch").

    Names come from Babel's locale data. English names are one table; a language's own name
    lives in its own locale file, slow to load, so only the languages that can match are
    read: those whose code starts with the name's first letter (de: Deutsch, pl: polski,
    ro: română, cs: čeština) and then, for a name not written in ASCII (Ελληνικά), the others.
    """
    folded = _folded(name)
    if not folded:
        return None
    found = english_names().get(folded)
    if found is not None:
        return found
    base = [code for code in known_locales() if "_" not in code]
    likely = [code for code in base if code[0] == folded[0]]
    rest = [] if name.isascii() else [code for code in base if code[0] != folded[0]]
    for code in (*likely, *rest):
        if _folded(_own_name(code)) == folded:
            return code
    return None


@lru_cache(maxsize=None)
def _own_name(code: str) -> str:
    from babel import Locale

    return Locale.parse(code).get_language_name(code) or ""


@lru_cache(maxsize=1)
def english_names() -> dict[str, str]:
    """Language names in English (folded) to their code: "polish" -> pl, "brazilian portuguese" -> pt_BR."""
    from babel import Locale

    known = set(known_locales())
    names: dict[str, str] = {}
    for code, name in sorted(Locale("en").languages.items(), key=lambda item: (item[0].count("_"), item[0])):
        if code in known:
            names.setdefault(_folded(name), code)
    return names


def _suggest(code: str) -> str:
    from babel import Locale
    from rapidfuzz import fuzz, process, utils

    matches = process.extract(code, known_locales(), scorer=fuzz.WRatio, limit=4)
    lowered = code.lower()
    exact_prefix = [c for c in known_locales() if c.lower().startswith(lowered[:2])][:2]
    # A language written out in English ("Portuguese", "polish") points to its code.
    known = set(known_locales())
    spelled = {c: n for c, n in Locale("en").languages.items() if c in known} if len(code) > 3 else {}
    by_name = [m[2] for m in process.extract(code, spelled, scorer=fuzz.WRatio, limit=2, score_cutoff=85,
                                             processor=utils.default_process)]
    names = list(dict.fromkeys([*by_name, *exact_prefix, *(m[0] for m in matches)]))[:4]
    return ", ".join(names) if names else "a code such as ro, pl or pt_BR"


def language_name(code: str, *, in_language: str | None = None) -> str:
    """The language's name, in its own language by default ("română", "polski")."""
    from babel import Locale

    locale = Locale.parse(code)
    return locale.get_display_name(in_language or code) or code


def text_direction(code: str) -> str:
    """``rtl`` or ``ltr``, from Babel's locale data."""
    from babel import Locale

    return "rtl" if Locale.parse(code).character_order == "right-to-left" else "ltr"
