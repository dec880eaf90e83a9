"""Time ``l10n render`` of a 1 MB issue beside mdpo's ``po2md``.

An issue of about 4,300 distinct segments and 1 MB is generated (headings, paragraphs
wrapped over several lines with inline markup, list items, table cells, block quotes), its
template extracted by ``l10n extract`` and every entry translated in a catalog. Then, in one
run and on the same files, ``--repeat`` times each, interleaved:

* ``l10n render ISSUE --catalog CATALOG -o out.md`` (the whole command, start-up included),
  with the segments ``l10n extract`` kept in ``.l10n-cache/`` (what a project's render
  after its extract costs), and with that folder deleted first (a parse of the issue too);
* ``python -m mdpo.po2md ISSUE -p CATALOG -s out.md``: mdpo's own ``po2md`` (``pip install
  mdpo``; skipped when absent). It is run as a module, as its ``po2md`` script does, because
  Translate Toolkit installs a ``po2md`` script of its own that may take the name's place.

It prints the medians and mdpo's time divided by ours (above 1: we are faster), and checks
that our output holds every translation. The l10n package's bytecode is compiled first, as
``pip install`` compiled mdpo's (bench/installed.py).

    python bench/bench_render.py                # 5 runs of each
    python bench/bench_render.py --segments 8600 --repeat 3
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "integration city partner meeting strategy migrant workshop network bulletin project "
    "local european policy action pilot citizen practice community council school event "
    "housing language course volunteer mentor employment office welcome centre family"
).split()
BIN = Path(sys.executable).parent

sys.path.insert(0, str(Path(__file__).resolve().parent))
from installed import compile_l10n  # noqa: E402


def sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def generate_issue(segments: int, seed: int = 3) -> str:
    """About ``segments`` distinct segments, some 230 bytes each on average."""
    rng = random.Random(seed)
    out = ["---", "title: A generated issue", "summary: One megabyte of newsletter for timing", "---", ""]
    made = 0
    while made < segments:
        block = made % 12
        if block == 0:
            out += [f"## Section {made}: {sentence(rng, 3, 6)}", ""]
            made += 1
        elif block in (1, 2, 3, 4, 5):
            lines = [f"Paragraph {made}: {sentence(rng, 8, 12)} with **{rng.choice(WORDS)} {made}**,"]
            lines += [f"{sentence(rng, 8, 14)} and a [{rng.choice(WORDS)}](https://example.org/{made}/{line})"
                      for line in range(rng.randint(1, 3))]
            lines[-1] += f" `code {made}`."
            out += lines + [""]
            made += 1
        elif block in (6, 7):
            out += [f"- item {made + i}: {sentence(rng, 10, 25)}" for i in range(3)] + [""]
            made += 3
        elif block == 8:
            out += [f"> Quote {made}: {sentence(rng, 12, 20)}", f"> {sentence(rng, 8, 16)}.", ""]
            made += 1
        else:
            out += [f"| Who {made} | What {made} |", "| --- | --- |",
                    f"| city {made} | {sentence(rng, 6, 14)} {made} |", ""]
            made += 4
    return "\n".join(out) + "\n"


def translate_catalog(template: Path, catalog: Path) -> int:
    """Every entry of the template translated (a respelling); returns the number of entries."""
    import polib

    po = polib.pofile(str(template))
    for entry in po:
        entry.msgstr = entry.msgid.replace("e", "é").replace("a", "à")
    po.metadata["Language"] = "fr"
    po.save(str(catalog))
    return len(po)


CPU: dict[str, list[float]] = {}  # CPU seconds (user + system) of each tool's runs: steadier on a busy machine


def timed(command: list[str], cwd: Path, name: str = "") -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"{name or Path(command[0]).name} failed: {result.stderr.strip()[:300]}")
    CPU.setdefault(name, []).append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=4300)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each tool; medians are compared")
    args = parser.parse_args()
    l10n = shutil.which("l10n", path=str(BIN)) or shutil.which("l10n")
    # mdpo's console script runs mdpo.po2md.__main__:main; the module does the same.
    po2md = [sys.executable, "-m", "mdpo.po2md"] if importlib.util.find_spec("mdpo") is not None else None
    compile_l10n()  # bytecode as an installed package has it (bench/installed.py)
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        work = Path(tmp)
        issue = work / "issue.md"
        issue.write_text(generate_issue(args.segments), encoding="utf-8")
        subprocess.run([l10n, "extract", str(issue), "-o", str(work / "issue.pot")], cwd=work, check=True,
                       capture_output=True)
        entries = translate_catalog(work / "issue.pot", work / "issue.po")
        print(f"issue: {issue.stat().st_size / 1e6:.2f} MB, {entries} msgids")
        ours: list[float] = []
        cold: list[float] = []
        theirs: list[float] = []
        render = [l10n, "render", str(issue), "--catalog", "issue.po", "-o", "ours.md"]
        for _ in range(args.repeat):
            ours.append(timed(render, work, "kept"))
            kept = work / ".l10n-cache" / "segments"
            saved = {path: path.read_bytes() for path in kept.glob("*.json")}
            shutil.rmtree(kept, ignore_errors=True)
            cold.append(timed(render, work, "parsed"))
            for path, data in saved.items():  # as l10n extract left them
                path.write_bytes(data)
            if po2md:
                theirs.append(timed([*po2md, str(issue), "-q", "-p", "issue.po", "-s", "mdpo.md"], work, "po2md"))
        rendered = (work / "ours.md").read_text(encoding="utf-8")
        if rendered.count("é") < entries:
            raise RuntimeError("the rendered issue lacks translations")
        print(f"load average (1 min) after the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"l10n render, segments kept by extract: {statistics.median(ours):.2f} s (median of {len(ours)})")
        print(f"l10n render, issue parsed again:       {statistics.median(cold):.2f} s")
        if theirs:
            peer = statistics.median(theirs)
            print(f"mdpo po2md:                            {peer:.2f} s   ratio {peer / statistics.median(ours):.2f}x "
                  f"(kept), {peer / statistics.median(cold):.2f}x (parsed again)")
            cpu = {name: statistics.median(times) for name, times in CPU.items()}
            print(f"CPU seconds: kept {cpu['kept']:.2f}, parsed again {cpu['parsed']:.2f}, po2md {cpu['po2md']:.2f}; "
                  f"ratio {cpu['po2md'] / cpu['kept']:.2f}x (kept), {cpu['po2md'] / cpu['parsed']:.2f}x (parsed again)")
        else:
            print("po2md: not installed (pip install mdpo), skipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
