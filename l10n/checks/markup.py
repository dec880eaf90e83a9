"""Checks of what must survive translation: links, markup, HTML tags, unsafe HTML, placeholders.

:func:`unsafe_html` is the one test the renderer and the build use to refuse writing HTML
from a translation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from l10n.checks.model import Pair
from l10n.checks.text import _MARKUP_NAMES, _attributes, _schemes, read_text

# -- the unsafe-HTML test used by render and build ------------------------------------------


def unsafe_html(source: str, translation: str) -> str | None:
    """A one-line reason when ``translation`` brings HTML the source lacks, else None.

    Unsafe: an inline HTML tag whose name is not in the source, an attribute not in the
    source (``onclick=``, ``style=``, ...), or a ``javascript:``, ``vbscript:`` or
    ``data:`` URL that the source does not have. Text inside code spans is shown as
    code, not run, so it never counts.
    """
    if not ("<" in translation or ":" in translation or "&" in translation):
        return None
    src, dst = read_text(source), read_text(translation)
    source_tags = {t.lstrip("/") for t in src.tags}
    for tag in dst.tags:
        name = tag.lstrip("/")
        if name not in source_tags:
            return f"the translation adds the HTML {_describe_tag(name)} that the source does not have"
    source_attributes = {name for token in src.html for name, _ in _attributes(token)}
    for token in dst.html:
        for name, _ in _attributes(token):
            if name not in source_attributes:
                kind = "event handler" if name.startswith("on") else "attribute"
                return f"the translation adds the HTML {kind} {name}= that the source does not have"
    added = _schemes(translation) - _schemes(source)
    if added:
        return f"the translation adds a {sorted(added)[0]}: URL that the source does not have"
    return None


def _describe_tag(name: str) -> str:
    if name == "!--":
        return "comment <!-- -->"
    if name == "?":
        return "processing instruction <?...?>"
    return f"tag <{name}>"



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
    """No HTML tag, attribute or javascript: URL that the source lacks (the build refuses it)."""
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
