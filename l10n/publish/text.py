"""The plain-text issue (``build/<lang>/<issue>.txt``): the alternative part of the e-mail.

Wrapped at 72 columns. Headings are underlined (``=`` for the first level, ``-`` for the
second, ``~`` below), lists keep their bullets and numbers with a hanging indent, block
quotes start with ``>``, code keeps its lines, tables are laid out in columns that fit
the width (long cells wrap inside their column), and every link becomes a number in
brackets after its text, the numbered addresses listed at the end.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it.token import Token

from l10n.publish.document import Document
from l10n.publish.page import long_date

WIDTH = 72
_UNDERLINES = {1: "=", 2: "-"}


@dataclass(slots=True)
class _Container:
    marker: str  # what the first line of a list item starts with ("- ", "3. ", "> ")
    rest: str  # what its other lines start with
    pending: bool = True  # the marker has not been written yet


@dataclass(slots=True)
class _Writer:
    width: int
    lines: list[str] = field(default_factory=list)
    stack: list[_Container] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    def indent(self) -> int:
        return sum(len(c.rest) for c in self.stack)

    def prefix(self) -> str:
        parts = []
        for container in self.stack:
            parts.append(container.marker if container.pending else container.rest)
            container.pending = False
        return "".join(parts)

    def blank(self) -> None:
        if self.lines and self.lines[-1].strip(" >"):
            quote = "".join(c.rest for c in self.stack if c.rest.startswith(">")).rstrip()
            self.lines.append(quote)

    def emit(self, text_lines: list[str]) -> None:
        for line in text_lines:
            self.lines.append((self.prefix() + line).rstrip())

    def wrap(self, text: str) -> list[str]:
        width = max(20, self.width - self.indent())
        out: list[str] = []
        for part in text.split("\n"):
            out += textwrap.wrap(part, width, break_long_words=False, break_on_hyphens=False) or [""]
        return out

    def reference(self, url: str) -> int:
        if url not in self.links:
            self.links.append(url)
        return self.links.index(url) + 1


def plain_text(document: Document, *, resolve: Callable[[str], str] | None = None, width: int = WIDTH) -> str:
    """The issue as plain text; ``resolve`` rewrites link targets (absolute ones for an e-mail)."""
    tokens, _ = document.tokens(resolve=resolve)
    writer = _Writer(width)
    if document.title:
        writer.emit(writer.wrap(document.title))
        writer.emit(["=" * min(width, max(len(line) for line in writer.wrap(document.title)))])
    if document.day is not None:
        writer.blank()
        writer.emit([long_date(document.day, document.lang)])
    if document.summary:
        writer.blank()
        writer.emit(writer.wrap(document.summary))
    _blocks(tokens, writer)
    if writer.links:
        writer.blank()
        writer.emit(["-" * 24])
        digits = len(str(len(writer.links)))
        for number, url in enumerate(writer.links, 1):
            writer.emit([f"[{number:>{digits}}] {url}"])
    return "\n".join(writer.lines).strip("\n") + "\n"


def _blocks(tokens: list[Token], writer: _Writer) -> None:
    tight: list[bool] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            writer.blank()
            tight.append(_is_tight(tokens, index))
            start = int(token.attrGet("start") or 1)
            token.meta["next"] = start
            writer.stack.append(_Container("", ""))  # a list adds no indent of its own
            writer.stack[-1].pending = False
        elif kind in ("bullet_list_close", "ordered_list_close"):
            writer.stack.pop()
            tight.pop()
            writer.blank()
        elif kind == "list_item_open":
            if tight and not tight[-1]:
                writer.blank()
            opener = next(t for t in reversed(tokens[:index]) if t.type in ("bullet_list_open", "ordered_list_open")
                          and t.level == token.level - 1)
            if opener.type == "ordered_list_open":
                number = opener.meta.get("next", 1)
                opener.meta["next"] = number + 1
                marker = f"{number}. "
            else:
                marker = "- "
            writer.stack.append(_Container(marker, " " * len(marker)))
        elif kind in ("list_item_close", "footnote_close"):
            writer.stack.pop()
        elif kind == "blockquote_open":
            writer.blank()
            writer.stack.append(_Container("> ", "> "))
        elif kind == "blockquote_close":
            writer.stack.pop()
            writer.blank()
        elif kind == "footnote_block_open":
            writer.blank()
            writer.emit(["-" * 24])
        elif kind == "footnote_open":
            writer.blank()
            marker = f"[^{token.meta.get('id', 0) + 1}] "
            writer.stack.append(_Container(marker, " " * len(marker)))
        elif kind == "heading_open":
            writer.blank()
            text = _inline(tokens[index + 1], writer)
            lines = writer.wrap(text)
            writer.emit(lines)
            level = int(token.tag[1:])
            writer.emit([_UNDERLINES.get(level, "~") * max(len(line) for line in lines)])
            writer.blank()
            index += 2
        elif kind == "paragraph_open":
            if not token.hidden:
                writer.blank()
            writer.emit(writer.wrap(_inline(tokens[index + 1], writer)))
            if not token.hidden:
                writer.blank()
            index += 2
        elif kind in ("fence", "code_block"):
            writer.blank()
            writer.emit(["    " + line for line in token.content.rstrip("\n").split("\n")])
            writer.blank()
        elif kind == "hr":
            writer.blank()
            writer.emit(["* * *"])
            writer.blank()
        elif kind == "table_open":
            end = next(i for i in range(index, len(tokens)) if tokens[i].type == "table_close")
            writer.blank()
            writer.emit(_table(tokens[index:end], writer))
            writer.blank()
            index = end
        index += 1


def _is_tight(tokens: list[Token], index: int) -> bool:
    level = tokens[index].level
    for token in tokens[index + 1:]:
        if token.level == level:
            return True
        if token.type == "paragraph_open" and token.level == level + 2:
            return token.hidden
    return True


def _inline(token: Token, writer: _Writer) -> str:
    out: list[str] = []
    hrefs: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind == "text" or kind == "code_inline":
            out.append(child.content)
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "link_open":
            hrefs.append(str(child.attrGet("href") or ""))
            out.append("\x00")
        elif kind == "link_close":
            href = hrefs.pop() if hrefs else ""
            start = len(out) - 1 - out[::-1].index("\x00")
            label = "".join(out[start + 1:])
            del out[start:]
            out.append(label)
            if href and not href.startswith("#") and label.strip() != href and label.strip() != href.removeprefix("mailto:"):
                out.append(f" [{writer.reference(href)}]")
        elif kind == "image":
            alt = "".join(c.content for c in child.children or ())
            if alt:
                out.append(f"[{alt}]")
        elif kind == "footnote_ref":
            out.append(f"[^{child.meta.get('id', 0) + 1}]")
    return "".join(out).strip()


def _table(tokens: list[Token], writer: _Writer) -> list[str]:
    rows: list[list[str]] = []
    header_rows = 0
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            rows[-1].append(_inline(tokens[index + 1], writer) if tokens[index + 1].type == "inline" else "")
        elif token.type == "thead_close":
            header_rows = len(rows)
    if not rows:
        return []
    columns = max(len(row) for row in rows)
    rows = [row + [""] * (columns - len(row)) for row in rows]
    widths = _column_widths(rows, max(20, writer.width - writer.indent()) - 3 * (columns - 1))
    lines: list[str] = []
    for number, row in enumerate(rows):
        cells = [textwrap.wrap(cell, widths[i], break_long_words=True, break_on_hyphens=False) or [""]
                 for i, cell in enumerate(row)]
        for line in range(max(len(c) for c in cells)):
            parts = [(c[line] if line < len(c) else "").ljust(widths[i]) for i, c in enumerate(cells)]
            lines.append(" | ".join(parts).rstrip())
        if number == header_rows - 1 or (header_rows and number >= header_rows and number < len(rows) - 1):
            lines.append("-+-".join("-" * w for w in widths))
    return lines


def _column_widths(rows: list[list[str]], available: int) -> list[int]:
    """Column widths that fit ``available``: natural widths when they fit, else each column
    starts at its longest word (at least 12) and the room left goes to the columns that
    lack most."""
    natural = [max(1, max(len(cell) for cell in column)) for column in zip(*rows)]
    if sum(natural) <= available:
        return natural
    longest = [max((len(word) for cell in column for word in cell.split()), default=1) for column in zip(*rows)]
    widths = [min(n, max(w, 12)) for n, w in zip(natural, longest)]
    left = available - sum(widths)
    if left > 0:
        lacking = [n - w for n, w in zip(natural, widths)]
        total = sum(lacking)
        extra = [left * lack // total for lack in lacking]
        widths = [w + e for w, e in zip(widths, extra)]
    return widths
