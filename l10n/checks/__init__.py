"""Quality checks for translations: one small function per check, in an explicit registry.

Every check compares one source text (a msgid) with its translation (a msgstr) and returns
the messages it has for the translator. Markdown is read with markdown-it-py, so markup,
links and inline HTML are compared as the renderer will see them, and a translation that
moves a bold word or a link to another place in the sentence is fine.

:func:`check_entry` runs the registry over one catalog entry, :func:`check_catalog` over
a whole catalog, and :func:`unsafe_html` is the one test the renderer and the build use to
refuse writing HTML from a translation.
"""

from __future__ import annotations

import datetime as dt
import enum
import html
import re
import signal
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import polib
from babel import Locale
from babel.dates import format_date, get_date_format
from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from rapidfuzz.process import extractOne

from l10n.config import Config
from l10n.errors import CatalogError, ConfigError
from l10n.languages import normalize_language
from l10n.catalogs.pofile import scan_catalog
from l10n.catalogs.states import State, ignored_checks, is_stale, sign_off_of, state_of


class Severity(str, enum.Enum):
    """How bad a finding is; ``--fail-on`` compares by :attr:`rank`."""

    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return 1 if self is Severity.ERROR else 0


@dataclass(slots=True, frozen=True)
class Finding:
    """One problem in one catalog entry."""

    check: str  # the check's registry name, as `# l10n-ignore:` takes it
    severity: Severity
    message: str  # one line, for the translator
    line: int  # the entry's first line in the PO file (polib's linenum), 0 when unknown
    msgid: str  # the entry's source text
    msgctxt: str | None = None
    lang: str = ""  # the catalog's language
    path: str | None = None  # the catalog file, filled in by callers that know it
    issue: str | None = None  # the newsletter issue of the catalog, when known

    def location(self) -> str:
        """``path:line`` (or what is known of it)."""
        return f"{self.path or '<catalog>'}:{self.line}"

    def to_dict(self) -> dict[str, Any]:
        """The finding as the JSON output gives it (see ``check.schema.json``)."""
        return {
            "file": self.path,
            "line": self.line,
            "lang": self.lang,
            "issue": self.issue,
            "severity": self.severity.value,
            "check": self.check,
            "message": self.message,
            "msgctxt": self.msgctxt,
            "msgid": self.msgid,
        }


class Glossary(Protocol):
    """What the checks need of a glossary (``l10n.glossary.load_glossary`` gives one)."""

    do_not_translate: Iterable[str]  # terms to keep as written
    fixed: Mapping[str, str]  # source term -> the translation to use


@dataclass(slots=True, frozen=True)
class CheckSettings:
    """Project-wide settings of the checks, from ``[tool.l10n.check]``."""

    disabled: frozenset[str] = frozenset()  # check names switched off for the project
    length_ratio: tuple[float, float] = (0.5, 2.0)  # allowed len(translation) / len(source)
    length_ratios: Mapping[str, tuple[float, float]] = field(default_factory=dict)  # per language
    length_min_chars: int = 20  # shorter sources are not length-checked
    source_language: str = "en"  # for reading dates and numbers in the source
    severities: Mapping[str, Severity] = field(default_factory=dict)  # per-check overrides


# -- reading a text ------------------------------------------------------------------------


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # A segment is parsed on its own, without the document's footnote definitions.
    return md.use(footnote_plugin, always_match_refs=True)


_MD = _markdown()

_URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>\"'`]+|www\.[^\s<>\"'`]+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PLACEHOLDER_RE = re.compile(
    # printf: not after a digit ("50% of") and without the space flag ("% d" is prose)
    r"(?<!\d)%(?:\([\w.-]+\))?[-#0+]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlLqjzt]*[sdifFeEgGxXocrau]"
    r"|(?<!\d)%\d+\$[sdif]"
    r"|\{\{\s*[\w.]+\s*\}\}"
    r"|\{[A-Za-z_][\w.]*(?:\[[^\]{}]*\])?(?:![rsa])?(?::[^{}]*)?\}|\{\d*(?::[^{}]*)?\}"
    r"|\$\{[\w.]+\}"
)
_TAG_NAME_RE = re.compile(r"^<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)")
_ATTR_RE = re.compile(r"""\s([^\s"'<>/=`]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_DANGEROUS_SCHEMES = ("javascript", "vbscript", "data", "livescript")
_SCHEME_RE = re.compile(r"\b(" + "|".join(_DANGEROUS_SCHEMES) + r")\s*:", re.IGNORECASE)
_SCHEME_HINT_RE = re.compile(r"script|data|&", re.IGNORECASE)
# Characters that can start inline Markdown or HTML; a text without them is one plain text.
_MARKDOWN_HINT_RE = re.compile(r"[\n\\`*_~\[<&]")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_DATE_RE = re.compile(
    r"(?<![\d.,/-])(?:(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})|(\d{4})(-)(\d{1,2})-(\d{1,2}))(?![\d/-]|[.,]\d)"
)
_DIGIT_RE = re.compile(r"\d")
_DATE_HINT_RE = re.compile(r"\d[./-]\d")
_SPACE_GROUP_RE = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?!\d)")
_NUMBER_RE = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009'’]\d+)*")
_MARKUP_NAMES = {
    "em_open": "emphasis (*…*)",
    "strong_open": "strong (**…**)",
    "s_open": "strikethrough (~~…~~)",
    "code_inline": "code span (`…`)",
    "link_open": "link ([…](…))",
    "image": "image (![…](…))",
    "footnote_ref": "footnote reference ([^…])",
    "hardbreak": "hard line break",
}


@dataclass(slots=True, frozen=True)
class Text:
    """What the checks see in one text, read once and shared by every check."""

    raw: str
    links: tuple[str, ...]  # link targets written as [text](target)
    images: tuple[str, ...]  # image sources
    autolinks: tuple[str, ...]  # <https://...> and <me@example.org>, as written
    urls: tuple[str, ...]  # bare URLs in the text
    emails: tuple[str, ...]  # bare e-mail addresses in the text
    markup: Mapping[str, int]  # token type -> count (see _MARKUP_NAMES)
    code: tuple[str, ...]  # code span contents
    footnotes: tuple[str, ...]  # footnote labels
    tags: tuple[str, ...]  # inline HTML tags, "b" or "/b", in order
    html: tuple[str, ...]  # inline HTML tokens as written
    stray: Mapping[str, int]  # delimiter characters left as text: "*", "`", "~", "_"
    plain: str  # the text a reader sees: text, code and link text, without markup
    prose: str  # plain text without code, URLs, e-mail addresses and placeholders
    placeholders: tuple[str, ...]
    addresses: bool  # whether the text has any link target, image source, URL or e-mail address


_DELIMITER_HINT_RE = re.compile(r"[*`~_]")
_INNER_UNDERSCORE_RE = re.compile(r"(?<=[^\W_])_(?=[^\W_])")


def _stray_delimiters(text: str) -> dict[str, int]:
    counts = {char: text.count(char) for char in "*`~_"}
    if counts["_"]:
        # An underscore inside a word (snake_case) is not a delimiter.
        counts["_"] -= len(_INNER_UNDERSCORE_RE.findall(text))
    return {char: count for char, count in counts.items() if count}


@lru_cache(maxsize=65536)
def read_text(raw: str) -> Text:
    """Parse one msgid or msgstr into the record every check reads (cached: sources repeat)."""
    links: list[str] = []
    images: list[str] = []
    autolinks: list[str] = []
    code: list[str] = []
    footnotes: list[str] = []
    tags: list[str] = []
    html_tokens: list[str] = []
    markup: Counter[str] = Counter()
    stray: Counter[str] = Counter()
    plain: list[str] = []
    prose: list[str] = []
    in_autolink = False
    children: list[Token] = []
    if _MARKDOWN_HINT_RE.search(raw):
        for block in _MD.parseInline(raw):
            children.extend(block.children or ())
    else:
        children.append(Token("text", "", 0, content=raw))
    for token in children:
        kind = token.type
        if kind in _MARKUP_NAMES:
            markup[kind] += 1
        if kind == "text":
            plain.append(token.content)
            if not in_autolink:
                prose.append(token.content)
                if _DELIMITER_HINT_RE.search(token.content):
                    stray.update(_stray_delimiters(token.content))
        elif kind in ("softbreak", "hardbreak"):
            plain.append("\n" if kind == "hardbreak" else " ")
            prose.append(" ")
        elif kind == "code_inline":
            code.append(token.content)
            plain.append(token.content)
            prose.append(" ")
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            if token.markup in ("autolink", "linkify"):
                autolinks.append(href.removeprefix("mailto:"))
                in_autolink = True
                markup["link_open"] -= 1  # counted as an autolink, not as link markup
            else:
                links.append(href)
        elif kind == "link_close":
            in_autolink = False
        elif kind == "image":
            images.append(str(token.attrs.get("src", "")))
            plain.append(token.content)
            prose.append(" " + token.content + " ")
        elif kind == "footnote_ref":
            footnotes.append(str((token.meta or {}).get("label", "")))
        elif kind == "html_inline":
            html_tokens.append(token.content)
            tags.append(_tag_of(token.content))
    plain_text = "".join(plain)
    prose_text = "".join(prose)
    cleaned = prose_text
    urls: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = ()
    # The patterns only run where their one necessary character is.
    if "://" in cleaned or "www." in cleaned.lower():
        urls = tuple(u.rstrip(".,;:!?)") for u in _URL_RE.findall(cleaned))
        cleaned = _URL_RE.sub(" ", cleaned)
    if "@" in cleaned:
        emails = tuple(_EMAIL_RE.findall(cleaned))
        cleaned = _EMAIL_RE.sub(" ", cleaned)
    if "%" in cleaned or "{" in cleaned or "$" in cleaned:
        placeholders = tuple(_PLACEHOLDER_RE.findall(cleaned))
        cleaned = _PLACEHOLDER_RE.sub(" ", cleaned)
    return Text(
        raw=raw,
        links=tuple(links),
        images=tuple(images),
        autolinks=tuple(autolinks),
        urls=urls,
        emails=emails,
        markup={k: v for k, v in markup.items() if v},
        code=tuple(code),
        footnotes=tuple(footnotes),
        tags=tuple(tags),
        html=tuple(html_tokens),
        stray=dict(stray),
        plain=plain_text,
        prose=cleaned,
        placeholders=placeholders,
        addresses=bool(links or images or autolinks or urls or emails),
    )


def _tag_of(token: str) -> str:
    """``b`` for ``<b class=x>``, ``/b`` for ``</b>``, ``!--`` for a comment, ``?`` for ``<?...?>``."""
    if token.startswith("<!--"):
        return "!--"
    if token.startswith("<?"):
        return "?"
    if token.startswith("<!"):
        return "!" + token[2:].split(None, 1)[0].lower().rstrip(">[")
    match = _TAG_NAME_RE.match(token)
    if not match:
        return token
    name = match[1].lower()
    return "/" + name if token.lstrip("< \t").startswith("/") else name


def _attributes(token: str) -> list[tuple[str, str]]:
    """Attribute names (lowercase) and values (entities decoded) of one HTML tag."""
    if token.startswith(("<!", "<?")):
        return []
    body = _TAG_NAME_RE.sub("", token, count=1).rstrip(">").rstrip("/")
    found = []
    for match in _ATTR_RE.finditer(" " + body):
        value = match[2] or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        found.append((match[1].lower(), html.unescape(value)))
    return found


def _schemes(text: str) -> set[str]:
    """Dangerous URL schemes in a text, also when hidden behind entities or control characters."""
    if not _SCHEME_HINT_RE.search(text):
        return set()
    decoded = html.unescape(html.unescape(text))
    squeezed = "".join(c for c in decoded if not (unicodedata.category(c).startswith("C") or c.isspace()))
    return {m.lower() for m in _SCHEME_RE.findall(squeezed)} | {
        m.lower() for m in _SCHEME_RE.findall(decoded)
    }


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


# -- the checks ---------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Pair:
    """One source text and its translation, with what a check may need to judge them."""

    source: Text
    target: Text
    lang: str
    settings: CheckSettings
    glossary: Glossary | None
    entry: polib.POEntry


CheckFunction = Callable[[Pair], Iterable[str]]


@dataclass(slots=True, frozen=True)
class Check:
    """A registered check: its name, how bad its findings are, and what it wants of translators."""

    name: str
    severity: Severity
    explanation: str
    function: CheckFunction
    per_entry: bool = False  # looks at the entry (its comments), not at each text pair


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


# numbers ---------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


@lru_cache(maxsize=65536)
def _numbers(text: str, lang: str, fallback: str) -> tuple[tuple[str, ...], tuple[tuple[str, str | None], ...]]:
    """(values, odd): the numbers of ``text`` outside numeric dates, as normalized decimals.

    A number that is not written the way ``lang`` writes numbers is also returned in
    ``odd``, with its reading in the ``fallback`` language when it has one.
    """
    if not _DIGIT_RE.search(text):
        return (), ()
    text = _DATE_RE.sub(" ", text)
    if " " in text:
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
    try:
        value = parse_decimal(written, locale=lang, strict=True)
    except NumberFormatError:
        return None
    return _plain_number(format(value, "f"))


def _format_like(written: str, value: Decimal, lang: str) -> str:
    """``value`` in ``lang``'s number format, with as many decimals as ``written`` has."""
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


# dates -----------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class DateStyle:
    """How a locale writes a numeric date: the order of day, month and year, and separators."""

    order: str  # "dmy", "mdy" or "ymd"
    separators: frozenset[str]


@lru_cache(maxsize=256)
def _date_style(lang: str) -> DateStyle:
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
        short = format_date(meant, format="short", locale=pair.lang)
        medium = format_date(meant, format="medium", locale=pair.lang)
        suggestion = short if short == medium else f"{short} or {medium}"
        yield f"date {written} is not written the {pair.lang} way: write {suggestion}"


# whitespace and words ---------------------------------------------------------------------


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()):]


