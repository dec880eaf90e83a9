"""Time ``l10n import`` beside po4a-gettextize on the same Markdown pair.

Generates an English issue of N segments (headings, paragraphs, list items) and a
pseudo-translation with the same layout, then runs, in the same process tree and the same
run, ``l10n import --format markdown`` (which aligns and writes a catalog) and po4a's
``po4a-gettextize -f text -o markdown`` (which pairs by position and writes a PO file), and
prints the times and their ratio. Also times the aligner alone, to show how it grows.

    python bench/bench_align.py                  # 2,000 segments
    python bench/bench_align.py --sizes 500 2000 8000
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

CONFIG = '[tool.l10n]\nsource_language = "en"\nlanguages = ["ro"]\nproject = "bench"\n'
WORDS = (
    "partners cities integration strategy meeting conference workshop network bulletin migration "
    "policy citizens practice experience project results actions pilot local european framework "
    "event library support community training report council city region network education"
).split()
NAMES = ["Cartagena", "Riga", "Cluj", "Lublin", "Ravenna", "Monza", "Linköping", "Dietzenbach"]


def sentence(rng: random.Random, words: int) -> str:
    body = [rng.choice(WORDS) for _ in range(words)]
    body[rng.randrange(words)] = rng.choice(NAMES)
    body.insert(rng.randrange(words), str(rng.randint(2, 2030)))
    return " ".join(body).capitalize() + "."


def issue(segments: int, seed: int = 7) -> str:
    """An English issue of about ``segments`` segments, every one distinct."""
    rng = random.Random(seed)
    blocks, count, section = [], 0, 0
    while count < segments:
        section += 1
        blocks.append(f"## Section {section}: {rng.choice(NAMES)} {rng.choice(WORDS)}")
        count += 1
        for _ in range(3):
            if count >= segments:
                break
            blocks.append(" ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(1, 3))))
            count += 1
        items = []
        for _ in range(4):
            if count >= segments:
                break
            items.append(f"- {sentence(rng, rng.randint(4, 9))}")
            count += 1
        if items:
            blocks.append("\n".join(items))
    return "\n\n".join(blocks) + "\n"


def pseudo_translate(text: str) -> str:
    """A stand-in translation that keeps the layout, numbers and names, and changes the words."""
    out = []
    for line in text.split("\n"):
        prefix = "- " if line.startswith("- ") else "## " if line.startswith("## ") else ""
        body = line[len(prefix):]
        words = [w if not w.isalpha() or w[0].isupper() else w[::-1] + "ul" for w in body.split(" ")]
        out.append(prefix + " ".join(words) if body else line)
    return "\n".join(out)


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def align_only(source: str, target: str) -> float:
    from l10n.importing.align import align
    from l10n.importing.importer import read_markdown

    fs, ft = read_markdown(source), read_markdown(target)
    start = time.perf_counter()
    align(fs, ft, source_lang="en", target_lang="ro")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000], help="segments per issue")
    args = parser.parse_args()
    compile_l10n()  # bytecode as an installed package has it (bench/installed.py)
    po4a = shutil.which("po4a-gettextize")
    l10n = shutil.which("l10n") or sys.exit("l10n is not installed (pip install -e .)")
    print(f"{'segments':>8} {'l10n import':>12} {'po4a-gettextize':>16} {'ratio':>7} {'align only':>11}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            (root / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
            (root / "source").mkdir()
            source = issue(size)
            target = pseudo_translate(source)
            (root / "source" / "issue.md").write_text(source, encoding="utf-8")
            (root / "ro.md").write_text(target, encoding="utf-8")
            ours = timed([l10n, "import", "--lang", "ro", "--format", "markdown", "source/issue.md", "ro.md"], root)
            theirs = None
            if po4a:
                theirs = timed([po4a, "-f", "text", "-o", "markdown", "-M", "UTF-8", "-L", "UTF-8",
                                "-m", "source/issue.md", "-l", "ro.md", "-p", "po4a.po"], root)
            aligner = align_only(source, target)
            shown = f"{theirs:15.2f}s" if theirs is not None else f"{'not installed':>16}"
            ratio = f"{theirs / ours:6.2f}x" if theirs is not None else f"{'-':>7}"
            print(f"{size:>8} {ours:11.2f}s {shown} {ratio} {aligner:10.2f}s")
    if not po4a:
        print("po4a-gettextize not found: apt-get install -y po4a")
    print("ratio: po4a-gettextize time / l10n import time (above 1: l10n is faster)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
