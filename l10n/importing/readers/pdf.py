"""Reading a published PDF into segments, from its characters and their positions.

pdfminer.six gives every character with its box, font and size, and every ruling line;
pdfplumber's table finder turns the rules into ruled tables. From those:

- **Tables** are read as tables: each cell is one ``table cell`` segment; a table that
  runs onto the next page is one table (a header row repeated on the new page is read
  once, a row cut by the page break is joined again).
- **Reading order** is found per page by cutting the page into bands of lines and the
  bands into columns: a run of bands that share an empty vertical strip (a gutter) is
  read column by column, left before right; everything else top to bottom.
- **Running headers, footers and page numbers** are lines at the top or the bottom of a
  page, set apart from the text by more than a line's spacing, that repeat on at least half
  of the pages at the same height (digits counted as one), and lone page numbers there.
- **Blocks**: lines follow each other in a block while font, size and line spacing stay
  the same; a paragraph cut by a column or a page is joined again. Words hyphenated at a
  line end are rejoined by the importer's de-hyphenation.
- **Kinds**: a block set larger than the body text, or short, bold and without a final
  full stop, is a ``heading``; one starting with a bullet or a number is a ``list item``;
  the rest are ``paragraph``.

A segment's ``line`` is the number of the page it starts on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from l10n.errors import SourceError
from l10n.importing.align import Unit
from l10n.importing.importer import WordFrequency, document_words, join_lines, word_frequency

GAP = 0.8  # a horizontal gap this many font sizes wide parts two pieces of one line (a gutter)
MARGIN_LINES = 2  # lines at the top and at the bottom of a page that may be running heads
HEADING_RATIO = 1.15  # a block this much larger than the body text is a heading
_BULLET = re.compile(r"^(?:[•◦▪▫●○■□‣⁃∙·*–—-]|\d{1,3}[.)]|[a-zA-Z][.)])\s+")
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:(?:page|pag|pagina|página|seite|s|strona|str|sida|lpp|lappuse|p)\.?\s*)?\d{1,4}"
    r"(?:\s*(?:/|of|din|z|di|de|von|av)\s*\d{1,4})?(?:\s*[-–—])?$", re.IGNORECASE)
_SENTENCE_END = ".!?:;…"
_HYPHENS = "\u00ad\u2010\u2011"


@dataclass(slots=True)
class Piece:
    """A run of words on one line of one page, or a whole table."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float
    bold: bool
    page: int
    rows: list[list[str]] | None = None  # a table: its rows of cell texts
    columns: tuple[float, ...] = ()  # a table: the left edges of its columns

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class Block:
    """Lines read as one segment, or a table."""

    lines: list[Piece] = field(default_factory=list)
    rows: list[list[str]] | None = None
    columns: tuple[float, ...] = ()

    @property
    def first(self) -> Piece:
        return self.lines[0]

    @property
    def last(self) -> Piece:
        return self.lines[-1]


