"""Importing a translation published before: read it, align it, write the pairs into a catalog.

A translation comes as Markdown with the source's layout, or as plain text copied out of a
PDF: paragraphs separated by blank lines, lines hard-wrapped, words hyphenated across lines,
headings run into the paragraph below them, and table rows flattened into lines. The reader
turns either into segments; :mod:`l10n.importing.align` pairs them with the source's; this module
decides what each pair writes into the catalog.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import polib

from l10n.importing.align import SURE_SCORE, Alignment, Unit, align, fold
from l10n.sources.markdown import Segment, extract_segments
from l10n.catalogs.states import DRAFT_PREFIX, State, draft_line, set_comment_line, state_of

PROVIDER = "import"

_HYPHEN_END = re.compile(r"([^\W\d_]+)-$")
_FIRST_WORD = re.compile(r"^([^\W\d_]+)")
_NUMERIC_DATE = r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
_TRAILING_DATE = re.compile(rf"^(?P<cell>.*[^\W\d_]\S*)\s+(?P<date>{_NUMERIC_DATE})$")
_CONTINUES = ",;(-–—/&"
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;:])\s+(?=\S)")


# -- reading a plain-text translation --------------------------------------------------------


WordFrequency = Callable[[str, str], float]


def word_frequency(word: str, lang: str) -> float:
    """How common ``word`` is in ``lang`` on wordfreq's Zipf scale (0 when unknown)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return 0.0
    try:
        return zipf_frequency(word, lang)
    except LookupError:
        return 0.0


def dehyphenate(first: str, second: str, *, lang: str, seen: Counter[str] | None = None,
                frequency: WordFrequency = word_frequency) -> str:
    """Rejoin ``first-`` at a line end with ``second`` at the next line's start.

    The joined word wins when it is better supported than the hyphenated one: first by the
    document itself (``seen`` counts its words as written inside lines), then by how common
    each form is in the language. A hyphenated compound (``Workshop-uri``, ``într-o``) stays
    hyphenated when the joined form is not better supported.
    """
    joined, hyphenated = first + second, f"{first}-{second}"
    if seen is not None:
        in_doc_joined, in_doc_hyphenated = seen[joined.casefold()], seen[hyphenated.casefold()]
        if in_doc_joined != in_doc_hyphenated:
            return joined if in_doc_joined > in_doc_hyphenated else hyphenated
    if frequency(joined, lang) > frequency(hyphenated, lang):
        return joined
    return hyphenated


def _document_words(lines: Sequence[str]) -> Counter[str]:
    """Words written whole inside lines (not broken at a line end), folded to lower case."""
    words: Counter[str] = Counter()
    for line in lines:
        body = line.rstrip()
        if body.endswith("-"):
            body = body[: body.rfind(" ") + 1] if " " in body else ""
        for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", body):
            words[word.casefold()] += 1
    return words


def _intentional_break(line: str, following: str, width: int) -> bool:
    """Whether the line ends where its author ended it, not where the page was full."""
    body = line.rstrip()
    nxt = following.strip()
    if not body or not nxt:
        return True
    if body[-1] in _CONTINUES or not (nxt[0].isupper() or nxt[0].isdigit()):
        return False
    # A wrapped line is full: the next line's first word would not have fitted on it.
    return len(body) + 1 + len(nxt.split()[0]) <= width


def _join_lines(lines: Sequence[str], *, lang: str, seen: Counter[str], frequency: WordFrequency) -> str:
    text = ""
    for line in lines:
        part = " ".join(line.split())
        if not text:
            text = part
            continue
        match = _HYPHEN_END.search(text)
        first = _FIRST_WORD.match(part)
        if match and first:
            word = dehyphenate(match[1], first[1], lang=lang, seen=seen, frequency=frequency)
            text = text[: match.start()] + word + part[first.end():]
        else:
            text = f"{text} {part}"
    return text


def read_plain_text(text: str, *, lang: str, frequency: WordFrequency = word_frequency) -> list[Unit]:
    """Segments of plain text (from a PDF): paragraphs, unwrapped and de-hyphenated.

    Blank lines separate blocks. Inside a block, a line that ends short of the block's
    width before a capital starts a new segment (a heading run into its paragraph, or a
    table cell); a short line that ends with a numeric date is a flattened table row and
    gives two segments (the cell and the date).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    seen = _document_words(lines)
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)

    units: list[Unit] = []
    for block in blocks:
        width = max(len(line.rstrip()) for _, line in block)
        group: list[tuple[int, str]] = []
        for index, (number, line) in enumerate(block):
            group.append((number, line))
            following = block[index + 1][1] if index + 1 < len(block) else ""
            if following and not _intentional_break(line, following, width):
                continue
            for unit in _group_units(group, lang=lang, seen=seen, frequency=frequency):
                if unit.text[0].islower():
                    if not units:
                        # The document starts mid-sentence: the end of a lost opening.
                        unit = Unit("fragment", unit.text, unit.line)
                    elif group[0] == block[0] and units[-1].kind == "text":
                        # A paragraph carried over a page break.
                        previous = units.pop()
                        joined = _join_lines([previous.text, unit.text], lang=lang, seen=seen, frequency=frequency)
                        unit = Unit("text", joined, previous.line)
                units.append(unit)
            group = []
    return units


def _group_units(group: list[tuple[int, str]], *, lang: str, seen: Counter[str],
                 frequency: WordFrequency) -> list[Unit]:
    first_line = group[0][0]
    text = _join_lines([line for _, line in group], lang=lang, seen=seen, frequency=frequency)
    match = _TRAILING_DATE.match(text) if len(group) == 1 else None
    if match and not match["cell"].split()[-1][0].islower():
        return [Unit("text", match["cell"].strip(), first_line), Unit("text", match["date"], first_line)]
    return [Unit("text", text, first_line)]


def read_markdown(text: str, *, front_matter_keys: Sequence[str] = ("title", "summary")) -> list[Unit]:
    """Segments of a Markdown translation with the source's layout."""
    return [Unit(s.kind, s.text, s.line) for s in extract_segments(text, front_matter_keys=tuple(front_matter_keys))]


