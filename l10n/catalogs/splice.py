"""Writing back only the entries a command changed, every other byte of the file kept.

A command that changes a few entries of a catalog (``signoff``, ``review``) re-formats those
entries with the writer of :mod:`l10n.catalogs.pofile` and keeps the bytes of every other
entry, of the header and of the blank lines between them, as the file holds them
(docs/DESIGN.md, "Files on disk"). On a file in the writer's own layout the result is the
writer's full output, byte for byte; on a file another tool laid out, only the changed
entries move to the writer's layout. A sign-off (``signoff``, an accept in ``review``), which
changes only an entry's comments and flags, lays out only those lines (:func:`relaid_block`):
the entry's strings and references stay as the file holds them.

The file's entries are matched to its blocks (runs of lines between blank lines) only when
that is certain: there are as many blocks as the catalog has entries (and a header), each
entry's first line, as the reader numbered it, is its block's first line, and the block of
each changed entry is that whole entry and nothing else (comments, then msgctxt, msgid,
msgid_plural, msgstr lines and their continuations, in that order). Otherwise
:func:`splice_catalog` gives None and the caller writes the whole catalog.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, repeat
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
# so a block that does not match is refused without going back over its lines.
_ENTRY = (
    r'(?:#(?!~[ \t]*(?:msg|"))[^\n]*\n)*'
    rf'(?:(?:#~ )?msgctxt[ \t][^\n]*\n(?:{_CONTINUATION})*)?'
    rf'(?:#~ )?msgid[ \t][^\n]*\n(?:{_CONTINUATION})*'
    rf'(?:(?:#~ )?msgid_plural[ \t][^\n]*\n(?:{_CONTINUATION})*)?'
    rf'(?:(?:#~ )?msgstr(?:\[\d+\])?[ \t][^\n]*\n(?:{_CONTINUATION})*)+'
)
_ENTRY_RE = re.compile(_ENTRY)
# A block's comment lines in the writer's order: translator comments ("#" alone or followed
# by a blank), extracted comments and references (the group), one flags line and the
# previous strings; then its msgctxt or msgid line.
_HEAD_RE = re.compile(
    r"(?:#(?:[ \t][^\n]*)?\n)*((?:#\.[^\n]*\n)*(?:#:[^\n]*\n)*)(?:#,[^\n]*\n)?(?:#\|[^\n]*\n)*"
    r"(?=(?:msgctxt|msgid)[ \t])"
)
_SEPARATOR_RE = re.compile(r"(\n\n+)")


def format_entry(entry: polib.POEntry, width: int = DEFAULT_WIDTH) -> str:
    """One entry as :func:`l10n.catalogs.pofile.format_catalog` writes it with ``width`` (its
    lines, each ending in a newline)."""
    wrap = width > 0
    return _format_entry(entry, width if wrap else DEFAULT_WIDTH, wrap)


def relaid_block(block: str, entry: polib.POEntry, width: int = DEFAULT_WIDTH) -> str | None:
    """What :func:`format_entry` gives for ``entry``, read from ``block`` (its lines in the file,
    without the final newline) and changed since only in its translator comments, flags or
    previous strings, with the block's own extracted comments, references and string lines
    kept as they are; None when the block's comment lines are not in the writer's order.

    On a block in the writer's layout the two are the same text; this one lays out only what
    changed (a sign-off).
    """
    head = _HEAD_RE.match(block)
    if head is None:
        return None
    wrap = width > 0
    return _format_entry(entry, width if wrap else DEFAULT_WIDTH, wrap, (head[1], block[head.end():] + "\n"))


@dataclass(slots=True, frozen=True)
class Blocks:
    """A catalog file's text cut into blocks of lines, each matched to one entry of its catalog."""

    pieces: tuple[str, ...]  # block, blank lines, block, ..., block (LF line ends, no final newline)
    tail: str  # the newlines that end the file
    header: int  # 1 when the first block is the header entry's, else 0

    def block(self, index: int) -> str:
        """The block of the catalog's entry at ``index`` (header left out), without its final newline."""
        return self.pieces[2 * (index + self.header)]

    def signed(self, index: int, entry: polib.POEntry, width: int = DEFAULT_WIDTH) -> str:
        """The lines of the catalog's entry at ``index``, changed since it was read only as a
        sign-off changes one: its block with those lines laid out again (:func:`relaid_block`),
        or the entry laid out whole where the block's comment lines are not in the writer's order."""
        return relaid_block(self.block(index), entry, width) or format_entry(entry, width)


