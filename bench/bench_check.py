"""Time ``l10n check`` beside Translate Toolkit's ``pofilter`` on the same tree of catalogs.

A project of newsletter issues is generated in a temporary folder: the English sample issue
with its numbers changed per issue, and for every partner language a catalog whose entries
are translated (a few with the mistakes a check should find) or left empty. Both tools run
as programs on the same files, in one run, and the ratio of their wall times is printed.

    python bench/bench_check.py                    # 800 catalogs
    python bench/bench_check.py --catalogs 2400    # a larger tree
    python bench/bench_check.py --repeat 3         # best of three runs of each tool

Needs translate-toolkit (``pip install translate-toolkit``) for pofilter.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from l10n.checks import REGISTRY  # noqa: E402
from l10n.catalogs.pofile import read_catalog, write_catalog  # noqa: E402

LANGUAGES = ["ro", "pl", "it", "es", "lv", "de", "sv"]
POFILTER_TESTS = ["urls", "numbers", "endpunc", "doublewords", "xmltags", "startwhitespace", "endwhitespace", "variables"]


def _issue_text(template: str, number: int) -> str:
    """The sample issue with its numbers shifted and one word per line swapped, so that
    every issue has texts of its own (as a real issue has)."""
    rng = random.Random(number)
    vocabulary = sorted(set(re.findall(r"\b[a-z]{4,}\b", template)))
    lines = []
    for line in template.splitlines():
        words = list(re.finditer(r"\b[a-z]{4,}\b", line))
        if words and not line.startswith(("title:", "summary:", "date:", "issue:")):
            chosen = rng.choice(words)
            line = line[: chosen.start()] + rng.choice(vocabulary) + line[chosen.end():]
        lines.append(line)
    text = "\n".join(lines) + "\n"
    return re.sub(r"\b(\d{1,2})\b", lambda m: str((int(m[1]) + number) % 28 + 1), text)


_KEEP_RE = re.compile(r"(\]\([^)]*\)|https?://\S+|`[^`]*`|<[^>]*>|\b[A-Z]\w*)")
_ACCENTS = {
    "ro": str.maketrans("aist", "ăîșț"), "pl": str.maketrans("aeolzn", "ąęółżń"), "it": str.maketrans("aeiou", "àèìòù"),
    "es": str.maketrans("aeioun", "áéíóúñ"), "lv": str.maketrans("aeiu", "āēīū"), "de": str.maketrans("aou", "äöü"),
    "sv": str.maketrans("aoe", "åöé"),
}


def _translate(msgid: str, lang: str) -> str:
    """A pseudo-translation: lowercase words respelled, names, URLs, code and tags kept."""
    table = _ACCENTS[lang]
    return "".join(piece if _KEEP_RE.fullmatch(piece) else piece.translate(table) for piece in _KEEP_RE.split(msgid))


def _mistake(msgid: str, lang: str, rng: random.Random) -> str:
    """A translation of ``msgid``, now and then with one of the slips the checks look for."""
    text = _translate(msgid, lang)
    roll = rng.random()
    if roll < 0.02:
        return msgid  # left in English
    if roll < 0.03:
        return text.replace("](https://", "](https://example.org/", 1)
    if roll < 0.04:
        return re.sub(r"\d+", lambda m: str(int(m[0]) + 1), text, count=1)
    if roll < 0.05:
        return text.rstrip(".?!:")
    if roll < 0.06:
        return text.replace(" ", "  ", 1)
    return text


def build_tree(root: Path, catalogs: int, seed: int = 7) -> int:
    """Write a project of ``catalogs`` catalogs under ``root``; return the number of entries."""
    rng = random.Random(seed)
    issues = -(-catalogs // len(LANGUAGES))
    template = (REPO / "source" / "epi-2022-03.md").read_text("utf-8")
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        "[tool.l10n]\n"
        f"languages = {LANGUAGES!r}\n".replace("'", '"')
        + '\n[tool.l10n.glossary]\ndo_not_translate = ["EPI", "Cluj", "Lublin", "Ravenna", "Cartagena", "Riga"]\n',
        "utf-8",
    )
    from l10n.config import load_config
    from l10n.sources.extract import write_template

    names = []
    for number in range(issues):
        name = f"issue-{number:04d}"
        (root / "source" / f"{name}.md").write_text(_issue_text(template, number), "utf-8")
        names.append(name)
    config = load_config(root / "pyproject.toml")
    entries = 0
    written = 0
    for name in names:
        pot = read_catalog(write_template(config, name))
        for lang in LANGUAGES:
            if written == catalogs:
                break
            po = polib.POFile(wrapwidth=79)
            po.metadata = {**pot.metadata, "Language": lang}
            for template_entry in pot:
                entry = polib.POEntry(
                    msgid=template_entry.msgid, msgctxt=template_entry.msgctxt, comment=template_entry.comment,
                    occurrences=list(template_entry.occurrences),
                    msgstr="" if rng.random() < 0.1 else _mistake(template_entry.msgid, lang, rng),
                )
                po.append(entry)
                entries += 1
            write_catalog(config.catalog_path(lang, name), po)
            written += 1
    return entries


@dataclass(slots=True, frozen=True)
class Run:
    """One timed run of a command."""

    wall: float  # seconds
    cpu: float  # user + system seconds of the command and its children
    result: subprocess.CompletedProcess[str]


def timed(command: list[str], cwd: Path) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, result)


def best(command: list[str], cwd: Path, repeat: int) -> Run:
    """The fastest of ``repeat`` runs (by wall time): the others met a busier machine."""
    return min((timed(command, cwd) for _ in range(repeat)), key=lambda run: run.wall)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogs", type=int, default=800, help="catalogs in the tree (default: 800)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each tool; the fastest counts (default: 2)")
    parser.add_argument("--jobs", type=int, default=None, help="processes for l10n check (default: CPUs)")
    parser.add_argument("--keep", type=Path, default=None, help="build the tree here and keep it")
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    pofilter = shutil.which("pofilter", path=str(bin_dir)) or shutil.which("pofilter")
    if pofilter is None:
        print("pofilter not found: pip install translate-toolkit", file=sys.stderr)
        return 2
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-check-"))
    try:
        started = time.perf_counter()
        entries = build_tree(folder, args.catalogs)
        print(f"tree: {args.catalogs} catalogs, {entries} entries, {len(LANGUAGES)} languages "
              f"(built in {time.perf_counter() - started:.1f} s); {os.cpu_count()} CPUs, best of {args.repeat}")
        jobs = args.jobs or os.cpu_count() or 1
        ours_command = [str(bin_dir / "l10n"), "check", "--format", "json", "--jobs", str(jobs)]
        ours = best(ours_command, folder, args.repeat)
        if ours.result.returncode not in (0, 1):
            print(ours.result.stderr, file=sys.stderr)
            return 2
        rows = [(f"l10n check ({len(REGISTRY)} checks, {jobs} jobs)", ours, len(json.loads(ours.result.stdout)["findings"]))]
        for label, tests in (("pofilter (the 8 compared tests)", POFILTER_TESTS), ("pofilter (its default tests)", [])):
            output = folder / "pofilter-out"
            command = [pofilter, "--progress=none", *[arg for test in tests for arg in ("-t", test)],
                       "-i", "locales", "-o", str(output), "-x", "templates"]
            runs = []
            for _ in range(args.repeat):
                shutil.rmtree(output, ignore_errors=True)
                runs.append(timed(command, folder))
            theirs = min(runs, key=lambda run: run.wall)
            if theirs.result.returncode != 0:
                print(theirs.result.stderr, file=sys.stderr)
                return 2
            flagged = sum(p.read_text("utf-8").count("# (pofilter)") for p in output.rglob("*.po"))
            rows.append((label, theirs, flagged))
        print(f"{'':40} {'wall s':>8} {'cpu s':>8} {'findings':>9}")
        for label, run, found in rows:
            print(f"{label:40} {run.wall:8.2f} {run.cpu:8.2f} {found:9}")
        for label, run, _ in rows[1:]:
            print(f"ratio to {label}: {run.wall / ours.wall:.1f}x wall, {run.cpu / ours.cpu:.1f}x cpu")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
