"""Writing back only the entries a command changed, every other byte of the file kept.

A command that changes a few entries of a catalog (``signoff``, ``review``) re-formats those
entries with the writer of :mod:`l10n.catalogs.pofile` and keeps the bytes of every other
entry, of the header and of the blank lines between them, as the file holds them
(docs/DESIGN.md, "Files on disk"). On a file in the writer's own layout the result is the
writer's full output, byte for byte; on a file another tool laid out, only the changed
entries move to the writer's layout.

The file's entries are matched to its blocks (runs of lines between blank lines) only when
that is certain: every block is one whole entry (comments, then msgctxt, msgid, msgid_plural,
msgstr lines and their continuations, in that order), there are as many blocks as the
catalog has entries (and a header), and each entry's first line, as the reader numbered it,
is its block's first line. Otherwise :func:`splice_catalog` gives None and the caller writes
the whole catalog.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import polib

from l10n.catalogs.pofile import DEFAULT_WIDTH, _format_entry, encode_like, write_catalog
from l10n.errors import CatalogError
from l10n.fileio import atomic_write

_CONTINUATION = r'(?:#~ )?"[^\n]*\n'
# One entry as a run of non-blank lines, each ending in a newline: comments, then msgctxt,
# msgid, msgid_plural and the msgstr forms, each with its continuation lines. Nothing follows
# the last msgstr string but its continuations, so a block can hold no part of the next
# entry. Each line can be read one way only (an obsolete keyword or string is no comment),
# so a file that does not match is refused in one pass.
_ENTRY = (
    r'(?:#(?!~[ \t]*(?:msg|"))[^\n]*\n)*'
    rf'(?:(?:#~ )?msgctxt[ \t][^\n]*\n(?:{_CONTINUATION})*)?'
    rf'(?:#~ )?msgid[ \t][^\n]*\n(?:{_CONTINUATION})*'
    rf'(?:(?:#~ )?msgid_plural[ \t][^\n]*\n(?:{_CONTINUATION})*)?'
    rf'(?:(?:#~ )?msgstr(?:\[\d+\])?[ \t][^\n]*\n(?:{_CONTINUATION})*)+'
)
_ENTRY_RE = re.compile(_ENTRY)
_SEPARATOR_RE = re.compile(r"(\n\n+)")


def format_entry(entry: polib.POEntry, width: int = DEFAULT_WIDTH) -> str:
    """One entry as :func:`l10n.catalogs.pofile.format_catalog` writes it with ``width`` (its
    lines, each ending in a newline)."""
    wrap = width > 0
    return _format_entry(entry, width if wrap else DEFAULT_WIDTH, wrap)


def splice_catalog(
    text: str,
    catalog: Sequence[polib.POEntry],
    changed: Collection[polib.POEntry],
    *,
    width: int = DEFAULT_WIDTH,
    laid_out: Mapping[int, str] | None = None,
) -> str | None:
    """``text`` with the ``changed`` entries of ``catalog`` written again, every other byte kept.

    ``catalog`` is ``text`` as read (:func:`l10n.catalogs.pofile.parse_catalog`), its entries
    since changed in place; ``changed`` are live entries of it. The changed entries are laid
    out as :func:`l10n.catalogs.pofile.format_catalog` lays them out with ``width``. None when
    the file's blocks cannot be matched to the catalog's entries with certainty (the caller
    then writes the whole catalog). ``laid_out`` may give, by ``id(entry)``, what
    :func:`format_entry` gives for some changed entries as they are now.
    """
    if "\r" in text:
        if not text.count("\r\n") == text.count("\r") == text.count("\n"):
            return None  # lone CRs or mixed line ends
        text = text.replace("\r\n", "\n")
    if not text.endswith("\n"):
        return None
    body = text.rstrip("\n")
    pieces = _SEPARATOR_RE.split(body)  # block, separator, block, ..., block
    blocks = len(pieces) // 2 + 1
    header = blocks - len(catalog)
    if header not in (0, 1):
        return None
    wanted = {id(entry) for entry in changed}
    # Each entry's first line, as the reader numbered it, must be its block's first line.
    block = header
    line = 1 + (pieces[0].count("\n") + len(pieces[1]) if header and len(pieces) > 1 else 0)
    last = len(pieces) - 1
    positions: list[tuple[int, polib.POEntry]] = []
    for entry in catalog:
        if entry.linenum != line:
            return None
        at = 2 * block
        if id(entry) in wanted:
            if entry.obsolete:
                return None
            positions.append((at, entry))
        if at < last:
            line += pieces[at].count("\n") + len(pieces[at + 1])
        block += 1
    if len(positions) != len(wanted):
        return None  # an entry that is not the catalog's
    laid_out = laid_out or {}
    for at, entry in positions:
        if _ENTRY_RE.fullmatch(pieces[at] + "\n") is None:
            return None  # the block may hold more than the entry
        lines = laid_out.get(id(entry))
        pieces[at] = (format_entry(entry, width) if lines is None else lines)[:-1]
    return "".join(pieces) + text[len(body):]


def write_changed(
    path: Path,
    old: bytes,
    text: str,
    catalog: polib.POFile,
    changed: Collection[polib.POEntry],
    *,
    width: int = DEFAULT_WIDTH,
    laid_out: Mapping[int, str] | None = None,
) -> bool:
    """Write the ``changed`` entries of ``catalog`` (read from ``old``, decoded as ``text``) to ``path``.

    The other entries keep their bytes (:func:`splice_catalog`); where the file cannot be
    matched to the catalog with certainty the whole catalog is written
    (:func:`l10n.catalogs.pofile.write_catalog`). The file keeps its line ends and
    byte-order mark. ``laid_out`` is :func:`splice_catalog`'s. Returns whether it wrote
    (nothing when the bytes would not change).
    """
    if not changed:
        return False
    spliced = splice_catalog(text, catalog, changed, width=width, laid_out=laid_out)
    if spliced is None:
        return write_catalog(path, catalog, width=width)
    data = encode_like(spliced, old)
    if data == old:
        return False
    atomic_write(path, data, error=CatalogError)
    return True


__all__ = ["format_entry", "splice_catalog", "write_changed"]
