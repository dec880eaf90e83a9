"""What a URL, an e-mail address and a placeholder are: the one definition every stage uses.

Masking (:mod:`l10n.drafting.masking`) hides these spans from a translation provider, the
``links`` and ``placeholders`` checks compare them between source and translation, word
counts (:mod:`l10n.coverage.counts`) leave them out and the aligner takes URLs as anchors.
All of them read the spans with the patterns below, so what ``draft`` protects is what
``check`` compares and what ``status`` does not count as words. Merge tags and template
syntax (``*|FNAME|*``, ``{{ name }}``) are defined in :mod:`l10n.sources.mergetags`.

A bare URL ends before trailing punctuation (``.``, ``,``, ``;``, ``:``, ``!``, ``?``) and
before a closing parenthesis it did not open, so ``(see https://example.org/a).`` gives
``https://example.org/a`` while ``https://en.wikipedia.org/wiki/Set_(mathematics)`` stays
whole.
"""

from __future__ import annotations

import re

from l10n.sources.mergetags import merge_tags, without_merge_tags

# A character a URL may hold, one it may end with, and a balanced "(...)" group.
_URL_CHAR = r"[^\s<>()\[\]\"'`]"
_URL_END = r"[^\s<>()\[\]\"'`.,;:!?]"
_URL_GROUP = r"\([^\s<>()\[\]\"'`]*\)"

URL_RE = re.compile(
    rf"(?:\b[A-Za-z][A-Za-z0-9+.-]{{0,31}}://|\bwww\.)"
    rf"(?:{_URL_CHAR}|{_URL_GROUP})*(?:{_URL_END}|{_URL_GROUP})",
    re.IGNORECASE,
)

EMAIL_RE = re.compile(r"(?<![\w.+-])(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

PLACEHOLDER_RE = re.compile(
    # printf: not after a digit ("50% of"), without the space flag ("% d" is prose), and not
    # the start of a word ("%sale")
    r"(?<!\d)%(?:\([\w.-]+\))?[-#0+]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlLqjzt]*[sdifFeEgGxXocrau](?![A-Za-z])"
    r"|(?<!\d)%\d+\$[sdif]"
    r"|\{\{\s*[\w.]+\s*\}\}"
    r"|\{[A-Za-z_][\w.]*(?:\[[^\]{}]*\])?(?:![rsa])?(?::[^{}]*)?\}|\{\d*(?::[^{}]*)?\}"
    r"|\$\{[\w.]+\}"
)


def may_hold_url(text: str) -> bool:
    """Whether ``text`` may hold a URL (a fast test before the search)."""
    return "://" in text or "www." in text.lower()


def urls(text: str) -> list[str]:
    """The bare URLs of ``text``, in order, as written."""
    return URL_RE.findall(text) if may_hold_url(text) else []


def emails(text: str) -> list[str]:
    """The e-mail addresses of ``text``, in order, without a ``mailto:`` prefix."""
    if "@" not in text:
        return []
    return [m.removeprefix("mailto:") for m in EMAIL_RE.findall(text)]


def placeholders(text: str) -> list[str]:
    """The merge tags, then the placeholders (``{name}``, ``%s``, ``%(x)s``) of ``text``.

    A ``%2F`` or ``{id}`` inside a URL or an e-mail address is part of the address.
    """
    found = merge_tags(text)
    rest = without_merge_tags(text) if found else text
    if may_hold_url(rest):
        rest = URL_RE.sub(" ", rest)
    if "@" in rest:
        rest = EMAIL_RE.sub(" ", rest)
    if "%" in rest or "{" in rest or "$" in rest:
        found += PLACEHOLDER_RE.findall(rest)
    return found


def without_addresses(text: str, replacement: str = " ") -> str:
    """``text`` with its URLs, e-mail addresses, merge tags and placeholders replaced.

    What is left is what a reader reads as words.
    """
    if may_hold_url(text):
        text = URL_RE.sub(replacement, text)
    if "@" in text:
        text = EMAIL_RE.sub(replacement, text)
    text = without_merge_tags(text, replacement)
    if "%" in text or "{" in text or "$" in text:
        text = PLACEHOLDER_RE.sub(replacement, text)
    return text
