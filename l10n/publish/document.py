"""One localized issue as every output format receives it.

The build renders an issue in a language once, into a :class:`Document`: the localized
Markdown (after :func:`l10n.publish.render.guard_translations`, so a translation that would
add markup has already been refused), the title, summary and date, and which segments fell
back to the source language. Each output format (``page``, ``email``, ``text``, ``eml``,
``pdf``) then takes the document's tokens and writes its own file from them.

A segment shown in the source language because its translation is missing, fuzzy, a draft
or refused gets ``lang="<source>"`` on its element (the heading, paragraph, list item or
table cell, or the image whose alt text it is), so that screen readers and hyphenation read it as what it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from markdown_it.token import Token

from l10n.publish.render import Lookup, guard_translations, render_markdown
from l10n.sources.markdown import (
    BLOCK_QUOTE,
    FOOTNOTE,
    FRONT_MATTER,
    HEADING,
    IMAGE_ALT,
    LIST_ITEM,
    PARAGRAPH,
    TABLE_CELL,
    Segment,
    front_matter,
    markdown_parser,
)

# Put in front of a segment that falls back to the source, then taken out of the tokens: a
# private-use character no source or translation has reason to hold.
FALLBACK = _FALLBACK = "\ue0f0"  # review previews mark segments with \ue000..\ue019
FALLBACK_KINDS = _BLOCK_KINDS = frozenset({HEADING, PARAGRAPH, LIST_ITEM, TABLE_CELL, BLOCK_QUOTE, FOOTNOTE, IMAGE_ALT})
FALLBACK_CLASS = "untranslated"


@dataclass(slots=True, frozen=True)
class Document:
    """A localized issue, ready for any output format."""

    issue: str
    lang: str  # the language of the document (a locale code, "pt_BR")
    direction: str  # "ltr" or "rtl"
    source_language: str
    markdown: str  # the localized Markdown, fallback segments marked
    title: str | None
    summary: str | None
    title_fallback: bool  # the title is shown in the source language
    summary_fallback: bool
    day: date | None  # the issue date of the front matter

    @property
    def html_lang(self) -> str:
        return html_lang(self.lang)

    @property
    def fallback_lang(self) -> str:
        return html_lang(self.source_language)

    def tokens(self, *, marks: bool = False, resolve: Callable[[str], str] | None = None,
               resolve_link: Callable[[str], str] | None = None) -> tuple[list[Token], dict]:
        """The body's markdown-it tokens and their environment (footnotes, references).

        Fallback segments carry ``lang`` (and the class ``untranslated`` with ``marks``);
        ``resolve`` rewrites every image source and link target, ``resolve_link`` the link
        targets when they need another rule (an empty result leaves the link without one).
        """
        env: dict = {}
        tokens = [t for t in markdown_parser().parse(self.markdown, env) if t.type != "front_matter"]
        for index, token in enumerate(tokens):
            if token.type != "inline":
                continue
            if token.content.startswith(_FALLBACK):
                opener = _element_of(tokens, index)
                if opener is not None:
                    opener.attrSet("lang", self.fallback_lang)
                    if marks:
                        opener.attrJoin("class", FALLBACK_CLASS)
            for image in walk(token.children or ()):
                # An image whose alt text fell back says so on the image itself.
                if image.type == "image" and "".join(c.content for c in image.children or ()).startswith(_FALLBACK):
                    image.attrSet("lang", self.fallback_lang)
            _strip_marks(token)
        links = resolve_link or resolve
        for token in walk(tokens):
            if token.type == "image" and resolve is not None:
                token.attrSet("src", resolve(str(token.attrGet("src") or "")))
            elif token.type == "link_open" and links is not None:
                target = links(str(token.attrGet("href") or ""))
                if target:
                    token.attrSet("href", target)
                else:
                    token.attrs.pop("href", None)
        return tokens, env

    def body_html(self, *, marks: bool = False, resolve: Callable[[str], str] | None = None,
                  resolve_link: Callable[[str], str] | None = None) -> str:
        """The body as HTML (what markdown-it writes for the localized Markdown)."""
        parser = markdown_parser()
        tokens, env = self.tokens(marks=marks, resolve=resolve, resolve_link=resolve_link)
        return parser.renderer.render(tokens, parser.options, env)


def html_lang(code: str) -> str:
    """A locale code as HTML's ``lang`` writes it (``pt_BR`` → ``pt-BR``)."""
    return code.replace("_", "-")


def walk(tokens: Sequence[Token]) -> Iterator[Token]:
    """Every token, children included, in document order."""
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def _element_of(tokens: list[Token], index: int) -> Token | None:
    """The element that holds the inline token at ``index``; a tight list's item for its paragraph."""
    opener = tokens[index - 1] if index else None
    if opener is None or not opener.type.endswith("_open"):
        return None
    if opener.hidden:
        for before in range(index - 2, -1, -1):
            if tokens[before].type == "list_item_open" and tokens[before].level == opener.level - 1:
                return tokens[before]
        return None
    return opener


def _strip_marks(token: Token) -> None:
    token.content = token.content.replace(_FALLBACK, "")
    for child in token.children or ():
        _strip_marks(child)


def localize(text: str, lookup: Lookup, *, issue: str, lang: str, source_language: str, direction: str,
             segments: Sequence[Segment], front_matter_keys: Sequence[str], path: str,
             day: date | None) -> Document:
    """The document of ``text`` in ``lang``; raises ``UnsafeTranslation`` as render does."""
    marking = lang != source_language
    blocks = {s.text for s in segments if s.kind in _BLOCK_KINDS} if marking else set()

    def marked(msgid: str, msgctxt: str | None = None) -> str | None:
        found = lookup(msgid, msgctxt)
        if not found and msgctxt is None and msgid in blocks:
            return _FALLBACK + msgid
        return found

    # The page's checks first (raises UnsafeTranslation); then the Markdown of what passed.
    guard_translations(text, lookup, front_matter_keys=tuple(front_matter_keys), path=path,
                       segments=list(segments))
    localized = render_markdown(text, marked, front_matter_keys=tuple(front_matter_keys), path=path,
                                segments=list(segments))
    meta = front_matter(localized, path=path)
    title, summary = meta.get("title"), meta.get("summary")

    def fell_back(key: str) -> bool:
        if not marking:
            return False
        source = next((s for s in segments if s.kind == FRONT_MATTER and s.context == key), None)
        return source is not None and not lookup(source.text, key)

    return Document(
        issue=issue, lang=lang, direction=direction, source_language=source_language, markdown=localized,
        title=title if isinstance(title, str) and title else None,
        summary=summary if isinstance(summary, str) and summary else None,
        title_fallback=fell_back("title"), summary_fallback=fell_back("summary"), day=day,
    )
