"""Compiling catalogs to ``.mo`` files laid out as GNU msgfmt lays them out.

The writer works on polib's model and produces the bytes ``msgfmt`` produces for the same
catalog: messages sorted by ``msgctxt\\x04msgid``, the header entry first, and msgfmt's hash
table (``hash_string`` and double hashing into a prime-sized table), so that C programs,
Python's :mod:`gettext` and ``msgunfmt`` read it alike. Like msgfmt, it leaves out
untranslated and obsolete entries, and fuzzy ones (drafts included) unless ``use_fuzzy``.
"""

from __future__ import annotations

import os
import signal
import struct
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import polib

from l10n.errors import CatalogError, L10nError
from l10n.fileio import write_if_changed
from l10n.catalogs.pofile import read_catalog
from l10n.catalogs.states import is_translated_text

T = TypeVar("T")

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


def compile_catalog(catalog_path: Path, mo_path: Path, *, use_fuzzy: bool = False) -> CompileResult:
    """Compile one PO file to ``mo_path``; the file is rewritten only when its bytes change."""
    catalog = read_catalog(catalog_path)
    pairs, fuzzy, untranslated = _messages(catalog, use_fuzzy)
    # A .mo file can be compiled again, so it is replaced atomically but not synced to disk.
    written = write_if_changed(mo_path, mo_from_pairs(pairs), error=CatalogError, durable=False)
    translated = len(pairs) - (1 if pairs and pairs[0][0] == b"" else 0)
    return CompileResult(Path(catalog_path), Path(mo_path), translated, fuzzy, untranslated, written)


def _compile_chunk(jobs: Sequence[tuple[Path, Path]], use_fuzzy: bool) -> list[CompileResult | L10nError]:
    results: list[CompileResult | L10nError] = []
    for catalog_path, mo_path in jobs:
        try:
            results.append(compile_catalog(catalog_path, mo_path, use_fuzzy=use_fuzzy))
        except L10nError as exc:
            results.append(exc)
    return results


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group; the parent alone handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_in_processes(function: Callable[..., T], calls: Sequence[tuple[Any, ...]], processes: int) -> list[T]:
    """``function(*args)`` for each of ``calls`` in up to ``processes`` processes, results in order.

    On Ctrl-C the calls not started yet are dropped and the running ones finish (each writes
    its files atomically) before KeyboardInterrupt goes on.
    """
    with ProcessPoolExecutor(max(1, min(processes, len(calls))), initializer=_ignore_interrupts) as pool:
        futures = [pool.submit(function, *args) for args in calls]
        try:
            return [future.result() for future in futures]
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def compile_catalogs(
    jobs: Sequence[tuple[Path, Path]], *, use_fuzzy: bool = False, processes: int | None = None
) -> list[CompileResult]:
    """Compile each (po, mo) pair, in ``processes`` worker processes (default: the cores).

    Every catalog is attempted; the first error met, in the order of ``jobs``, is raised
    after the others are written.
    """
    jobs = list(jobs)
    processes = max(1, min(processes or os.cpu_count() or 1, len(jobs) or 1))
    if processes == 1 or len(jobs) < 2 * processes:
        outcomes = _compile_chunk(jobs, use_fuzzy)
    else:
        # A few chunks per process keeps the pool busy without a round trip per file.
        chunk = max(1, len(jobs) // (processes * 4))
        chunks = [jobs[i : i + chunk] for i in range(0, len(jobs), chunk)]
        outcomes = [r for part in run_in_processes(_compile_chunk, [(c, use_fuzzy) for c in chunks], processes)
                    for r in part]
    for outcome in outcomes:
        if isinstance(outcome, L10nError):
            raise outcome
    return outcomes  # type: ignore[return-value]


def project_catalogs(locales_dir: Path, languages: Iterable[str]) -> list[tuple[Path, Path]]:
    """Every ``<lang>/LC_MESSAGES/*.po`` of ``languages`` with the .mo path beside it."""
    jobs = []
    for lang in languages:
        folder = Path(locales_dir) / lang / "LC_MESSAGES"
        for po in sorted(folder.glob("*.po")):
            jobs.append((po, po.with_suffix(".mo")))
    return jobs
