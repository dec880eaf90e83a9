"""Whether a translation's HTML may reach a page, decided on an HTML5 tokenizer.

A translation is untrusted: nothing it holds may add an element, an attribute, a URL scheme
or a script to a page that its source segment did not have (docs/DESIGN.md, "Untrusted
translations"). One function decides it for every output and every command:

    verdict = guard_html(source_html, translation_html)
    if verdict.safe:
        write(verdict.html)          # the translation rebuilt from the tokens that were checked
    else:
        report(verdict.reason)       # one line, for the translator

Both arguments are HTML fragments as they stand in an element's content: a segment of an
HTML source as written, or a Markdown segment as markdown-it renders it
(:func:`markdown_segment_html`; :func:`guard_markdown` does both steps for a msgid and its
msgstr). Both are read by html5lib's tokenizer, which follows the WHATWG tokenization
rules browsers use, so an unquoted attribute holding ``<``, an unterminated tag or an
entity-encoded ``javascript:`` is seen the way a browser sees it. The translation is
refused when it has

- an element the source does not have, or one that runs script, embeds or loads another
  document, or changes how the rest of the page is read (``script``, ``style``,
  ``iframe``, ``base``, ``link``, ``meta``, ``svg``, ...) unless its HTML is the source's
  unchanged;
- an attribute the source does not have on that element;
- an event handler, ``style``, ``srcdoc`` or resource URL (``src``, ``srcset``, ``poster``,
  ...) whose value is not one the source gives that attribute;
- a URL with a scheme no URL of the source has (``javascript:``, ``data:``, ...; a relative
  URL has none);
- a comment, doctype or malformed tag (unterminated, ``<`` or quotes in an unquoted
  value, a repeated attribute, ...) that the source does not have.

Otherwise :attr:`Verdict.html` is the translation written again from its tokens: text
escaped, attributes quoted, end tags that close nothing opened in the segment left out
and elements left open closed at its end, so the segment cannot reach outside its place.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Verdict", "guard_html", "guard_markdown", "markdown_segment_html", "url_scheme"]


@dataclass(slots=True, frozen=True)
class Verdict:
    """What :func:`guard_html` decided about one translation."""

    html: str  # safe: the translation rebuilt from its tokens; refused: all of it escaped as text
    reason: str | None  # why it is refused (one line), None when it may be written

    @property
    def safe(self) -> bool:
        return self.reason is None


# Elements never written from a translation unless its HTML is the source's own: they run
# script, load or embed other documents, change the document, or make the tokenizer read
# what follows as raw text or foreign content.
NEVER_FROM_A_TRANSLATION = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "portal",
    "base", "link", "meta", "html", "head", "body", "template", "svg", "math", "noscript",
    "noembed", "noframes", "xmp", "plaintext", "textarea", "title", "param",
})
# Attributes whose value must be one the source gives: they run script, style the page or
# make the browser load something as soon as the page is shown.
_VALUE_BOUND = frozenset({
    "style", "srcdoc", "src", "srcset", "imagesrcset", "poster", "data", "background", "lowsrc",
    "dynsrc", "codebase", "archive", "classid", "manifest", "ping", "action", "formaction",
    "http-equiv", "content",
})
# Attributes holding a URL: their scheme must be one the source's URLs have.
_URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "cite", "longdesc", "usemap", "poster", "data",
    "background", "lowsrc", "dynsrc", "codebase", "manifest", "ping", "xlink:href", "profile",
    "icon", "itemtype", "classid", "archive",
})
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame",
})
# Tokenizer states a browser's tree builder switches to after these start tags.
_RAW_STATES = {
    "title": "rcdataState", "textarea": "rcdataState",
    "style": "rawtextState", "xmp": "rawtextState", "iframe": "rawtextState",
    "noembed": "rawtextState", "noframes": "rawtextState", "noscript": "rawtextState",
    "script": "scriptDataState", "plaintext": "plaintextState",
}
# Parse errors about text (a bare "&" or "<" in prose): harmless once the text is escaped.
_TEXT_ERRORS = frozenset({
    "expected-named-entity", "expected-numeric-entity", "named-entity-without-semicolon",
    "numeric-entity-without-semicolon", "illegal-codepoint-for-numeric-entity",
    "invalid-codepoint", "expected-tag-name", "expected-tag-name-but-got-right-bracket",
})

# Token kinds, named as html5lib names them (its numbers are looked up when it is loaded).
_START, _END, _EMPTY, _CHARACTERS, _SPACE, _COMMENT, _DOCTYPE, _ERROR = (
    "StartTag", "EndTag", "EmptyTag", "Characters", "SpaceCharacters", "Comment", "Doctype", "ParseError",
)

# A URL's scheme as the URL standard reads it, after the browser drops tabs and newlines.
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_URL_NOISE = str.maketrans("", "", "\t\n\r")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))  # stripped from both ends of a URL


def url_scheme(url: str) -> str:
    """The scheme a browser finds in an attribute's URL (lower case), ``""`` for a relative URL."""
    url = url.strip(_C0_AND_SPACE).translate(_URL_NOISE)
    match = _SCHEME_RE.match(url)
    return match[0][:-1].lower() if match else ""


