"""The segments of a source, kept from one run to the next so that rendering need not parse again.

``l10n extract`` parses each issue to write its template; the segments it found (their text,
kind, line and exact spans) are kept in ``<cache_dir>/segments/``, one file per source,
under a digest of the very text they came from, the front matter keys, and the versions of
the parsers and of :mod:`l10n.sources.markdown`. ``l10n render`` then takes the spans from
there and only looks up and splices translations (docs/DESIGN.md, "Rendering"). Any
mismatch, or a missing, unreadable or foreign file, means parsing again; a folder that
cannot be written is left alone. Deleting the folder is always safe.
"""

from __future__ import annotations

import json
from pathlib import Path

from l10n.cache import package_version
from l10n.errors import L10nError
from l10n.fileio import atomic_write, cache_folder, digest
from l10n.sources import HTML, source_format
from l10n.sources.markdown import Piece, Segment, extract_segments

FOLDER = "segments"
FORMAT = 1
# The parsers the segments come from: markdown-it-py, its plugins, PyYAML.
PARSERS = ("markdown_it", "mdit_py_plugins", "yaml")


def _versions() -> str:
    """What the segments of a text depend on besides the text: parsers and the finder's code."""
    finder = digest(Path(__file__).with_name("markdown.py").read_bytes())
    return "\0".join((str(FORMAT), *(package_version(name) for name in PARSERS), finder))


def _key(text: str, front_matter_keys: tuple[str, ...]) -> str:
    return digest("\0".join((_versions(), "\x1f".join(front_matter_keys), text)).encode("utf-8"))


def _file(cache_dir: Path, source: Path) -> Path:
    """One file per source, named after its absolute path (so a changed source replaces its entry)."""
    return cache_dir / FOLDER / f"{digest(str(Path(source).resolve()).encode('utf-8'))[:24]}.json"


def _load(file: Path, key: str) -> list[Segment] | None:
    try:
        data = json.loads(file.read_bytes())
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        return [Segment(text, kind, line, context, start, end, tuple(Piece(*piece) for piece in pieces), style)
                for text, kind, line, context, start, end, pieces, style in data["segments"]]
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _save(file: Path, key: str, segments: list[Segment]) -> None:
    rows = [[s.text, s.kind, s.line, s.context, s.start, s.end, [[p.start, p.end, p.prefix] for p in s.pieces],
             s.style] for s in segments]
    try:
        cache_folder(file.parent.parent)
        atomic_write(file, json.dumps({"key": key, "segments": rows}, ensure_ascii=False, separators=(",", ":")),
                     durable=False)
    except (L10nError, OSError):
        return  # a read-only checkout: the next run parses again


def source_segments(text: str, *, front_matter_keys: tuple[str, ...] | list[str] = ("title", "summary"),
                    path: str = "<string>", source: Path | None = None,
                    cache_dir: Path | None = None) -> list[Segment]:
    """The segments of ``text``: for Markdown, :func:`l10n.sources.markdown.extract_segments`,
    kept in ``cache_dir`` between runs; for an HTML source (by ``source``'s or ``path``'s
    extension), :func:`l10n.sources.html.extract_segments`.

    ``path`` names the source in errors; ``source`` is the file ``text`` was read from, which
    picks its place in the cache. Without both ``source`` and ``cache_dir`` this is
    ``extract_segments``.
    """
    keys = tuple(front_matter_keys)
    if source_format(source if source is not None else path) == HTML:
        # An HTML source is read in one linear pass, about as fast as loading it back.
        from l10n.sources import html

        return html.extract_segments(text, path=path)
    if cache_dir is None or source is None:
        return extract_segments(text, front_matter_keys=keys, path=path)
    key = _key(text, keys)
    file = _file(Path(cache_dir), source)
    segments = _load(file, key)
    if segments is None:
        segments = extract_segments(text, front_matter_keys=keys, path=path)
        _save(file, key, segments)
    return segments
