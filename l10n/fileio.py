"""Reading text files strictly and writing every file atomically, under a lock."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from l10n.errors import L10nError

LOCK_TIMEOUT = 60.0
LOCKS = "locks"  # the folder of lock files in the project's cache folder


def relative(path: str | Path, base: Path) -> str:
    """``path`` relative to ``base`` (with ``/``) when it lies below it, else as given."""
    try:
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


class Relative:
    """:func:`relative` to one ``base`` for many paths: the base and each folder resolved once.

    A path whose last part is itself a link (or ``.``/``..``) is resolved whole, as
    :func:`relative` resolves it. For one command's run: folders are not looked at again.
    """

    def __init__(self, base: Path) -> None:
        self.base = Path(base).resolve()
        self.folders: dict[Path, Path] = {}

    def __call__(self, path: str | Path) -> str:
        path = Path(path)
        if path.name in ("", ".", "..") or path.is_symlink():
            return relative(path, self.base)
        folder = self.folders.get(path.parent)
        if folder is None:
            folder = self.folders[path.parent] = path.parent.resolve()
        try:
            return (folder / path.name).relative_to(self.base).as_posix()
        except ValueError:
            return str(path)


def shown(path: str | Path) -> str:
    """How a command names a file on the terminal: relative to the current folder when it
    lies below it, else as given. Reports and data files name files relative to the project
    instead (``Config.relative``), so that they read the same from any folder."""
    return relative(path, Path.cwd())


def digest(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex: what caches and manifests key their entries by."""
    return hashlib.sha256(data).hexdigest()


def read_text(path: Path, *, error: type[L10nError] = L10nError) -> str:
    """Read a UTF-8 text file, keeping its line endings; raise ``error`` naming the file."""
    return decode_text(read_bytes(path, error=error), path, error=error)


def read_bytes(path: Path, *, error: type[L10nError] = L10nError) -> bytes:
    """Read a file; raise ``error`` naming it when it is missing or unreadable."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise error("no such file", path=path) from exc
    except IsADirectoryError as exc:
        raise error("is a folder, not a file", path=path) from exc
    except OSError as exc:
        raise error(exc.strerror or str(exc), path=path) from exc


def decode_text(data: bytes, path: Path, *, error: type[L10nError] = L10nError) -> str:
    """The text of a UTF-8 file's bytes (without a byte-order mark); ``error`` names the line."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise error("binary file (contains NUL bytes), not text", path=path, line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            path=path,
            line=line,
        ) from exc
    return text.removeprefix("\ufeff")


def atomic_write(path: Path, data: str | bytes, *, error: type[L10nError] = L10nError,
                 durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then replace.

    A reader sees the old file or the new one, never a half-written one, whatever happens
    to this process (Ctrl-C, a crash, a full disk). ``durable=False`` skips the fsync, for
    outputs that can be made again: they stay atomic, but a power cut may lose them.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # loaded by the commands that write

        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror or exc}", path=path) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise error(f"cannot write: {exc.strerror or exc}", path=path) from exc
        raise


def write_if_changed(path: Path, data: str | bytes, *, error: type[L10nError] = L10nError,
                     durable: bool = True) -> bool:
    """Write atomically unless the file already holds exactly ``data``; return whether it wrote."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if Path(path).read_bytes() == raw:
            return False
    except OSError:
        pass
    atomic_write(path, raw, error=error, durable=durable)
    return True


CACHE_IGNORE = "# Made by l10n; safe to delete.\n*\n"


def cache_folder(folder: Path) -> Path:
    """Make a cache folder (with the ``.gitignore`` that keeps it out of Git) and return it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        atomic_write(ignore, CACHE_IGNORE, durable=False)
    return folder


def lock_path(path: Path, lock_dir: Path | None) -> Path:
    """Where the lock of ``path`` lives: a file named by the digest of its absolute path.

    ``lock_dir`` is ``locks/`` in the project's cache folder (``.l10n-cache/locks``). Without
    one, it is that of the project found from the file's folder upwards, so that a script
    calling :func:`locked` and a command excludes each other; outside any project, a folder
    of this user's in the system's temporary folder. Nothing is ever made beside the file.
    """
    if lock_dir is None:
        lock_dir = _project_lock_dir(Path(path).resolve().parent)
    name = digest(str(Path(path).resolve()).encode("utf-8", "surrogateescape"))[:32]
    return Path(lock_dir) / f"{name}.lock"


def _project_lock_dir(folder: Path) -> Path:
    from l10n.config import find_config_file, load_config

    try:
        file = find_config_file(folder)
        if file is not None:
            return load_config(file).cache_dir / LOCKS
    except L10nError:
        pass
    import tempfile

    return Path(tempfile.gettempdir()) / f"l10n-locks-{os.getuid() if hasattr(os, 'getuid') else 0}"


@contextlib.contextmanager
def locked(path: Path, *, lock_dir: Path | None = None, timeout: float = LOCK_TIMEOUT,
           error: type[L10nError] = L10nError) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` while the block runs.

    Every command that reads, changes and writes back a catalog does so inside this lock,
    so two runs at once never lose each other's work. The lock file lives in ``lock_dir``
    (see :func:`lock_path`), never beside the catalog, so nothing shows in the user's
    folders or in ``git status``.
    """
    from filelock import FileLock, Timeout  # only commands that write catalogs lock them

    path = Path(path)
    target = lock_path(path, lock_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        cache_folder(target.parent)
        lock = FileLock(str(target), timeout=timeout)
        lock.acquire()
    except Timeout as exc:
        raise error(f"locked by another run for more than {timeout:.0f} s", path=path) from exc
    except OSError as exc:
        raise error(f"cannot lock: {exc.strerror or exc}", path=path) from exc
    try:
        yield
    finally:
        lock.release()
