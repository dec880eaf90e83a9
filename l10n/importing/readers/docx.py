"""Reading a Word document (``.docx``) into segments, with python-docx.

Paragraphs in body order: a paragraph styled ``Title`` or ``Heading N`` is a ``heading``,
one in a list (numbered, or styled ``List ...``) a ``list item``, the rest ``paragraph``;
tables are read cell by cell (``table cell``; a merged cell once), paragraphs inside a
cell joined. Hyperlinks are kept as Markdown links, as the catalog writes them, unless
they are tracking links. A segment's ``line`` is its paragraph's number in the body.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from l10n.errors import SourceError
from l10n.importing.align import Unit
from l10n.importing.readers.html import MERGE_TAG, clean_link, is_tracking_link, strip_merge_tags


def read_docx(path: Path) -> list[Unit]:
    """The segments of the Word document at ``path``; :class:`SourceError` when it is not one."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
        return _units(document)
    except PackageNotFoundError as exc:
        raise SourceError("not a readable Word document (not a .docx package)", path=path) from exc
    except zipfile.BadZipFile as exc:
        raise SourceError(f"not a readable Word document ({exc})", path=path) from exc
    except KeyError as exc:
        raise SourceError(f"not a readable Word document (missing part {exc})", path=path) from exc
    except Exception as exc:  # lxml's XMLSyntaxError and python-docx's own errors
        if type(exc).__module__.startswith(("lxml", "docx")):
            raise SourceError(f"not a readable Word document ({exc})", path=path) from exc
        raise


def _text(paragraph) -> str:
    from docx.text.hyperlink import Hyperlink

    parts = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            text, address = item.text, item.address
            if text.strip() and address and address.startswith(("http:", "https:", "mailto:")) \
                    and not is_tracking_link(address) and not MERGE_TAG.search(address):
                parts.append(f"[{' '.join(text.split())}]({clean_link(address)})")
            else:
                parts.append(text)
        else:
            parts.append(item.text)
    return " ".join(strip_merge_tags("".join(parts)).split())


def _kind(paragraph) -> str:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name == "Title" or name.startswith("Heading"):
        return "heading"
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if numbered or name.startswith("List"):
        return "list item"
    return "paragraph"


def _units(document) -> list[Unit]:
    from docx.table import Table

    units: list[Unit] = []
    number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            seen: list = []  # the cells' XML elements: a merged cell is listed in several places
            for row in block.rows:
                for cell in row.cells:
                    if any(cell._tc is tc for tc in seen):
                        continue
                    seen.append(cell._tc)
                    number += len(cell.paragraphs)
                    text = " ".join(t for t in (_text(p) for p in cell.paragraphs) if t)
                    if text:
                        units.append(Unit("table cell", text, number))
            continue
        number += 1
        text = _text(block)
        if text:
            units.append(Unit(_kind(block), text, number))
    return units
