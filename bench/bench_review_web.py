"""Time ``l10n review --web`` on an issue of 500 segments, beside the build and the terminal review.

A project is generated: one issue of N segments (headings, paragraphs with emphasis and
links, list items, table cells) and its catalogs in 8 languages, every Romanian entry a
draft. A review server runs on 127.0.0.1 in this process; each figure is measured in the
same run as its peer:

* first render: a new server's first ``GET`` of the issue's page (reading the source and
  the catalog, rendering, marking) beside ``build`` making the same page (``build_project``
  for one issue and language, ``--force``, one process), and, when Chromium and Playwright
  are there, the browser's time to the page's ``load`` event beside the built page's;
* open: ``GET`` of one entry's panel (checks, memory suggestions);
* accept: one ``POST`` accept (sign-off written under the lock, the page's segment rendered
  again) beside the terminal review's write path (:func:`l10n.review.session.decide`) on a
  copy of the same catalog.

After the accepts, it checks that only the one catalog changed on disk (every other catalog,
the template and the source keep their bytes and times).

    python bench/bench_review_web.py                 # 500 segments
    python bench/bench_review_web.py --segments 2000 --accepts 40
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from click.testing import CliRunner

from l10n.catalogs.pofile import read_catalog, write_catalog
from l10n.catalogs.states import draft_line
from l10n.cli import main
from l10n.config import Config, load_config
from l10n.publish.build import BuildOptions, build_project
from l10n.review.session import Decision, EntryKey, decide, today
from l10n.review.web import make_server

LANGUAGES = ("ro", "pl", "it", "es", "lv", "de", "sv", "fr")
ISSUE = "2026-05"
WORDS = ["integration", "city", "partner", "meeting", "strategy", "workshop", "network", "project",
         "local", "european", "policy", "action", "pilot", "citizen", "practice", "community"]


def generate_source(segments: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    lines = ["---", "title: Bench issue", "date: 2026-05-15", "summary: Many segments.", "---", ""]
    count = 2

    def words(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    while count + 10 <= segments:
        lines += [f"## Section {count}: {words(3)}", ""]
        count += 1
        for _ in range(3):
            lines += [(f"Paragraph {count} on the **{words(2)}** of [{words(1)}](https://example.org/{count}) "
                       f"and {words(12)}."), ""]
            count += 1
        lines += [f"- Item {count} {words(4)}", f"- Item {count + 1} {words(4)}", ""]
        count += 2
        lines += [f"| City {count} | Date {count} |", "| --- | --- |", f"| Riga {count} | {count} May |", ""]
        count += 4
    while count < segments:
        lines += [f"Closing paragraph {count}.", ""]
        count += 1
    return "\n".join(lines)


def make_project(root: Path, segments: int) -> Config:
    (root / "l10n.toml").write_text(
        'project = "Bench"\nlanguages = [' + ", ".join(f'"{code}"' for code in LANGUAGES) + "]\n", encoding="utf-8")
    (root / "source").mkdir()
    (root / "source" / f"{ISSUE}.md").write_text(generate_source(segments), encoding="utf-8")
    for command in (["extract"], ["update"]):
        result = CliRunner().invoke(main, ["--config", str(root / "l10n.toml"), *command])
        if result.exit_code:
            raise SystemExit(result.output)
    config = load_config(root / "l10n.toml")
    for lang in LANGUAGES:
        path = config.catalog_path(lang, ISSUE)
        catalog = read_catalog(path)
        for entry in catalog:
            entry.msgstr = entry.msgid.replace("Paragraph", "Paragraful").replace("Item", "Punctul")
            entry.flags.append("fuzzy")
            entry.tcomment = draft_line("deepl", "2026-11-20", "score=0.87")
        write_catalog(path, catalog, width=config.wrap)
    return config


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(root)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(root.rglob("*")) if p.is_file() and ".lock" not in p.name}


def call(port: int, token: str, method: str, path: str, body: dict | None = None) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": f"127.0.0.1:{port}", "Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers.update({"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{port}"})
    connection.request(method, f"/{token}/{path}", body=data, headers=headers)
    response = connection.getresponse()
    raw = response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"{method} {path}: HTTP {response.status}: {raw[:200]!r}")
    return raw


def serve(config: Config):
    server = make_server(config, reviewer="Ana Pop", languages=list(LANGUAGES), issues=[ISSUE])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def stop(server, thread) -> None:
    server.shutdown()
    server.server_close()
    thread.join()


def first_render(config: Config, repeat: int) -> tuple[list[float], list[float], tuple[float, float] | None]:
    ours, build = [], []
    # Once untimed for each: the locale data of the language menu is read on first use.
    server, thread = serve(config)
    call(server.port, server.token, "GET", f"ro/{ISSUE}.html")
    stop(server, thread)
    build_project(config, BuildOptions(languages=("ro",), issues=(ISSUE,), force=True, jobs=1))
    for _ in range(repeat):
        server, thread = serve(config)
        started = time.perf_counter()
        call(server.port, server.token, "GET", f"ro/{ISSUE}.html")
        ours.append(time.perf_counter() - started)
        stop(server, thread)
        started = time.perf_counter()
        build_project(config, BuildOptions(languages=("ro",), issues=(ISSUE,), force=True, jobs=1))
        build.append(time.perf_counter() - started)
    return ours, build, browser_load(config)


def browser_load(config: Config) -> tuple[float, float] | None:
    """Chromium's time from request to ``load``: the review page, and build's page from disk."""
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium.exists():
        return None
    built = config.build_dir / "ro" / f"{ISSUE}.html"
    server, thread = serve(config)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                "--disable-background-networking", "--disable-component-update"])
            page = browser.new_page()
            times = []
            for url in (server.url("ro", ISSUE), built.as_uri()):
                page.goto(url, wait_until="load")  # once to warm up, then measured
                started = time.perf_counter()
                page.goto(url, wait_until="load")
                times.append(time.perf_counter() - started)
            browser.close()
        return times[0], times[1]
    finally:
        stop(server, thread)


def accepts(config: Config, root: Path, count: int) -> tuple[list[float], list[float], list[float], list[str]]:
    server, thread = serve(config)
    review = server.review("ro", ISSUE)
    numbers = list(range(2, 2 + count))
    try:
        call(server.port, server.token, "GET", f"ro/{ISSUE}.html")
        before = snapshot(root)
        opened, accepted = [], []
        for number in numbers:
            started = time.perf_counter()
            version = json.loads(call(server.port, server.token, "GET", f"ro/{ISSUE}/entry/{number}"))["version"]
            opened.append(time.perf_counter() - started)
            started = time.perf_counter()
            answer = json.loads(call(server.port, server.token, "POST", f"ro/{ISSUE}/action",
                                     {"token": server.token, "entry": number, "action": "accept",
                                      "version": version}))
            accepted.append(time.perf_counter() - started)
            if not answer["ok"]:
                raise SystemExit(f"accept refused: {answer['message']}")
        after = snapshot(root)
        keys = [review.keys[n] for n in numbers]
    finally:
        stop(server, thread)
    changed = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
    # The peer: the terminal review's write path, on a copy of the catalog before the accepts.
    copy = root / "peer.po"
    shutil.copy(config.catalog_path("de", ISSUE), copy)
    peer = []
    for key in keys:
        started = time.perf_counter()
        decide(copy, EntryKey(key.msgctxt, key.msgid), Decision.ACCEPT, reviewer="Ana Pop", date=today(),
               width=config.wrap)
        peer.append(time.perf_counter() - started)
    return opened, accepted, peer, changed


def main_(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=500)
    parser.add_argument("--accepts", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        config = make_project(root, args.segments)
        entries = len([e for e in read_catalog(config.catalog_path("ro", ISSUE)) if not e.obsolete])
        print(f"issue of {entries} entries, {len(LANGUAGES)} catalogs")
        ours, build, browser = first_render(config, args.repeat)
        page, peer = statistics.median(ours), statistics.median(build)
        print(f"first render: {page * 1000:8.1f} ms   build of the same page {peer * 1000:8.1f} ms"
              f"   ratio {peer / page:.2f} (above 1: the review page is faster)")
        if browser is not None:
            print(f"in Chromium: {browser[0] * 1000:8.1f} ms   build's page from disk {browser[1] * 1000:8.1f} ms"
                  f"   ratio {browser[1] / browser[0]:.2f} (from request to the load event, warm)")
        opened, accepted, decided, changed = accepts(config, root, args.accepts)
        accept, terminal = statistics.median(accepted), statistics.median(decided)
        print(f"open a panel: {statistics.median(opened) * 1000:8.1f} ms (median of {len(opened)}; first "
              f"{opened[0] * 1000:.1f} ms with the memory)")
        print(f"accept:       {accept * 1000:8.1f} ms   terminal review's write {terminal * 1000:8.1f} ms"
              f"   ratio {terminal / accept:.2f}")
        expected = [str(config.catalog_path("ro", ISSUE).relative_to(root))]
        print(f"files changed by {len(accepted)} accepts: {', '.join(changed) or 'none'}")
        if changed != expected:
            print("FAIL: accepts changed other files than the one catalog", file=sys.stderr)
            raise SystemExit(1)


if __name__ == "__main__":
    main_()