def read_pdf(path: Path, *, lang: str, frequency: WordFrequency = word_frequency) -> list[Unit]:
    """The segments of the PDF at ``path``; :class:`SourceError` when it cannot be read as text."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    encrypted = "the PDF is encrypted: open it with its password and save it without one"
    try:
        with pdfplumber.open(path) as pdf:
            pages, images = [], 0
            for number, page in enumerate(pdf.pages, 1):
                pieces, pictures = _page_pieces(page, number)
                pages.append(pieces)
                images += pictures
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise SourceError(encrypted, path=path) from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise SourceError(f"not a readable PDF ({exc or type(exc).__name__})", path=path) from exc
    except Exception as exc:
        if type(exc).__name__ == "PdfminerException":  # pdfplumber wraps what pdfminer raised on opening
            cause = exc.args[0] if exc.args else exc
            if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
                raise SourceError(encrypted, path=path) from exc
            raise SourceError(f"not a readable PDF ({cause or type(cause).__name__})", path=path) from exc
        raise
    if not any(pieces for pieces in pages):
        if images:
            raise SourceError("the PDF has no text layer (scanned pages?): run it through OCR first", path=path)
        raise SourceError("the PDF holds no text", path=path)
    return units_from_pages(pages, lang=lang, frequency=frequency)


# -- one page: characters, rules, tables, pieces ----------------------------------------------


def _layout_objects(page) -> tuple[list[dict], list[dict], int]:
    """The page's characters and ruling lines (as pdfplumber's object dicts) and its number of images.

    Read from pdfminer's layout directly: pdfplumber's own object list resolves every
    graphic-state attribute of every character, which costs as much again as interpreting
    the page, for nothing read here.
    """
    from pdfminer.layout import LTChar, LTCurve, LTImage, LTLine, LTRect

    height = page.height
    x_shift, y_shift = page.mediabox[0], page.mediabox[1]
    chars: list[dict] = []
    rules: list[dict] = []
    images = 0
    stack = list(page.layout)
    while stack:
        item = stack.pop()
        if isinstance(item, LTChar):
            fontname = item.fontname
            if isinstance(fontname, bytes):
                fontname = fontname.decode("latin-1")
            chars.append({"text": item.get_text(), "x0": item.x0 + x_shift, "x1": item.x1 + x_shift,
                          "top": height - item.y1 + y_shift, "bottom": height - item.y0 + y_shift,
                          "size": item.size, "fontname": fontname})
        elif isinstance(item, (LTRect, LTLine, LTCurve)):
            top, bottom = height - item.y1 + y_shift, height - item.y0 + y_shift
            rule = {"x0": item.x0 + x_shift, "x1": item.x1 + x_shift, "top": top, "bottom": bottom,
                    "doctop": top, "y0": item.y0, "y1": item.y1, "width": item.x1 - item.x0, "height": bottom - top}
            if isinstance(item, LTLine):
                rule["object_type"] = "line"
            elif isinstance(item, LTRect):
                rule["object_type"] = "rect"
            else:
                rule["object_type"] = "curve"
                rule["pts"] = [(x + x_shift, height - y + y_shift) for x, y in item.pts]
            rules.append(rule)
        elif isinstance(item, LTImage):
            images += 1
        elif hasattr(item, "__iter__"):
            stack.extend(item)
    return chars, rules, images


def _words(chars: Sequence[dict]) -> list[dict]:
    """Characters grouped into words: split at spaces and at gaps wider than a fifth of the size."""
    words: list[dict] = []
    for line in _lines(chars):
        current: list[dict] = []
        for char in line:
            if current and (char["x0"] - current[-1]["x1"] > 0.2 * max(char["size"], current[-1]["size"])):
                words.append(_word(current))
                current = []
            if char["text"].isspace():
                if current:
                    words.append(_word(current))
                current = []
                continue
            current.append(char)
        if current:
            words.append(_word(current))
    return words


def _word(chars: Sequence[dict]) -> dict:
    sizes = Counter(round(c["size"], 1) for c in chars)
    fonts = Counter(c["fontname"] for c in chars)
    return {"text": "".join(c["text"] for c in chars), "x0": min(c["x0"] for c in chars),
            "x1": max(c["x1"] for c in chars), "top": min(c["top"] for c in chars),
            "bottom": max(c["bottom"] for c in chars), "size": sizes.most_common(1)[0][0],
            "fontname": fonts.most_common(1)[0][0]}


def _tables(page, rules: list[dict]) -> list:
    """pdfplumber's ruled tables, found from the rules read with the characters."""
    from pdfplumber.utils import obj_to_edges

    edges = [edge for rule in rules for edge in obj_to_edges(rule)]
    vertical = [e for e in edges if e["orientation"] == "v" and e["height"] >= 1]
    horizontal = [e for e in edges if e["orientation"] == "h" and e["width"] >= 1]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal}
    return page.find_tables(settings)


