"""Every key of the configuration, declared once with its type and default.

``[tool.l10n]`` (in ``pyproject.toml``) or the top level of an ``l10n.toml`` is checked
against :data:`SCHEMA` when it is loaded, before any command uses it: an unknown key is an
error naming the file, the line and the closest known key; a value of the wrong type names
the key and what was expected. What a value means beyond its type (a language Babel knows,
a percentage between 0 and 100) is checked by the module that uses it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n.errors import ConfigError


@dataclass(slots=True, frozen=True)
class Key:
    """One key: the kinds of value it takes and its default (None: no default)."""

    kinds: tuple[str, ...]  # "string", "strings", "number", "integer", "boolean", "list", "table", "any"
    default: Any = None
    doc: str = ""


@dataclass(slots=True, frozen=True)
class Table:
    """One table: its keys, its named sub-tables, and the sub-table any other name takes."""

    keys: Mapping[str, Key] = field(default_factory=dict)
    tables: Mapping[str, Table] = field(default_factory=dict)
    other: Table | None = None  # e.g. a table per language or per provider
    other_doc: str = ""  # what the other names are ("a language", "a provider")
    free: bool = False  # any key, any value (checked by the module that reads it)


def _key(*kinds: str, default: Any = None, doc: str = "") -> Key:
    return Key(kinds, default, doc)


_NETWORK = {
    "timeout": _key("number", default=10.0, doc="seconds for connecting and for each read"),
    "retries": _key("integer", default=4, doc="further attempts on 429, 5xx, timeouts"),
    "backoff": _key("number", default=0.5, doc="seconds before the first retry; doubles each time"),
    "max_backoff": _key("number", default=30.0, doc="no single wait is longer"),
    "rate_limit": _key("number", default=0.0, doc="requests per second over all threads; 0: no limit"),
    "concurrency": _key("integer", default=8, doc="requests in flight at once"),
}
_PROVIDER = {
    **_NETWORK,
    "url": _key("string", doc="the server's address (libretranslate)"),
    "api_key_env": _key("string", doc="the environment variable that holds the key"),
    "api_key": _key("any", doc="refused: keys are read only from the environment"),
    "free_api": _key("boolean", doc="deepl: the free API"),
    "region": _key("string", doc="microsoft: the resource's region"),
    "email": _key("string", doc="mymemory: the e-mail address that raises the quota"),
    "formality": _key("string", doc="deepl: more or less formal"),
    "threshold": _key("number", default=0.75, doc="tm: the lowest fuzzy match score drafted"),
}

SCHEMA = Table(
    keys={
        "source_language": _key("string", default="en", doc="the language issues are written in"),
        "languages": _key("strings", default=(), doc="the partner languages"),
        "source_dir": _key("string", default="source", doc="folder of the issues"),
        "locales_dir": _key("string", default="locales", doc="folder of templates and catalogs"),
        "build_dir": _key("string", default="build", doc="folder of the built issues"),
        "cache_dir": _key("string", default=".l10n-cache", doc="what status and build remember"),
        "front_matter_keys": _key("strings", default=("title", "summary"), doc="translatable front matter"),
        "project": _key("string", default="PROJECT", doc="the project's name (titles, headers)"),
        "version": _key("string", default="", doc="Project-Id-Version of templates"),
        "wrap": _key("integer", "boolean", default=79, doc="msgmerge's --width; 0 or false: no wrapping"),
        "reviewer": _key("string", doc="the name sign-offs carry"),
        "min_coverage": _key("number", default=0.0, doc="percent translated a page needs to be built"),
    },
    tables={
        "providers": Table(
            keys={"default": _key("string", default="tm", doc="the provider of l10n draft"), **_PROVIDER},
            other=Table(keys=_PROVIDER), other_doc="a provider",
        ),
        "glossary": Table(
            keys={"do_not_translate": _key("strings", default=(), doc="terms kept as written")},
            other=Table(free=True), other_doc="a language",
        ),
        "check": Table(
            keys={
                "disable": _key("list", default=(), doc="checks not run"),
                "length_ratio": _key("list", "table", default=(0.5, 2.0), doc="[low, high], or by language"),
                "length_min_chars": _key("integer", default=20, doc="shorter sources are not length-checked"),
                "severity": _key("table", default={}, doc="check = \"error\" or \"warning\""),
            },
        ),
        "gates": Table(
            keys={
                "fail_under": _key("number", doc="percent translated below which status fails"),
                "fail_under_reviewed": _key("number", doc="percent reviewed below which status fails"),
                "by": _key("string", default="entries", doc="entries or words"),
            },
            other=Table(keys={
                "fail_under": _key("number"),
                "fail_under_reviewed": _key("number"),
            }),
            other_doc="a language",
        ),
        "build": Table(
            keys={
                "min_coverage": _key("table", default={}, doc="percent translated by language"),
                "formats": _key("strings", doc="output formats to make (md, html, txt, email, eml, pdf)"),
                "base_url": _key("string", doc="address where build/ is published; the e-mail formats need it"),
            },
        ),
        "import": Table(
            keys={"sure_score": _key("number", default=0.7, doc="alignment score below which a pair is a draft")},
        ),
    },
)

_KIND_NAMES = {
    "string": "a string",
    "strings": "a list of strings",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "list": "a list",
    "table": "a table",
}


def _kind_of(value: Any, *, items: bool = False) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        odd = next((item for item in value if not isinstance(item, str)), None) if items else None
        return "a list" if odd is None else f"a list holding {_kind_of(odd)}"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _fits(value: Any, kind: str) -> bool:
    if kind == "any":
        return True
    if kind == "string":
        return isinstance(value, str)
    if kind == "strings":
        return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list)
    if kind == "table":
        return isinstance(value, dict)
    raise ValueError(kind)


def _line_of(lines: list[str], table: str, key: str | None) -> int | None:
    """The line of ``key`` in ``[table]`` (or of the table's header), as a person would find it."""
    header = re.compile(r"^\s*\[\s*" + r"\s*\.\s*".join(re.escape(p) for p in table.split(".")) + r"\s*\]")
    start = None
    for number, line in enumerate(lines, 1):
        if header.match(line):
            start = number
            break
    if key is None:
        return start
    assignment = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
    for number in range(start or 1, len(lines) + 1):
        if number > (start or 0) and start is not None and re.match(r"^\s*\[", lines[number - 1]):
            break
        if assignment.match(lines[number - 1]):
            return number
    return start


def validate(table: Mapping[str, Any], *, file: Path | None, prefix: str) -> None:
    """Raise ConfigError for the first unknown key or wrongly typed value of ``table``.

    ``prefix`` is the table's name as written in the file (``tool.l10n``, or ``l10n``, or
    empty for the top level of ``l10n.toml``).
    """
    lines = file.read_text("utf-8", "replace").splitlines() if file is not None and file.is_file() else []
    _validate(SCHEMA, table, file=file, name=prefix, lines=lines)


def _fail(message: str, *, file: Path | None, lines: list[str], table: str, key: str | None) -> ConfigError:
    line = _line_of(lines, table, key) if lines else None
    return ConfigError(message, path=file, line=line)


def _validate(schema: Table, table: Mapping[str, Any], *, file: Path | None, name: str, lines: list[str]) -> None:
    if schema.free:
        return
    where = f"[{name}]" if name else "the top level"
    for key, value in table.items():
        if key in schema.keys:
            spec = schema.keys[key]
            if not any(_fits(value, kind) for kind in spec.kinds):
                expected = " or ".join(_KIND_NAMES.get(kind, kind) for kind in spec.kinds)
                got = _kind_of(value, items="strings" in spec.kinds)
                raise _fail(f"{where} {key}: expected {expected}, got {got}",
                            file=file, lines=lines, table=name, key=key)
            continue
        sub = schema.tables.get(key) or (schema.other if isinstance(value, dict) else None)
        full = f"{name}.{key}" if name else key
        if sub is not None:
            if not isinstance(value, dict):
                raise _fail(f"[{full}] must be a table, got {_kind_of(value)}",
                            file=file, lines=lines, table=name, key=key)
            _validate(sub, value, file=file, name=full, lines=lines)
            continue
        known = [*schema.keys, *schema.tables]
        import difflib  # only to suggest a key

        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else f" (known keys: {', '.join(sorted(known))})"
        if schema.other is not None and not close:
            hint = f" (known keys: {', '.join(sorted(known))}, or a table per {schema.other_doc.removeprefix('a ')})"
        if isinstance(value, dict) and lines and _line_of(lines, full, None) is not None:
            raise _fail(f"{where} has no key {key!r}{hint}", file=file, lines=lines, table=full, key=None)
        raise _fail(f"{where} has no key {key!r}{hint}", file=file, lines=lines, table=name, key=key)


def default(key: str, *, table: str | None = None) -> Any:
    """The declared default of ``key`` in ``[tool.l10n]`` or in its sub-table ``table``."""
    schema = SCHEMA if table is None else SCHEMA.tables[table]
    return schema.keys[key].default