def _describe_space(space: str) -> str:
    if not space:
        return "no whitespace"
    names = {" ": "space", "\n": "line break", "\t": "tab", "\u00a0": "no-break space"}
    if len(set(space)) == 1 and space[0] in names:
        name = names[space[0]]
        return f"a {name}" if len(space) == 1 else f"{len(space)} {name}s"
    return repr(space)


def check_leading_whitespace(pair: Pair) -> Iterator[str]:
    """Whitespace at the start is the same as in the source."""
    want, have = _leading(pair.source.raw), _leading(pair.target.raw)
    if want != have:
        yield f"the source starts with {_describe_space(want)}, the translation with {_describe_space(have)}"


def check_trailing_whitespace(pair: Pair) -> Iterator[str]:
    """Whitespace at the end is the same as in the source (two spaces make a line break)."""
    want, have = _trailing(pair.source.raw), _trailing(pair.target.raw)
    if want != have:
        yield f"the source ends with {_describe_space(want)}, the translation with {_describe_space(have)}"


_DOUBLE_SPACE_RE = re.compile(r"(?<=\S) {2,}(?=\S)")


def check_double_space(pair: Pair) -> Iterator[str]:
    """No doubled spaces between words, unless the source has them."""
    if "  " not in pair.target.prose:
        return
    count = len(_DOUBLE_SPACE_RE.findall(pair.target.prose))
    if count > len(_DOUBLE_SPACE_RE.findall(pair.source.prose)):
        yield "doubled space between words"


