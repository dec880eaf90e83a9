"""The project's translation memory file: pairs from back issues, in TMX 1.4b.

``locales/<lang>/memory.tmx`` holds what ``l10n import --memory-only`` found in translations
published before the catalogs existed: one ``<tu>`` per source text, with a ``<tuv>`` in the
source language and one in ``<lang>``, each ``<seg>`` holding the text as a catalog would
(inline Markdown kept). Two properties say where a pair came from: ``x-issue`` (the source
issue) and ``x-document`` (the published file, as given). Any tool that reads TMX (OmegaT,
Weblate, Trados, Translate Toolkit) can read it; the ``tm`` provider reads it along with the
catalogs, a catalog's translation winning over the file's.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from l10n.errors import CatalogError
from l10n.fileio import atomic_write

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(slots=True, frozen=True)
class MemoryPair:
    """One translation unit of the file."""

    source: str
    translation: str
    issue: str = ""  # the source issue it was aligned with
    document: str = ""  # the published translation it was read from
    date: str = ""  # YYYYMMDDTHHMMSSZ, when it was imported


def _lang_matches(value: str, lang: str) -> bool:
    value, lang = value.replace("_", "-").lower(), lang.replace("_", "-").lower()
    return value == lang or value.split("-")[0] == lang.split("-")[0] and "-" not in lang


def read_tmx(path: Path, *, source_lang: str, lang: str) -> list[MemoryPair]:
    """The pairs of ``path`` from ``source_lang`` to ``lang``; none when the file does not exist."""
    if not path.exists():
        return []
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise CatalogError(f"not a readable TMX file ({exc})", path=path, line=line) from exc
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    if root.tag != "tmx":
        raise CatalogError("not a TMX file (no <tmx> root element)", path=path)
    pairs = []
    for unit in root.iter("tu"):
        texts: dict[str, str] = {}
        for variant in unit.findall("tuv"):
            code = variant.get(XML_LANG) or variant.get("lang") or ""
            seg = variant.find("seg")
            if seg is None:
                continue
            text = "".join(seg.itertext())
            if _lang_matches(code, source_lang):
                texts.setdefault("source", text)
            elif _lang_matches(code, lang):
                texts.setdefault("target", text)
        if texts.get("source") and texts.get("target"):
            props = {p.get("type"): (p.text or "") for p in unit.findall("prop")}
            pairs.append(MemoryPair(texts["source"], texts["target"], props.get("x-issue", ""),
                                    props.get("x-document", ""), unit.get("creationdate", "")))
    return pairs


def merge_pairs(held: Iterable[MemoryPair], new: Iterable[MemoryPair]) -> list[MemoryPair]:
    """``held`` with ``new`` merged in: a source text already held gets the new translation in its place."""
    merged = {pair.source: pair for pair in held}
    for pair in new:
        old = merged.get(pair.source)
        if old is not None and (old.translation, old.issue, old.document) == (pair.translation, pair.issue,
                                                                            pair.document):
            continue  # unchanged: keep its date, so that importing again leaves the file as it was
        merged[pair.source] = pair
    return list(merged.values())


def format_tmx(pairs: Iterable[MemoryPair], *, source_lang: str, lang: str, tool_version: str = "") -> str:
    """The TMX document holding ``pairs``."""
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {
        "creationtool": "l10n", "creationtoolversion": tool_version or "0", "segtype": "paragraph",
        "o-tmf": "gettext", "adminlang": "en", "srclang": source_lang, "datatype": "plaintext",
    })
    body = ET.SubElement(root, "body")
    for pair in pairs:
        attrs = {"creationdate": pair.date} if pair.date else {}
        unit = ET.SubElement(body, "tu", attrs)
        for kind, value in (("x-issue", pair.issue), ("x-document", pair.document)):
            if value:
                ET.SubElement(unit, "prop", type=kind).text = value
        for code, text in ((source_lang, pair.source), (lang, pair.translation)):
            variant = ET.SubElement(unit, "tuv", {XML_LANG: code})
            ET.SubElement(variant, "seg").text = text
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_tmx(path: Path, pairs: Iterable[MemoryPair], *, source_lang: str, lang: str,
              tool_version: str = "") -> bool:
    """Write ``pairs`` to ``path`` atomically; False when the file already held exactly that."""
    text = format_tmx(pairs, source_lang=source_lang, lang=lang, tool_version=tool_version)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text, error=CatalogError)
    return True