@lru_cache(maxsize=1)
def _html5lib():
    # Loaded on first use: a command that meets no markup does not pay for the import.
    from html5lib._tokenizer import HTMLTokenizer
    from html5lib.constants import tokenTypes

    return HTMLTokenizer, {number: name for name, number in tokenTypes.items()}


def _tokens(fragment: str):
    """html5lib's tokens of a fragment, each with its kind's name in ``"kind"``.

    The state switches after raw-text elements (``<style>``, ``<textarea>``, ...) as a
    browser's tree builder switches it.
    """
    tokenizer_class, kinds = _html5lib()
    tokenizer = tokenizer_class(fragment)
    for token in tokenizer:
        token["kind"] = kind = kinds[token["type"]]
        yield token
        if kind == _START and token["name"] in _RAW_STATES:
            tokenizer.state = getattr(tokenizer, _RAW_STATES[token["name"]])


@dataclass(slots=True, frozen=True)
class _Allowed:
    """What a source fragment holds, against which a translation is compared."""

    elements: frozenset[str]
    attributes: frozenset[tuple[str, str]]  # (element, attribute)
    values: frozenset[tuple[str, str, str]]  # (element, attribute, value)
    schemes: frozenset[str]  # of every URL attribute, "" for relative URLs
    comments: bool
    doctype: bool
    errors: frozenset[str]  # parse error codes of the source


@lru_cache(maxsize=16384)
def _allowed(source_html: str) -> _Allowed:
    elements: set[str] = set()
    attributes: set[tuple[str, str]] = set()
    values: set[tuple[str, str, str]] = set()
    schemes: set[str] = set()
    comments = doctype = False
    errors: set[str] = set()
    for token in _tokens(source_html):
        kind = token["kind"]
        if kind == _START or kind == _EMPTY:
            name = token["name"]
            elements.add(name)
            for attribute, value in token["data"].items():
                attributes.add((name, attribute))
                values.add((name, attribute, value))
                if attribute in _URL_ATTRIBUTES:
                    schemes.add(url_scheme(value))
        elif kind == _END:
            elements.add(token["name"])
        elif kind == _COMMENT:
            comments = True
        elif kind == _DOCTYPE:
            doctype = True
        elif kind == _ERROR:
            errors.add(token["data"])
    return _Allowed(frozenset(elements), frozenset(attributes), frozenset(values), frozenset(schemes),
                    comments, doctype, frozenset(errors))


def _escape(text: str) -> str:
    # As markdown-it escapes text, so that a rebuilt Markdown rendering keeps its bytes.
    return html.escape(text.replace("\x00", "\ufffd"), quote=False).replace('"', "&quot;")


def _safe_comment(data: str) -> bool:
    """Whether ``<!--data-->`` is read back as one comment holding exactly ``data``."""
    return not (data.startswith((">", "->")) or "--" in data or "<!-" in data or data.endswith("-"))


