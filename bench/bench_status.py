"""Time ``l10n status`` beside ``msgfmt --statistics`` (one run per file) and Translate Toolkit's ``pocount``.

A project of 100 issues x 8 languages with about 150 entries per catalog (800 catalogs) is
generated: sources, templates (by the real extractor) and catalogs whose entries are
untranslated, fuzzy, drafts, translated, reviewed or carry stale sign-offs, plus a few
obsolete entries. Then, in one run, on the same files:

* ``l10n status --format json --no-cache`` (the whole command, interpreter start
  included, every catalog counted);
* ``l10n status --format json`` again once its cache is filled: nothing changed since,
  then one catalog changed since (what a coordinator's repeated runs cost);
* GNU ``msgfmt --statistics -o /dev/null`` run on each catalog in turn;
* ``pocount --csv`` on the locales folder (``pip install translate-toolkit``; skipped when absent).

It checks that the translated/fuzzy/untranslated totals of ``l10n status`` equal the sums of
msgfmt's, and prints each peer's time divided by ours (above 1: we are faster), both wall
time and CPU time (user + system of the processes each tool started: steadier than wall
time on a busy machine).

    python bench/bench_status.py                  # the 800 catalogs, once (about a minute)
    python bench/bench_status.py --repeat 3       # best of three
    python bench/bench_status.py --issues 10      # a quick look (80 catalogs)
    git archive <commit> l10n | tar -x -C /tmp/before
    python bench/bench_status.py --baseline /tmp/before   # that commit's l10n timed beside
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from installed import compile_l10n  # noqa: E402

LANGUAGES = ("ro", "pl", "it", "es", "lv", "de", "sv", "fr")
WORDS = (
    "integration city partner meeting strategy migrant workshop network bulletin project "
    "local european policy action pilot citizen practice community council school event"
).split()
# Share of entries in each state: untranslated, fuzzy, draft, translated, reviewed, stale.
STATE_WEIGHTS = {"u": 10, "f": 6, "d": 6, "t": 48, "r": 25, "s": 5}


def generate_source(entries: int, rng: random.Random) -> str:
    """A Markdown issue with about ``entries`` segments: headings, paragraphs with markup, lists."""
    out = ["---", "title: Generated issue", "summary: A generated issue for timing", "---", ""]
    made = 2
    while made < entries:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 30)))
        kind = made % 6
        if kind == 0:
            out += [f"## Section {made} {words[:40]}", ""]
            made += 1
        elif kind in (1, 2, 3):
            out += [f"Paragraph {made}: {words} with **bold {made}**, `code` and a "
                    f"[link](https://example.org/{made}).", ""]
            made += 1
        else:
            count = min(3, entries - made)
            out += [f"- item {made + i} {words}" for i in range(count)] + [""]
            made += count
    return "\n".join(out) + "\n"


def generate_project(root: Path, issues: int, languages: int, entries: int, seed: int) -> list[Path]:
    """Write the project; return every catalog path."""
    import polib

    from l10n.config import load_config
    from l10n.sources.extract import write_template
    from l10n.catalogs.pofile import read_catalog, write_catalog
    from l10n.catalogs.states import draft_line, sign_off_line

    rng = random.Random(seed)
    chosen = LANGUAGES[:languages]
    (root / "l10n.toml").write_text(
        f'project = "bench"\nlanguages = [{", ".join(repr(code) for code in chosen)}]\n'.replace("'", '"'),
        encoding="utf-8")
    (root / "source").mkdir()
    names = [f"2026-{number:03d}" for number in range(1, issues + 1)]
    for name in names:
        (root / "source" / f"{name}.md").write_text(generate_source(entries, rng), encoding="utf-8")
    config = load_config(root / "l10n.toml")
    states = list(STATE_WEIGHTS)
    weights = list(STATE_WEIGHTS.values())
    catalogs = []
    for name in names:
        template = read_catalog(write_template(config, name))
        for language in chosen:
            catalog = polib.POFile(wrapwidth=79)
            catalog.metadata = {"Language": language, "Content-Type": "text/plain; charset=UTF-8",
                                "MIME-Version": "1.0", "Content-Transfer-Encoding": "8bit"}
            for source in template:
                entry = polib.POEntry(msgid=source.msgid, msgctxt=source.msgctxt, comment=source.comment,
                                      occurrences=source.occurrences)
                state = rng.choices(states, weights)[0]
                if state != "u":
                    entry.msgstr = f"[{language}] {source.msgid}"
                if state in "fd":
                    entry.flags.append("fuzzy")
                if state == "d":
                    entry.tcomment = draft_line("tm", "2026-03-01", "score=0.9")
                if state == "r":
                    entry.tcomment = sign_off_line("Ana", "2026-03-02", entry)
                if state == "s":
                    entry.tcomment = "reviewed: Ana 2026-03-02 0123456789ab"
                catalog.append(entry)
            for number in range(rng.randint(0, 4)):
                catalog.append(polib.POEntry(msgid=f"An old paragraph {number}", msgstr="Vechi", obsolete=True))
            path = config.catalog_path(language, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_catalog(path, catalog)
            catalogs.append(path)
    return catalogs


class Clock:
    """Wall time and the CPU time (user + system) of the child processes started meanwhile."""

    def __enter__(self) -> Clock:
        self.start = time.perf_counter()
        self.cpu_start = self._children_cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.start
        self.cpu = self._children_cpu() - self.cpu_start

    @staticmethod
    def _children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime


def run_status(root: Path, *options: str, baseline: Path | None = None) -> tuple[Clock, dict]:
    """One ``l10n status --format json`` run; with ``baseline``, of the l10n in that folder
    (a checkout of an earlier version, put first on the module path)."""
    command = [str(Path(sys.executable).parent / "l10n"), "--config", str(root / "l10n.toml"),
               "status", "--format", "json", *options]
    env = {**os.environ, "PYTHONPATH": str(baseline)} if baseline else None
    with Clock() as clock:
        result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"l10n status failed: {result.stderr.strip()[:300]}")
    return clock, json.loads(result.stdout)


def run_msgfmt(catalogs: list[Path]) -> tuple[Clock, tuple[int, int, int]]:
    totals = [0, 0, 0]
    env = {**os.environ, "LC_ALL": "C"}
    with Clock() as clock:
        outputs = [subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, str(path)], capture_output=True,
                                  text=True, env=env, check=True).stderr for path in catalogs]
    for output in outputs:
        for index, word in enumerate(("translated", "fuzzy", "untranslated")):
            match = re.search(rf"(\d+) {word}", output)
            totals[index] += int(match[1]) if match else 0
    return clock, (totals[0], totals[1], totals[2])


def run_pocount(pocount: str, root: Path) -> Clock:
    with Clock() as clock:
        result = subprocess.run([pocount, "--csv", str(root / "locales")], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"pocount failed: {result.stderr.strip()[:300]}")
    return clock


READING_FLOOR = """
import sys, time
from pathlib import Path
import rspolib
paths = [Path(line) for line in sys.stdin.read().splitlines()]
start = time.process_time()
for path in paths:
    rspolib.pofile(path.read_text(encoding="utf-8"))
