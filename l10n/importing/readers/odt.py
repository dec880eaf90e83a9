"""Reading an OpenDocument text (``.odt``) into segments, from its ``content.xml``.

The standard library reads it: the file is a zip archive whose ``content.xml`` holds the
body. ``text:h`` is a ``heading``, ``text:p`` a ``paragraph``, a paragraph in
``text:list-item`` a ``list item``, the paragraphs of a ``table:table-cell`` one
``table cell``; ``text:a`` links are kept as Markdown links unless they are tracking links;
``text:s``, ``text:tab`` and ``text:line-break`` are spaces; notes and tracked deletions are
not read. A segment's ``line`` is its block's number in the body.
"""

from __future__ import annotations

import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

from l10n.errors import SourceError
from l10n.importing.align import Unit
from l10n.importing.readers.html import MERGE_TAG, clean_link, is_tracking_link, strip_merge_tags

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
XLINK = "http://www.w3.org/1999/xlink"
MIMETYPE = "application/vnd.oasis.opendocument.text"
_SKIPPED = {f"{{{TEXT}}}note", f"{{{TEXT}}}tracked-changes", f"{{{TEXT}}}sequence-decls"}
_SPACES = {f"{{{TEXT}}}s", f"{{{TEXT}}}tab", f"{{{TEXT}}}line-break"}


def read_odt(path: Path) -> list[Unit]:
    """The segments of the OpenDocument text at ``path``; :class:`SourceError` when it is not one."""
    try:
        with zipfile.ZipFile(path) as archive:
            content = archive.read("content.xml")
        root = ET.fromstring(content)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(f"not a readable OpenDocument file ({exc})", path=path) from exc
    except KeyError as exc:
        raise SourceError("not a readable OpenDocument file (no content.xml)", path=path) from exc
    except ET.ParseError as exc:
        raise SourceError(f"not a readable OpenDocument file (content.xml: {exc})", path=path) from exc
    units: list[Unit] = []
    _walk(root, units, "paragraph")
    return units


def _inline(element: ET.Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag in _SPACES:
            parts.append(" ")
        elif child.tag in _SKIPPED:
            pass
        elif child.tag == f"{{{TEXT}}}a":
            text, href = _inline(child), child.get(f"{{{XLINK}}}href") or ""
            if text.strip() and href.startswith(("http:", "https:", "mailto:")) and not is_tracking_link(href) \
                    and not MERGE_TAG.search(href):
                parts.append(f"[{' '.join(text.split())}]({clean_link(href)})")
            else:
                parts.append(text)
        else:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _clean(text: str) -> str:
    return " ".join(strip_merge_tags(text).split())


def _walk(element: ET.Element, units: list[Unit], kind: str) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIPPED:
            continue
        if tag == f"{{{TEXT}}}h":
            text = _clean(_inline(child))
            if text:
                units.append(Unit("heading", text, len(units) + 1))
        elif tag == f"{{{TEXT}}}p":
            text = _clean(_inline(child))
            if text:
                units.append(Unit(kind, text, len(units) + 1))
        elif tag == f"{{{TABLE}}}table-cell":
            text = _clean(" ".join(_inline(p) for p in child.iter() if p.tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h")))
            if text:
                units.append(Unit("table cell", text, len(units) + 1))
        elif tag == f"{{{TEXT}}}list-item":
            _walk(child, units, "list item")
        else:
            _walk(child, units, kind)
