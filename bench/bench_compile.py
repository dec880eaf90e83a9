"""Benchmark ``l10n compile``'s writer on Django's catalogs, beside msgfmt and pybabel compile.

The catalogs are the ``.po`` files of Django's wheel (1,226 of them in Django 5.2), fetched
with ``pip download --no-deps django`` unless ``--wheel`` or ``--tree`` names them. In one
run, on separate copies of the tree, it times:

* ``msgfmt`` run on each file (what a Makefile loop does);
* ``pybabel compile`` on each locale folder, every domain at once;
* :func:`l10n.compile.compile_catalogs`, in one process and in one per core;

then checks that every ``.mo`` file of ours is byte for byte the one msgfmt wrote.

Run: ``python bench/bench_compile.py`` (about a minute: two rounds, the best of each
counts); ``--repeat 1 --limit 200`` for a quick look.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from pathlib import Path

from l10n.catalogs.compile import compile_catalogs

sys.path.insert(0, str(Path(__file__).resolve().parent))
from installed import compile_l10n  # noqa: E402


def fetch_wheel(folder: Path) -> Path:
    """Django's wheel, downloaded with pip into ``folder``."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "django", "-d", str(folder)],
                   check=True)
    return next(folder.glob("Django-*.whl"), None) or next(folder.glob("django-*.whl"))


def unpack_catalogs(wheel: Path, target: Path) -> list[Path]:
    """Every ``.po`` file of the wheel, unpacked under ``target``."""
    with zipfile.ZipFile(wheel) as archive:
        names = [name for name in archive.namelist() if name.endswith(".po")]
        for name in names:
            archive.extract(name, target)
    return sorted(target / name for name in names)


def copy_tree(files: list[Path], source: Path, target: Path) -> list[Path]:
    copies = []
    for path in files:
        copy = target / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        copies.append(copy)
    return copies


def time_msgfmt(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        subprocess.run(["msgfmt", "-o", str(path.with_suffix(".mo")), str(path)], check=True)
    return time.perf_counter() - start


def time_pybabel(files: list[Path]) -> float:
    # pybabel compile -d DIR -D "a b" compiles DIR/<lang>/LC_MESSAGES/{a,b}.po: one run per folder.
    domains: dict[Path, set[str]] = defaultdict(set)
    for path in files:
        domains[path.parent.parent.parent].add(path.stem)
    pybabel = shutil.which("pybabel") or "pybabel"
    start = time.perf_counter()
    for folder, names in sorted(domains.items()):
        # pybabel exits 1 when a catalog fails its format checks (one of Django's does) and
        # compiles the others all the same, so the exit status is not checked.
        subprocess.run([pybabel, "-q", "compile", "-d", str(folder), "-D", " ".join(sorted(names))],
                       check=False, capture_output=True)
    return time.perf_counter() - start


def time_ours(files: list[Path], processes: int) -> float:
    start = time.perf_counter()
    compile_catalogs([(path, path.with_suffix(".mo")) for path in files], processes=processes)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a Django wheel already downloaded")
    parser.add_argument("--tree", type=Path, help="a folder of .po files to use instead of Django's")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N catalogs")
    parser.add_argument("--repeat", type=int, default=2, help="rounds; the best time of each tool counts")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="processes for l10n")
    args = parser.parse_args()
    compile_l10n()  # bytecode as an installed package has it (bench/installed.py)

    with tempfile.TemporaryDirectory(prefix="l10n-bench-compile-") as tmp:
        work = Path(tmp)
        if args.tree:
            source = args.tree.resolve()
            files = sorted(source.rglob("*.po"))
        else:
            wheel = args.wheel or fetch_wheel(work / "wheel")
            source = work / "catalogs"
            files = unpack_catalogs(wheel, source)
        if args.limit:
            files = files[: args.limit]
        size = sum(path.stat().st_size for path in files) / 1e6
        print(f"{len(files)} catalogs, {size:.1f} MB of PO text")

        trees = {name: copy_tree(files, source, work / name) for name in ("msgfmt", "pybabel", "one", "many")}
        runs = {
            "msgfmt, one process per file": ("msgfmt", lambda: time_msgfmt(trees["msgfmt"])),
            "pybabel compile, per locale folder": ("pybabel", lambda: time_pybabel(trees["pybabel"])),
            "l10n compile, 1 process": ("one", lambda: time_ours(trees["one"], 1)),
            f"l10n compile, {args.jobs} processes": ("many", lambda: time_ours(trees["many"], args.jobs)),
        }
        # The best of a few rounds, taken in turns, so that a busy moment hurts every tool alike.
        results = {name: float("inf") for name in runs}
        for _ in range(args.repeat):
            for name, (tree, run) in runs.items():
                for path in trees[tree]:
                    path.with_suffix(".mo").unlink(missing_ok=True)
                results[name] = min(results[name], run())
        for name, seconds in results.items():
            print(f"{name:38} {seconds:6.2f} s")
        ours = min(results[f"l10n compile, {args.jobs} processes"], results["l10n compile, 1 process"])
        print(f"speed-up over the msgfmt loop: {results['msgfmt, one process per file'] / ours:.2f}x; "
              f"over pybabel compile: {results['pybabel compile, per locale folder'] / ours:.2f}x")

        same = sum(
            ours_path.with_suffix(".mo").read_bytes() == theirs.with_suffix(".mo").read_bytes()
            for ours_path, theirs in zip(trees["many"], trees["msgfmt"])
        )
        print(f".mo files byte-identical to msgfmt's: {same} of {len(files)}")
        return 0 if same == len(files) else 1


if __name__ == "__main__":
    raise SystemExit(main())
