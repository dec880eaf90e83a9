"""The project configuration: ``[tool.l10n]`` in ``pyproject.toml``, or an ``l10n.toml``.

Paths in the configuration are relative to the folder of the file that holds it. The
configuration also knows the project's file layout (docs/DESIGN.md, "Data flow"), so that no
other module builds a path by hand.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n.errors import ConfigError
from l10n.schema import default, validate

CONFIG_FILES = ("l10n.toml", "pyproject.toml")
DEFAULT_WRAP = default("wrap")


@dataclass(slots=True, frozen=True)
class Config:
    """Settings of one project; every path is absolute."""

    root: Path  # folder that holds the configuration file
    file: Path | None  # the configuration file itself, None for defaults
    source_language: str = "en"
    languages: tuple[str, ...] = ()
    source_dir: Path = Path("source")
    locales_dir: Path = Path("locales")
    build_dir: Path = Path("build")
    cache_dir: Path = Path(".l10n-cache")  # what status remembers between runs
    front_matter_keys: tuple[str, ...] = ("title", "summary")
    project: str = "PROJECT"
    version: str = ""
    wrap: int = DEFAULT_WRAP  # 0 or a negative number: no wrapping
    reviewer: str | None = None
    min_coverage: float = 0.0
    raw: dict[str, Any] = field(default_factory=dict)  # the whole [tool.l10n] table

    # -- layout ---------------------------------------------------------------------------

    @property
    def templates_dir(self) -> Path:
        return self.locales_dir / "templates"

    def template_path(self, issue: str) -> Path:
        return self.templates_dir / f"{issue}.pot"

    def catalog_path(self, lang: str, issue: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{issue}.po"

    def mo_path(self, lang: str, issue: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{issue}.mo"

    def source_path(self, issue: str) -> Path:
        return self.source_dir / f"{issue}.md"

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root when it lies below it, as reports name files."""
        try:
            return str(Path(path).relative_to(self.root))
        except ValueError:
            return str(path)

    def issues(self) -> list[str]:
        """Every issue in the source folder (the stems of its Markdown files), sorted."""
        if not self.source_dir.is_dir():
            return []
        return sorted(p.stem for p in self.source_dir.glob("*.md") if p.is_file())

    def select_issues(self, names: tuple[str, ...] | list[str] = ()) -> list[str]:
        """The issues named (by stem or by path), or every issue when none is named."""
        known = self.issues()
        if not names:
            return known
        chosen = []
        for name in names:
            stem = Path(name).stem if name.endswith(".md") else name
            if stem not in known:
                hint = f" (issues: {', '.join(known)})" if known else ""
                raise ConfigError(f"unknown issue {name!r}{hint}", path=self.source_dir)
            chosen.append(stem)
        return chosen

    def select_languages(self, names: tuple[str, ...] | list[str] = ()) -> list[str]:
        """The languages named (validated against Babel), or the configured partner languages."""
        from l10n.languages import normalize_language

        if not names:
            return list(self.languages)
        return [normalize_language(name) for name in names]

    def section(self, name: str) -> dict[str, Any]:
        """A sub-table of ``[tool.l10n]`` (``providers``, ``glossary``, ``check`` ...), or ``{}``."""
        value = self.raw.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"[tool.l10n.{name}] must be a table", path=self.file)
        return value


def find_config_file(start: Path) -> Path | None:
    """The nearest ``l10n.toml``, or ``pyproject.toml`` with a ``[tool.l10n]`` table, upwards."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and "[tool.l10n" not in candidate.read_text("utf-8", "replace"):
                    continue
                return candidate
    return None


def load_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """Load the configuration from ``path``, or find it from ``start`` (the current folder)."""
    file = Path(path) if path is not None else find_config_file(start or Path.cwd())
    if file is None:
        root = (start or Path.cwd()).resolve()
        return _build(root, None, {})
    try:
        data = tomllib.loads(file.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError("no such file", path=file) from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=file) from exc
    table = data if file.name == "l10n.toml" else data.get("tool", {}).get("l10n", {})
    prefix = "" if file.name == "l10n.toml" else "tool.l10n"
    if "l10n" in table and file.name == "l10n.toml" and isinstance(table["l10n"], dict):
        table, prefix = table["l10n"], "l10n"
    if not isinstance(table, dict):
        raise ConfigError("[tool.l10n] must be a table", path=file)
    validate(table, file=file, prefix=prefix)
    if file.name == "pyproject.toml":
        table = {"project": data.get("project", {}).get("name", "PROJECT"), **table}
    return _build(file.parent.resolve(), file.resolve(), table)


def _build(root: Path, file: Path | None, table: dict[str, Any]) -> Config:
    from l10n.languages import normalize_language

    # Types were checked against the schema when the file was read (schema.validate).
    def value(key: str) -> Any:
        return table.get(key, default(key))

    def folder(key: str) -> Path:
        return (root / value(key)).resolve()

    def strings(key: str) -> tuple[str, ...]:
        found = value(key)
        return tuple(found.split() if isinstance(found, str) else found)

    try:
        languages = tuple(normalize_language(code) for code in strings("languages"))
        source_language = normalize_language(value("source_language"))
    except ConfigError as exc:
        raise ConfigError(exc.cause, path=file) from exc
    wrap = value("wrap")
    if wrap is True:
        raise ConfigError("wrap: expected a number of columns (0 or false: no wrapping), got true", path=file)
    return Config(
        root=root,
        file=file,
        source_language=source_language,
        languages=languages,
        source_dir=folder("source_dir"),
        locales_dir=folder("locales_dir"),
        build_dir=folder("build_dir"),
        cache_dir=folder("cache_dir"),
        front_matter_keys=strings("front_matter_keys"),
        project=value("project"),
        version=value("version"),
        wrap=int(wrap),
        reviewer=value("reviewer"),
        min_coverage=float(value("min_coverage")),
        raw=table,
    )