# Repeats that are correct in these languages ("nous nous", "die die", "che che").
_VALID_REPEATS: dict[str, frozenset[str]] = {
    "de": frozenset({"die", "der", "das", "sie"}),
    "fr": frozenset({"nous", "vous"}),
    "it": frozenset({"che"}),
    "pl": frozenset({"to"}),
    "lv": frozenset(),
    "ro": frozenset(),
    "es": frozenset(),
    "sv": frozenset(),
}


def check_doubled_words(pair: Pair) -> Iterator[str]:
    """No word written twice in a row ("the the"), unless the source does it too."""
    valid = _VALID_REPEATS.get(pair.lang.split("_")[0], frozenset())
    source_repeats = set(_repeats(pair.source.prose))
    for word in _repeats(pair.target.prose):
        if word not in valid and word not in source_repeats:
            yield f"the word {word!r} is repeated"


@lru_cache(maxsize=65536)
def _repeats(text: str) -> tuple[str, ...]:
    """Words written twice in a row with only whitespace between them, lowercased."""
    return tuple(_find_repeats(text))


_WORD_EDGES = ".,;:!?\"'()«»„“”‚‘’"
_OPENING = "\"'(«„“‚‘"


def _find_repeats(text: str) -> Iterator[str]:
    tokens = text.lower().split()
    # Only a bare word counts as the first of two: "very, very" is emphasis, "end. End"
    # two sentences.
    for first, second in zip(tokens, tokens[1:]):  # noqa: B905 (one shorter by design)
        word = first.lstrip(_OPENING)
        if word and word in second and second.strip(_WORD_EDGES) == word and _WORD_RE.fullmatch(word):
            yield word