print(time.process_time() - start)
"""


def reading_floor(root: Path) -> float | None:
    """CPU seconds rspolib (l10n's reader) takes only to parse every catalog and template, in
    one process and without start-up: what no count that reads them all can go below."""
    files = "\n".join(str(path) for path in sorted((root / "locales").rglob("*.po*")))
    result = subprocess.run([sys.executable, "-c", READING_FLOOR], input=files, capture_output=True, text=True)
    return float(result.stdout) if result.returncode == 0 else None


def report(name: str, clocks: list[Clock], peers: dict[str, list[Clock]] | None = None) -> str:
    """The best time of ``clocks``, and each peer's best time divided by it (above 1: we are faster)."""
    wall = min(c.wall for c in clocks)
    cpu = min(c.cpu for c in clocks)
    line = f"{name:<34} {wall:6.2f} s wall {cpu:6.2f} s CPU"
    for peer, times in (peers or {}).items():
        if times:
            line += (f"   {peer} {min(c.wall for c in times) / wall:5.1f}x wall,"
                     f" {min(c.cpu for c in times) / cpu:5.1f}x CPU")
    return line


def touch_one(path: Path, round_: int) -> None:
    """Change one catalog as a translator would: one more obsolete entry."""
    with path.open("a", encoding="utf-8") as file:
        file.write(f'\n#~ msgid "A paragraph dropped in round {round_}"\n#~ msgstr "Un paragraf {round_}"\n')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100, help="issues to generate (default: 100)")
    parser.add_argument("--languages", type=int, default=8, choices=range(1, len(LANGUAGES) + 1))
    parser.add_argument("--entries", type=int, default=150, help="entries per catalog")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each tool; the best time counts")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="generate into this (new) folder and keep it")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="also time --no-cache with the l10n package in DIR (e.g. from git archive of an "
                             "earlier commit), run for run beside this one, and check it reports the same")
    args = parser.parse_args()
    compile_l10n()  # bytecode as an installed package has it (bench/installed.py)
    if args.baseline:  # its bytecode too, as compile_l10n writes ours
        import compileall

        compileall.compile_dir(args.baseline / "l10n", quiet=1, legacy=False)
    if shutil.which("msgfmt") is None:
        print("msgfmt not found: apt-get install gettext", file=sys.stderr)
        return 2
    pocount = shutil.which("pocount") or shutil.which("pocount", path=str(Path(sys.executable).parent))

    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-status-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        catalogs = generate_project(root, args.issues, args.languages, args.entries, args.seed)
        print(f"generated {len(catalogs)} catalogs ({args.issues} issues x {args.languages} languages, "
              f"~{args.entries} entries each) in {time.perf_counter() - start:.1f} s")
        cold: list[Clock] = []
        warm: list[Clock] = []
        changed: list[Clock] = []
        theirs: list[Clock] = []
        count: list[Clock] = []
        before: list[Clock] = []
        shutil.rmtree(root / ".l10n-cache", ignore_errors=True)
        for round_ in range(args.repeat):
            clock, document = run_status(root, "--no-cache")  # counts every catalog
            cold.append(clock)
            if args.baseline:
                clock, earlier = run_status(root, "--no-cache", baseline=args.baseline)
                before.append(clock)
                if {**earlier, "generated": ""} != {**document, "generated": ""}:
                    raise RuntimeError("the baseline reported other counts")
            clock, totals = run_msgfmt(catalogs)
            theirs.append(clock)
            if pocount:
                count.append(run_pocount(pocount, root))
            _clock, cached = run_status(root)  # counts every catalog, or the ones changed, and keeps the counts
            clock, again = run_status(root)  # nothing changed since
            warm.append(clock)
            touch_one(catalogs[round_ % len(catalogs)], round_)
            clock, _after = run_status(root)  # one catalog changed since
            changed.append(clock)
            if {**cached, "generated": ""} != {**again, "generated": ""}:
                raise RuntimeError("a run from the cache reported other counts")
        total = document["total"]["entries"]
        ours_totals = (total["translated"], total["fuzzy"], total["untranslated"])
        agree = "agree" if ours_totals == totals else f"DIFFER: l10n {ours_totals}, msgfmt {totals}"
        print(f"entries: {total['total']}, translated/fuzzy/untranslated {ours_totals}; msgfmt counts {agree}")
        print(f"load average (1 min) after the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(report("msgfmt --statistics (loop)", theirs))
        if count:
            print(report("pocount", count))
        else:
            print("pocount: not installed (pip install translate-toolkit), skipped")
        peers = {"msgfmt": theirs, "pocount": count}
        if before:
            print(report("baseline status --no-cache", before, peers))
        print(report("l10n status --no-cache", cold, peers))
        print(report("l10n status, nothing changed", warm, peers))
        print(report("l10n status, one catalog changed", changed, peers))
        floor = reading_floor(root)
        if floor is not None:
            best = min(c.cpu for c in theirs) / floor
            print(f"rspolib's parse alone of every catalog and template: {floor:.2f} s CPU in one process; "
                  f"msgfmt's CPU / this = {best:.1f}x, the most a count that parses every file reaches")
        return 0 if ours_totals == totals else 1
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
