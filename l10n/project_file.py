"""Writing the configuration file: a new project's, and a language added to an existing one.

Edits go through tomlkit, which keeps every comment, blank line and layout of the file as
the user wrote it; only the value changed is new. Reading the configuration is
:mod:`l10n.config`'s work.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import tomlkit
from tomlkit.items import Array, Table

from l10n.errors import ConfigError
from l10n.fileio import atomic_write, read_text

NEW_CONFIG = """\
# Settings of l10n (`l10n --help` lists its commands).
source_language = "{source}"
languages = [{languages}]   # partner languages; `l10n init --lang CODE` adds one
source_dir = "source"        # one Markdown file per issue
locales_dir = "locales"      # templates and catalogs
build_dir = "build"          # what `l10n build` writes
"""


@dataclass(slots=True, frozen=True)
class AddedLanguage:
    """What :func:`add_language` did: ``added`` False means the language was there already."""

    file: Path
    added: bool


def _table(document: tomlkit.TOMLDocument, file: Path) -> Table | tomlkit.TOMLDocument:
    """The table that holds the settings: ``[tool.l10n]``, ``[l10n]`` or an l10n.toml's top level."""
    if file.name == "pyproject.toml":
        tool = document.get("tool")
        if not isinstance(tool, Table) or not isinstance(tool.get("l10n"), Table):
            raise ConfigError("no [tool.l10n] table to add the language to", path=file)
        return tool["l10n"]
    inner = document.get("l10n")
    return inner if isinstance(inner, Table) else document


def add_language(file: Path, language: str) -> AddedLanguage:
    """Add ``language`` to the ``languages`` of the configuration ``file``, keeping its formatting.

    Raises ConfigError, naming the file and saying what to write, when ``languages`` is
    something this function cannot extend.
    """
    text = read_text(file, error=ConfigError)
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=file) from exc
    table = _table(document, file)
    current = table.get("languages")
    if current is None:
        table["languages"] = [language]
    elif isinstance(current, Array) and all(isinstance(code, str) for code in current):
        if language in [str(code) for code in current]:
            return AddedLanguage(file, False)
        current.append(language)
    elif isinstance(current, str):
        if language in current.split():
            return AddedLanguage(file, False)
        table["languages"] = f"{current} {language}".strip()
    else:
        raise ConfigError(f'languages is not a list of codes; add "{language}" to it by hand', path=file)
    atomic_write(file, tomlkit.dumps(document), error=ConfigError)
    return AddedLanguage(file, True)


def new_project(folder: Path, *, source_language: str, languages: list[str]) -> list[Path]:
    """Write a minimal configuration and the source and locales folders in ``folder``.

    The settings go into ``[tool.l10n]`` of a ``pyproject.toml`` that exists there, else
    into a new ``l10n.toml``. Returns what was created; raises ConfigError when ``folder``
    already holds a configuration.
    """
    folder = Path(folder)
    quoted = ", ".join(f'"{code}"' for code in languages)
    settings = NEW_CONFIG.format(source=source_language, languages=quoted)
    pyproject = folder / "pyproject.toml"
    toml = folder / "l10n.toml"
    if toml.exists():
        raise ConfigError("a project exists here already", path=toml)
    created: list[Path] = []
    if pyproject.is_file():
        text = read_text(pyproject, error=ConfigError)
        try:
            document = tomlkit.parse(text)
        except tomlkit.exceptions.ParseError as exc:
            raise ConfigError(f"not valid TOML: {exc}", path=pyproject) from exc
        tool = document.get("tool")
        if isinstance(tool, Table) and "l10n" in tool:
            raise ConfigError("a project exists here already ([tool.l10n])", path=pyproject)
        separator = "" if text.endswith("\n\n") or not text else ("\n" if text.endswith("\n") else "\n\n")
        atomic_write(pyproject, text + separator + "[tool.l10n]\n" + settings, error=ConfigError)
        created.append(pyproject)
    else:
        atomic_write(toml, settings, error=ConfigError)
        created.append(toml)
    for sub in (folder / "source", folder / "locales" / "templates"):
        if not sub.exists():
            sub.mkdir(parents=True)
            created.append(sub)
    return created
