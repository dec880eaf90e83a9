"""Compiling catalogs to ``.mo`` files laid out as GNU msgfmt lays them out.

The writer works on polib's model and produces the bytes ``msgfmt`` produces for the same
catalog: messages sorted by ``msgctxt\\x04msgid``, the header entry first, and msgfmt's hash
table (``hash_string`` and double hashing into a prime-sized table), so that C programs,
Python's :mod:`gettext` and ``msgunfmt`` read it alike. Like msgfmt, it leaves out
untranslated and obsolete entries, and fuzzy ones (drafts included) unless ``use_fuzzy``.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from l10n.errors import CatalogError, L10nError, SkippedInputs
from l10n.fileio import write_if_changed
from l10n.catalogs.pofile import read_catalog
from l10n.catalogs.states import is_translated_text
from l10n.workers import chunks, cpu_count, run_in_processes


MO_MAGIC = 0x950412DE
HEADER_SIZE = 28  # seven 32-bit words: magic, revision, count, three offsets, hash size


@dataclass(slots=True, frozen=True)
class CompileResult:
    """What compiling one catalog did."""

    catalog: Path  # the .po file read
    mo: Path  # the .mo file written (or left alone)
    translated: int  # messages in the .mo file, the header not counted
    fuzzy: int  # fuzzy entries with a translation (included only with use_fuzzy)
    untranslated: int  # entries without a translation, never included
    written: bool  # False when the .mo file already held exactly these bytes


def hash_string(data: bytes) -> int:
    """GNU gettext's ``hash_string`` (a PJW hash) of ``data``, as a 32-bit number."""
    value = 0
    for byte in data:
        value = (value << 4) + byte
        if value >= 0x10000000:
            # Fold the top four bits into bits 4-7 and clear them (and any carry past bit 31).
            value = (value ^ ((value >> 24) & 0xF0)) & 0x0FFFFFFF
    return value


def _is_prime(candidate: int) -> bool:
    # msgfmt's own test, kept as it is so that table sizes agree for every count.
    divisor = 3
    square = divisor * divisor
    while square < candidate and candidate % divisor != 0:
        divisor += 1
        square += 4 * divisor
        divisor += 1
    return candidate % divisor != 0


def hash_table_size(count: int) -> int:
    """The size msgfmt gives the hash table of ``count`` messages."""
    size = (count * 4) // 3 | 1
    while not _is_prime(size):
        size += 2
    return max(size, 3)


def header_text(catalog: polib.POFile) -> str:
    """The header entry's msgstr as msgfmt stores it: fields in file order, no POT-Creation-Date.

    msgfmt drops ``POT-Creation-Date`` so that a template regenerated without changes does
    not change the compiled catalogs.
    """
    return "".join(
        f"{key}: {value}\n" for key, value in catalog.metadata.items() if key != "POT-Creation-Date"
    )


def _messages(catalog: polib.POFile, use_fuzzy: bool) -> tuple[list[tuple[bytes, bytes]], int, int]:
    """The (key, value) byte pairs the .mo file holds, and the fuzzy and untranslated counts."""
    encoding = catalog.encoding or "utf-8"
    pairs: list[tuple[bytes, bytes]] = []
    header = header_text(catalog)
    if header:
        pairs.append((b"", header.encode(encoding)))
    fuzzy = untranslated = 0
    for entry in catalog:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            key = f"{entry.msgid}\x00{entry.msgid_plural}"
            value = "\x00".join(forms)
        else:
            key = entry.msgid
            value = entry.msgstr
        if not is_translated_text(entry):
            # One rule for every command (docs/DESIGN.md, "Entry states"): a plural entry with
            # an empty form is untranslated, so the reader sees the source rather than nothing.
            untranslated += 1
            continue
        if "fuzzy" in entry.flags:
            fuzzy += 1
            if not use_fuzzy:
                continue
        if entry.msgctxt is not None:
            key = f"{entry.msgctxt}\x04{key}"
        pairs.append((key.encode(encoding), value.encode(encoding)))
    return pairs, fuzzy, untranslated


def mo_from_pairs(pairs: Iterable[tuple[bytes, bytes]]) -> bytes:
    """A revision 0 .mo file holding ``pairs`` (key, value), with msgfmt's hash table."""
    # strcmp order on the key up to its first NUL (the msgid without the plural).
    ordered = sorted(pairs, key=lambda pair: pair[0].partition(b"\x00")[0])
    count = len(ordered)
    size = hash_table_size(count)
    originals_at = HEADER_SIZE
    translations_at = originals_at + 8 * count
    hash_at = translations_at + 8 * count
    offset = hash_at + 4 * size

    original_table: list[int] = []
    for key, _ in ordered:
        original_table += (len(key), offset)
        offset += len(key) + 1
    translation_table: list[int] = []
    for _, value in ordered:
        translation_table += (len(value), offset)
        offset += len(value) + 1

    table = [0] * size
    step_base = size - 2
    for number, (key, _) in enumerate(ordered, 1):
        value = hash_string(key.partition(b"\x00")[0])
        index = value % size
        if table[index]:
            step = 1 + value % step_base
            while table[index]:
                index = index - (size - step) if index >= size - step else index + step
        table[index] = number

    parts = [
        struct.pack("<7I", MO_MAGIC, 0, count, originals_at, translations_at, size, hash_at),
        struct.pack(f"<{2 * count}I", *original_table),
        struct.pack(f"<{2 * count}I", *translation_table),
        struct.pack(f"<{size}I", *table),
    ]
    parts += (key + b"\x00" for key, _ in ordered)
    parts += (value + b"\x00" for _, value in ordered)
    return b"".join(parts)


