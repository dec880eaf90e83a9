"""Checks of what must survive translation: links, markup, HTML tags, unsafe HTML, placeholders.

:func:`unsafe_html` gives the reason :mod:`l10n.publish.safety` has to refuse a translation,
the same one render and build act on."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache

from l10n.checks.model import Pair
from l10n.checks.text import _MARKUP_NAMES, Text
from l10n.publish.safety import guard_markdown

# -- the unsafe-HTML test, shared with render and build ------------------------------------


def unsafe_html(source: str, translation: str) -> str | None:
    """Why render and build would refuse ``translation`` of ``source``, or None.

    The decision is :func:`l10n.publish.safety.guard_markdown`'s: an element, attribute,
    URL scheme, comment or malformed tag that the source's HTML lacks, read by an HTML5
    tokenizer. Text inside code spans is shown as code, not run, so it never counts.
    """
    return guard_markdown(source, translation).reason


def _difference(source: Iterable[str], target: Iterable[str]) -> tuple[list[str], list[str]]:
    """(in source only, in target only), counting repeats."""
    if source == target:
        return [], []
    a, b = Counter(source), Counter(target)
    return sorted((a - b).elements()), sorted((b - a).elements())


def _quote(items: Iterable[str]) -> str:
    return ", ".join(dict.fromkeys(items))


def check_links(pair: Pair) -> Iterator[str]:
    """Link targets, image sources, autolinks, bare URLs and e-mail addresses are kept."""
    if not (pair.source.addresses or pair.target.addresses):
        return
    for label, src, dst in (
        ("link target", pair.source.links, pair.target.links),
        ("image source", pair.source.images, pair.target.images),
        ("autolink", pair.source.autolinks, pair.target.autolinks),
        ("URL", pair.source.urls, pair.target.urls),
        ("e-mail address", pair.source.emails, pair.target.emails),
    ):
        missing, added = _difference(src, dst)
        if missing:
            yield f"{label} missing from the translation: {_quote(missing)}"
        if added:
            yield f"{label} not in the source: {_quote(added)}"


def check_markup(pair: Pair) -> Iterator[str]:
    """Emphasis, strong, code spans, links, images, footnotes and hard breaks are kept."""
    src, dst = pair.source, pair.target
    if not (src.markup or dst.markup or dst.stray):
        return
    for kind, name in _MARKUP_NAMES.items():
        a, b = src.markup.get(kind, 0), dst.markup.get(kind, 0)
        if a != b:
            yield f"the source has {a} {name}, the translation {b}"
    missing, added = _difference(src.code, dst.code)
    if missing and src.markup.get("code_inline", 0) == dst.markup.get("code_inline", 0):
        yield f"code spans are not translated: keep `{_quote(missing)}`"
    missing, added = _difference(src.footnotes, dst.footnotes)
    if missing and len(src.footnotes) == len(dst.footnotes):
        yield f"footnote reference changed: [^{_quote(missing)}] became [^{_quote(added)}]"
    for char, count in dst.stray.items():
        if count > src.stray.get(char, 0):
            yield f"unbalanced {char!s} in the translation: a delimiter without its pair"


def check_html_tags(pair: Pair) -> Iterator[str]:
    """Inline HTML tags are kept: the same tags, as many of each."""
    missing, added = _difference(pair.source.tags, pair.target.tags)
    if missing:
        yield "HTML tags missing from the translation: " + _quote(f"<{t}>" for t in missing)
    if added:
        yield "HTML tags not in the source: " + _quote(f"<{t}>" for t in added)


def check_unsafe_html(pair: Pair) -> Iterator[str]:
    """No HTML the source lacks, decided as render and build decide it (they refuse it)."""
    if surely_safe(pair.source, pair.target):
        return
    reason = unsafe_html(pair.source.raw, pair.target.raw)
    if reason:
        yield reason


# Attributes markdown-it writes whose values are the translator's to write: the guard asks
# only that the source's element has them too.
_FREE_VALUES = frozenset({"alt", "title"})

_Elements = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]

# A link target markdown-it refuses (javascript:, vbscript:, file:, data:) is read as written
# by the guard. Such a target is written with its scheme in letters, or with an entity or a
# backslash escape: without any of them after a "](", no link of the text is one.
_REFUSED_TARGET_HINT_RE = re.compile(r"\]\(.*(?:&|\\|script:|data:|file:)", re.IGNORECASE | re.DOTALL)


@lru_cache(maxsize=4096)
def _offers(elements: _Elements) -> frozenset[tuple[str, str | None, str | None]]:
    """What a source's elements allow: each tag, each (tag, attribute) and each value."""
    offered: set[tuple[str, str | None, str | None]] = set()
    for tag, attributes in elements:
        offered.add((tag, None, None))
        for name, value in attributes:
            offered.add((tag, name, None))
            offered.add((tag, name, value))
    return frozenset(offered)


@lru_cache(maxsize=65536)
def _asks(elements: _Elements) -> frozenset[tuple[str, str | None, str | None]]:
    """What a translation's elements need of the source's: each tag, and each attribute with
    its value unless the value is free."""
    asked: set[tuple[str, str | None, str | None]] = set()
    for tag, attributes in elements:
        asked.add((tag, None, None))
        for name, value in attributes:
            asked.add((tag, name, None if name in _FREE_VALUES else value))
    return frozenset(asked)


def surely_safe(source: Text, target: Text) -> bool:
    """Whether :func:`unsafe_html` is sure to accept ``target`` as a translation of ``source``,
    told from what the two texts render to, without rendering them again.

    So when the translation holds no ``<`` and no link whose target markdown-it may refuse
    (the guard reads those as written: ``l10n.publish.safety.guard_markdown``), and every element its Markdown renders to is
    one the source renders to, with the same attributes and the same values (an image's
    alt text and a title aside): the guard then finds nothing the source lacks. Any other
    pair is left to the guard.
    """
    asked = target.elements
    if asked is None or "<" in target.raw or _REFUSED_TARGET_HINT_RE.search(target.raw):
        return False
    if not asked:
        return True  # rendered as text alone
    offered = source.elements
    return offered is not None and _asks(asked) <= _offers(offered)


def check_placeholders(pair: Pair) -> Iterator[str]:
    """Placeholders such as {name}, %s and %(name)s are copied exactly."""
    missing, added = _difference(pair.source.placeholders, pair.target.placeholders)
    if missing:
        yield f"placeholder missing from the translation: {_quote(missing)}"
    if added:
        yield f"placeholder not in the source: {_quote(added)}"
