"""Make l10n's bytecode what an installed package has before a benchmark times it.

``pip install`` compiles a package's modules to bytecode, so the peers (pybabel, pocount,
po2md, ...) start from ``.pyc`` files. An editable install of l10n does not, and where
``PYTHONDONTWRITEBYTECODE`` is set (some containers and CI images set it) every run of
``l10n`` would compile each module it loads again: a cost no installed tool pays.
:func:`compile_l10n` writes the bytecode once, as ``pip`` would; every benchmark calls it
before its first timed run.
"""

from __future__ import annotations

import compileall
import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "l10n"


def compile_l10n() -> None:
    """Write the ``__pycache__`` files of every l10n module (nothing when they are current)."""
    saved = sys.dont_write_bytecode
    sys.dont_write_bytecode = False
    try:
        compileall.compile_dir(PACKAGE, quiet=1, workers=os.cpu_count() or 1)
    finally:
        sys.dont_write_bytecode = saved
