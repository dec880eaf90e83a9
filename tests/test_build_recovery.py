"""``l10n build`` after a build that was killed: its temporary files are removed, nothing else."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from click.testing import CliRunner

from l10n.cli import main

SOURCE = "---\ntitle: Issue {n}\n---\n\n# Welcome to issue {n}\n\n" + "A paragraph about the partners.\n\n" * 40


def write_project(root: Path, issues: int) -> None:
    (root / "source").mkdir(parents=True)
    for n in range(issues):
        (root / "source" / f"issue-{n:03}.md").write_text(SOURCE.format(n=n), "utf-8")
    (root / "l10n.toml").write_text('languages = ["ro", "pl"]\nproject = "EPI"\n', "utf-8")


def leftovers(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in (root / "build").rglob(".*.tmp"))


def test_the_next_build_removes_what_a_killed_build_left(tmp_path: Path) -> None:
    write_project(tmp_path, 2)
    assert CliRunner().invoke(main, ["--config", str(tmp_path / "l10n.toml"), "build"]).exit_code == 0
    # What atomic writes leave when the process dies between creating and renaming.
    made = []
    # (Under en/: ro and pl have nothing translated, so they are not published.)
    for folder, name in (("en", "issue-000.html"), ("en", "issue-001.md"), ("", "index.html")):
        fd, path = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=tmp_path / "build" / folder)
        os.write(fd, b"<html>half a page")
        os.close(fd)
        made.append(path)
    keep = tmp_path / "build" / ".htaccess.tmp"  # not a name atomic writes use
    keep.write_text("Options -Indexes\n", "utf-8")
    assert len(leftovers(tmp_path)) == 4
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "l10n.toml"), "build"])
    assert result.exit_code == 0, result.output
    assert leftovers(tmp_path) == ["build/.htaccess.tmp"]
    assert result.output.splitlines()[-1].startswith("nothing to do")

