"""Reading and writing PO and POT files.

polib parses; this module reports syntax errors as ``file:line`` and writes catalogs in
one stable layout, atomically.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from l10n.errors import CatalogError
from l10n.fileio import atomic_write, read_text

DEFAULT_WIDTH = 79


def parse_catalog(text: str, *, path: str | Path = "<string>") -> polib.POFile:
    """Parse PO text; raise CatalogError naming ``path`` and the line on any syntax error."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(("<<<<<<<", ">>>>>>>", "=======")) and line[:7] in ("<<<<<<<", ">>>>>>>", "======="):
            raise CatalogError("unresolved merge conflict marker", path=path, line=number)
    try:
        catalog = polib.pofile(text, wrapwidth=DEFAULT_WIDTH)
    except (OSError, ValueError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match[1]) if match else None
        cause = re.sub(r"\s*\(line \d+\)", "", str(exc)) or "not a valid PO file"
        raise CatalogError(cause, path=path, line=line) from exc
    # One pass over a dict, not polib's check_for_duplicates (a scan per entry: quadratic).
    first_line: dict[tuple[str | None, str], int | None] = {}
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid)
        if key in first_line:
            raise CatalogError(
                f"duplicate message definition (first at line {first_line[key]})",
                path=path,
                line=entry.linenum,
            )
        first_line[key] = entry.linenum
    catalog.check_for_duplicates = True
    return catalog


def read_catalog(path: Path) -> polib.POFile:
    """Read a PO or POT file strictly (UTF-8, valid syntax)."""
    catalog = parse_catalog(read_text(path, error=CatalogError), path=path)
    catalog.fpath = str(path)
    return catalog


def format_catalog(catalog: polib.POFile, *, width: int = DEFAULT_WIDTH) -> str:
    """The catalog as PO text, wrapped at ``width`` columns (0: no wrapping)."""
    catalog.wrapwidth = width if width > 0 else 10**9
    return str(catalog)


def write_catalog(path: Path, catalog: polib.POFile, *, width: int = DEFAULT_WIDTH) -> bool:
    """Write the catalog atomically unless the file already holds the same text; return whether it wrote."""
    text = format_catalog(catalog, width=width)
    try:
        if Path(path).read_text("utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    atomic_write(path, text, error=CatalogError)
    return True
