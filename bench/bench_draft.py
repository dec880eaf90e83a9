"""Drafting through a LibreTranslate server with 50 ms of latency: concurrent against sequential.

Three runs over the same catalog of distinct untranslated segments, each against a fresh
copy: a plain loop over deep-translator's ``LibreTranslator.translate`` (the peer: what
deep-translator gives on its own), ``l10n draft`` one request at a time, and ``l10n draft``
with its default concurrency. Every run ends with the catalog saved.

    python bench/bench_draft.py                     # 400 segments (about 45 s)
    python bench/bench_draft.py --segments 2000     # the full size (about 4 minutes)
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from _libretranslate import LibreTranslateServer

from l10n.config import load_config
from l10n.drafting.draft import run_drafts
from l10n.drafting.providers import NetworkSettings, make_remote_provider


def make_catalog(path: Path, count: int) -> None:
    rng = random.Random(4)
    words = ["partners", "city", "meet", "pilot", "action", "strategy", "integration", "workshop", "refugees", "migrants", "local"]
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {"Language": "ro", "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                        "Content-Transfer-Encoding": "8bit"}
    for number in range(count):
        text = f"{number}. " + " ".join(rng.choice(words) for _ in range(rng.randint(5, 25))) + \
            f" ([more](https://epi.eu/n/{number}))."
        catalog.append(polib.POEntry(msgid=text, msgstr="", occurrences=[("source/bench.md", str(number + 1))]))
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=400, help="distinct segments to draft (default 400)")
    parser.add_argument("--latency", type=float, default=0.05, help="server latency per request, seconds")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-draft-"))
    try:
        master = work / "master.po"
        make_catalog(master, args.segments)
        texts = [entry.msgid for entry in polib.pofile(str(master))]
        with LibreTranslateServer(latency=args.latency) as server:
            (work / "l10n.toml").write_text(
                f'languages = ["ro"]\n[providers.libretranslate]\nurl = "{server.url}"\n', "utf-8")
            config = load_config(work / "l10n.toml")
            target = config.catalog_path("ro", "bench")
            target.parent.mkdir(parents=True, exist_ok=True)

            from deep_translator import LibreTranslator

            started = time.perf_counter()
            peer = LibreTranslator(source="en", target="es", api_key="-", custom_url=server.url)
            peer.target = "ro"
            for text in texts:
                peer.translate(text)
            peer_time = time.perf_counter() - started

            timings = {}
            default = NetworkSettings().concurrency
            for label, concurrency in (("sequential", 1), ("concurrent", default)):
                shutil.copy(master, target)
                provider = make_remote_provider(
                    config, "libretranslate", source="en", target="ro",
                    settings=NetworkSettings(concurrency=concurrency))
                started = time.perf_counter()
                report = run_drafts(config, "ro", [target], provider)
                timings[label] = time.perf_counter() - started
                assert report.drafted == len(texts), report
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"{len(texts)} segments, {args.latency * 1000:.0f} ms latency per request")
    print(f"deep-translator loop (peer):      {peer_time:7.2f} s")
    print(f"l10n draft, one request at a time: {timings['sequential']:7.2f} s")
    print(f"l10n draft, concurrency {default}:        {timings['concurrent']:7.2f} s   "
          f"({timings['concurrent'] / timings['sequential']:.2f} of sequential, "
          f"{peer_time / timings['concurrent']:.1f}x faster than the peer)")


if __name__ == "__main__":
    main()