# punctuation -----------------------------------------------------------------------------

_END_MARKS = ".!?:;…"
_SPACED_MARKS = {":", ";", "!", "?"}
_EQUIVALENT = {"…": ("…", "..."), "...": ("…", "...")}
# Final marks of other scripts, as the Latin mark they stand for.
_NATIVE_MARKS = {
    "。": ".", "．": ".", "？": "?", "！": "!", "：": ":", "；": ";",  # CJK full width
    "؟": "?", "؛": ";", "۔": ".",  # Arabic script
    "։": ".", "।": ".", "॥": ".", "።": ".", "፧": "?",  # Armenian, Devanagari, Ethiopic
}
# Greek writes the question mark as ";" (U+037E or the semicolon).
_GREEK_QUESTION = (";", "\u037e")
_CLOSING = "\"'”’»)]*_`」』）"


def _final_mark(text: str) -> str:
    """The final punctuation of a text: "...", one mark, or "" (closing quotes and brackets skipped)."""
    stripped = text.rstrip().rstrip(_CLOSING)
    if stripped.endswith("..."):
        return "..."
    last = stripped[-1:] if stripped else ""
    last = _NATIVE_MARKS.get(last, last)
    return last if last in _END_MARKS or last == "\u037e" else ""


def check_end_punctuation(pair: Pair) -> Iterator[str]:
    """The translation ends like the source (?, !, :, .), written the target language's way."""
    lang = pair.lang.split("_")[0]
    source, target = pair.source.plain, pair.target.plain
    want, have = _final_mark(source), _final_mark(target)
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


# whole-text checks -----------------------------------------------------------------------


def _is_sentence(text: Text, keep: Iterable[str]) -> bool:
    """Whether ``text`` reads as a sentence to translate, not a name, a number or a code."""
    prose = text.prose
    for term in keep:
        prose = prose.replace(term, " ")
    words = _WORD_RE.findall(prose)
    common = [w for w in words if w[0].islower() and len(w) > 1]
    if len(common) >= 2:
        return True
    return len(words) >= 3 and _final_mark(text.plain) in (".", "!", "?", "...", "…")


def check_same_as_source(pair: Pair) -> Iterator[str]:
    """A sentence is translated, not copied (names, numbers and codes may stay as they are)."""
    if pair.source.raw.strip() != pair.target.raw.strip():
        return
    keep = tuple(pair.glossary.do_not_translate) if pair.glossary else ()
    if _is_sentence(pair.source, keep):
        yield "the translation is the source text, not translated"


def check_length(pair: Pair) -> Iterator[str]:
    """The translation is not much shorter or longer than the source (a part lost or added)."""
    source_length = len(pair.source.plain.strip())
    if source_length < pair.settings.length_min_chars:
        return
    low, high = pair.settings.length_ratios.get(pair.lang, pair.settings.length_ratio)
    ratio = len(pair.target.plain.strip()) / source_length
    if ratio < low:
        yield f"the translation is {ratio:.0%} of the source's length (expected at least {low:.0%})"
    elif ratio > high:
        yield f"the translation is {ratio:.0%} of the source's length (expected at most {high:.0%})"


@lru_cache(maxsize=4096)
def _term_re(term: str, ignore_case: bool) -> re.Pattern[str]:
    # Each word of a term may take an ending (Lublin -> Lublinie, buletin informativ ->
    # buletinul informativ), but not a new start.
    words = [re.escape(word) for word in term.split()]
    return re.compile(r"(?<!\w)" + r"\w*\s+".join(words), re.IGNORECASE if ignore_case else 0)


