"""Reading and writing PO and POT files.

polib parses; this module reports syntax errors as ``file:line`` and writes catalogs in
the layout GNU gettext's tools (msgmerge, msgcat) write, so that a translator who runs them
or saves in Poedit produces no noise in the diff:

- entries in catalog order, separated by one blank line, obsolete entries (``#~``) last;
- per entry: translator comments, extracted comments (``#.``), references (``#:``, filled
  up to the page width), flags (``#, fuzzy`` first, then format flags in gettext's order),
  previous fields (``#|``), msgctxt, msgid, msgid_plural, msgstr;
- strings escaped as gettext does and broken at the Unicode line-break opportunities
  (UAX #14) that fit the page width, with the greedy strategy of gnulib's ``unilbrk``; a
  string that needs more than one line starts with an empty ``""`` line, and ``\\n``
  always ends a line.
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from bisect import bisect_right
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Iterable, Iterator

import polib
import unicode_segmentation_rs as segmentation

try:
    import rspolib as _rspolib
except ImportError:  # no wheel for this interpreter: polib reads everything
    _rspolib = None

from l10n.errors import CatalogError
from l10n.fileio import atomic_write, read_text

DEFAULT_WIDTH = 79

_STRING_LINE_RE = re.compile(
    r'^(?:#~\|? ?|#\| ?)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?(?P<string>".*)$'
)
_PORTION_RE = re.compile(r"[^\n]*\n|[^\n]+$")  # a string's lines, each with its \n
_QUOTED_RE = re.compile(r'"(?:[^"\\]|\\.)*"[ \t]*')
_OBSOLETE_PREVIOUS_RE = re.compile(r"^#~\|", re.MULTILINE)
# A line that may be a conflict marker, a string that is not one well-formed quoted string,
# or a keyword followed by something else than a string (a superset of what the
# line-by-line checks of parse_catalog reject).
# Searched in the text with a newline put before it: a pattern that starts with a literal
# is scanned for far faster than one that starts with ``^``.
_SUSPICIOUS_LINE_RE = re.compile(
    r'\n(?:<{7}|={7}|>{7}|\|{7}'
    r'|(?:#~\|? ?|#\| ?)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?'
    r'(?!"[^"\\\n]*(?:\\.[^"\\\n]*)*"[ \t]*\r?$)"'
    r'|(?:#~\|? ?|#\| ?)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+[^"\s])',
    re.MULTILINE,
)
# Lines that none of the above can flag, in a catalog as gettext writes one: comments (but
# "#~" and "#|" lines), blank lines, well-formed strings after a keyword, "#~", "#|" or
# "#~|", or alone, and lines that start with none of '"', "#", "m", "<", "=", ">", "|". A
# text made of them alone needs no search for suspicious lines. A string's characters (any
# but '"', "\\" and a line feed) are written as ranges: Python's re tests a range faster
# than a negated set, but takes a few milliseconds to compile it, so the pattern is
# compiled when a catalog is first checked.
_STRING_CHAR = r"[\x00-\t\x0b-!#-\[\]-\U0010ffff]"
_UNSUSPICIOUS_LINES = (
    r"(?:#(?:[^~|\n][^\n]*)?\n"
    r"|\n"
    r'|(?:"|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+"'
    r'|(?:#~\|? ?|#\| ?)(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?")'
    rf'{_STRING_CHAR}*(?:\\.{_STRING_CHAR}*)*"[ \t]*\r?\n'
    r'|[^"#m<=>|\n][^\n]*\n'
    r")*"
)
_KEYWORD_WITHOUT_STRING_RE = re.compile(
    r'(?:#~\|? ?|#\| ?)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+[^"\s]'
)
# A msgid (or msgid_plural) whose strings are not followed, after blank lines at most, by
# the next part of its entry; searched with a newline put before the text, like the above.
# Each try ends at the end of a line that no string continues, so that giving characters or
# lines back cannot make a match. (No possessive quantifiers: Python 3.11 before 3.11.5
# gets some of them wrong.)
_MISSING_MSGSTR_RE = re.compile(
    r'\n(?:#~ ?)?msgid(?:_plural)?[ \t]+"[^\n]*(?:\n(?:#~ ?)?"[^\n]*)*(?![^\n])'
    r'(?!(?:\n[ \t]*)*\n[ \t]*(?:#~ ?)?(?:msgid_plural|msgstr|"))'
)
# The same where lines may end with CR LF or a lone CR (slower: it cannot start on a literal).
_MISSING_MSGSTR_CR_RE = re.compile(
    r'[\n\r](?:#~ ?)?msgid(?:_plural)?[ \t]+"[^\n\r]*(?:(?:\r?\n|\r)(?:#~ ?)?"[^\n\r]*)*(?![^\n\r])'
    r'(?!(?:(?:\r?\n|\r)[ \t]*)*(?:\r?\n|\r)[ \t]*(?:#~ ?)?(?:msgid_plural|msgstr|"))'
)
# A backslash and what follows it inside a string, and the escapes gettext's reader knows
# (po-lex.c: control_sequence): \n \t \b \r \f \v \a \\ \" \' \? octal and hex.
_ESCAPE_SEQUENCE_RE = re.compile(r"\\(?:x[0-9A-Fa-f]*|.)?")
_VALID_ESCAPE_RE = re.compile(r"\\(?:[ntbrfva\\\"'?]|[0-7]|x[0-9A-Fa-f]+)")
# A quick superset, searched over the whole text: a backslash followed by anything else.
_BAD_ESCAPE_RE = re.compile(r"\\[^ntbrfva\\\"'?0-7x]|\\x(?![0-9A-Fa-f])|\\$", re.MULTILINE)
# "\\f" or "\\v" (one search: a backslash is rare and found fast, two substrings are not).
_FORM_FEED_OR_VTAB_ESCAPE_RE = re.compile(r"\\[fv]")
_CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")
_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}
_ESCAPE_RE = re.compile('[\a\b\f\n\r\t\v\\\\"]')
# Marks of category Mn that gnulib's width table counts as one column.
_SPACING_MARKS = frozenset("\u0cbf\u0cc6")
_INFIX = "[.,:;\u037e\u0589\u060c\u060d\u07f8\u2044\ufe10\ufe13\ufe14]"
_INFIX_BEFORE_LETTER_RE = re.compile(
    rf"(?:(?<={_INFIX})|(?<={_INFIX}[\u200c\u200d]))(?=[^\W\d_]|[#&*<=>@^_`|~])"
)
# The same places, found fast (a search that starts on a character class, not a lookbehind).
_HAS_INFIX_BEFORE_LETTER_RE = re.compile(rf"{_INFIX}[\u200c\u200d]?(?:[^\W\d_]|[#&*<=>@^_`|~])")

# gettext's order of format flags (format_language in gettext-tools/src/message.c).
_FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)  # fmt: skip
_FLAG_RANK = {
    **{f"{name}-format": 1 + 2 * i for i, name in enumerate(_FORMAT_LANGUAGES)},
    **{f"no-{name}-format": 2 + 2 * i for i, name in enumerate(_FORMAT_LANGUAGES)},
}
# Directives that gettext's format parsers recognise, for the formats a newsletter or a
# Python project meets; gettext does not break a line inside one.
_DIRECTIVE_RES = {
    "c-format": re.compile(
        r"%(?:\d+\$)?[-+ #0'I]*(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d*))?"
        r"(?:hh|h|ll|l|L|q|j|z|Z|t)?(?:<PRI\w+>|[diouxXeEfFgGaAcCsSpnm%])"
    ),
    "python-format": re.compile(
        r"%(?:\([^)]*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d*))?[hlL]?[diouxXeEfFgGcrsa%]"
    ),
    "python-brace-format": re.compile(r"\{[^{}]*\}"),
}
_NO_WRAP = 1 << 40
# Characters one column wide that need no escape (printable ASCII but " and \, and Latin,
# Greek, Cyrillic and general punctuation, but for marks and format characters).
_ONE_COLUMN_RE = re.compile(
    r"[\u0020-\u0021\u0023-\u005b\u005d-\u007e\u00a0-\u00ac\u00ae-\u02ff\u0370-\u0377\u037a-\u037f"
    r"\u0384-\u038a\u038c\u038e-\u03a1\u03a3-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e]*"
)
# Text whose line-break opportunities (UAX #14, gnulib) are exactly the ends of its runs of
# spaces: words of digits and Latin, Greek or Cyrillic letters, each perhaps ending in one
# mark of punctuation, separated by spaces, no space first. Every character is one column
# wide and none needs an escape.
_PLAIN_LETTERS = (
    r"0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
    r"\u0386\u0388-\u038a\u038c\u038e-\u03a1\u03a3-\u03f5\u03f7-\u03ff\u0400-\u0481\u048a-\u052f"
)
_PLAIN_WORD = f"[{_PLAIN_LETTERS}]+[.,:;!?]?"
_PLAIN_RE = re.compile(rf"{_PLAIN_WORD}(?: +{_PLAIN_WORD})* *")
_PLAIN_UNIT_RE = re.compile(r"[^ ]* *")
_RANGE_RANK = 1000
_WRAP_RANK = 1001
_OTHER_RANK = 1002


# -- reading ----------------------------------------------------------------------------------


def _check_syntax(text: str, path: str | Path) -> str:
    """Reject what polib would let through; return the text as polib should see it."""
    # One search over the whole text finds the first suspicious line; only then are lines
    # looked at one by one, to name the right one. A text of lines that cannot be suspicious
    # (most catalogs) is told by one match, faster than the search.
    if not _unsuspicious(text) and _SUSPICIOUS_LINE_RE.search("\n" + text):
        for number, line in enumerate(text.splitlines(), 1):
            if line.startswith(_CONFLICT_MARKERS) and (len(line) == 7 or line[7] in " \t"):
                raise CatalogError("unresolved merge conflict marker", path=path, line=number)
            if _KEYWORD_WITHOUT_STRING_RE.match(line):
                raise CatalogError("a keyword not followed by a quoted string", path=path, line=number)
            # polib accepts an unterminated string; msgfmt does not.
            match = _STRING_LINE_RE.match(line)
            if match and not _QUOTED_RE.fullmatch(match["string"]):
                raise CatalogError("unterminated or malformed string", path=path, line=number)
    if "\\" in text:
        _check_escapes(text, path)
    if "msgid" not in text:
        # msgfmt --check refuses a file without a header entry; one without any entry at all
        # (empty, blank, comments or prose only) is no catalog.
        raise CatalogError("not a PO file: no header entry and no messages", path=path, line=1)
    return _as_polib_reads(text)


def _as_polib_reads(text: str) -> str:
    """A text that passed the syntax check as polib should see it."""
    if "#~|" in text:
        # polib drops the previous fields of obsolete entries; as "#|" lines it keeps them.
        text = _OBSOLETE_PREVIOUS_RE.sub("#|", text)
    return text


def _unsuspicious(text: str) -> bool:
    """Whether every line of ``text`` is one :data:`_UNSUSPICIOUS_LINES` matches, so that
    :data:`_SUSPICIOUS_LINE_RE` finds nothing in it."""
    lined = text if text.endswith("\n") else text + "\n"
    return _unsuspicious_lines_re().match(lined).end() == len(lined)  # type: ignore[union-attr]


@lru_cache(maxsize=1)
def _unsuspicious_lines_re() -> re.Pattern[str]:
    return re.compile(_UNSUSPICIOUS_LINES)


def _check_escapes(text: str, path: str | Path) -> None:
    """Refuse an escape sequence msgfmt does not know (``"\\q"``), in every string of the file."""
    if not _BAD_ESCAPE_RE.search(text):
        return
    for number, line in enumerate(text.splitlines(), 1):
        if "\\" not in line:
            continue
        match = _STRING_LINE_RE.match(line)
        if match is None:
            continue
        for escape in _ESCAPE_SEQUENCE_RE.finditer(match["string"]):
            if not _VALID_ESCAPE_RE.fullmatch(escape[0]):
                raise CatalogError(f"invalid escape sequence {escape[0][:2]} in a string", path=path, line=number)


def _check_msgstr_present(text: str, path: str | Path) -> None:
    """Refuse a msgid without msgstr, which polib reads as untranslated and msgfmt refuses."""
    missing = _missing_msgstr(text)
    if missing:
        line = len(text[: missing.start()].splitlines()) + 1
        raise CatalogError("missing msgstr", path=path, line=line)


def _missing_msgstr(text: str) -> re.Match[str] | None:
    """Where a msgid has no msgstr, in ``"\\n" + text``; None when every msgid has one."""
    lined = "\n" + text
    if "\r" in text:
        return _MISSING_MSGSTR_CR_RE.search(lined)
    # As many msgid lines as first msgstr lines: nothing is missing (counted in C, where the
    # search below goes back over every string it meets).
    msgids = lined.count("\nmsgid ") + lined.count("\n#~ msgid ")
    msgstrs = sum(lined.count(f"\n{prefix}{keyword} ") for prefix in ("", "#~ ") for keyword in ("msgstr", "msgstr[0]"))
    if msgids == msgstrs:
        return None
    return _MISSING_MSGSTR_RE.search(lined)


def _check_duplicates(entries: Iterable[polib.POEntry | CatalogEntry], path: str | Path) -> None:
    # One pass over a dict, not polib's check_for_duplicates (a scan per entry: quadratic).
    first_line: dict[tuple[str | None, str], int | None] = {}
    for entry in entries:
        key = (entry.msgctxt, entry.msgid)
        if key in first_line:
            raise CatalogError(
                f"duplicate message definition (first at line {first_line[key]})",
                path=path,
                line=entry.linenum,
            )
        first_line[key] = entry.linenum or 1  # polib numbers the first entry 0


def _polib_parse(text: str, path: str | Path) -> polib.POFile:
    """polib's reading of text that passed :func:`_check_syntax`, held to msgfmt's rules."""
    _check_msgstr_present(text, path)
    try:
        catalog = polib.pofile(text, wrapwidth=DEFAULT_WIDTH)
    except (OSError, ValueError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match[1]) if match else None
        cause = re.sub(r"\s*\(line \d+\)", "", str(exc)) or "not a valid PO file"
        raise CatalogError(cause, path=path, line=line) from exc
    _check_duplicates(catalog, path)
    catalog.check_for_duplicates = True
    return catalog


def parse_catalog(text: str, *, path: str | Path = "<string>", valid: bool = False) -> polib.POFile:
    """Parse PO text; raise CatalogError naming ``path`` and the line on any syntax error.

    The result is a polib catalog, the same as polib's own reading, entry for entry and
    attribute for attribute; where rspolib is installed it parses, several times faster, and
    polib reads only the header (and any text whose reading the two might not agree on).
    ``valid`` says the text is known to pass the line-by-line syntax check (this code read
    the very same text without error before: ``l10n check`` kept findings for it), which is
    then not made again; the reading's own checks still are.
    """
    text = _as_polib_reads(text) if valid else _check_syntax(text, path)
    catalog = _rust_catalog(text) if _rust_reads_as_polib(text) else None
    if catalog is None:
        return _polib_parse(text, path)
    _check_duplicates(catalog, path)
    catalog.check_for_duplicates = True
    return catalog


def read_catalog(path: Path) -> polib.POFile:
    """Read a PO or POT file strictly (UTF-8, valid syntax)."""
    catalog = parse_catalog(read_text(path, error=CatalogError), path=path)
    catalog.fpath = str(path)
    return catalog


@dataclass(slots=True, eq=False, repr=False)
class CatalogEntry:
    """One entry of a catalog read only to be looked at, with polib's attribute names.

    Strings are never None: an absent msgstr, comment or msgid_plural is ``""``, as polib
    has it; ``msgctxt`` and the previous fields are None when absent. References (``#:``)
    are not read: nothing that only looks at a catalog needs them.
    """

    msgctxt: str | None
    msgid: str
    msgid_plural: str
    msgstr: str
    msgstr_plural: dict[int, str]
    flags: list[str]
    tcomment: str
    comment: str
    obsolete: bool
    linenum: int
    previous_msgctxt: str | None
    previous_msgid: str | None
    previous_msgid_plural: str | None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def __repr__(self) -> str:
        return f"CatalogEntry(msgctxt={self.msgctxt!r}, msgid={self.msgid!r}, line={self.linenum})"


_STDERR_LOCK = threading.Lock()


@contextmanager
def _stderr_silenced() -> Iterator[None]:
    """Point file descriptor 2 at the null device for the duration.

    One thread at a time: two overlapping redirections could otherwise leave the null
    device in place for good.
    """
    with _STDERR_LOCK:
        try:
            saved = os.dup(2)
        except OSError:  # no standard error to silence
            yield
            return
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, 2)
            finally:
                os.close(null)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _rust_parse(text: str):
    """rspolib's parse of ``text``; None when it is not installed or refuses the text."""
    if _rspolib is None:
        return None
    try:
        with _stderr_silenced():  # a panic on a broken file prints a Rust backtrace there
            return _rspolib.pofile(text, wrapwidth=DEFAULT_WIDTH)
    except BaseException as exc:  # noqa: BLE001 - a Rust panic is a BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        return None  # polib reads the text again, to name the line or to accept it


def _rust_reads_as_polib(text: str) -> bool:
    """Whether rspolib reads ``text`` as polib does.

    polib reads what rspolib reads otherwise: a lone CR (polib ends a line there), and the
    escapes \\f and \\v (rspolib 0.1.2 gives them the code points 0x12 and 0x11).
    """
    return ("\r" not in text or "\r" not in text.replace("\r\n", "")) and not _FORM_FEED_OR_VTAB_ESCAPE_RE.search(text)


def _rust_entries(text: str) -> list[CatalogEntry] | None:
    """The entries as rspolib parses them; None when it is not installed or refuses the text."""
    parsed = _rust_parse(text)
    if parsed is None:
        return None
    entries = []
    for entry in parsed.get_entries():
        plural = entry.msgid_plural or ""
        entries.append(CatalogEntry(
            entry.msgctxt, entry.msgid, plural, entry.msgstr or "",
            dict(enumerate(entry.get_msgstr_plural())) if plural else {},
            entry.get_flags(), entry.tcomment or "", entry.comment or "", entry.obsolete,
            entry.linenum, entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural,
        ))
    return entries


def _msgid_lines(text: str) -> int:
    lined = "\n" + text
    return lined.count("\nmsgid ") + lined.count("\n#~ msgid ")


def _rust_catalog(text: str) -> polib.POFile | None:
    """The polib catalog polib would read from ``text``, built from rspolib's parse.

    rspolib leaves the header entry out and keeps its fields unordered, so polib reads the
    lines before the first entry (the header, short) and rspolib the rest. None, for polib to
    read the whole text, when rspolib is missing or refuses the text, or when the two could
    disagree on which entry is the header: a header entry that is not first, an entry with an
    empty msgid, or a msgid line that is not at the start of a line.
    """
    parsed = _rust_parse(text)
    if parsed is None:
        return None
    found = parsed.get_entries()
    if found:
        first_line = found[0].linenum
        end = -1
        for _ in range(first_line - 1):
            end = text.find("\n", end + 1)
            if end < 0:
                return None
        head_text = text[: end + 1]
    else:
        head_text = text
    head = polib.pofile(head_text, wrapwidth=DEFAULT_WIDTH, encoding="utf-8")
    if len(head) or head.header != (parsed.header or ""):
        return None
    # Every msgid line starts an entry: the header's (in the head) or one of rspolib's.
    if _msgid_lines(text) != len(found) + _msgid_lines(head_text):
        return None
    catalog = polib.POFile(wrapwidth=DEFAULT_WIDTH, encoding=polib.detect_encoding(text))
    catalog.header = head.header
    catalog.metadata = head.metadata
    catalog.metadata_is_fuzzy = head.metadata_is_fuzzy
    new = polib.POEntry.__new__
    append = list.append
    for entry in found:
        msgid = entry.msgid
        if not msgid:
            return None
        plural = entry.msgid_plural or ""
        made = new(polib.POEntry)
        made.__dict__.update(
            msgid=msgid,
            msgstr=entry.msgstr or "",
            msgid_plural=plural,
            msgstr_plural=dict(enumerate(entry.get_msgstr_plural())) if plural else {},
            msgctxt=entry.msgctxt,
            obsolete=int(entry.obsolete),
            encoding=polib.default_encoding,
            comment=entry.comment or "",
            tcomment=entry.tcomment or "",
            occurrences=entry.get_occurrences(),
            flags=entry.get_flags(),
            previous_msgctxt=entry.previous_msgctxt,
            previous_msgid=entry.previous_msgid,
            previous_msgid_plural=entry.previous_msgid_plural,
            linenum=entry.linenum,
        )
        append(catalog, made)
    return catalog


def scan_catalog(path: Path, *, text: str | None = None) -> list[CatalogEntry] | polib.POFile:
    """The entries of a PO or POT file, for reading only (obsolete ones included).

    As strict as :func:`read_catalog`, with the same errors, and several times faster where
    `rspolib` (a Rust port of polib) is installed; without it, polib reads the file. The
    result is iterated like a polib catalog and its entries have polib's attributes, but it
    cannot be written back: commands that change a catalog use :func:`read_catalog`.
    """
    if text is None:
        text = read_text(path, error=CatalogError)
    text = _check_syntax(text, path)
    # rspolib refuses a msgid without msgstr itself.
    entries = _rust_entries(text) if _rust_reads_as_polib(text) else None
    if entries is None:
        return _polib_parse(text, path)
    _check_duplicates(entries, path)
    return entries


# -- writing ----------------------------------------------------------------------------------


def format_catalog(catalog: polib.POFile, *, width: int = DEFAULT_WIDTH) -> str:
    """The catalog as PO text in GNU gettext's layout, strings wrapped at ``width`` columns.

    ``width`` is msgmerge's ``--width``; 0 or less means ``--no-wrap`` (strings stay on one
    line, except after ``\\n``; references still fill lines of 79 columns).
    """
    wrap = width > 0
    page = width if wrap else DEFAULT_WIDTH
    blocks: list[str] = []
    header = _header_entry(catalog)
    if header is not None:
        blocks.append(_format_entry(header, page, wrap))
    live = [e for e in catalog if not e.obsolete]
    # Like gettext, drop obsolete entries that hold no translation.
    dead = [e for e in catalog if e.obsolete and _first_msgstr(e)]
    blocks.extend(_format_entry(e, page, wrap) for e in live)
    blocks.extend(_format_entry(e, page, wrap) for e in dead)
    return "\n".join(blocks)


def write_catalog(path: Path, catalog: polib.POFile, *, width: int = DEFAULT_WIDTH) -> bool:
    """Write the catalog atomically unless the file already holds the same text; return whether it wrote.

    A file that exists keeps its line endings (CR LF or LF) and its byte-order mark, as
    msgcat keeps them, so that rewriting it shows no whole-file diff.
    """
    try:
        old = Path(path).read_bytes()
    except OSError:
        old = None
    data = encode_like(format_catalog(catalog, width=width), old)
    if old == data:
        return False
    atomic_write(path, data, error=CatalogError)
    return True


def encode_like(text: str, old: bytes | None) -> bytes:
    """``text`` (LF line ends) as UTF-8 bytes with the line ends and byte-order mark of ``old``."""
    data = text.encode("utf-8")
    if not old:
        return data
    first_line = old[: old.find(b"\n") + 1] if b"\n" in old else b""
    if first_line.endswith(b"\r\n"):
        data = data.replace(b"\n", b"\r\n")
    if old.startswith(b"\xef\xbb\xbf"):
        data = b"\xef\xbb\xbf" + data
    return data


def header_text(metadata: dict[str, str]) -> str:
    """The header entry's msgstr for ``metadata`` (one ``Key: value\\n`` line per field)."""
    return "".join(f"{key}: {value}\n" for key, value in metadata.items())


def _header_entry(catalog: polib.POFile) -> polib.POEntry | None:
    if not catalog.metadata and not catalog.header and not catalog.metadata_is_fuzzy:
        return None
    entry = polib.POEntry(msgid="", msgstr=header_text(catalog.metadata))
    entry.tcomment = catalog.header or ""
    if catalog.metadata_is_fuzzy:
        entry.flags = ["fuzzy"]
    return entry


def _format_entry(entry: polib.POEntry, page: int, wrap: bool, kept: tuple[str, str] | None = None) -> str:
    """The entry's lines, joined by newlines, with a final newline.

    ``kept`` is, from the file the entry was read from, its block's extracted-comment and
    reference lines and its string lines (each run ending in a newline, the first run
    possibly empty): they are written as they are, and only the translator comments, the
    flags and the previous strings are laid out from the entry.
    """
    parts: list[str] = []  # lines, or runs of lines joined by "\n"
    add = parts.append
    comment = entry.tcomment
    if comment:
        add("# " + comment if "\n" not in comment else _comment_lines("#", comment))
    if kept is not None:
        if kept[0]:
            add(kept[0][:-1])
    else:
        comment = entry.comment
        if comment:
            add("#. " + comment if "\n" not in comment else _comment_lines("#.", comment))
        if entry.occurrences:
            add(_references(entry.occurrences, page))
    formats: tuple[str, ...] = ()
    if entry.flags:
        flags, unfuzzy, formats = _flag_lines(tuple(entry.flags))
        if unfuzzy is not None and entry.msgid and not _first_msgstr(entry):
            flags = unfuzzy  # gettext writes no fuzzy flag on an untranslated entry
        if flags:
            add(flags)
    obsolete = entry.obsolete
    prefix = "#~ " if obsolete else ""
    if entry.previous_msgctxt is not None or entry.previous_msgid is not None or entry.previous_msgid_plural is not None:
        previous = "#~| " if obsolete else "#| "
        if entry.previous_msgctxt is not None:
            add(_wrapped(previous, "msgctxt", entry.previous_msgctxt, page, wrap, ()))
        if entry.previous_msgid is not None:
            add(_wrapped(previous, "msgid", entry.previous_msgid, page, wrap, formats))
        if entry.previous_msgid_plural is not None:
            add(_wrapped(previous, "msgid_plural", entry.previous_msgid_plural, page, wrap, formats))
    if kept is not None:
        return "\n".join(parts) + ("\n" if parts else "") + kept[1]
    if entry.msgctxt is not None:
        add(_wrapped(prefix, "msgctxt", entry.msgctxt, page, wrap, ()))
    add(_wrapped(prefix, "msgid", entry.msgid, page, wrap, formats))
    if entry.msgid_plural:
        add(_wrapped(prefix, "msgid_plural", entry.msgid_plural, page, wrap, formats))
        forms = entry.msgstr_plural or {0: "", 1: ""}
        for index in sorted(forms, key=int):
            add(_wrapped(prefix, f"msgstr[{index}]", forms[index], page, wrap, formats))
    else:
        add(_wrapped(prefix, "msgstr", entry.msgstr, page, wrap, formats))
    add("")
    return "\n".join(parts)


def _comment_lines(mark: str, comment: str) -> str:
    return "\n".join([f"{mark} {line}" if line else mark for line in comment.split("\n")])


def _first_msgstr(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        forms = entry.msgstr_plural or {}
        return forms.get(0, forms.get("0", ""))
    return entry.msgstr


def _references(occurrences: list[tuple[str, str]], page: int) -> str:
    """``#:`` lines, filled as gettext fills them (a reference never splits), joined by newlines."""
    if len(occurrences) == 1:
        file, line = occurrences[0]
        return f"#: {file}:{line}" if line not in (None, "") else f"#: {file}"
    lines: list[str] = []
    current = "#:"
    column = 2
    for file, line in occurrences:
        ref = f"{file}:{line}" if line not in (None, "") else file
        size = len(ref) + 1
        if column > 2 and column + size > page:
            lines.append(current)
            current, column = "#:", 2
        current += " " + ref
        column += size
    lines.append(current)
    return "\n".join(lines)


@lru_cache(maxsize=1024)
def _flag_lines(flags: tuple[str, ...]) -> tuple[str, str | None, tuple[str, ...]]:
    """The ``#,`` line of these flags ("" for none), the same without ``fuzzy`` (None when
    there is no ``fuzzy``), and the format whose directives stay whole.

    gettext protects the directives of the first format the entry is flagged with.
    """
    ordered = _sorted_flags(list(flags))
    language = next((f for f in ordered if f in _FLAG_RANK and not f.startswith("no-")), None)
    formats = (language,) if language in _DIRECTIVE_RES else ()
    line = "#, " + ", ".join(ordered) if ordered else ""
    if "fuzzy" not in ordered:
        return line, None, formats
    ordered.remove("fuzzy")
    return line, "#, " + ", ".join(ordered) if ordered else "", formats


def _sorted_flags(flags: list[str]) -> list[str]:
    """fuzzy first, then format flags in gettext's order, range, wrap, and any other flag."""
    seen = list(dict.fromkeys(f.strip() for f in flags if f.strip()))

    def rank(flag: str) -> int:
        if flag == "fuzzy":
            return 0
        if flag in _FLAG_RANK:
            return _FLAG_RANK[flag]
        if flag.startswith("range:"):
            return _RANGE_RANK
        if flag in ("wrap", "no-wrap"):
            return _WRAP_RANK
        return _OTHER_RANK

    return sorted(seen, key=rank)


@lru_cache(maxsize=65536)
def _wrapped(prefix: str, name: str, value: str, page: int, wrap: bool, formats: tuple[str, ...]) -> str:
    """The lines of ``<prefix><name> "<value>"``, joined by newlines, as gettext's ``wrap()`` in
    write-po.c lays them out.

    ``formats`` are the entry's format flags: gettext never breaks inside a directive
    of those languages (``%(name) r`` stays whole). The common cases are laid out here,
    the same as :func:`_laid_out` lays them out, in a fraction of its time.
    """
    width = page - 1 - len(prefix) - 1 if wrap else _NO_WRAP
    start = len(name) + 1
    if start + len(value) <= width and (
        (value.isascii() and value.isprintable() and '"' not in value and "\\" not in value)
        or _ONE_COLUMN_RE.fullmatch(value)
    ):
        # Nothing to escape, one column per character, and it fits: one line.
        return f'{prefix}{name} "{value}"'
    if not _PLAIN_RE.fullmatch(value):
        return "\n".join(_laid_out(prefix, name, value, page, wrap, formats))
    # Words of letters and digits between spaces: nothing to escape, one column per
    # character, a break after each run of spaces; the lines are cut out of the text.
    if start > width or " " in value.rstrip(" "):
        # Pieces that overflow: gettext starts the string on the next line.
        head, start = f'{prefix}{name} ""\n{prefix}"', 0
    else:
        head = f'{prefix}{name} "'
    return head + f'"\n{prefix}"'.join(_plain_lines(value, width, start)) + '"'


def _laid_out(
    prefix: str, name: str, value: str, page: int, wrap: bool, formats: tuple[str, ...]
) -> tuple[str, ...]:
    """:func:`_wrapped` for any string: escaped, cut into pieces at its break opportunities, filled."""
    width = page - 1 - len(prefix) - 1 if wrap else _NO_WRAP
    if "\n" not in value[:-1]:
        escaped = _ESCAPE_RE.sub(_escape, value) if _ESCAPE_RE.search(value) else value
        total = _display_width(escaped)
        if len(name) + 1 + total <= width:
            # Fits on the first line: no break to look for (the greedy breaker would find none).
            return (f'{prefix}{name} "{escaped}"',)
        # One portion (the loop below, unrolled): it starts after the keyword, or on the
        # next line when its pieces overflow.
        simple = (escaped.isascii() and "\\" not in escaped and escaped[:1] not in ("", " ")
                  and not (formats and _directive_insides(escaped, formats)))
        units = _split_units(escaped) if simple else _pieces(escaped, formats)
        start = len(name) + 1
        if escaped and (start > width or (len(units) > 1 and start + total > width)):
            lines = [f'{prefix}{name} ""']
            start = 0
            lead = prefix
        else:
            lines = []
            lead = f"{prefix}{name} "
        chunks = _ascii_lines(escaped, units, width, start) if simple else _greedy_lines(units, width, start)
        lines.append(f'{lead}"{chunks[0]}"')
        lines.extend(f'{prefix}"{chunk}"' for chunk in chunks[1:])
        return tuple(lines)
    portions = _PORTION_RE.findall(value) if value else [""]
    after_break = len(prefix) + 1
    lines: list[str] = []
    first = True
    for number, portion in enumerate(portions):
        escaped = _ESCAPE_RE.sub(_escape, portion)
        pieces = _pieces(escaped, formats)
        start = _start_column(prefix, name, first) - after_break
        # The greedy breaker breaks a portion of several pieces exactly when they overflow.
        overflows = len(pieces) > 1 and start + sum(size for _, size in pieces) > width
        if first and escaped and (number < len(portions) - 1 or start > width or overflows):
            lines.append(f'{prefix}{name} ""')
            first = False
            start = _start_column(prefix, name, first) - after_break
        chunks = _greedy_lines(pieces, width, start)
        lead = f"{prefix}{name} " if first else prefix
        lines.append(f'{lead}"{chunks[0]}"')
        lines.extend(f'{prefix}"{chunk}"' for chunk in chunks[1:])
        first = False
    return tuple(lines)


def _escape(match: re.Match[str]) -> str:
    return _ESCAPES[match[0]]


def _start_column(prefix: str, name: str, first: bool) -> int:
    column = len(prefix)
    if first:
        column += len(name) + 1
    return column + 1  # the opening quote


def _ascii_lines(text: str, units: tuple[str, ...], width: int, start: int) -> list[str]:
    """:func:`_greedy_lines` where every unit is a piece one column per character wide.

    Each line's last piece is found by bisection over the running widths, and lines are
    cut out of ``text`` rather than joined.
    """
    ends = list(accumulate(map(len, units)))  # ends[i]: columns of units[: i + 1]
    last = len(ends) - 1
    lines: list[str] = []
    first, offset, column = 0, 0, start
    while True:
        end = max(first, bisect_right(ends, offset + width - column, first) - 1)
        lines.append(text[offset : ends[end]])
        if end >= last:
            return lines
        first, offset, column = end + 1, ends[end], 0


def _plain_lines(text: str, width: int, start: int) -> list[str]:
    """:func:`_greedy_lines` for text that :data:`_PLAIN_RE` matches, without cutting it into units.

    Such text breaks after each run of spaces and nowhere else: each line ends after the
    last run of spaces that fits (a space followed by a non-space), or, when none fits,
    after the first word and its spaces.
    """
    lines: list[str] = []
    size = len(text)
    offset, column = 0, start
    while True:
        limit = offset + width - column
        if limit >= size:
            lines.append(text[offset:])
            return lines
        found = text.rfind(" ", offset, limit) if limit > offset else -1
        while found >= 0 and text[found + 1] == " ":
            found = text.rfind(" ", offset, found)
        end = found + 1 if found >= 0 else _PLAIN_UNIT_RE.match(text, offset).end()
        lines.append(text[offset:end])
        if end >= size:
            return lines
        offset, column = end, 0


def _greedy_lines(pieces: list[tuple[str, int]], width: int, start: int) -> list[str]:
    """The pieces joined into lines as gnulib's ``ulc_width_linebreaks`` breaks them.

    The first piece of a line stays on it however wide; each next one joins the line while
    it fits in ``width`` columns, else starts the next line. The first line begins at column
    ``start``, the others at 0.
    """
    lines: list[str] = []
    line: list[str] = []
    column = start
    for piece, size in pieces:
        if line and column + size > width:
            lines.append("".join(line))
            line = [piece]
            column = size
        else:
            line.append(piece)
            column += size
    lines.append("".join(line))
    return lines


@lru_cache(maxsize=65536)
def _split_units(escaped: str) -> tuple[str, ...]:
    units = segmentation.line_break_units(escaped)
    if not _HAS_INFIX_BEFORE_LETTER_RE.search(escaped):
        return tuple(units)
    # gnulib's pair table predates UAX #14's rule LB29 (IS × AL): it breaks after ".", ":"
    # or "," before an alphabetic character ("%(name)s.|allow_future", "HH:|MM", ":|<code>").
    return tuple(part for unit in units for part in _INFIX_BEFORE_LETTER_RE.split(unit) if part)


def _pieces(escaped: str, formats: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    """The escaped text cut at its line-break opportunities, with each piece's display width.

    No break inside an escape sequence (``\\"``, ``\\n``) or a format directive, nor just
    before the ``\\n`` that ends a portion.
    """
    if not escaped:
        return [("", 0)]
    inside = _directive_insides(escaped, formats) if formats else set()
    if not inside and "\\" not in escaped and escaped[0] != " ":
        # No escape sequence, directive or opening spaces: every opportunity is a break.
        units = _split_units(escaped)
        if escaped.isascii():
            return list(zip(units, map(len, units)))
        return [(unit, _display_width(unit)) for unit in units]
    pieces: list[str] = []
    offset = 0
    for unit in _split_units(escaped):
        # gnulib never breaks after spaces that open the text (" |%(name)s").
        leading = len(pieces) == 1 and not pieces[0].strip(" ")
        if pieces and (leading or _glued(pieces[-1], unit) or offset in inside):
            pieces[-1] += unit
        else:
            pieces.append(unit)
        offset += len(unit)
    if len(pieces) > 1 and pieces[-1] == "\\n":
        tail = pieces.pop()
        pieces[-1] += tail
    return [(p, _display_width(p)) for p in pieces]


def _directive_insides(escaped: str, formats: tuple[str, ...]) -> set[int]:
    """Offsets strictly inside a format directive of one of ``formats``."""
    inside: set[int] = set()
    for name in formats:
        for match in _DIRECTIVE_RES[name].finditer(escaped):
            inside.update(range(match.start() + 1, match.end()))
    return inside


def _glued(before: str, after: str) -> bool:
    """Whether the break between two units falls inside an escape sequence."""
    if not before.endswith("\\"):
        return False
    backslashes = len(before) - len(before.rstrip("\\"))
    return backslashes % 2 == 1


def _display_width(text: str) -> int:
    if text.isascii() or _ONE_COLUMN_RE.fullmatch(text):
        return len(text)
    return sum(map(_char_width, text))


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    """Columns of one character, as gnulib's ``uc_width`` counts them in a UTF-8 locale.

    Counted per character on purpose: gettext knows no ligatures or grapheme clusters.
    """
    if char in _SPACING_MARKS:
        return 1
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf", "Cc") or "\u1160" <= char <= "\u11ff":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
