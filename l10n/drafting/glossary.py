"""The project glossary: terms never translated, and fixed translations per language.

Configured in ``[tool.l10n.glossary]``::

    [tool.l10n.glossary]
    do_not_translate = ["EPI", "Cluj", "Pro Arbeit"]

    [tool.l10n.glossary.ro]
    "newsletter" = "buletin informativ"

A ``do_not_translate`` list inside a language table adds terms for that language only.
Drafting protects every term before a text goes to a provider; the QA checks verify that
do-not-translate terms survive and that fixed translations are used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from l10n.config import Config
from l10n.errors import ConfigError

SECTION = "glossary"


@dataclass(slots=True, frozen=True)
class Glossary:
    """The glossary for one target language."""

    do_not_translate: tuple[str, ...] = ()  # kept exactly as written in every language
    fixed: dict[str, str] = field(default_factory=dict)  # source term -> its fixed translation

    def terms(self) -> tuple[str, ...]:
        """Every protected source term, longest first (so "Pro Arbeit" wins over "Pro")."""
        names = dict.fromkeys([*self.do_not_translate, *self.fixed])
        return tuple(sorted(names, key=lambda term: (-len(term), term)))

    def translation(self, term: str) -> str:
        """What ``term`` must become in the target language (itself when not translated)."""
        return self.fixed.get(term, term)

    def pattern(self) -> re.Pattern[str] | None:
        """A regular expression matching any term as a whole word, or None for an empty glossary."""
        terms = self.terms()
        if not terms:
            return None
        alternatives = "|".join(re.escape(term) for term in terms)
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

    def occurrences(self, text: str) -> list[str]:
        """The terms found in ``text``, in order of appearance."""
        pattern = self.pattern()
        return [match[0] for match in pattern.finditer(text)] if pattern else []


def _strings(value: object, key: str, config: Config) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"[tool.l10n.glossary] {key} must be a list of non-empty strings", path=config.file)
    return tuple(v.strip() for v in value)


def load_glossary(config: Config, lang: str | None = None) -> Glossary:
    """The glossary for ``lang`` (or only the shared do-not-translate terms when ``lang`` is None).

    Language tables may be written with any spelling of the code (``pt-BR``, ``pt_BR``).
    """
    from l10n.languages import normalize_language

    table = config.section(SECTION)
    terms = list(_strings(table.get("do_not_translate", []), "do_not_translate", config))
    fixed: dict[str, str] = {}
    if lang is not None:
        wanted = normalize_language(lang)
        for key, value in table.items():
            if key == "do_not_translate" or not isinstance(value, dict):
                continue
            try:
                code = normalize_language(key)
            except ConfigError:
                raise ConfigError(f"[tool.l10n.glossary.{key}]: unknown language", path=config.file) from None
            if code != wanted:
                continue
            for source, target in value.items():
                if source == "do_not_translate":
                    terms.extend(_strings(target, f"{key}.do_not_translate", config))
                elif isinstance(target, str) and source.strip() and target.strip():
                    fixed[source.strip()] = target.strip()
                else:
                    raise ConfigError(
                        f"[tool.l10n.glossary.{key}] {source!r} must map to a non-empty string",
                        path=config.file,
                    )
    return Glossary(do_not_translate=tuple(dict.fromkeys(terms)), fixed=fixed)