def match_blocks(text: str, catalog: Sequence[polib.POEntry]) -> Blocks | None:
    """``text`` cut into the blocks of ``catalog``'s entries, or None when they cannot be matched
    with certainty.

    ``catalog`` is ``text`` as read (:func:`l10n.catalogs.pofile.parse_catalog`), in file
    order, header left out.
    """
    if "\r" in text:
        if not text.count("\r\n") == text.count("\r") == text.count("\n"):
            return None  # lone CRs or mixed line ends
        text = text.replace("\r\n", "\n")
    if not text.endswith("\n"):
        return None
    body = text.rstrip("\n")
    pieces = _SEPARATOR_RE.split(body) if "\n\n\n" in body else _interleaved(body.split("\n\n"))
    header = len(pieces) // 2 + 1 - len(catalog)
    if header not in (0, 1):
        return None
    # Each entry's first line, as the reader numbered it, must be its block's first line:
    # block k starts after the newlines of the pieces before it.
    starts = list(accumulate(map(str.count, pieces, repeat("\n")), initial=1))[2 * header : -1 : 2]
    if [entry.linenum for entry in catalog] != starts:
        return None
    return Blocks(tuple(pieces), text[len(body):], header)


def _interleaved(blocks: list[str]) -> list[str]:
    """The blocks with one blank line between each two, as :data:`_SEPARATOR_RE` splits them."""
    pieces = ["\n\n"] * (2 * len(blocks) - 1)
    pieces[::2] = blocks
    return pieces


def splice_blocks(
    blocks: Blocks,
    catalog: Sequence[polib.POEntry],
    changed: Collection[polib.POEntry],
    *,
    width: int = DEFAULT_WIDTH,
    laid_out: Mapping[int, str] | None = None,
) -> str | None:
    """The file of ``blocks`` with the blocks of the ``changed`` entries of ``catalog`` written
    again (:func:`format_entry`, or what ``laid_out`` gives by ``id(entry)``), LF line ends;
    None when a changed entry is obsolete or not the catalog's, or its block may hold more than
    the entry."""
    wanted = {id(entry) for entry in changed}
    header = blocks.header
    positions = [(2 * (index + header), entry) for index, entry in enumerate(catalog) if id(entry) in wanted]
    if len(positions) != len(wanted) or any(entry.obsolete for _, entry in positions):
        return None
    pieces = list(blocks.pieces)
    laid_out = laid_out or {}
    for at, entry in positions:
        if _ENTRY_RE.fullmatch(pieces[at] + "\n") is None:
            return None
        lines = laid_out.get(id(entry))
        pieces[at] = (format_entry(entry, width) if lines is None else lines)[:-1]
    return "".join(pieces) + blocks.tail


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
    blocks = match_blocks(text, catalog)
    if blocks is None:
        return None
    return splice_blocks(blocks, catalog, changed, width=width, laid_out=laid_out)


def write_changed(
    path: Path,
    old: bytes,
    text: str,
    catalog: polib.POFile,
    changed: Collection[polib.POEntry],
    *,
    width: int = DEFAULT_WIDTH,
    laid_out: Mapping[int, str] | None = None,
    blocks: Blocks | None = None,
) -> bool:
    """Write the ``changed`` entries of ``catalog`` (read from ``old``, decoded as ``text``) to ``path``.

    The other entries keep their bytes (:func:`splice_catalog`); where the file cannot be
    matched to the catalog with certainty the whole catalog is written
    (:func:`l10n.catalogs.pofile.write_catalog`). The file keeps its line ends and
    byte-order mark. ``laid_out`` is :func:`splice_catalog`'s; ``blocks`` is
    :func:`match_blocks` of ``text`` when the caller has it already. Returns whether it wrote
    (nothing when the bytes would not change).
    """
    if not changed:
        return False
    if blocks is None:
        blocks = match_blocks(text, catalog)
    spliced = None if blocks is None else splice_blocks(blocks, catalog, changed, width=width, laid_out=laid_out)
    if spliced is None:
        return write_catalog(path, catalog, width=width)
    data = encode_like(spliced, old)
    if data == old:
        return False
    atomic_write(path, data, error=CatalogError)
    return True


__all__ = ["Blocks", "format_entry", "match_blocks", "relaid_block", "splice_blocks", "splice_catalog", "write_changed"]