def _page_pieces(page, number: int) -> tuple[list[Piece], int]:
    chars, rules, images = _layout_objects(page)
    words = _words(chars)
    if not words:
        return [], images
    tables = []
    for table in _tables(page, rules):
        cells = [cell for row in table.rows for cell in row.cells if cell is not None]
        if len(cells) >= 2:
            tables.append(table)
    in_tables: list[list[dict]] = [[] for _ in tables]
    flow = []
    for word in words:
        cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        for index, table in enumerate(tables):
            x0, top, x1, bottom = table.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                in_tables[index].append(word)
                break
        else:
            flow.append(word)
    pieces = _pieces(flow, number)
    for table, inside in zip(tables, in_tables):
        pieces.append(_table_piece(table, inside, number))
    return pieces, images


def _bold(fontname: str) -> bool:
    name = fontname.split("+", 1)[-1].lower()
    return any(mark in name for mark in ("bold", "black", "heavy", "semibold", "demi"))


def _lines(words: Sequence[dict]) -> list[list[dict]]:
    """Words grouped by line (top to bottom), each line left to right."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines:
            head = lines[-1][0]
            if abs(word["top"] - head["top"]) < 0.35 * max(word["size"], head["size"]) or (
                    abs(word["bottom"] - head["bottom"]) < 0.2 * max(word["size"], head["size"])):
                lines[-1].append(word)
                continue
        lines.append([word])
    for line in lines:
        line.sort(key=lambda w: w["x0"])
    return lines


def _pieces(words: Sequence[dict], page: int) -> list[Piece]:
    """Lines cut where a gap is wider than GAP font sizes and half again the line's usual
    space between words (justified text stretches every space of its line alike)."""
    pieces = []
    for line in _lines(words):
        gaps = sorted(b["x0"] - a["x1"] for a, b in zip(line, line[1:]))
        usual = gaps[len(gaps) // 2] if gaps else 0.0
        run = [line[0]]
        for word in line[1:]:
            gap = word["x0"] - run[-1]["x1"]
            if gap > GAP * max(word["size"], run[-1]["size"]) and gap > 1.5 * usual:
                pieces.append(_piece(run, page))
                run = []
            run.append(word)
        pieces.append(_piece(run, page))
    return pieces


def _piece(words: Sequence[dict], page: int) -> Piece:
    sizes = Counter()
    bold = 0
    for word in words:
        sizes[round(word["size"], 1)] += len(word["text"])
        if _bold(word["fontname"]):
            bold += len(word["text"])
    letters = sum(len(w["text"]) for w in words)
    return Piece(
        x0=min(w["x0"] for w in words), x1=max(w["x1"] for w in words),
        top=min(w["top"] for w in words), bottom=max(w["bottom"] for w in words),
        text=" ".join(w["text"] for w in words), size=sizes.most_common(1)[0][0],
        bold=bold * 2 > letters, page=page,
    )


def _table_piece(table, words: Sequence[dict], page: int) -> Piece:
    rows: list[list[str]] = []
    lefts: set[float] = set()
    for row in table.rows:
        texts = []
        for cell in row.cells:
            if cell is None:
                continue
            x0, top, x1, bottom = cell
            lefts.add(round(x0))
            inside = [w for w in words if x0 <= (w["x0"] + w["x1"]) / 2 <= x1
                      and top <= (w["top"] + w["bottom"]) / 2 <= bottom]
            texts.append("\n".join(" ".join(w["text"] for w in line) for line in _lines(inside)))
        if any(texts):
            rows.append(texts)
    x0, top, x1, bottom = table.bbox
    size = median([w["size"] for w in words]) if words else 10.0
    return Piece(x0, x1, top, bottom, "", size, False, page, rows=rows, columns=tuple(sorted(lefts)))


# -- running heads and page numbers -----------------------------------------------------------


def _key(piece: Piece) -> str:
    return re.sub(r"\d+", "#", " ".join(piece.text.split()).casefold())


def drop_running(pages: list[list[Piece]]) -> list[list[Piece]]:
    """The pages without running headers, footers and page numbers."""
    candidates: list[list[Piece]] = []
    for pieces in pages:
        flow = [p for p in pieces if p.rows is None]
        tops = sorted({round(p.top) for p in flow})
        edge = set(tops[:MARGIN_LINES]) | set(tops[-MARGIN_LINES:])
        candidates.append([p for p in flow if round(p.top) in edge and _set_apart(p, pieces)])
    seen: Counter[tuple[str, int]] = Counter()
    for found in candidates:
        for key in {(_key(p), round(p.top / 4)) for p in found}:
            seen[key] += 1
    needed = max(2, (len(pages) + 1) // 2)

    def repeated(piece: Piece) -> bool:
        key, band = _key(piece), round(piece.top / 4)
        return sum(seen[(key, b)] for b in (band - 1, band, band + 1)) >= needed

    kept = []
    for pieces, found in zip(pages, candidates):
        drop = {id(p) for p in found if (len(pages) > 1 and repeated(p)) or _PAGE_NUMBER.match(p.text.strip())
                and _outermost(p, pieces)}
        kept.append([p for p in pieces if id(p) not in drop])
    return kept


def _set_apart(piece: Piece, pieces: Sequence[Piece]) -> bool:
    """Whether a line stands apart from the body: farther from its neighbour than lines of text are."""
    above = [piece.top - p.bottom for p in pieces if p.bottom <= piece.top + 1 and p is not piece]
    below = [p.top - piece.bottom for p in pieces if p.top >= piece.bottom - 1 and p is not piece]
    nearest = min(min(above, default=1e9), min(below, default=1e9))
    return nearest >= 0.8 * piece.size


def _outermost(piece: Piece, pieces: Sequence[Piece]) -> bool:
    """Whether nothing on the page is above, or nothing below, ``piece``."""
    return all(p.top >= piece.top for p in pieces if p is not piece and p.rows is None) or all(
        p.bottom <= piece.bottom for p in pieces if p is not piece)


# -- reading order ----------------------------------------------------------------------------


def _bands(pieces: Sequence[Piece]) -> list[list[Piece]]:
    """Pieces grouped into horizontal bands that no empty horizontal strip crosses."""
    bands: list[list[Piece]] = []
    bottom = -1e9
    for piece in sorted(pieces, key=lambda p: (p.top, p.x0)):
        if bands and piece.top < bottom - 0.25 * min(piece.height, 12.0):
            bands[-1].append(piece)
            bottom = max(bottom, piece.bottom)
        else:
            bands.append([piece])
            bottom = piece.bottom
    return bands


def _free(band: Sequence[Piece], left: float, right: float) -> list[tuple[float, float]]:
    """The empty horizontal stretches of a band between ``left`` and ``right``."""
    free = []
    edge = left
    for piece in sorted(band, key=lambda p: p.x0):
        if piece.x0 > edge:
            free.append((edge, piece.x0))
        edge = max(edge, piece.x1)
    if right > edge:
        free.append((edge, right))
    return free


def _intersect(a: list[tuple[float, float]], b: list[tuple[float, float]], least: float) -> list[tuple[float, float]]:
    out = []
    for a0, a1 in a:
        for b0, b1 in b:
            lo, hi = max(a0, b0), min(a1, b1)
            if hi - lo >= least:
                out.append((lo, hi))
    return out


def reading_order(pieces: Sequence[Piece]) -> list[Piece]:
    """The pieces of one page (or one column) in reading order."""
    if len(pieces) <= 1:
        return list(pieces)
    left = min(p.x0 for p in pieces)
    right = max(p.x1 for p in pieces)
    gap = GAP * median(p.size for p in pieces)
    bands = _bands(pieces)
    ordered: list[Piece] = []
    index = 0
    while index < len(bands):
        band = bands[index]
        inner = [(a, b) for a, b in _free(band, left, right) if a > left and b < right and b - a >= gap]
        end, gutter = index + 1, None
        if inner:
            gutter = inner
            two_sided = 1
            scan, last_good = index + 1, index + 1
            while scan < len(bands):
                narrowed = _intersect(gutter, _free(bands[scan], left, right), gap / 2)
                if not narrowed:
                    break
                gutter = narrowed
                sides = {p.x1 <= gutter[0][0] for p in bands[scan]}
                if len(sides) == 2 or any(a > left and b < right for a, b in _free(bands[scan], left, right)
                                          if b - a >= gap and _intersect([(a, b)], gutter, gap / 2)):
                    two_sided += 1
                    last_good = scan + 1
                elif bands[scan][0].top - bands[scan - 1][-1].bottom < max(p.size for p in bands[scan - 1]):
                    last_good = max(last_good, scan + 1) if two_sided >= 2 else last_good
                scan += 1
            end = last_good if two_sided >= 2 else index + 1
            if two_sided < 2:
                gutter = inner
        if gutter is None:
            ordered.extend(sorted(band, key=lambda p: (p.top, p.x0)))
            index += 1
            continue
        a, b = max(gutter, key=lambda g: g[1] - g[0])
        middle = (a + b) / 2
        region = [p for band in bands[index:end] for p in band]
        left_side = [p for p in region if (p.x0 + p.x1) / 2 < middle]
        right_side = [p for p in region if (p.x0 + p.x1) / 2 >= middle]
        if not left_side or not right_side:
            ordered.extend(sorted(region, key=lambda p: (p.top, p.x0)))
        else:
            ordered.extend(reading_order(left_side))
            ordered.extend(reading_order(right_side))
        index = end
    return ordered


# -- blocks and segments ----------------------------------------------------------------------


def _pitches(pages: Sequence[Sequence[Piece]]) -> dict[float, float]:
    """The usual distance from one line to the next, per font size."""
    deltas: dict[float, Counter[float]] = {}
    for pieces in pages:
        for a, b in zip(pieces, pieces[1:]):
            if a.rows is None and b.rows is None and a.size == b.size and b.top > a.top:
                deltas.setdefault(a.size, Counter())[round(b.top - a.top, 0)] += 1
    return {size: counts.most_common(1)[0][0] for size, counts in deltas.items()}


def _continues(block: Block, piece: Piece, pitches: dict[float, float]) -> bool:
    """Whether ``piece`` is the next line of ``block`` (same column, same style, no gap)."""
    last = block.last
    if piece.page != last.page or piece.rows is not None:
        return False
    if abs(piece.top - last.top) < 0.35 * last.size:
        return True  # the same line, read in two pieces
    if abs(piece.size - last.size) > 0.5 or piece.bold != last.bold or _BULLET.match(piece.text):
        return False
    step = piece.top - last.top
    pitch = pitches.get(last.size, 1.6 * last.size)
    if step <= 0 or step > 1.25 * max(pitch, 1.05 * last.size):
        return False
    if piece.x1 < last.x0 or piece.x0 > last.x1:
        return False  # another column
    width = max(p.x1 for p in block.lines) - min(p.x0 for p in block.lines)
    body = last.text.rstrip()
    ended = body[-1:] in _SENTENCE_END and last.x1 - min(p.x0 for p in block.lines) < width - 3 * last.size
    return not (ended and piece.text[:1].isupper() and len(block.lines) > 1)


def _blocks(pages: Sequence[Sequence[Piece]]) -> list[Block]:
    pitches = _pitches(pages)
    blocks: list[Block] = []
    for pieces in pages:
        for piece in pieces:
            if piece.rows is not None:
                blocks.append(Block([piece], rows=[list(r) for r in piece.rows], columns=piece.columns))
            elif blocks and blocks[-1].rows is None and _continues(blocks[-1], piece, pitches):
                blocks[-1].lines.append(piece)
            else:
                blocks.append(Block([piece]))
    return _join_cut_blocks(blocks)


def _join_cut_blocks(blocks: list[Block]) -> list[Block]:
    """Blocks cut by a column or a page break, joined again; a table's parts made one."""
    out: list[Block] = []
    for block in blocks:
        if out and block.rows is not None and out[-1].rows is not None and _same_table(out[-1], block):
            _extend_table(out[-1], block)
            continue
        if out and block.rows is None and out[-1].rows is None:
            previous = out[-1]
            tail = previous.last.text.rstrip()
            head = block.first.text.lstrip()
            same_style = abs(previous.last.size - block.first.size) <= 0.5 and previous.last.bold == block.first.bold
            if (same_style and head and not _BULLET.match(head)
                    and (head[0].islower() or tail.endswith("-")) and tail[-1:] not in _SENTENCE_END
                    and (block.first.page != previous.last.page or block.first.top < previous.last.top
                         or block.first.x0 > previous.last.x1)):
                previous.lines.extend(block.lines)
                continue
        out.append(block)
    return out


