"""Results kept in the cache folder from one run to the next (docs/DESIGN.md, "Speed: what a run costs": kept results).

A kept result is used again only when everything it came from is byte for byte the same: the
file it was computed from (its key) and the run's environment (the versions of the libraries
that computed it and of Python, the source of the l10n package, the configuration file). Anything
else means computing again. A missing, unreadable or foreign cache file is an empty cache; a
folder that cannot be written is left alone (the next run computes again). Deleting the cache
folder is always safe.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from l10n.errors import L10nError
from l10n.fileio import atomic_write, cache_folder, digest

_VERSION_LINE = re.compile(r"""^__version__\s*=\s*(['"])([^'"\\]+)\1\s*(?:#.*)?$""", re.MULTILINE)


@lru_cache(maxsize=None)
def package_version(name: str) -> str:
    """A package's version, read without loading it where that can be done.

    Its ``__version__`` where its ``__init__.py`` writes it as a plain string (or the loaded
    module's); else the size and time of its ``__init__.py`` (new at every install); "absent"
    when the package is not installed.
    """
    module = sys.modules.get(name)
    if module is not None and isinstance(getattr(module, "__version__", None), str):
        return module.__version__
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return "absent"
    origin = Path(spec.origin)
    try:
        found = _VERSION_LINE.findall(origin.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        found = []
    if len(found) == 1:
        return found[0][1]
    try:
        stat = origin.stat()
    except OSError:
        return "unknown"
    return f"{origin.name}:{stat.st_size}:{stat.st_mtime_ns}"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the source of every module of the l10n package, by path.

    Results computed by the toolkit's code are kept under it, so that changed code (an
    upgrade, or an edited checkout) never reuses what other code computed.
    """
    root = Path(__file__).resolve().parent
    hashed = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        try:
            data = path.read_bytes()
        except OSError:
            data = b"?"
        hashed.update(path.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
        hashed.update(digest(data).encode())
    return hashed.hexdigest()


def config_digest(file: Path | None) -> str:
    """A digest of the configuration file's bytes (settings a result may depend on)."""
    try:
        return digest(file.read_bytes()) if file else ""
    except OSError:
        return "unreadable"


class ResultsCache:
    """Results by name (a catalog, say), each under the key of the bytes it came from.

    Kept in one JSON file, ``<folder>/<file>``, with the environment it was made in: a file
    made in another environment is an empty cache. ``get`` gives a result only for the same
    key; ``put`` replaces it; ``save`` writes the file when something changed.
    """

    def __init__(self, folder: Path, file: str, environment: str) -> None:
        self.path = Path(folder) / file
        self.environment = environment
        self.items: dict[str, dict[str, Any]] = {}
        self.changed = False
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("environment") == environment and isinstance(data.get("items"), dict):
            self.items = data["items"]

    def get(self, name: str, key: str) -> Any | None:
        held = self.items.get(name)
        if not isinstance(held, dict) or held.get("key") != key:
            return None
        return held.get("data")

    def put(self, name: str, key: str, data: Any) -> None:
        held = self.items.get(name)
        if not isinstance(held, dict) or held.get("key") != key or held.get("data") != data:
            self.items[name] = {"key": key, "data": data}
            self.changed = True

    def forget(self, keep: Callable[[str], bool]) -> None:
        """Drop the results whose name ``keep`` refuses (an issue that is gone, say)."""
        for name in [name for name in self.items if not keep(name)]:
            del self.items[name]
            self.changed = True

    def save(self) -> None:
        """Write the file when something changed; leave a folder that cannot be written alone."""
        if not self.changed:
            return
        data = {"environment": self.environment, "items": self.items}
        try:
            cache_folder(self.path.parent)
            atomic_write(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")), durable=False)
        except (L10nError, OSError):
            return
        self.changed = False


def environment(*parts: str | Iterable[str]) -> str:
    """One digest of the parts a cache's results depend on besides their own files, and of
    Python's version (its Unicode tables decide what a word or a space is)."""
    flat: list[str] = [sys.version]
    for part in parts:
        flat.extend([part] if isinstance(part, str) else part)
    return digest("\0".join(flat).encode("utf-8", "surrogateescape"))