@lru_cache(maxsize=4096)
def _kept_term_re(term: str) -> re.Pattern[str]:
    """A name as inflected languages write it: accents folded, a final vowel free to change.

    Monza stays Monza in Polish as "w Monzy", Riga as "Rīgā" in Latvian; Rávena for
    Ravenna is another name.
    """
    words = []
    for word in _fold(term).split():
        stem = word.rstrip("aeiouy") if len(word) > 3 else word
        words.append(re.escape(stem or word))
    return re.compile(r"(?<!\w)" + r"\w*\s+".join(words))


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """``text`` without accents (Rīgā -> Riga), for comparing names across languages."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def check_glossary(pair: Pair) -> Iterator[str]:
    """Glossary terms: do-not-translate terms kept as written, fixed translations used."""
    if pair.glossary is None:
        return
    source, target = pair.source.plain, pair.target.plain
    for term in pair.glossary.do_not_translate:
        if term in source and _term_re(term, False).search(source) and not (
            term in target or _kept_term_re(term).search(_fold(target))
        ):
            yield f"keep {term!r} as written (glossary: do not translate)"
    for term, translation in pair.glossary.fixed.items():
        if _term_re(term, True).search(source) and not _term_re(translation, True).search(target):
            yield f"translate {term!r} as {translation!r} (glossary)"


def check_stale_sign_off(pair: Pair) -> Iterator[str]:
    """A sign-off whose text changed since (the review no longer counts)."""
    if is_stale(pair.entry):
        sign_off = sign_off_of(pair.entry)
        assert sign_off is not None
        yield f"sign-off by {sign_off.name} on {sign_off.date} no longer matches the text: review it again"


REGISTRY: tuple[Check, ...] = (
    Check("links", Severity.ERROR,
          "Keep every link target, image source, URL and e-mail address exactly as in the source.",
          check_links),
    Check("markup", Severity.ERROR,
          "Keep the Markdown markup: as many **strong**, *emphasis*, `code`, links, images, "
          "footnotes and line breaks, with both delimiters of each pair.",
          check_markup),
    Check("html-tags", Severity.ERROR,
          "Keep the inline HTML tags of the source, no more and no fewer.",
          check_html_tags),
    Check("unsafe-html", Severity.ERROR,
          "Do not add HTML tags, attributes (onclick=...) or javascript: links: the build refuses them.",
          check_unsafe_html),
    Check("placeholders", Severity.ERROR,
          "Copy placeholders such as {name}, %s and %(name)s exactly.",
          check_placeholders),
    Check("numbers", Severity.WARNING,
          "Keep the numbers of the source, written with your language's separators.",
          check_numbers),
    Check("dates", Severity.WARNING,
          "Write dates the way your language does (20.01.2022 in Romanian, not 1/20/2022).",
          check_dates),
    Check("leading-whitespace", Severity.WARNING,
          "Start the translation with the same whitespace as the source.",
          check_leading_whitespace),
    Check("trailing-whitespace", Severity.WARNING,
          "End the translation with the same whitespace as the source (two spaces are a line break).",
          check_trailing_whitespace),
    Check("double-space", Severity.WARNING,
          "Use one space between words.",
          check_double_space),
    Check("doubled-words", Severity.WARNING,
          "Do not write a word twice in a row.",
          check_doubled_words),
    Check("end-punctuation", Severity.WARNING,
          "End the sentence like the source, with your language's punctuation (¿…?, « : » in French).",
          check_end_punctuation),
    Check("same-as-source", Severity.WARNING,
          "Translate sentences; only names, numbers and codes stay as they are.",
          check_same_as_source),
    Check("length", Severity.WARNING,
          "A translation much shorter or longer than the source may have lost or added a part.",
          check_length),
    Check("glossary", Severity.WARNING,
          "Keep do-not-translate terms as written and use the glossary's fixed translations.",
          check_glossary),
    Check("stale-sign-off", Severity.WARNING,
          "The text changed after it was reviewed: review it again.",
          check_stale_sign_off, per_entry=True),
)

CHECKS: dict[str, Check] = {check.name: check for check in REGISTRY}


def unknown_check(name: str) -> str:
    """A message for a check name that is not registered, with the nearest name."""
    nearest = extractOne(name, list(CHECKS))
    hint = f"; did you mean {nearest[0]!r}?" if nearest and nearest[1] >= 60 else ""
    return f"unknown check {name!r}{hint}"


def settings_from_config(config: Config) -> CheckSettings:
    """Read ``[tool.l10n.check]``: ``disable``, ``length_ratio`` (``[low, high]``, or a table of
    them by language with ``default``), ``length_min_chars``, ``severity``."""
    table = config.section("check")
    where = config.file
    allowed = {"disable", "length_ratio", "length_min_chars", "severity"}
    for key in table:
        if key not in allowed:
            raise ConfigError(f"[tool.l10n.check] has no key {key!r} (keys: {', '.join(sorted(allowed))})", path=where)
    disabled = table.get("disable", [])
    if isinstance(disabled, str) or not isinstance(disabled, list) or not all(isinstance(n, str) for n in disabled):
        raise ConfigError("[tool.l10n.check] disable must be a list of check names", path=where)
    for name in disabled:
        if name not in CHECKS:
            raise ConfigError(f"[tool.l10n.check] disable: {unknown_check(name)}", path=where)
    ratios = table.get("length_ratio", [0.5, 2.0])
    if not isinstance(ratios, dict):
        ratios = {"default": ratios}
    by_language: dict[str, tuple[float, float]] = {}
    for key, ratio in ratios.items():
        name = "length_ratio" if len(ratios) == 1 and key == "default" else f"length_ratio.{key}"
        if (
            not isinstance(ratio, list)
            or len(ratio) != 2
            or not all(isinstance(r, (int, float)) and not isinstance(r, bool) and r > 0 for r in ratio)
            or ratio[0] >= ratio[1]
        ):
            raise ConfigError(f"[tool.l10n.check] {name} must be [low, high] with 0 < low < high", path=where)
        if key == "default":
            continue
        try:
            language = normalize_language(key)
        except ConfigError as exc:
            raise ConfigError(f"[tool.l10n.check] length_ratio: {exc.cause}", path=where) from exc
        by_language[language] = (float(ratio[0]), float(ratio[1]))
    ratio = ratios.get("default", [0.5, 2.0])
    min_chars = table.get("length_min_chars", 20)
    if not isinstance(min_chars, int) or min_chars < 0:
        raise ConfigError("[tool.l10n.check] length_min_chars must be a whole number", path=where)
    severities: dict[str, Severity] = {}
    for name, value in dict(table.get("severity", {})).items():
        if name not in CHECKS:
            raise ConfigError(f"[tool.l10n.check.severity] {unknown_check(name)}", path=where)
        if value not in ("error", "warning"):
            raise ConfigError(f"[tool.l10n.check.severity] {name} must be \"error\" or \"warning\"", path=where)
        severities[name] = Severity(value)
    return CheckSettings(
        disabled=frozenset(disabled),
        length_ratio=(float(ratio[0]), float(ratio[1])),
        length_ratios=by_language,
        length_min_chars=min_chars,
        source_language=config.source_language,
        severities=severities,
    )


# -- running the checks --------------------------------------------------------------------

CHECKED_STATES = frozenset({State.DRAFT, State.TRANSLATED, State.REVIEWED})
_DEFAULT_SETTINGS = CheckSettings()
_EMPTY_TEXT = read_text("")


def _text_pairs(entry: polib.POEntry) -> Iterator[tuple[str, str]]:
    if entry.msgid_plural:
        for index in sorted(entry.msgstr_plural):
            yield (entry.msgid if index == 0 else entry.msgid_plural), entry.msgstr_plural[index]
    else:
        yield entry.msgid, entry.msgstr


def check_entry(
    entry: polib.POEntry,
    lang: str,
    *,
    glossary: Glossary | None = None,
    settings: CheckSettings | None = None,
) -> list[Finding]:
    """Run every enabled check on one entry of a catalog in ``lang``.

    Draft, translated and reviewed entries are checked; untranslated and fuzzy ones (whose
    text belongs to an older source) are not, except that a stale sign-off is named on any
    entry. Checks silenced with ``# l10n-ignore: <name>`` on the entry or disabled in the
    settings give nothing. Findings come in registry order; ``path`` is left for the caller.
    """
    settings = settings or _DEFAULT_SETTINGS
    if entry.obsolete:
        return []
    checked = state_of(entry) in CHECKED_STATES
    if not checked and not entry.tcomment:
        return []
    silenced = settings.disabled | ignored_checks(entry) if entry.tcomment else settings.disabled
    pairs = [
        Pair(read_text(source), read_text(target), lang, settings, glossary, entry)
        for source, target in _text_pairs(entry)
    ] if checked else []
    whole = [Pair(_EMPTY_TEXT, _EMPTY_TEXT, lang, settings, glossary, entry)]
    findings: list[Finding] = []
    for check in REGISTRY:
        if check.per_entry:
            if not entry.tcomment:
                continue
            runs = whole
        else:
            runs = pairs
        if not runs or check.name in silenced:
            continue
        messages = [message for pair in runs for message in check.function(pair)]
        if not messages:
            continue
        severity = settings.severities.get(check.name, check.severity)
        line = entry.linenum or 0
        for message in dict.fromkeys(messages):  # plural forms may repeat a message
            findings.append(Finding(check.name, severity, message, line, entry.msgid, entry.msgctxt, lang))
    return findings


def check_catalog(
    catalog: polib.POFile,
    lang: str,
    *,
    path: str | None = None,
    issue: str | None = None,
    glossary: Glossary | None = None,
    settings: CheckSettings | None = None,
) -> list[Finding]:
    """Every finding in a catalog, in file order, each naming ``path`` and ``issue``."""
    findings: list[Finding] = []
    for entry in catalog:
        for finding in check_entry(entry, lang, glossary=glossary, settings=settings):
            findings.append(replace(finding, path=path, issue=issue))
    return findings


@dataclass(slots=True, frozen=True)
class CatalogJob:
    """One catalog to check."""

    path: Path
    lang: str
    issue: str
    shown: str  # the path as findings name it
    glossary: Glossary | None
    settings: CheckSettings


@dataclass(slots=True, frozen=True)
class CatalogResult:
    """The findings of one catalog."""

    job: CatalogJob
    entries: int  # entries checked (draft, translated, reviewed)
    findings: tuple[Finding, ...]


@dataclass(slots=True, frozen=True)
class CheckReport:
    """The outcome of checking a set of catalogs."""

    catalogs: tuple[CatalogResult, ...]
    missing: tuple[CatalogJob, ...]  # catalogs that do not exist (not created yet)

    @property
    def findings(self) -> list[Finding]:
        return [finding for result in self.catalogs for finding in result.findings]

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)


def check_file(job: CatalogJob) -> CatalogResult:
    """Read one catalog and check it; a malformed catalog raises CatalogError naming its line."""
    try:
        catalog = scan_catalog(job.path)
    except CatalogError as exc:
        raise CatalogError(exc.cause, path=job.shown, line=exc.line) from exc
    checked = sum(1 for entry in catalog if not entry.obsolete and state_of(entry) in CHECKED_STATES)
    findings = check_catalog(
        catalog, job.lang, path=job.shown, issue=job.issue, glossary=job.glossary, settings=job.settings
    )
    return CatalogResult(job, checked, tuple(findings))


def _ignore_interrupts() -> None:
    # Ctrl-C is the parent's to handle: workers stop when the parent drops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _prepare(langs: Iterable[str], source_language: str) -> None:
    """Load the locale data the checks use, once, before worker processes are forked."""
    for lang in {*langs, source_language}:
        _date_style(lang)
        format_date(dt.date(2022, 1, 20), format="short", locale=lang)
        format_decimal(Decimal("1.5"), locale=lang)
        _parse_number("1", lang)


def check_catalogs(jobs: list[CatalogJob], *, workers: int = 1) -> CheckReport:
    """Check every existing catalog of ``jobs``, in order, on up to ``workers`` processes."""
    present = [job for job in jobs if job.path.is_file()]
    missing = tuple(job for job in jobs if not job.path.is_file())
    if workers > 1 and len(present) >= 2 * workers:
        _prepare({job.lang for job in present}, present[0].settings.source_language)
        # Issue by issue, so that a worker reads each source text once for all languages.
        order = sorted(range(len(present)), key=lambda index: (present[index].issue, present[index].lang))
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)
        try:
            chunk = max(1, len(present) // (workers * 8))
            done = list(pool.map(check_file, [present[index] for index in order], chunksize=chunk))
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        results: list[CatalogResult | None] = [None] * len(present)
        for index, result in zip(order, done, strict=True):
            results[index] = result
        return CheckReport(tuple(r for r in results if r is not None), missing)
    return CheckReport(tuple(check_file(job) for job in present), missing)


def fails(findings: Iterable[Finding], fail_on: Severity | str = Severity.ERROR) -> bool:
    """Whether any finding is at or above ``fail_on``."""
    threshold = Severity(fail_on).rank
    return any(finding.severity.rank >= threshold for finding in findings)
