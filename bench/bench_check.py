"""Time ``l10n check`` beside Translate Toolkit's ``pofilter`` on the same tree of catalogs.

A project of newsletter issues is generated in a temporary folder: the English sample issue
with its numbers changed per issue, and for every partner language a catalog whose entries
are translated (a few with the mistakes a check should find) or left empty. Every tool runs
as a program (start-up included) on the same files, in one run, its runs taking turns with
the others' so that each meets the same machine; the medians of the wall and CPU times are
compared and the load average is printed before and after.

Rows: ``l10n check --no-cache`` as a user runs it (every check), ``l10n check --no-cache``
with only the 8 checks that match pofilter's 8 compared tests (the others disabled in a
second configuration file of the same project, ``--config``), ``pofilter`` with those 8
tests (and, with ``--default-tests``, with its default set, which is slow), and ``l10n
check`` with the findings it keeps between runs (``.l10n-cache/check.json``): once with
nothing changed since the last run, once with one catalog changed (a line end added before
each run). pofilter keeps nothing between runs.

    python bench/bench_check.py                    # 800 catalogs, 3 runs of each
    python bench/bench_check.py --catalogs 2400    # a larger tree
    python bench/bench_check.py --repeat 5 --jobs 1

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
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from installed import compile_l10n  # noqa: E402
from l10n.checks import REGISTRY  # noqa: E402
from l10n.catalogs.pofile import read_catalog, write_catalog  # noqa: E402

LANGUAGES = ["ro", "pl", "it", "es", "lv", "de", "sv"]
# pofilter's test -> the l10n check that looks for the same mistake.
COMPARABLE = {
    "urls": "links", "numbers": "numbers", "endpunc": "end-punctuation", "doublewords": "doubled-words",
    "xmltags": "html-tags", "startwhitespace": "leading-whitespace", "endwhitespace": "trailing-whitespace",
    "variables": "placeholders",
}
POFILTER_TESTS = list(COMPARABLE)


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


def median(values: list[float]) -> float:
    return statistics.median(values)


def write_subset_config(root: Path) -> Path:
    """A second configuration of the same project with only the checks pofilter's 8 tests match."""
    disabled = [check.name for check in REGISTRY if check.name not in COMPARABLE.values()]
    text = (root / "pyproject.toml").read_text("utf-8")
    path = root / "check-comparable.toml"
    path.write_text(text + "\n[tool.l10n.check]\ndisable = " + json.dumps(disabled) + "\n", "utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogs", type=int, default=800, help="catalogs in the tree (default: 800)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tool; medians count (default: 3)")
    parser.add_argument("--jobs", type=int, default=None, help="processes for l10n check (default: CPUs)")
    parser.add_argument("--default-tests", action="store_true", help="also time pofilter with its default tests")
    parser.add_argument("--keep", type=Path, default=None, help="build the tree here and keep it (or reuse it)")
    parser.add_argument("--compare", metavar="PROGRAM", default=None,
                        help="also time this l10n program (another version, e.g. a script running an older checkout)")
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    pofilter = shutil.which("pofilter", path=str(bin_dir)) or shutil.which("pofilter")
    if pofilter is None:
        print("pofilter not found: pip install translate-toolkit", file=sys.stderr)
        return 2
    compile_l10n()  # bytecode as an installed package has it (bench/installed.py)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-check-"))
    try:
        started = time.perf_counter()
        if (folder / "locales").is_dir():
            entries = sum(len(read_catalog(path)) for path in (folder / "locales").rglob("*.po"))
            built = "reused"
        else:
            entries = build_tree(folder, args.catalogs)
            built = f"built in {time.perf_counter() - started:.1f} s"
        subset = write_subset_config(folder)
        jobs = args.jobs or os.cpu_count() or 1
        print(f"tree: {args.catalogs} catalogs, {entries} entries, {len(LANGUAGES)} languages ({built}); "
              f"{os.cpu_count()} CPUs, medians of {args.repeat} runs")
        print(f"load average before: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
        l10n = str(bin_dir / "l10n")
        output = folder / "pofilter-out"
        kept = [l10n, "check", "--format", "json", "--jobs", str(jobs)]  # with the cache of earlier runs
        tools: list[tuple[str, list[str], str]] = [
            (f"l10n check ({len(REGISTRY)} checks, {jobs} jobs)",
             [l10n, "check", "--no-cache", "--format", "json", "--jobs", str(jobs)], "l10n"),
            (f"l10n check (the {len(COMPARABLE)} matching checks)",
             [l10n, "--config", subset.name, "check", "--no-cache", "--format", "json", "--jobs", str(jobs)],
             "l10n"),
            (f"pofilter (the {len(POFILTER_TESTS)} compared tests)",
             [pofilter, "--progress=none", *[arg for test in POFILTER_TESTS for arg in ("-t", test)],
              "-i", "locales", "-o", str(output), "-x", "templates"], "pofilter"),
            ("l10n check, nothing changed", kept, "kept"),
            ("l10n check, one catalog changed", kept, "changed"),
        ]
        subprocess.run(kept, cwd=folder, capture_output=True, check=False)  # fills the cache
        one = sorted((folder / "locales").rglob("*.po"))[0]
        if args.compare:
            tools[2:2] = [
                (f"{args.compare} check ({jobs} jobs)",
                 [args.compare, "check", "--format", "json", "--jobs", str(jobs)], "other"),
                (f"{args.compare} check (8 matching)",
                 [args.compare, "--config", subset.name, "check", "--format", "json", "--jobs", str(jobs)], "other"),
            ]
        if args.default_tests:
            tools.append(("pofilter (its default tests)",
                          [pofilter, "--progress=none", "-i", "locales", "-o", str(output), "-x", "templates"],
                          "pofilter"))
        runs: dict[str, list[Run]] = {label: [] for label, _, _ in tools}
        found: dict[str, int] = {}
        for _ in range(args.repeat):
            for label, command, kind in tools:  # the tools take turns: each meets the same machine
                shutil.rmtree(output, ignore_errors=True)
                if kind == "changed":
                    one.write_bytes(one.read_bytes() + b"\n")  # other bytes, the same entries
                run = timed(command, folder)
                if run.result.returncode not in ((0,) if kind == "pofilter" else (0, 1)):
                    print(run.result.stderr, file=sys.stderr)
                    return 2
                runs[label].append(run)
                if kind != "pofilter":
                    found[label] = len(json.loads(run.result.stdout)["findings"])
                else:
                    found[label] = sum(p.read_text("utf-8").count("# (pofilter)") for p in output.rglob("*.po"))
        walls = {label: median([run.wall for run in runs[label]]) for label in runs}
        cpus = {label: median([run.cpu for run in runs[label]]) for label in runs}
        print(f"{'':42} {'wall s':>8} {'cpu s':>8} {'findings':>9}   (medians)")
        for label, _, _ in tools:
            print(f"{label:42} {walls[label]:8.2f} {cpus[label]:8.2f} {found[label]:9}")
        ours = [label for label, _, kind in tools if kind != "pofilter" and kind != "other"]
        for label, _, kind in tools:
            if kind not in ("pofilter", "other"):
                continue
            for mine in ours:
                print(f"ratio of {label} to {mine}: {walls[label] / walls[mine]:.1f}x wall, "
                      f"{cpus[label] / cpus[mine]:.1f}x cpu")
        print(f"load average after: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