def read_translation(text: str, *, fmt: str, lang: str, front_matter_keys: Sequence[str] = ("title", "summary"),
                     frequency: WordFrequency = word_frequency) -> list[Unit]:
    """Segments of a translation, read as ``fmt`` ("markdown" or "text")."""
    if fmt == "markdown":
        return read_markdown(text, front_matter_keys=front_matter_keys)
    return read_plain_text(text, lang=lang, frequency=frequency)


# -- turning a pair into a translation -------------------------------------------------------

_WHOLE_LINK = re.compile(r"^\[(?P<text>[^\]]*)\](?P<dest>\([^)]*\))$")
_WHOLE_EMPHASIS = re.compile(r"^(?P<mark>\*\*|__|\*|_)(?P<text>.+)(?P=mark)$")
_LINK_DEST = re.compile(r"\]\(([^)\s]*)")


def recase(translation: str, source: str) -> str:
    """A translation typed in capitals (a styled PDF heading) in the source's sentence case."""
    letters = [c for c in translation if c.isalpha()]
    if len(letters) < 2 or any(c.islower() for c in letters) or not any(c.islower() for c in source):
        return translation
    keep = {fold(w) for w in re.findall(r"\w+", source) if len(w) > 1 and w.isupper()}
    words = re.split(r"(\w+)", translation)
    out = [w if fold(w) in keep else w.lower() for w in words]
    text = "".join(out)
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1:]
    return text


def carry_markup(translation: str, source: str) -> tuple[str, bool]:
    """Give a plain translation the markup that wraps the whole source segment.

    Returns the text and whether it now holds every link of the source (when not, the pair
    is only a draft: its markup must be placed by a person).
    """
    text = translation
    if "](" not in text:
        link = _WHOLE_LINK.match(source)
        if link:
            return f"[{text}]{link['dest']}", True
        emphasis = _WHOLE_EMPHASIS.match(source)
        if emphasis and not text.startswith(emphasis["mark"]):
            inner, complete = carry_markup(text, emphasis["text"])
            return f"{emphasis['mark']}{inner}{emphasis['mark']}", complete
    wanted = _LINK_DEST.findall(source)
    complete = all(dest in text for dest in wanted) and source.count("`") <= text.count("`")
    return text, complete


def split_translation(text: str, sources: Sequence[str]) -> list[str] | None:
    """Cut one translated text into parts for several source segments, or None if it cannot.

    Cuts fall after sentence ends, or between words when the sources are single sentences
    without an end mark (table headers read as one line); the cut whose part lengths are
    closest to the sources' is chosen.
    """
    if len(sources) != 2:
        return None
    cuts = [m.start() for m in _SENTENCE_BREAK.finditer(text)]
    if not cuts and not any(s.rstrip()[-1:] in ".!?;:" for s in sources):
        cuts = [m.start() for m in re.finditer(r"\s+", text)]
    if not cuts:
        return None
    want = len(sources[0]) / max(1, len(sources[0]) + len(sources[1]))
    cut = min(cuts, key=lambda c: abs(c / max(1, len(text)) - want))
    parts = [text[:cut].strip(), text[cut:].strip()]
    return parts if all(parts) else None


# -- writing into a catalog ------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Outcome:
    """What one source segment got from the import."""

    source: int  # index of the source segment
    msgid: str
    msgctxt: str | None
    translation: str  # what the pair proposes (may be empty when it cannot be used)
    score: float
    move: str  # the aligner's move ("1-1", "2-1", ...)
    targets: tuple[int, ...]  # indexes of the target segments
    status: str  # "translated", "draft", "unchanged", "conflict", "kept", "not written"
    note: str = ""  # why, for anything but a plain write


@dataclass(slots=True, frozen=True)
class ImportResult:
    """Everything the report needs."""

    alignment: Alignment
    source: tuple[Segment | Unit, ...]
    target: tuple[Unit, ...]
    outcomes: tuple[Outcome, ...]

    @property
    def written(self) -> Counter[str]:
        """How many entries got each status."""
        return Counter(o.status for o in self.outcomes)