def mo_bytes(catalog: polib.POFile, *, use_fuzzy: bool = False) -> bytes:
    """The .mo file of ``catalog``, byte for byte what ``msgfmt`` writes for it."""
    pairs, _, _ = _messages(catalog, use_fuzzy)
    return mo_from_pairs(pairs)


@dataclass(slots=True, frozen=True)
class Compiled:
    """One catalog read and compiled in memory, not written yet."""

    catalog: Path
    mo: Path
    data: bytes  # the .mo file's bytes
    translated: int
    fuzzy: int
    untranslated: int

    def write(self) -> CompileResult:
        """Write the .mo file (only when its bytes change) and say what was done."""
        # A .mo file can be compiled again, so it is replaced atomically but not synced to disk.
        written = write_if_changed(self.mo, self.data, error=CatalogError, durable=False)
        return CompileResult(self.catalog, self.mo, self.translated, self.fuzzy, self.untranslated, written)


def compile_in_memory(catalog_path: Path, mo_path: Path, *, use_fuzzy: bool = False) -> Compiled:
    """Read one PO file and make its .mo bytes; raise CatalogError naming the file and line."""
    catalog = read_catalog(catalog_path)
    pairs, fuzzy, untranslated = _messages(catalog, use_fuzzy)
    translated = len(pairs) - (1 if pairs and pairs[0][0] == b"" else 0)
    return Compiled(Path(catalog_path), Path(mo_path), mo_from_pairs(pairs), translated, fuzzy, untranslated)


def compile_catalog(catalog_path: Path, mo_path: Path, *, use_fuzzy: bool = False) -> CompileResult:
    """Compile one PO file to ``mo_path``; the file is rewritten only when its bytes change."""
    return compile_in_memory(catalog_path, mo_path, use_fuzzy=use_fuzzy).write()


def _compile_chunk(jobs: Sequence[tuple[Path, Path]], use_fuzzy: bool) -> list[Compiled | L10nError]:
    results: list[Compiled | L10nError] = []
    for catalog_path, mo_path in jobs:
        try:
            results.append(compile_in_memory(catalog_path, mo_path, use_fuzzy=use_fuzzy))
        except L10nError as exc:
            results.append(exc)
    return results


@dataclass(slots=True, frozen=True)
class CompileRun:
    """What a compile run wrote, and the catalogs it skipped (only with ``keep_going``)."""

    results: tuple[CompileResult, ...]
    skipped: SkippedInputs | None = None


def compile_catalogs(
    jobs: Sequence[tuple[Path, Path]], *, use_fuzzy: bool = False, processes: int | None = None,
) -> list[CompileResult]:
    """Compile each (po, mo) pair, in ``processes`` worker processes (default: the cores).

    Every catalog is read and compiled before any file is written: the first error met, in
    the order of ``jobs``, is raised with nothing written.
    """
    return list(compile_run(jobs, use_fuzzy=use_fuzzy, processes=processes).results)


def compile_run(
    jobs: Sequence[tuple[Path, Path]], *, use_fuzzy: bool = False, processes: int | None = None,
    keep_going: bool = False,
) -> CompileRun:
    """:func:`compile_catalogs`; with ``keep_going`` the good catalogs are written and the bad ones named."""
    jobs = list(jobs)
    processes = max(1, min(processes or cpu_count(), len(jobs) or 1))
    if processes == 1 or len(jobs) < 2 * processes:
        outcomes = _compile_chunk(jobs, use_fuzzy)
    else:
        calls = [(chunk, use_fuzzy) for chunk in chunks(jobs, processes)]
        outcomes = [r for part in run_in_processes(_compile_chunk, calls, processes) for r in part]
    errors = [outcome for outcome in outcomes if isinstance(outcome, L10nError)]
    if errors and not keep_going:
        raise errors[0]
    results = tuple(outcome.write() for outcome in outcomes if isinstance(outcome, Compiled))
    return CompileRun(results, SkippedInputs(errors) if errors else None)


def project_catalogs(locales_dir: Path, languages: Iterable[str]) -> list[tuple[Path, Path]]:
    """Every ``<lang>/LC_MESSAGES/*.po`` of ``languages`` with the .mo path beside it."""
    jobs = []
    for lang in languages:
        folder = Path(locales_dir) / lang / "LC_MESSAGES"
        for po in sorted(folder.glob("*.po")):
            jobs.append((po, po.with_suffix(".mo")))
    return jobs
