"""Records the checks share: severities, findings, a source/translation pair, a check."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

import polib

from l10n.checks.text import Text


class Severity(str, enum.Enum):
    """How bad a finding is; ``--fail-on`` compares by :attr:`rank`."""

    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return 1 if self is Severity.ERROR else 0


class Finding(NamedTuple):
    """One problem in one catalog entry (a named tuple: a sign-off after ``l10n check`` makes
    one for every finding the check kept)."""

    check: str  # the check's registry name, as `# l10n-ignore:` takes it
    severity: Severity
    message: str  # one line, for the translator
    line: int  # the entry's first line in the PO file (polib's linenum), 0 when unknown
    msgid: str  # the entry's source text
    msgctxt: str | None = None
    lang: str = ""  # the catalog's language
    path: str | None = None  # the catalog file, filled in by callers that know it
    issue: str | None = None  # the newsletter issue of the catalog, when known

    def location(self) -> str:
        """``path:line`` (or what is known of it)."""
        return f"{self.path or '<catalog>'}:{self.line}"

    def to_dict(self) -> dict[str, Any]:
        """The finding as the JSON output gives it (see ``check.schema.json``)."""
        return {
            "file": self.path,
            "line": self.line,
            "lang": self.lang,
            "issue": self.issue,
            "severity": self.severity.value,
            "check": self.check,
            "message": self.message,
            "msgctxt": self.msgctxt,
            "msgid": self.msgid,
        }


class Glossary(Protocol):
    """What the checks need of a glossary (``l10n.glossary.load_glossary`` gives one)."""

    do_not_translate: Iterable[str]  # terms to keep as written
    fixed: Mapping[str, str]  # source term -> the translation to use


@dataclass(slots=True, frozen=True)
class CheckSettings:
    """Project-wide settings of the checks, from ``[tool.l10n.check]``."""

    disabled: frozenset[str] = frozenset()  # check names switched off for the project
    length_ratio: tuple[float, float] = (0.5, 2.0)  # allowed len(translation) / len(source)
    length_ratios: Mapping[str, tuple[float, float]] = field(default_factory=dict)  # per language
    length_min_chars: int = 20  # shorter sources are not length-checked
    source_language: str = "en"  # for reading dates and numbers in the source
    severities: Mapping[str, Severity] = field(default_factory=dict)  # per-check overrides




class Pair(NamedTuple):
    """One source text and its translation, with what a check may need to judge them (a named
    tuple, as :class:`l10n.checks.text.Text` is: one is made for every entry checked)."""

    source: Text
    target: Text
    lang: str
    settings: CheckSettings
    glossary: Glossary | None
    entry: polib.POEntry


CheckFunction = Callable[[Pair], Iterable[str]]


@dataclass(slots=True, frozen=True)
class Check:
    """A registered check: its name, how bad its findings are, and what it wants of translators."""

    name: str
    severity: Severity
    explanation: str
    function: CheckFunction
    per_entry: bool = False  # looks at the entry (its comments), not at each text pair
    # What a pair must hold for the check to have anything to say (l10n.checks.text's HOLDS_*
    # bits of the source or of the translation; the translation differing from the source as
    # written; being the source, whitespace around aside): a check with none of them runs on
    # every pair.
    source: int = 0
    target: int = 0
    different: bool = False
    same: bool = False