@lru_cache(maxsize=65536)
def guard_html(source_html: str, translation_html: str) -> Verdict:
    """Whether ``translation_html`` may replace ``source_html`` on a page, and what to write.

    Both are HTML fragments in an element's content (see the module's description for the
    rules). Cheap on the common cases: a translation without ``<`` holds no markup and is
    returned as it is, and what a source allows is worked out once per source.
    """
    if translation_html == source_html or "<" not in translation_html:
        return Verdict(translation_html, None)
    allowed = _allowed(source_html)
    reasons: list[str] = []  # in order found; a malformed tag is named only if nothing else is
    malformed: str | None = None
    out: list[str] = []
    open_elements: list[str] = []
    for token in _tokens(translation_html):
        kind = token["kind"]
        if kind == _CHARACTERS or kind == _SPACE:
            out.append(_escape(token["data"]))
        elif kind == _START or kind == _EMPTY:
            name = token["name"]
            reason = _element_reason(name, token["data"], allowed)
            if reason:
                reasons.append(reason)
                break
            attributes = "".join(
                f" {attribute}" if value == "" else f' {attribute}="{_escape(value)}"'
                for attribute, value in token["data"].items()
            )
            void = name in _VOID
            out.append(f"<{name}{attributes}{' /' if void and token.get('selfClosing') else ''}>")
            if not void:
                open_elements.append(name)
        elif kind == _END:
            name = token["name"]
            if name in open_elements:
                while open_elements:
                    closed = open_elements.pop()
                    out.append(f"</{closed}>")
                    if closed == name:
                        break
        elif kind == _COMMENT:
            if not allowed.comments:
                reasons.append("the translation adds the HTML comment <!-- --> that the source does not have")
                break
            if _safe_comment(token["data"]):
                out.append(f"<!--{token['data']}-->")
        elif kind == _DOCTYPE:
            if not allowed.doctype:
                reasons.append("the translation adds a doctype that the source does not have")
                break
        elif kind == _ERROR:
            code = token["data"]
            if code not in _TEXT_ERRORS and code not in allowed.errors and malformed is None:
                malformed = (f"the translation holds a malformed HTML tag or comment ({code}) "
                             "that the source does not have")
    if not reasons and malformed:
        reasons.append(malformed)
    if reasons:
        return Verdict(_escape(translation_html), reasons[0])
    out.extend(f"</{name}>" for name in reversed(open_elements))
    return Verdict("".join(out), None)


def _meaning(fragment: str) -> list[tuple]:
    """What a browser reads in ``fragment``: its tokens with text and attribute values decoded
    (character references resolved), adjacent text joined; parse errors included."""
    out: list[tuple] = []
    for token in _tokens(fragment):
        kind = token["kind"]
        if kind in ("Characters", "SpaceCharacters"):
            if out and out[-1][0] == "text":
                out[-1] = ("text", out[-1][1] + token["data"])
            else:
                out.append(("text", token["data"]))
            continue
        data = token.get("data")
        if isinstance(data, dict):
            data = tuple(sorted((str(k[1] if isinstance(k, tuple) else k), v) for k, v in data.items()))
        elif isinstance(data, list):
            data = tuple((str(k), v) for k, v in data)
        out.append((kind, token.get("name"), data, token.get("selfClosing", False)))
    return out


def as_written_if_same(translation_html: str, verdict: Verdict, *, source_html: str | None = None) -> str:
    """The translation as written, where that is provably what :func:`guard_html` checked,
    else the rebuilt HTML it accepted; for a source whose bytes are kept as written (an HTML
    issue: ``&raquo;`` stays ``&raquo;``, an element the source leaves open stays open).

    As written when a browser reads it exactly as the rebuilt HTML (only character
    references or quoting differ), or when its markup (every token but text) is the
    ``source_html``'s own, token for token: only the text changed.
    """
    if verdict.reason is not None or verdict.html == translation_html:
        return verdict.html
    written = _meaning(translation_html)
    if written == _meaning(verdict.html):
        return translation_html
    if source_html is not None and [t for t in written if t[0] != "text"] == [
            t for t in _meaning(source_html) if t[0] != "text"]:
        return translation_html
    return verdict.html


def _element_reason(name: str, attributes: dict[str, str], allowed: _Allowed) -> str | None:
    if name not in allowed.elements or name in NEVER_FROM_A_TRANSLATION:
        return f"the translation adds the HTML tag <{name}> that the source does not have"
    for attribute, value in attributes.items():
        if (name, attribute) not in allowed.attributes:
            kind = "event handler" if attribute.startswith("on") else "attribute"
            return f"the translation adds the HTML {kind} {attribute}= that the source does not have"
        bound = attribute in _VALUE_BOUND or attribute.startswith("on")
        if bound and (name, attribute, value) not in allowed.values:
            return f"the translation changes the value of the HTML attribute {attribute}= (it must be the source's)"
        if attribute in _URL_ATTRIBUTES:
            scheme = url_scheme(value)
            if scheme and scheme not in allowed.schemes:
                return f"the translation adds a {scheme}: URL that the source does not have"
    return None


