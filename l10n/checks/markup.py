"""Checks of what must survive translation: links, markup, HTML tags, unsafe HTML, placeholders.

:func:`unsafe_html` gives the reason :mod:`l10n.publish.safety` has to refuse a translation,
the same one render and build act on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from l10n.checks.model import Pair
from l10n.checks.text import _MARKUP_NAMES
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
    reason = unsafe_html(pair.source.raw, pair.target.raw)
    if reason:
        yield reason


def check_placeholders(pair: Pair) -> Iterator[str]:
    """Placeholders such as {name}, %s and %(name)s are copied exactly."""
    missing, added = _difference(pair.source.placeholders, pair.target.placeholders)
    if missing:
        yield f"placeholder missing from the translation: {_quote(missing)}"
    if added:
        yield f"placeholder not in the source: {_quote(added)}"
