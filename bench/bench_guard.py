"""Benchmark the unsafe-HTML guard beside HTML sanitizers, and what it adds to rendering a page.

Two measures, each run side by side in the same process:

* ``guard_html`` on ``--segments`` translated segments (rendered by markdown-it: links,
  emphasis, inline HTML, a tenth of them hostile), caches cleared, beside two sanitizers
  run on the same translations' HTML with an allow-list: bleach (html5lib-based, like
  ours) and nh3 (ammonia, in Rust). Neither compares with a source nor refuses: they strip.
* ``render_html`` of generated issues with every segment translated, beside what a page
  cost without the guard: markdown-it rendering the localized Markdown.

Run: ``python bench/bench_guard.py`` (``pip install bleach nh3`` for the peers; a missing
peer is skipped).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_build import issue_text  # noqa: E402

from l10n.publish import safety  # noqa: E402
from l10n.publish.render import render_html, render_markdown  # noqa: E402
from l10n.sources.markdown import extract_segments, markdown_parser  # noqa: E402

WORDS = "city partners project integration strategy pilot meeting workshop migrants community".split()
HOSTILE = ["<details open ontoggle=alert(1) x=<>", '<a href="jav&#x61;script:alert(1)">x</a>',
           "<img src=x onerror=alert(1)>", "<style x=<>", '<b onclick="x()">y</b>']


def pairs(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(source HTML, translation HTML) of ``count`` segments as markdown-it renders them."""
    out = []
    for number in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
        source = " ".join(words)
        translation = " ".join(w.upper() for w in reversed(words))
        kind = number % 4
        if kind == 1:
            source = f"Read [{source}](https://example.org/{number})."
            translation = f"Citiți [{translation}](https://example.org/{number})."
        elif kind == 2:
            source = f"Meet us in <b>{source}</b>, with *care*."
            translation = f"Ne vedem în <b>{translation}</b>, cu *grijă*."
        elif kind == 3:
            source = f"**{source}** and `code`"
            translation = f"**{translation}** și `code`"
        if number % 10 == 0:
            translation += " " + HOSTILE[number // 10 % len(HOSTILE)]
        out.append((safety.markdown_segment_html(source), safety.markdown_segment_html(translation)))
    return out


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--segments", type=int, default=5000)
    parser.add_argument("--issues", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(1)
    work = pairs(args.segments, rng)

    def ours() -> None:
        safety.guard_html.cache_clear()
        safety._allowed.cache_clear()
        for source, translation in work:
            safety.guard_html(source, translation)

    guard = timed(ours)
    refused = sum(1 for s, t in work if not safety.guard_html(s, t).safe)
    print(f"guard_html:       {guard:6.2f} s  ({args.segments} segments, {refused} refused)")
    tags = {"a", "b", "em", "strong", "code"}
    try:
        import bleach

        peer = timed(lambda: [bleach.clean(t, tags=tags, attributes={"a": ["href"]}, protocols={"https"})
                              for _, t in work])
        print(f"bleach.clean:     {peer:6.2f} s  ratio bleach / l10n: {peer / guard:.2f}x")
    except ImportError:
        print("bleach: not installed (pip install bleach)")
    try:
        import nh3

        peer = timed(lambda: [nh3.clean(t, tags=tags, attributes={"a": {"href"}}, url_schemes={"https"})
                              for _, t in work])
        print(f"nh3.clean:        {peer:6.2f} s  ratio nh3 / l10n: {peer / guard:.2f}x")
    except ImportError:
        print("nh3: not installed (pip install nh3)")

    documents = []
    for number in range(1, args.issues + 1):
        text = issue_text(number)
        segments = extract_segments(text)
        documents.append((text, segments, {s.text: " ".join(reversed(s.text.split(" "))) for s in segments}))
    md = markdown_parser()
    baseline = timed(lambda: [md.render(render_markdown(text, table, segments=segments))
                              for text, segments, table in documents])
    guarded = timed(lambda: [render_html(text, table, lang="ro", segments=segments)
                             for text, segments, table in documents])
    print(f"page, no guard:   {baseline:6.2f} s  ({args.issues} issues, markdown-it on the localized Markdown)")
    print(f"render_html:      {guarded:6.2f} s  ratio unguarded / guarded: {baseline / guarded:.2f}x")


if __name__ == "__main__":
    main()