# -- Markdown segments ----------------------------------------------------------------------

# Characters without which a Markdown text renders to plain escaped text (no element).
_MARKUP_HINT = re.compile(r"[<&\[\]*_~`\\!]|\n")


@lru_cache(maxsize=65536)
def markdown_segment_html(text: str) -> str:
    """One Markdown segment (a msgid or msgstr) as markdown-it renders its inline content.

    Whitespace around the text is left out, as a paragraph, heading or cell leaves it out,
    and a footnote reference is one whether or not its note is in the text.
    """
    parser = _segment_parser()
    env: dict = {}
    return parser.renderer.render(parser.parseInline(text.strip(), env), parser.options, env)


@lru_cache(maxsize=1)
def _segment_parser():
    from l10n.sources.markdown import markdown_parser_uncached

    # A segment's footnote references render as in its document, where their notes are.
    return markdown_parser_uncached(always_match_refs=True)


@lru_cache(maxsize=1)
def _raw_parser():
    from l10n.sources.markdown import markdown_parser_uncached

    # Without text_join, entities and backslash escapes stay tokens of their own; every link
    # target is kept, so that a javascript: one is seen rather than left as text.
    parser = markdown_parser_uncached(always_match_refs=True).disable("text_join")
    parser.validateLink = lambda url: True
    return parser


@lru_cache(maxsize=65536)
def _markdown_raw_html(text: str) -> tuple[str, bool]:
    """A Markdown segment's text, inline HTML, links and images as written, without code spans.

    What markdown-it shows as text because it is not valid CommonMark inline HTML
    (``<details open ontoggle=... x=<>``) is still markup to a browser, to another Markdown
    renderer, or in a line that opens an HTML block; a link whose target markdown-it refuses
    (``javascript:``) is still one the translator wrote. Both are read as HTML here, so that
    such a translation is refused rather than shown as text. The flag says whether the
    reading holds anything beyond the links markdown-it renders as they are.
    """
    from l10n.sources.markdown import markdown_parser

    valid = markdown_parser().validateLink
    children = []
    for block in _raw_parser().parseInline(text, {}):
        children.extend(block.children or ())
    parts = []
    more = False
    for token in children:
        if token.type in ("text", "html_inline", "text_special"):
            part = token.markup if token.type == "text_special" and token.info == "entity" else token.content
            more = more or "<" in part
            parts.append(part)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif token.type in ("link_open", "image"):
            url = str(token.attrs.get("href" if token.type == "link_open" else "src", ""))
            more = more or not valid(url)
            parts.append(f'<a href="{_escape(url)}">' if token.type == "link_open" else f'<img src="{_escape(url)}">')
        elif token.type == "link_close":
            parts.append("</a>")
    return "".join(parts), more


# A text can only read differently as written if it has a "<", or a link whose target may be
# one markdown-it refuses (javascript:, vbscript:, file:, data:, or written with entities or
# escapes); a path such as /files/ or /data/ is not one.
_RAW_HINT = re.compile(r"<|\]\(.*(?:&|\\|script:|data:|file:)", re.IGNORECASE | re.DOTALL)


def guard_markdown(source: str, translation: str, *, rendered: bool = True) -> Verdict:
    """:func:`guard_html` on a Markdown msgid and msgstr.

    Each is rendered by markdown-it (:func:`markdown_segment_html`), and each is also read
    as written, code spans left out: the translation is refused when either reading adds
    what the source's lacks. ``html`` is the rebuilt rendering. ``rendered=False`` reads
    the texts as written only, for a caller that renders the segment in its place and
    passes that HTML to :func:`guard_html` itself (``html`` is then the text escaped).
    """
    if translation == source:
        return Verdict(markdown_segment_html(source), None)
    if not _MARKUP_HINT.search(translation):
        return Verdict(_escape(translation), None)
    if _RAW_HINT.search(translation):
        raw, more = _markdown_raw_html(translation)
        if more:
            verdict = guard_html(_markdown_raw_html(source)[0], raw)
            if not verdict.safe:
                return Verdict(_escape(translation), verdict.reason)
    if not rendered:
        return Verdict(_escape(translation), None)
    return guard_html(markdown_segment_html(source), markdown_segment_html(translation))
