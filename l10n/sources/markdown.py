"""Finding the translatable segments of a newsletter issue, with their exact spans.

markdown-it-py parses the issue (CommonMark, GFM tables, front matter, footnotes). Its
block tokens carry line ranges but no columns, so each segment's span is located in the
source lines: the content markdown-it reports for a line is always a suffix of that line
(container markers and indentation come first). Spans are kept as offsets into the
original text, line endings included, so that rendering can replace exactly those bytes
and keep every other byte (docs/DESIGN.md, "Rendering").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING

from l10n.errors import SourceError

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# markdown-it-py, its plugins and PyYAML are loaded by the functions that parse: the segment
# kinds and types here are all that rendering from kept segments (l10n.sources.spans) needs.

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list item"
TABLE_CELL = "table cell"
BLOCK_QUOTE = "block quote"
IMAGE_ALT = "image alt"
IMAGE_TITLE = "image title"
LINK_TITLE = "link title"
FOOTNOTE = "footnote"
FRONT_MATTER = "front matter"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Levels of block markup markdown-it follows (a list takes two per depth, a block quote one).
# Deeper content would be dropped without a word, so extract_segments refuses it instead;
# the work per line grows with this bound.
MAX_NESTING = 64
# Levels of inline markup (a link in strong emphasis in a link...): deeper markup stays text.
# markdown-it's link labels cost work in proportion to it on every "[".
MAX_INLINE_NESTING = 8
_CONTAINERS = frozenset({"blockquote_open", "list_item_open", "bullet_list_open", "ordered_list_open",
                         "footnote_reference_open"})


@dataclass(slots=True, frozen=True)
class Piece:
    """One line's share of a segment: ``text[start:end]`` of the original document."""

    start: int  # offset of the first character of the segment on this line
    end: int  # offset just after its last character on this line
    prefix: str  # what the line holds before the segment (container markers, indentation)


@dataclass(slots=True, frozen=True)
class Segment:
    """One unit a translator sees, and where it sits in the source."""

    text: str  # the msgid: line breaks folded to spaces, hard breaks kept as written
    kind: str  # "heading", "paragraph", "list item", "table cell", ... (the #. comment)
    line: int  # 1-based line of the segment's first line (the #: reference)
    context: str | None = None  # msgctxt: the front matter key for front matter values
    start: int = 0  # offset of the span in the source text
    end: int = 0  # offset just after the span
    pieces: tuple[Piece, ...] = ()  # the span line by line (several for a wrapped paragraph)
    style: str = ""  # how the source writes it: "" for Markdown, a YAML scalar style, an HTML quote
    shortened: tuple[tuple[str, str], ...] = ()  # (as the msgid shows it, as the source has it)


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """The same dialect for finding segments: block structure only, footnotes left in place.

    Inline parsing is done on demand (it is most of markdown-it's time), and footnote
    definitions stay where they are written instead of moving to the end.
    """
    parser = markdown_parser_uncached()
    parser.disable(["inline", "footnote_tail"])
    return parser


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one Markdown dialect of the toolkit: CommonMark, GFM tables, front matter, footnotes."""
    return markdown_parser_uncached()


def markdown_parser_uncached(*, always_match_refs: bool = False) -> MarkdownIt:
    """The one Markdown dialect of the toolkit: CommonMark, GFM tables, front matter, footnotes.

    ``always_match_refs`` makes ``[^label]`` a footnote reference without its definition,
    for reading one segment on its own as it reads in its document.
    """
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    parser = (
        MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
        .enable("table")
        .enable("strikethrough")
        .use(front_matter_plugin)
        .use(footnote_plugin, always_match_refs=always_match_refs)
    )
    # markdown-it has one maxNesting for blocks and inlines: each phase gets its own.
    parser.core.ruler.before("block", "l10n_block_nesting", _nesting(MAX_NESTING))
    parser.core.ruler.before("inline", "l10n_inline_nesting", _nesting(MAX_INLINE_NESTING))
    rule = parser.block.ruler.__rules__[parser.block.ruler.__find__("front_matter")]
    plugin_rule = rule.fn

    def front_matter_rule(state, start_line: int, end_line: int, silent: bool) -> bool:
        """The plugin's rule, kept only for a block that is front matter (see is_front_matter)."""
        before = len(state.tokens)
        if not plugin_rule(state, start_line, end_line, silent):
            return False
        if silent or is_front_matter(state.tokens[-1].content):
            return True
        del state.tokens[before:]
        state.line = start_line
        return False

    rule.fn = front_matter_rule
    parser.block.ruler.__compile__()
    _try_by_first_character(parser.block.ruler)
    return parser


