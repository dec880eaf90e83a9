"""The block parser tries only the rules a line's first character allows: the same tokens.

l10n.sources.markdown makes each chain of markdown-it's block rules one rule that leaves out
the rules whose first check refuses the line (a fence needs ` or ~, a block quote >, ...).
Here every document is parsed by the toolkit's dialect as it is and by the same dialect
with markdown-it's own chains, and the two must give the same tokens and references:
the CommonMark spec examples (npm ``commonmark-spec``, CC-BY-SA-4.0, installed by
``.ci/run``), the Markdown test files, and generated documents that pile up block starts.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from html_corpus import NPM
from l10n.sources.markdown import extract_segments, markdown_parser_uncached

DATA = Path(__file__).parent / "data" / "markdown"
# Lines that start (or look as if they start) every kind of block, at several indents.
LINES = ["# h", "## h ##", "- a", "-b", "1. b", "2) c", "10. y", "1234567890. z", "> q", ">q", "```", "``` py", "~~~",
         "    code", "\tcode", "***", "---", "___", "- - -", "* * *", "<div>", "</div>", "<!-- c -->", "<pre>",
         "</pre>", "<x-y>", "[a]: /u 'T'", "[a]:", "[^1]: note", "[^1]:", "| a | b |", "| - | - |", "|:-|", "-|-",
         ":-:", "a | b", "- |", "text", "more text", "", "", "  - nested", "   > deep", "    > deeper", "\t- tab",
         "Setext", "===", "+ p", "* s", "[x]", "![i](u)", "---\ntitle: t\n---", "\\# not", "  ", "+", "-", ">"]


def documents() -> list[tuple[str, str]]:
    found = []
    spec = NPM / "commonmark-spec" / "spec.txt"
    if spec.is_file():
        text = spec.read_text("utf-8").split("<!-- END TESTS -->")[0]
        fence = "`" * 32
        for number, match in enumerate(re.finditer(rf"^{fence} example\n(.*?)^\.\n", text, re.M | re.S), 1):
            found.append((f"spec-{number}", match[1].replace("→", "\t")))
    found += [(path.name, path.read_text("utf-8")) for path in sorted(DATA.glob("*.md"))]
    rng = random.Random(20)
    for number in range(600):
        lines = [rng.choice(LINES) for _ in range(rng.randint(1, 16))]
        found.append((f"generated-{number}", "\n".join(lines) + rng.choice(["", "\n"])))
    return found


def with_markdown_its_chains(parser):
    """The same parser trying every rule of each chain, as markdown-it does by itself."""
    del parser.block.ruler.getRules  # the instance's dispatch; the class's method stays
    return parser


def dump(tokens) -> list:
    return [(t.type, t.tag, t.nesting, t.map, t.level, t.content, t.markup, t.info, t.block, t.hidden,
             dict(t.attrs), repr(t.meta), dump(t.children or [])) for t in tokens]


DOCUMENTS = documents()


@pytest.mark.parametrize("always_match_refs", [False, True])
def test_the_dialect_parses_every_document_as_markdown_its_own_chains_do(always_match_refs: bool) -> None:
    ours = markdown_parser_uncached(always_match_refs=always_match_refs)
    theirs = with_markdown_its_chains(markdown_parser_uncached(always_match_refs=always_match_refs))
    blocks = markdown_parser_uncached().disable(["inline", "footnote_tail"])
    block_theirs = with_markdown_its_chains(markdown_parser_uncached().disable(["inline", "footnote_tail"]))
    differ = []
    for name, text in DOCUMENTS:
        for fast, slow in ((ours, theirs), (blocks, block_theirs)):
            env_fast: dict = {}
            env_slow: dict = {}
            if dump(fast.parse(text, env_fast)) != dump(slow.parse(text, env_slow)) or repr(env_fast) != repr(
                    env_slow):
                differ.append(name)
    assert differ == []
    assert len(DOCUMENTS) > 600


def test_the_chains_are_dispatched_and_markdown_its_are_not() -> None:
    """What the comparison above compares: the dialect's chains are one rule; markdown-it's, all of them."""
    ours = markdown_parser_uncached()
    theirs = with_markdown_its_chains(markdown_parser_uncached())
    assert len(ours.block.ruler.getRules("")) == 1
    assert len(theirs.block.ruler.getRules("")) == len([rule for rule in theirs.block.ruler.__rules__ if rule.enabled])


def test_segments_of_a_document_full_of_block_starts_are_found_as_before() -> None:
    """Segments found with the dispatched chains are those markdown-it's chains give."""
    from l10n.sources import markdown

    text = "\n".join(text for _, text in DOCUMENTS if not text.startswith("---"))
    ours = extract_segments(text)
    markdown._block_parser.cache_clear()
    original = markdown._try_by_first_character
    markdown._try_by_first_character = lambda ruler: None
    try:
        theirs = extract_segments(text)
    finally:
        markdown._try_by_first_character = original
        markdown._block_parser.cache_clear()
    assert ours == theirs
    assert len(ours) > 500
