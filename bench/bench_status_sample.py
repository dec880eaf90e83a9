"""Time ``l10n status --no-cache`` on the sample project grown to 41 issues, beside ``pocount --csv``.

The sample newsletter (one issue in 7 languages) is copied into a temporary folder and its
issue copied under 40 more names (source, template and every catalog), which makes 287
small catalogs: a project a few years old. Then, in one run and on the same files,
``--repeat`` times each, interleaved:

* ``l10n status --no-cache`` (the whole command, start-up included, every catalog counted),
  as a table and as ``--format csv``;
* ``pocount --csv locales`` from Translate Toolkit (``pip install translate-toolkit``).

It prints the medians of wall time and of CPU time (user + system of the process: steadier
on a busy machine) and pocount's time divided by ours (above 1: we are faster).

    python bench/bench_status_sample.py                # 5 runs of each
    python bench/bench_status_sample.py --issues 100 --repeat 3
    python bench/bench_status_sample.py --baseline /tmp/before   # an earlier l10n timed beside
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from installed import compile_l10n  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def grow(root: Path, issues: int) -> int:
    """Copy the sample project into ``root`` with ``issues`` issues; return the number of catalogs."""
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales", ignore=shutil.ignore_patterns("*.mo", ".*"))
    names = sorted(path.stem for path in (root / "source").glob("*.md"))
    made = len(names)
    number = 0
    while made < issues:
        original = names[number % len(names)]
        copy = f"{original}-{number + 1:03d}"
        shutil.copy(root / "source" / f"{original}.md", root / "source" / f"{copy}.md")
        shutil.copy(root / "locales" / "templates" / f"{original}.pot", root / "locales" / "templates" / f"{copy}.pot")
        for folder in (root / "locales").glob("*/LC_MESSAGES"):
            if (folder / f"{original}.po").exists():
                shutil.copy(folder / f"{original}.po", folder / f"{copy}.po")
        made += 1
        number += 1
    return len(list((root / "locales").glob("*/LC_MESSAGES/*.po")))


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the process) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:300]}")
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=41)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each tool; medians are compared")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="also time the l10n package in DIR (e.g. from git archive of an earlier commit)")
    args = parser.parse_args()
    compile_l10n()  # bytecode as an installed package has it (bench/installed.py)
    if args.baseline:  # its bytecode too, as compile_l10n writes ours
        import compileall

        compileall.compile_dir(args.baseline / "l10n", quiet=1)
    l10n = shutil.which("l10n", path=str(BIN)) or shutil.which("l10n")
    pocount = shutil.which("pocount", path=str(BIN)) or shutil.which("pocount")
    with tempfile.TemporaryDirectory(prefix="bench-status-sample-") as tmp:
        root = Path(tmp)
        catalogs = grow(root, args.issues)
        print(f"{args.issues} issues, {catalogs} catalogs")
        cases = {
            "l10n status --no-cache": [l10n, "status", "--no-cache"],
            "l10n status --no-cache -f csv": [l10n, "status", "--no-cache", "--format", "csv"],
        }
        envs: dict[str, dict[str, str]] = {}
        if args.baseline:
            for name, command in list(cases.items()):
                cases[f"baseline{name[4:]}"] = command
                envs[f"baseline{name[4:]}"] = {**os.environ, "PYTHONPATH": str(args.baseline)}
        if pocount:
            cases["pocount --csv locales"] = [pocount, "--csv", "locales"]
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for _ in range(args.repeat):
            for name, command in cases.items():
                runs[name].append(timed(command, root, envs.get(name)))
        print(f"load average (1 min) after the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        medians = {name: (statistics.median(w for w, _ in times), statistics.median(c for _, c in times))
                   for name, times in runs.items()}
        peer = medians.get("pocount --csv locales")
        for name, (wall, cpu) in medians.items():
            line = f"{name:<32} {wall:6.2f} s wall {cpu:6.2f} s CPU"
            if peer and not name.startswith("pocount"):
                line += f"   pocount {peer[0] / wall:5.1f}x wall, {peer[1] / cpu:5.1f}x CPU"
            print(line)
        if not pocount:
            print("pocount: not installed (pip install translate-toolkit), skipped")
        from bench_status import reading_floor

        floor = reading_floor(root)
        start = [timed([sys.executable, "-c", "pass"], root)[1] for _ in range(args.repeat)]
        if floor is not None and peer:
            least = floor + statistics.median(start)
            print(f"Python's start ({statistics.median(start):.2f} s CPU) and rspolib's parse of every file "
                  f"({floor:.2f} s): {least:.2f} s, pocount / this = {peer[1] / least:.1f}x, "
                  "the most a Python count that parses every file reaches")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
