"""Fixtures every test module may use: the sample project, and the command line run in it."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def sample(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the repository's sample project (source, locales, pyproject.toml), run from its folder."""
    for name in ("source", "locales"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def l10n() -> Callable[..., Result]:
    """``l10n(*args)``: the command line run in-process from the current folder, as a user types it."""
    from l10n.cli import main

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=input)

    return run
