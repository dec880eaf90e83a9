"""Final punctuation, the target language's way (Spanish ¿…?, French spacing, other scripts)."""

from __future__ import annotations

from collections.abc import Iterator

from l10n.checks.model import Pair
from l10n.checks.text import _CLOSING

# punctuation -----------------------------------------------------------------------------

_SPACED_MARKS = {":", ";", "!", "?"}
_EQUIVALENT = {"…": ("…", "..."), "...": ("…", "...")}
# Greek writes the question mark as ";" (U+037E or the semicolon).
_GREEK_QUESTION = (";", "\u037e")


def check_end_punctuation(pair: Pair) -> Iterator[str]:
    """The translation ends like the source (?, !, :, .), written the target language's way."""
    lang = pair.lang.split("_")[0]
    source, target = pair.source.plain, pair.target.plain
    want, have = pair.source.final, pair.target.final
    if want in _EQUIVALENT and have in _EQUIVALENT[want]:
        return
    if lang == "el" and want == "?" and have in _GREEK_QUESTION:
        return
    if want != have:
        if not want:
            yield f"the translation ends with {have!r}, the source has no final punctuation"
        elif not have:
            yield f"the translation does not end with {want!r} like the source"
        else:
            yield f"the translation ends with {have!r}, the source with {want!r}"
        return
    core = target.rstrip().rstrip(_CLOSING)
    if lang == "fr" and want in _SPACED_MARKS and not core[:-1].endswith(("\u00a0", "\u202f", " ")):
        yield f"in French, put a no-break space before {want!r}"
    spaces = (" ", "\u00a0", "\u202f")
    source_core = source.rstrip().rstrip(_CLOSING)
    if lang != "fr" and want in _SPACED_MARKS and core[:-1].endswith(spaces) and not source_core[:-1].endswith(spaces):
        yield f"no space before {want!r}"
    if lang == "es" and want in ("?", "!"):
        opening = "¿" if want == "?" else "¡"
        if opening not in target:
            yield f"in Spanish, open the sentence with {opening!r}"
