"""The one error hierarchy of the toolkit.

Every error carries a message a person can act on. Where there is a place, the message
starts with it (``locales/ro/LC_MESSAGES/x.po:41: ...``). The CLI prints ``Error: <message>``
and exits with :attr:`L10nError.exit_code`.
"""

from __future__ import annotations

from pathlib import Path


class L10nError(Exception):
    """Base class: a problem the user can fix; exit code 2 (bad usage, configuration or input)."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.cause = message
        if self.path is not None:
            place = self.path if line is None else f"{self.path}:{line}"
            message = f"{place}: {message}"
        super().__init__(message)


class ConfigError(L10nError):
    """The configuration is missing, malformed or names something unknown."""


class SourceError(L10nError):
    """A newsletter source file cannot be read or parsed."""


class CatalogError(L10nError):
    """A PO or POT file cannot be read, parsed or written."""


class LanguageError(ConfigError):
    """A language code that Babel does not know."""


class ProviderError(L10nError):
    """A translation provider gave up for good (no key, unreachable, quota exhausted)."""

    exit_code = 1


class RenderError(L10nError):
    """A localized issue cannot be written safely (for example, unsafe HTML in a translation)."""


class SkippedInputs(L10nError):
    """Bad input files a run left out when told to go on without them (``--keep-going``)."""

    def __init__(self, errors: "list[L10nError] | tuple[L10nError, ...]"):
        self.errors = tuple(errors)
        count = len(self.errors)
        super().__init__(f"skipped {count} bad file{'s' if count != 1 else ''}: "
                         + "; ".join(str(error) for error in self.errors))