# The first character (after indentation) a line must have for each block rule to match it:
# the markers of CommonMark's fences, block quotes, thematic breaks, list items, link
# reference and footnote definitions, HTML blocks and ATX headings. Each rule returns False
# at once on any other line, so not calling it there changes nothing but the time.
_OPENERS = {
    "fence": "`~", "blockquote": ">", "hr": "*-_", "list": "*+-0123456789", "footnote_def": "[",
    "reference": "[", "html_block": "<", "heading": "#",
}
# Rules whose quick refusal depends on something else: front matter is only on the first line,
# a table needs a delimiter row next (it starts with |, - or : and another of them or a blank,
# not "- "), an indented code block 4 columns more than the block's indent.
# A setext heading needs an underline (a line starting with = or -) before the next blank line.
_FIRST_LINE, _TABLE, _CODE, _SETEXT, _ANY = 1, 2, 3, 4, 0
_SPECIAL = {"front_matter": _FIRST_LINE, "table": _TABLE, "code": _CODE, "lheading": _SETEXT}
_NO_MARKER = "\n"  # what an empty line offers: the end of line, no rule's marker


def _try_by_first_character(ruler) -> None:
    """Make each chain of block rules one rule that calls only those that can match the line.

    markdown-it tries every block rule in turn on each line where a block may start, and
    every terminator rule on each line of a paragraph; most return at their first check of
    the line's first character. The chain keeps its rules and their order: a rule is left
    out only on a line its first check refuses.
    """
    names = {rule.fn: rule.name for rule in ruler.__rules__}
    compiled = type(ruler).getRules
    built: dict[str, tuple[list, list]] = {}

    def get_rules(chain: str) -> list:
        rules = compiled(ruler, chain)
        entry = built.get(chain)
        if entry is None or entry[0] is not rules:  # the ruler changed: dispatch its new chain
            entry = built[chain] = (rules, [_first_character_rule(rules, names)])
        return entry[1]

    ruler.getRules = get_rules


def _first_character_rule(rules: list, names: dict):
    def candidates(char: str) -> tuple:
        return tuple((_SPECIAL.get(names.get(fn), _ANY), fn) for fn in rules
                     if names.get(fn) not in _OPENERS or char in _OPENERS[names[fn]])

    by_char = {char: candidates(char) for name in map(names.get, rules) if name in _OPENERS
               for char in _OPENERS[name]}
    other = candidates(_NO_MARKER)

    def rule(state, line: int, end: int, silent: bool) -> bool:
        src = state.src
        b_marks, e_marks, t_shift = state.bMarks, state.eMarks, state.tShift
        pos = b_marks[line] + t_shift[line]
        tried = by_char.get(src[pos], other) if pos < e_marks[line] else other
        for kind, fn in tried:
            if kind:
                if kind == _FIRST_LINE:
                    if line != 0:
                        continue
                elif kind == _TABLE:
                    # The delimiter row's first two characters, as the table rule reads them.
                    following = line + 1
                    if following + 1 > end:
                        continue
                    at = b_marks[following] + t_shift[following]
                    if at + 1 >= e_marks[following]:
                        continue
                    first, second = src[at], src[at + 1]
                    if first not in "|-:" or second not in "|-: \t" or (first == "-" and second in " \t"):
                        continue
                elif kind == _CODE:
                    if state.sCount[line] - state.blkIndent < 4:
                        continue
                else:  # _SETEXT: the lines the heading rule would look at, up to a blank one
                    following = line + 1
                    while following < end:
                        at = b_marks[following] + t_shift[following]
                        if at >= e_marks[following] or src[at] in "=-":
                            break
                        following += 1
                    if following >= end or b_marks[following] + t_shift[following] >= e_marks[following]:
                        continue
            if fn(state, line, end, silent):
                return True
        return False

    return rule


def _nesting(levels: int):
    def rule(state) -> None:
        state.md.options["maxNesting"] = levels

    return rule


_MAPPING_KEY = re.compile(r"""^(?:[^\s#:'"\[\]{}>|&*!%@`,?-][^:#]*|"[^"]*"|'[^']*')\s*:(?:\s|$)""")


