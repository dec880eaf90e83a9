"""Which catalogs a module parses: a fixture body for the tests of kept results."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest


def spy_on_reads(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> list[Path]:
    """Every path ``module``'s ``scan_catalog`` parses from now on, in this process (the real
    reader still reads it)."""
    seen: list[Path] = []
    real = module.scan_catalog

    def spy(path, *, text=None):
        seen.append(Path(path))
        return real(path, text=text)

    monkeypatch.setattr(module, "scan_catalog", spy)
    return seen