def _same_table(a: Block, b: Block) -> bool:
    if b.first.page != a.last.page + 1 or len(a.columns) != len(b.columns):
        return False
    return all(abs(x - y) <= 3 for x, y in zip(a.columns, b.columns))


def _extend_table(table: Block, part: Block) -> None:
    rows = [list(r) for r in part.rows or []]
    if rows and table.rows and [" ".join(c.split()) for c in rows[0]] == [" ".join(c.split()) for c in table.rows[0]]:
        rows = rows[1:]  # the header row, repeated on the new page
    if rows and table.rows and len(rows[0]) == len(table.rows[-1]):
        first, last = rows[0], table.rows[-1]
        cut = any(not cell.strip() for cell in first) or any(
            cell.strip()[:1].islower() for cell in first if cell.strip())
        if cut:
            table.rows[-1] = [f"{a}\n{b}" if a.strip() and b.strip() else (a or b) for a, b in zip(last, first)]
            rows = rows[1:]
    table.rows = (table.rows or []) + rows
    table.lines.extend(part.lines)


def _clean(text: str) -> str:
    for hyphen in _HYPHENS:
        text = text.replace(hyphen + "\n", "-\n")
    return text.replace("\u00ad", "")


def units_from_pages(pages: list[list[Piece]], *, lang: str, frequency: WordFrequency = word_frequency) -> list[Unit]:
    """Segments from the pieces of every page (see the module docstring)."""
    pages = drop_running(pages)
    pages = [reading_order(pieces) for pieces in pages]
    blocks = _blocks(pages)
    lines = [_clean(p.text + "\n").rstrip("\n") for block in blocks if block.rows is None for p in block.lines]
    cells = [line for block in blocks if block.rows for row in block.rows for cell in row
             for line in _clean(cell + "\n").split("\n")]
    seen = document_words(lines + cells)
    sizes: Counter[float] = Counter()
    for block in blocks:
        if block.rows is None:
            for piece in block.lines:
                sizes[piece.size] += len(piece.text)
    body = sizes.most_common(1)[0][0] if sizes else 0.0

    units: list[Unit] = []
    for block in blocks:
        page = block.first.page
        if block.rows is not None:
            for row in block.rows:
                for cell in row:
                    parts = [line for line in _clean(cell + "\n").split("\n") if line.strip()]
                    if parts:
                        units.append(Unit("table cell", join_lines(parts, lang=lang, seen=seen, frequency=frequency),
                                          page))
            continue
        parts = [_clean(p.text + "\n").rstrip("\n") for p in block.lines]
        text = join_lines(parts, lang=lang, seen=seen, frequency=frequency)
        kind = "paragraph"
        marker = _BULLET.match(text)
        size = block.first.size
        if marker and len(text) > marker.end():
            kind, text = "list item", text[marker.end():]
        elif size >= HEADING_RATIO * body or (
                block.first.bold and len(block.lines) <= 2 and len(text) <= 150 and text[-1:] not in ".:;,"):
            kind = "heading"
        if text.strip():
            units.append(Unit(kind, text.strip(), page))
    return units
