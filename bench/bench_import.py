"""Time ``l10n import`` of a PDF beside ``pdftotext`` followed by the plain-text import.

Generates an English issue (headings, paragraphs, list items and an events table per
section), a pseudo-translation with the same layout, prints the translation to a PDF of
about 40 pages with WeasyPrint, then runs in the same run:

- ``l10n import --lang ro source/issue.md ro.pdf`` (reads the PDF's characters with
  pdfplumber: columns, running heads, tables as tables);
- ``pdftotext -enc UTF-8 ro.pdf ro.txt`` (poppler) then ``l10n import --format text``
  (what a user did before: copy the text out, import it as plain text).

Prints the times, their ratio, the share of each that goes to reading the PDF, and how
many source segments each pairs (the point of reading positions).

    python bench/bench_import.py              # about 40 pages
    python bench/bench_import.py --sections 30
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_align import NAMES, WORDS, pseudo_translate, sentence  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from installed import compile_l10n  # noqa: E402

CONFIG = '[tool.l10n]\nsource_language = "en"\nlanguages = ["ro"]\nproject = "bench"\n'
STYLE = ("<style>@page { size: A4; margin: 2cm; @bottom-center { content: 'EPI newsletter · page ' counter(page); } }"
         "body { font: 10.5pt/1.45 'DejaVu Sans'; } table { border-collapse: collapse; width: 100% }"
         "td, th { border: 1px solid #888; padding: 3pt; vertical-align: top }</style>")


def issue(sections: int, seed: int = 11) -> str:
    """An English issue of ``sections`` sections, each with paragraphs, a list and a table."""
    rng = random.Random(seed)
    blocks = []
    for number in range(1, sections + 1):
        blocks.append(f"## Section {number}: {rng.choice(NAMES)} {rng.choice(WORDS)}")
        for _ in range(3):
            blocks.append(" ".join(sentence(rng, rng.randint(10, 22)) for _ in range(rng.randint(2, 4))))
        blocks.append("\n".join(f"- {sentence(rng, rng.randint(5, 10))}" for _ in range(3)))
        rows = ["| Who | What | When |", "| --- | --- | --- |"]
        for _ in range(3):
            rows.append(f"| {rng.choice(NAMES)}, {rng.choice(WORDS).capitalize()} | {sentence(rng, rng.randint(12, 24))} "
                        f"| {rng.randint(1, 28)}/{rng.randint(1, 12)}/2022 |")
        blocks.append("\n".join(rows))
    return "\n\n".join(blocks) + "\n"


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall time, CPU time (the fairer figure on a shared machine) and standard output of a command."""
    start, cpu = time.perf_counter(), cpu_of_children()
    done = subprocess.run(command, cwd=cwd, check=False, capture_output=True, text=True)
    elapsed, used = time.perf_counter() - start, cpu_of_children() - cpu
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed: {done.stderr.strip()}")
    return elapsed, used, done.stdout


def pairs(report: str) -> str:
    found = re.search(r": (\d+) pairs, coverage ([\d.]+)", report)
    return f"{found[1]} pairs, coverage {found[2]}" if found else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=42, help="sections of the generated issue (42: ~40 pages)")
    parser.add_argument("--keep", type=Path, help="also save the PDF here")
    args = parser.parse_args()
    compile_l10n()  # bytecode as an installed package has it (bench/installed.py)
    l10n = shutil.which("l10n") or sys.exit("l10n is not installed (pip install -e .)")
    pdftotext = shutil.which("pdftotext")
    import weasyprint
    from markdown_it import MarkdownIt

    from l10n.importing.readers import read_document

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
        (root / "source").mkdir()
        source = issue(args.sections)
        (root / "source" / "issue.md").write_text(source, encoding="utf-8")
        body = MarkdownIt("commonmark").enable("table").render(pseudo_translate(source))
        html = f'<!DOCTYPE html><html lang="ro"><head><meta charset="utf-8">{STYLE}</head><body>{body}</body></html>'
        document = weasyprint.HTML(string=html).render()
        document.write_pdf(root / "ro.pdf")
        if args.keep:
            shutil.copy(root / "ro.pdf", args.keep)
        print(f"PDF: {len(document.pages)} pages, {len(source.split())} words of source")

        start = time.process_time()
        read_document(root / "ro.pdf", lang="ro")
        reading = time.process_time() - start
        wall, ours, report = timed([l10n, "import", "--lang", "ro", "--dry-run", "source/issue.md", "ro.pdf"], root)
        print(f"{'':32} {'wall':>8} {'CPU':>8}")
        print(f"l10n import ro.pdf               {wall:7.2f}s {ours:7.2f}s  reading the PDF {min(reading / ours, 1):4.0%}"
              f" of the CPU time  {pairs(report)}")
        if not pdftotext:
            print("pdftotext not found: apt-get install -y poppler-utils")
            return 0
        extract_wall, extract, _ = timed([pdftotext, "-enc", "UTF-8", "ro.pdf", "ro.txt"], root)
        text_wall, text, report = timed([l10n, "import", "--lang", "ro", "--dry-run", "--format", "text",
                                         "source/issue.md", "ro.txt"], root)
        theirs, theirs_wall = extract + text, extract_wall + text_wall
        print(f"pdftotext + l10n import ro.txt   {theirs_wall:7.2f}s {theirs:7.2f}s  reading the PDF "
              f"{extract / theirs:4.0%} of the CPU time  {pairs(report)}")
        print(f"ratio: {theirs / ours:.2f}x CPU, {theirs_wall / wall:.2f}x wall "
              "(pdftotext + text import / PDF import; above 1: l10n is faster)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