def propose(source: Sequence[Segment | Unit], target: Sequence[Unit], alignment: Alignment,
            *, plain: bool) -> list[tuple[int, str, float, str, tuple[int, ...], str]]:
    """(source index, translation, score, move, targets, note) for every source segment paired."""
    proposals = []
    for link in alignment.pairs:
        texts = [target[j].text for j in link.target]
        why = ""
        if len(link.source) == 1:
            parts: list[str] | None = [" ".join(texts)]
        elif link.score < SURE_SCORE:
            parts, why = None, "merged in one segment, too unsure to cut it"
        else:
            parts = split_translation(texts[0], [source[i].text for i in link.source])
            why = "merged in one segment that cannot be cut"
        for position, i in enumerate(link.source):
            if parts is None:
                proposals.append((i, "", link.score, link.move, link.target, why))
                continue
            text, note = parts[position], ""
            if len(link.source) > 1:
                note = "cut from a merged segment"
            if plain:
                recased = recase(text, source[i].text)
                if recased != text:
                    text, note = recased, "recased from capitals"
                text, complete = carry_markup(text, source[i].text)
                if not complete:
                    note = "the source's inline markup is missing"
            proposals.append((i, text, link.score, link.move, link.target, note))
    return proposals


def apply_import(catalog: polib.POFile, source: Sequence[Segment | Unit], target: Sequence[Unit],
                 alignment: Alignment, *, mode: str = "translated", today: str, plain: bool,
                 sure: float = SURE_SCORE) -> list[Outcome]:
    """Write the aligned pairs into ``catalog`` and return what happened to each.

    A pair scoring below ``sure``, cut from a merged segment, or missing the source's
    markup becomes a draft (``#, fuzzy`` and ``# draft: import <date> score=<s>``) whatever
    ``mode`` says. Entries already translated or reviewed are never changed: a different
    proposal is reported as a conflict.
    """
    outcomes: list[Outcome] = []
    done: set[tuple[str | None, str]] = set()
    index = {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete}
    for i, text, score, move, targets, note in propose(source, target, alignment, plain=plain):
        segment = source[i]
        context = getattr(segment, "context", None)
        key = (context, segment.text)

        proposal = Outcome(i, segment.text, context, text, score, move, targets, "", note)

        def outcome(status: str, why: str | None = None, proposal: Outcome = proposal) -> Outcome:
            return replace(proposal, status=status, note=proposal.note if why is None else why)

        entry = index.get(key)
        if not text:
            outcomes.append(outcome("not written"))
            continue
        if entry is None:
            outcomes.append(outcome("not written", "no such entry in the catalog"))
            continue
        state = state_of(entry)
        if state in (State.TRANSLATED, State.REVIEWED):
            if entry.msgstr == text:
                outcomes.append(outcome("unchanged"))
            else:
                outcomes.append(outcome("conflict", f"the catalog already has {state.value} {entry.msgstr!r}"))
            continue
        if key in done:
            outcomes.append(outcome("kept", "the same text was imported earlier in the document"))
            continue
        done.add(key)
        draft = mode == "draft" or score < sure or bool(note)
        entry.msgstr = text
        entry.previous_msgid = None
        entry.previous_msgctxt = None
        if draft:
            if "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
            set_comment_line(entry, DRAFT_PREFIX, draft_line(PROVIDER, today, f"score={score:.2f}"))
            outcomes.append(outcome("draft"))
        else:
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            set_comment_line(entry, DRAFT_PREFIX, None)
            outcomes.append(outcome("translated"))
    return sorted(outcomes, key=lambda o: o.source)


def import_translation(catalog: polib.POFile, source_text: str, translated_text: str, *, lang: str,
                       source_lang: str = "en", fmt: str = "text", mode: str = "translated", today: str,
                       front_matter_keys: Sequence[str] = ("title", "summary"), terms: Sequence[str] = (),
                       sure: float = SURE_SCORE, frequency: WordFrequency = word_frequency) -> ImportResult:
    """Align ``translated_text`` with ``source_text`` and write the pairs into ``catalog``.

    Nothing is written when the two texts do not seem to match (``result.alignment.matches``
    is false); the caller reports that.
    """
    source = extract_segments(source_text, front_matter_keys=tuple(front_matter_keys))
    target = read_translation(translated_text, fmt=fmt, lang=lang, front_matter_keys=front_matter_keys,
                              frequency=frequency)
    alignment = align(source, target, source_lang=source_lang, target_lang=lang, terms=terms)
    outcomes: list[Outcome] = []
    if alignment.matches:
        outcomes = apply_import(catalog, source, target, alignment, mode=mode, today=today,
                                plain=fmt != "markdown", sure=sure)
    return ImportResult(alignment, tuple(source), tuple(target), tuple(outcomes))


def new_catalog(template: polib.POFile, lang: str) -> polib.POFile:
    """A catalog for ``lang`` holding every entry of ``template`` untranslated.

    Made as ``l10n update`` and ``l10n init`` make one (the same header, the same entries),
    so the catalogs of a project look alike however they were started.
    """
    from l10n.catalogs.update import merge_catalog

    catalog, _counts = merge_catalog(template, None, language=lang)
    return catalog
