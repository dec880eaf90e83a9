"""A small newsletter project on disk, with catalogs in chosen entry states, for status tests."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import polib

from l10n.config import Config, load_config
from l10n.sources.extract import write_template
from l10n.catalogs.pofile import read_catalog, write_catalog
from l10n.catalogs.states import (
    DRAFT_PREFIX,
    REVIEWED_PREFIX,
    draft_line,
    set_comment_line,
    sign_off_line,
)

SOURCE = """\
---
title: Spring news
---
# What is **new** in Cluj

We met in [Cartagena](https://example.org/cartagena) on 31 March.

Read more at https://epi.example/news or write to `info`.

- Pilot actions
- Replication workshops
"""
# Source words of the six entries of SOURCE's template, in template order.
WORDS = (2, 5, 7, 6, 2, 2)

# One letter per template entry:
STATES = {
    "u": "untranslated",
    "f": "fuzzy",
    "d": "draft (fuzzy with a draft: line)",
    "t": "translated",
    "r": "reviewed (matching sign-off)",
    "s": "translated with a stale sign-off",
    "z": "fuzzy with a stale sign-off",
    "-": "missing from the catalog",
}


def make_project(root: Path, *, languages: tuple[str, ...] = ("ro", "de"),
                 issues: tuple[str, ...] = ("2026-03",), toml: str = "") -> Config:
    """Write l10n.toml, one source per issue (all SOURCE) and their templates; return the config."""
    quoted = ", ".join(f'"{code}"' for code in languages)
    (root / "l10n.toml").write_text(f'project = "EPI newsletter"\nlanguages = [{quoted}]\n{toml}',
                                    encoding="utf-8")
    (root / "source").mkdir(exist_ok=True)
    for issue in issues:
        (root / "source" / f"{issue}.md").write_text(SOURCE, encoding="utf-8")
    config = load_config(root / "l10n.toml")
    for issue in issues:
        write_template(config, issue)
    return config


def write_states(config: Config, language: str, issue: str, states: str, *,
                 reviewer: str = "Ana Pop", msgid_suffix: str = "") -> Path:
    """Write the catalog of ``issue`` in ``language`` with one state letter per template entry."""
    template = read_catalog(config.template_path(issue))
    entries = list(template)
    if len(states) != len(entries):
        raise ValueError(f"{len(entries)} entries, {len(states)} states")
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {
        "Project-Id-Version": "EPI newsletter",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for source, state in zip(entries, states):
        if state == "-":
            continue
        entry = polib.POEntry(msgid=source.msgid + msgid_suffix, msgctxt=source.msgctxt,
                              occurrences=source.occurrences, comment=source.comment)
        if state != "u":
            entry.msgstr = f"[{language}] {source.msgid}"
        if state in "fdz":
            entry.flags.append("fuzzy")
        if state == "d":
            set_comment_line(entry, DRAFT_PREFIX, draft_line("tm", "2026-03-01", "score=0.91"))
        if state == "r":
            set_comment_line(entry, REVIEWED_PREFIX, sign_off_line(reviewer, "2026-03-02", entry))
        if state in "sz":
            set_comment_line(entry, REVIEWED_PREFIX, f"{REVIEWED_PREFIX} {reviewer} 2026-03-02 0123456789ab")
        catalog.append(entry)
    path = config.catalog_path(language, issue)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_catalog(path, catalog)
    return path


def msgfmt_statistics(path: Path) -> tuple[int, int, int]:
    """(translated, fuzzy, untranslated) as GNU ``msgfmt --statistics`` reports them."""
    result = subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, str(path)],
                            capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"}, check=True)
    counts = []
    for word in ("translated", "fuzzy", "untranslated"):
        match = re.search(rf"(\d+) {word}", result.stderr)
        counts.append(int(match[1]) if match else 0)
    return counts[0], counts[1], counts[2]
