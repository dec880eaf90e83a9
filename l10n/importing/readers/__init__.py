"""Readers of published translations: one module per format, each giving aligner units.

A file's format is told by its content, and only then by its name: ``%PDF-`` starts a PDF,
a zip archive whose first member says ``opendocument.text`` is an OpenDocument text, another
zip archive a Word document (it must hold ``word/document.xml``), a block of mail headers
with ``MIME-Version`` or ``Content-Type`` is an e-mail, a document opening with an HTML
tag is HTML, ``.md`` names Markdown, and anything else is plain text (copied out of a PDF).
A name that promises a format the content does not have is an error.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from l10n.errors import SourceError
from l10n.fileio import decode_text, read_bytes
from l10n.importing.align import Unit
from l10n.importing.importer import WordFrequency, read_markdown, read_plain_text, word_frequency

FORMATS = ("markdown", "text", "pdf", "html", "email", "docx", "odt")
BINARY = {".pdf": "pdf", ".docx": "docx", ".odt": "odt"}
SUFFIXES = {
    ".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".eml": "email", **BINARY,
}
NAMES = {"pdf": "a PDF", "docx": "a Word document", "odt": "an OpenDocument text", "html": "HTML",
         "email": "an e-mail"}

_HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]")
_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]",
                         re.IGNORECASE | re.DOTALL)


@dataclass(slots=True, frozen=True)
class Document:
    """A translation as read: its segments, and whether they carry Markdown markup as the catalog does."""

    units: tuple[Unit, ...]
    fmt: str
    plain: bool  # text without the source's inline markup (links and emphasis placed from the source)


def detect_format(data: bytes, name: str = "") -> str:
    """The format of a file from its first bytes, then from its name (see the module docstring)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        # An OpenDocument file stores its type uncompressed, first: "mimetype" at offset 30.
        return "odt" if data[30:38] == b"mimetype" and b"opendocument.text" in data[38:120] else "docx"
    if _is_mail(data):
        return "email"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    if _HTML_START.match(text):
        return "html"
    suffix = Path(name).suffix.lower()
    return "text" if suffix in BINARY else SUFFIXES.get(suffix, "text")


def _is_mail(data: bytes) -> bool:
    """Whether ``data`` starts with a block of RFC 5322 headers naming a MIME type or version."""
    header = data.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    lines = header.splitlines()
    if not lines or not _HEADER.match(lines[0]):
        return False
    names = set()
    for line in lines:
        if line[:1] in (b" ", b"\t"):
            continue
        if not _HEADER.match(line):
            return False
        names.add(line.split(b":", 1)[0].lower())
    return bool(names & {b"mime-version", b"content-type"})


def read_document(path: Path, *, lang: str, fmt: str = "auto", front_matter_keys: Sequence[str] = ("title", "summary"),
                  frequency: WordFrequency = word_frequency, html_source: bool = False) -> Document:
    """Read the translation at ``path`` as ``fmt`` ("auto": by content); :class:`SourceError` when it cannot be.

    ``html_source``: the source issue is HTML, so an HTML translation is read by the very
    reader of HTML sources (``l10n.sources.html``), its inline markup kept as the msgids keep it.
    """
    data = read_bytes(path, error=SourceError)
    found = detect_format(data, path.name)
    if fmt == "auto":
        fmt = found
        expected = BINARY.get(path.suffix.lower())
        if expected and expected != found:
            raise SourceError(f"named {path.suffix} but not {NAMES[expected]} (it reads as {found})", path=path)
    if fmt == "pdf":
        from l10n.importing.readers.pdf import read_pdf

        return Document(tuple(read_pdf(path, lang=lang, frequency=frequency)), fmt, True)
    if fmt == "docx":
        _check_zip(path, data)
        from l10n.importing.readers.docx import read_docx

        return Document(tuple(read_docx(path)), fmt, True)
    if fmt == "odt":
        from l10n.importing.readers.odt import read_odt

        return Document(tuple(read_odt(path)), fmt, True)
    if fmt == "email":
        from l10n.importing.readers.mail import read_email

        units, plain_text = read_email(path, data, lang=lang, frequency=frequency)
        return Document(tuple(units), fmt, True)
    text = decode_text(data, path, error=SourceError)
    if fmt == "html" and html_source:
        from l10n.importing.importer import read_html as read_like_source

        return Document(tuple(read_like_source(text)), fmt, False)
    if fmt == "html":
        from l10n.importing.readers.html import read_html

        return Document(tuple(read_html(text)), fmt, True)
    if fmt == "markdown":
        return Document(tuple(read_markdown(text, front_matter_keys=front_matter_keys)), fmt, False)
    return Document(tuple(read_plain_text(text, lang=lang, frequency=frequency)), "text", True)


def _check_zip(path: Path, data: bytes) -> None:
    """A zip archive that is not a Word document is named as what it is."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(f"not a readable Word document ({exc})", path=path) from exc
    if "word/document.xml" in names:
        return
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        raise SourceError(f"an OpenDocument file of another kind ({mimetype}), not a text", path=path)
    raise SourceError("a zip archive without word/document.xml: not a Word document", path=path)