@lru_cache(maxsize=256)
def is_front_matter(block: str) -> bool:
    """Whether the text between a document's opening and closing ``---`` is front matter.

    It is when it parses as a YAML mapping, or is empty. A block that fails to parse but
    opens with a ``key:`` line is front matter too, so that its mistake is reported with
    its line; anything else (``---``, ``Foo``, ``---``: a thematic break and a setext
    heading in CommonMark) is Markdown.
    """
    if not block.strip():
        return True
    import yaml

    try:
        root = yaml.compose(block, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        first = next((line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
        return bool(_MAPPING_KEY.match(first))
    return root is None or isinstance(root, yaml.MappingNode)


class _Lines:
    """The original text split into lines, with the offset where each line starts."""

    def __init__(self, text: str):
        self.text = text
        if "\r" not in text:  # one kind of line break: split at C speed
            self.bodies: list[str] = text.split("\n")
            self.starts: list[int] = [0, *accumulate(len(body) + 1 for body in self.bodies[:-1])]
            return
        self.starts = [0]
        self.bodies = []
        position = 0
        for match in _LINE_BREAK.finditer(text):
            self.bodies.append(text[position : match.start()])
            position = match.end()
            self.starts.append(position)
        self.bodies.append(text[position:])

    def body(self, line: int) -> str:
        return self.bodies[line] if 0 <= line < len(self.bodies) else ""

    def offset(self, line: int, column: int) -> int:
        return self.starts[line] + column


def extract_segments(text: str, *, front_matter_keys: tuple[str, ...] | list[str] = ("title", "summary"),
                     path: str = "<string>") -> list[Segment]:
    """Every translatable segment of a Markdown document, in document order.

    ``front_matter_keys`` names the front matter values to translate. Invalid YAML front
    matter raises SourceError naming ``path`` and the line; Markdown itself never fails.
    """
    lines = _Lines(text)
    env: dict = {}
    tokens = _block_parser().parse(text, env)
    _check_nesting(tokens, path)
    segments: list[Segment] = []
    kinds: list[str] = []  # the container stack: list item / block quote / footnote
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "front_matter":
            segments.extend(_front_matter_segments(token, lines, tuple(front_matter_keys), path))
        elif kind in ("list_item_open", "blockquote_open", "footnote_reference_open"):
            kinds.append({"list_item_open": LIST_ITEM, "blockquote_open": BLOCK_QUOTE}.get(kind, FOOTNOTE))
        elif kind in ("list_item_close", "blockquote_close", "footnote_reference_close"):
            kinds.pop()
        elif kind == "inline" and token.map is not None:
            opener = tokens[index - 1].type
            if opener == "heading_open":
                segments.extend(_block_segments(token, lines, HEADING))
            elif opener == "paragraph_open":
                segments.extend(_block_segments(token, lines, kinds[-1] if kinds else PARAGRAPH))
            elif opener in ("th_open", "td_open"):
                pass  # cells are located row by row, at tr_open
        elif kind == "tr_open" and token.map is not None:
            segments.extend(_row_segments(tokens, index, lines))
    segments.extend(_reference_title_segments(env, lines))
    segments.sort(key=lambda s: s.start)
    return [segment for segment in segments if _has_words(segment.text)]


def _check_nesting(tokens: list[Token], path: str) -> None:
    """Refuse lists and block quotes nested so deep that markdown-it would drop their text."""
    for token in tokens:
        if token.level >= MAX_NESTING - 1 and token.type in _CONTAINERS:
            line = token.map[0] + 1 if token.map else None
            raise SourceError(f"lists and block quotes nested too deeply (more than {MAX_NESTING - 1} levels "
                              "of markup): the text inside cannot be translated", path=path, line=line)


def _has_words(text: str) -> bool:
    """Whether a text holds anything to translate: a number or a lone symbol does not."""
    return any(char.isalpha() for char in text)


# -- blocks: headings, paragraphs ------------------------------------------------------------


def _block_segments(token: Token, lines: _Lines, kind: str) -> list[Segment]:
    if _only_images(token):
        return _image_segments(token, lines)
    content_lines = token.content.split("\n")
    first = token.map[0]
    pieces = []
    for number, content in enumerate(content_lines):
        located = _locate_suffix(lines, first + number, content, last=number == len(content_lines) - 1)
        if located is None:
            return []  # cannot be placed exactly: leave it in the source language
        pieces.append(located)
    if not any(lines.text[p.start : p.end].strip() for p in pieces):
        return []
    return [_segment_from_pieces(pieces, lines, kind, first)]


def _locate_suffix(lines: _Lines, line: int, content: str, *, last: bool) -> Piece | None:
    body = lines.body(line)
    candidate = body.rstrip() if last else body
    if not candidate.endswith(content):
        column = body.find(content)
        if column < 0:
            return None
    else:
        column = len(candidate) - len(content)
    # Leading blanks of a line are indentation, not text.
    while column < len(body) and body[column] in " \t" and content[: 1] in (" ", "\t"):
        column += 1
        content = content[1:]
    start = lines.offset(line, column)
    return Piece(start, start + len(content), body[:column])


def _segment_from_pieces(pieces: list[Piece], lines: _Lines, kind: str, first_line: int) -> Segment:
    parts = []
    for number, piece in enumerate(pieces):
        raw = lines.text[piece.start : piece.end]
        if number == len(pieces) - 1:
            parts.append(raw.strip())
        elif raw.endswith(("\\", "  ")):  # a hard break: a backslash or two spaces (a piece is one line)
            parts.append(raw.lstrip() + "\n")
        else:
            parts.append(raw.strip() + " ")
    msgid = "".join(parts)
    return Segment(
        text=msgid,
        kind=kind,
        line=first_line + 1,
        start=pieces[0].start,
        end=pieces[-1].end,
        pieces=tuple(pieces),
    )


# -- images standing alone ---------------------------------------------------------------------


def _only_images(token: Token) -> bool:
    if not token.content.lstrip().startswith("!["):
        return False
    if not token.children:
        token.children = markdown_parser().parseInline(token.content, {})[0].children or []
    children = token.children
    has_image = any(child.type == "image" for child in children)
    return has_image and all(
        child.type in ("image", "softbreak", "hardbreak") or (child.type == "text" and not child.content.strip())
        for child in children
    )


def _image_segments(token: Token, lines: _Lines) -> list[Segment]:
    """Alt texts and titles of a paragraph that holds nothing but images."""
    segments = []
    first = token.map[0]
    search_from = lines.offset(first, 0)
    end_of_block = lines.offset(min(token.map[1], len(lines.bodies)) - 1, len(lines.body(token.map[1] - 1)))
    for child in token.children or []:
        if child.type != "image":
            continue
        opening = lines.text.find("![", search_from, end_of_block)
        if opening < 0:
            break
        alt = child.content
        alt_start = opening + 2
        if alt.strip() and lines.text.startswith(alt, alt_start):
            segments.append(_span_segment(lines, alt_start, alt_start + len(alt), IMAGE_ALT))
        search_from = alt_start + len(alt)
        title = child.attrGet("title")
        if title:
            close = lines.text.find("](", search_from, end_of_block)
            found = _find_quoted(lines.text, title, close if close >= 0 else search_from, end_of_block)
            if found is not None:
                segments.append(_span_segment(lines, found, found + len(title), IMAGE_TITLE))
                search_from = found + len(title)
    return segments


def _find_quoted(text: str, title: str, start: int, end: int) -> int | None:
    for opening, closing in (('"', '"'), ("'", "'"), ("(", ")")):
        at = text.find(f"{opening}{title}{closing}", start, end)
        if at >= 0:
            return at + 1
    return None


def _span_segment(lines: _Lines, start: int, end: int, kind: str, context: str | None = None,
                  style: str = "") -> Segment:
    line = _line_of(lines, start)
    piece = Piece(start, end, lines.text[lines.starts[line] : start])
    return Segment(lines.text[start:end], kind, line + 1, context, start, end, (piece,), style)


def _line_of(lines: _Lines, offset: int) -> int:
    return bisect.bisect_right(lines.starts, offset) - 1


# -- tables ------------------------------------------------------------------------------------


def _row_segments(tokens: list[Token], index: int, lines: _Lines) -> list[Segment]:
    """The cells of one table row, split as GFM splits them (unescaped pipes)."""
    line = tokens[index].map[0]
    body = lines.body(line)
    cells = _split_row(body)
    expected = 0
    for position in range(index + 1, len(tokens)):
        if tokens[position].type == "tr_close":
            break
        if tokens[position].type == "inline":
            expected += 1
    segments = []
    for start, end in cells[:expected]:
        if end > start:
            absolute = lines.offset(line, start)
            segments.append(
                Segment(body[start:end], TABLE_CELL, line + 1, None, absolute, absolute + end - start,
                        (Piece(absolute, absolute + end - start, body[:start]),))
            )
    return segments


def _split_row(body: str) -> list[tuple[int, int]]:
    """Column spans of the cells of a table row, trimmed, without the outer pipes."""
    bounds = []
    cell_start = 0
    if "\\" not in body:  # no escaped pipe: every pipe splits
        position = body.find("|")
        while position >= 0:
            bounds.append((cell_start, position))
            cell_start = position + 1
            position = body.find("|", cell_start)
    else:
        escaped = False
        for position, char in enumerate(body):
            if char == "|" and not escaped:
                bounds.append((cell_start, position))
                cell_start = position + 1
            escaped = char == "\\" and not escaped
    bounds.append((cell_start, len(body)))
    if bounds and not body[bounds[0][0] : bounds[0][1]].strip():
        bounds = bounds[1:]
    if bounds and not body[bounds[-1][0] : bounds[-1][1]].strip():
        bounds = bounds[:-1]
    trimmed = []
    for start, end in bounds:
        while start < end and body[start] in " \t":
            start += 1
        while end > start and body[end - 1] in " \t":
            end -= 1
        trimmed.append((start, end))
    return trimmed


# -- link reference definitions ----------------------------------------------------------------


def _reference_title_segments(env: dict, lines: _Lines) -> list[Segment]:
    segments = []
    for reference in env.get("references", {}).values():
        title = reference.get("title")
        where = reference.get("map")
        if not title or not where:
            continue
        start = lines.offset(where[0], 0)
        end = lines.offset(where[1] - 1, len(lines.body(where[1] - 1)))
        found = _find_quoted(lines.text, title, start, end)
        if found is not None:
            segments.append(_span_segment(lines, found, found + len(title), LINK_TITLE))
    return segments


# -- front matter ------------------------------------------------------------------------------


def _front_matter_segments(token: Token, lines: _Lines, keys: tuple[str, ...], path: str) -> list[Segment]:
    """Values of the configured keys (strings, or lists of strings) of the YAML front matter."""
    first = 1  # the YAML starts on the line after the opening ---
    last = token.map[1] - 1  # the closing --- line
    start = lines.offset(first, 0)
    end = lines.offset(last, 0) if last > first else start
    source = lines.text[start:end]
    import yaml

    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + first + 1 if mark is not None else first + 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(f"front matter is not valid YAML: {problem}", path=path, line=line) from exc
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise SourceError("front matter must be a YAML mapping of keys to values", path=path, line=first + 1)
    segments = []
    for key_node, value_node in root.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in keys:
            continue
        values = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for node in values:
            if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
                continue
            if not node.value.strip():
                continue
            node_start = start + node.start_mark.index
            node_end = start + node.end_mark.index
            value = node.value
            if node.style in ("|", ">"):
                # A block scalar's span ends at its last character, not on the next line.
                while node_end > node_start and lines.text[node_end - 1] in "\r\n":
                    node_end -= 1
                value = value.rstrip("\n")
            line = _line_of(lines, node_start)
            style = node.style or "plain"
            segments.append(
                Segment(value, FRONT_MATTER, line + 1, key, node_start, node_end,
                        (Piece(node_start, node_end, lines.text[lines.starts[line] : node_start]),), style)
            )
    return segments


def front_matter(text: str, *, path: str = "<string>") -> dict:
    """The front matter of a document as data (``{}`` when there is none)."""
    tokens = _block_parser().parse(_head(text), {})
    for token in tokens:
        if token.type == "front_matter":
            import yaml

            try:
                data = yaml.safe_load(token.content)
            except yaml.YAMLError as exc:
                raise SourceError(f"front matter is not valid YAML: {exc}", path=path) from exc
            return data if isinstance(data, dict) else {}
    return {}


def _head(text: str) -> str:
    """The document up to the end of its front matter, the only part front matter needs."""
    if not text.startswith("---"):
        return ""
    closing = re.search(r"\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", text)
    return text[: closing.end()] if closing else text
