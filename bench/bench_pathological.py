"""Time every stage on pathological Markdown as its size doubles, beside markdown-it-py.

For each pattern (a run of ``*``, of ``_`` or of backticks, ``[`` repeated, ``[a]`` repeated,
emphasis repeated, block quotes nested ever deeper line after line) and each size, it times
what ``l10n`` does with one such segment: extract, mask for a provider and unmask the
answer (``draft``), render to HTML, and the checks. The peer is markdown-it-py rendering
the same text once: the parser every stage relies on. The script prints, per size, our time,
the peer's, their ratio, and how much our time grew since the size before (2.0 when the
size doubles: linear).

    python bench/bench_pathological.py                   # 25,000 / 50,000 / 100,000 characters
    python bench/bench_pathological.py --sizes 10000 20000
"""

from __future__ import annotations

import argparse
import time

import polib

from l10n.checks import check_entry
from l10n.drafting.masking import mask, unmask
from l10n.publish.render import render_html
from l10n.sources.markdown import extract_segments, markdown_parser

PATTERNS = {
    "stars": lambda n: "Partners " + "*" * n + " meet\n",
    "underscores": lambda n: "Partners " + "_" * n + " meet\n",
    "backticks": lambda n: "Partners " + "`" * n + " meet\n",
    "brackets": lambda n: "Partners " + "[" * n + " meet\n",
    "link labels": lambda n: "Partners " + "[a]" * (n // 3) + " meet\n",
    "emphasis": lambda n: "Partners " + "*a* " * (n // 4) + "meet\n",
    "quote staircase": lambda n: "".join("> " * (depth % 60) + "Partners meet\n\n" for depth in range(n // 60)),
}


def ours(text: str) -> None:
    segments = extract_segments(text)
    translations = {}
    for segment in segments:
        masked = mask(segment.text)
        translations[segment.text] = "RO " + unmask(masked, masked.text)
        entry = polib.POEntry(msgid=segment.text, msgstr=translations[segment.text])
        check_entry(entry, "ro")
    render_html(text, translations, lang="ro", segments=segments)


def peer(text: str) -> None:
    markdown_parser().render(text)


def timed(function, text: str) -> float:
    start = time.perf_counter()
    function(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000])
    args = parser.parse_args()
    print(f"{'pattern':<16} {'chars':>8} {'l10n s':>8} {'peer s':>8} {'ratio':>6} {'growth':>7}")
    for name, make in PATTERNS.items():
        previous = None
        for size in args.sizes:
            text = make(size)
            mine = timed(ours, text)
            theirs = timed(peer, text)
            growth = f"{mine / previous:.1f}x" if previous else ""
            print(f"{name:<16} {size:>8} {mine:>8.2f} {theirs:>8.2f} {mine / theirs:>6.1f} {growth:>7}", flush=True)
            previous = mine


if __name__ == "__main__":
    main()
