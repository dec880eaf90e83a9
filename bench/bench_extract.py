"""Time ``l10n extract`` and ``l10n render`` beside po4a and mdpo on generated issues.

An issue of 8,000 distinct segments (about 500 KB) is generated, then 4 and 16 times that
size. Every tool runs on the same files in the same run, and the script prints each peer's
time divided by ours (above 1: we are faster). Peers that are not installed are skipped:
po4a comes from Debian's ``po4a`` package, mdpo from PyPI (``md2po``/``po2md`` on PATH,
or ``--mdpo-bin`` naming their folder).

    python bench/bench_extract.py                 # 1x and 4x
    python bench/bench_extract.py --sizes 1 4 16  # the full run
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from installed import compile_l10n  # noqa: E402

WORDS = (
    "integration city partner meeting strategy migrant workshop network bulletin project "
    "local european policy action pilot citizen practice community council school event"
).split()


def generate_issue(segments: int, seed: int = 1) -> str:
    """A Markdown issue with ``segments`` distinct segments: headings, paragraphs, lists, tables."""
    rng = random.Random(seed)
    out = ["---", "title: Generated issue", "summary: A generated issue for timing", "---", ""]
    made = 0
    while made < segments:
        block = made % 10
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        if block == 0:
            out += [f"## Section {made} {words[:30]}", ""]
            made += 1
        elif block in (1, 2, 3):
            out += [f"Paragraph {made}: {words} with **bold {made}** and a [link](https://example.org/{made}).",
                    f"It continues on a second line, {rng.choice(WORDS)} {made}.", ""]
            made += 1
        elif block == 4:
            out += [f"- item {made + i} {words}" for i in range(3)] + [""]
            made += 3
        else:
            out += [f"| Who {made} | What {made} |", "| --- | --- |", f"| city {made} | {words} {made} |", ""]
            made += 4
    return "\n".join(out) + "\n"


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stderr.strip()[:300]}")
    return elapsed


def pseudo_catalog(pot: Path, po: Path) -> None:
    import polib

    catalog = polib.pofile(str(pot))
    for entry in catalog:
        entry.msgstr = entry.msgid.upper() if entry.msgctxt else entry.msgid.replace("e", "é")
    catalog.metadata["Language"] = "ro"
    catalog.save(str(po))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--segments", type=int, default=8000)
    parser.add_argument("--mdpo-bin", type=Path, default=None, help="folder holding md2po and po2md")
    parser.add_argument("--mdpo-max", type=int, default=1,
                        help="largest size to run mdpo at (its extraction grows with the square of the size)")
    args = parser.parse_args()
    compile_l10n()  # bytecode as an installed package has it (bench/installed.py)
    l10n = shutil.which("l10n") or str(Path(sys.executable).parent / "l10n")
    md2po = str(args.mdpo_bin / "md2po") if args.mdpo_bin else shutil.which("md2po")
    po2md = str(args.mdpo_bin / "po2md") if args.mdpo_bin else shutil.which("po2md")
    po4a_update = shutil.which("po4a-updatepo")
    po4a_translate = shutil.which("po4a-translate")
    print(f"{'size':>6} {'segments':>9} {'KB':>6} {'tool':<22} {'extract s':>10} {'render s':>9} "
          f"{'extract ratio':>14} {'render ratio':>13}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            issue = work / "issue.md"
            issue.write_text(generate_issue(args.segments * size))
            kb = issue.stat().st_size // 1024
            ours_extract = timed([l10n, "extract", str(issue), "-o", str(work / "ours.pot")], work)
            pseudo_catalog(work / "ours.pot", work / "ours.po")
            ours_render = timed([l10n, "render", str(issue), "--catalog", str(work / "ours.po"),
                                 "-o", str(work / "ours.md")], work)
            rows = [("l10n", ours_extract, ours_render)]
            if po4a_update and po4a_translate:
                extract = timed([po4a_update, "-f", "text", "-o", "markdown", "-m", str(issue), "-p",
                                 str(work / "po4a.pot"), "-M", "UTF-8"], work)
                pseudo_catalog(work / "po4a.pot", work / "po4a.po")
                render = timed([po4a_translate, "-f", "text", "-o", "markdown", "-m", str(issue), "-p",
                                str(work / "po4a.po"), "-l", str(work / "po4a.md"), "-k", "0", "-M", "UTF-8"], work)
                rows.append(("po4a", extract, render))
            if md2po and po2md and size <= args.mdpo_max:
                extract = timed([md2po, str(issue), "-q", "-s", "-p", str(work / "mdpo.po")], work)
                pseudo_catalog(work / "mdpo.po", work / "mdpo-ro.po")
                render = timed([po2md, str(issue), "-q", "-p", str(work / "mdpo-ro.po"), "-s",
                                str(work / "mdpo.md")], work)
                rows.append(("mdpo (md2po/po2md)", extract, render))
            for tool, extract, render in rows:
                print(f"{size:>5}x {args.segments * size:>9} {kb:>6} {tool:<22} {extract:>10.2f} {render:>9.2f} "
                      f"{extract / ours_extract:>13.1f}x {render / ours_render:>12.1f}x", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
