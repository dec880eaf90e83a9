"""Benchmark ``l10n update`` beside ``msgmerge --previous`` and Babel's ``Catalog.update``.

For each size N it builds, in a temporary project, a template of N real English sentences
(docstrings of the standard library) and 8 translated catalogs of an older template, then
makes the new template: 10% of the msgids lightly edited (a word changed, added or dropped,
or a letter changed) and 5% new. In one run, on separate copies of the catalogs, it times:

* ``l10n update`` (one process for the 8 catalogs, as a user runs it);
* ``msgmerge --previous`` once per catalog;
* Babel's ``read_po`` + ``Catalog.update`` + ``write_po`` per catalog (what ``pybabel update`` does);

then prints the times, the ratios, the time per entry (to see the growth with N), and how
often our fuzzy decisions agree with msgmerge's.

Run: ``python bench/bench_update.py`` (N = 1,000 and 4,000, Babel on one catalog at
N = 1,000 only: on real sentences its difflib matching takes 15 to 40 s per catalog there
and grows with N²; about a minute and a half in all). The full run:
``--sizes 1000 4000 16000`` (msgmerge alone then takes about 6 minutes);
``--babel-max 16000 --babel-catalogs 8`` times Babel everywhere (hours); ``--repeat 3``
compares the medians of three runs of l10n and msgmerge. The load average is printed last.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import io
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

from l10n.catalogs.pofile import read_catalog, write_catalog
from l10n.catalogs.update import merge_catalog

sys.path.insert(0, str(Path(__file__).resolve().parent))
from installed import compile_l10n  # noqa: E402

LANGUAGES = ("ro", "pl", "it", "es", "lv", "de", "sv", "fr")
ISSUE = "bench"
MODULES = (
    "argparse", "asyncio", "base64", "calendar", "collections", "configparser", "contextlib",
    "csv", "dataclasses", "datetime", "decimal", "difflib", "email", "enum", "fractions",
    "functools", "gettext", "glob", "gzip", "hashlib", "heapq", "http.client", "http.server",
    "imaplib", "inspect", "ipaddress", "json", "locale", "logging", "mailbox", "mimetypes",
    "multiprocessing", "netrc", "numbers", "optparse", "os", "pathlib", "pickle", "pdb",
    "platform", "plistlib", "pprint", "queue", "random", "re", "shlex", "shutil", "smtplib",
    "socket", "sqlite3", "statistics", "string", "subprocess", "tarfile", "tempfile",
    "textwrap", "threading", "tkinter", "tomllib", "turtle", "typing", "unittest",
    "urllib.parse", "urllib.request", "uuid", "warnings", "wave", "weakref", "xml.dom.minidom",
    "zipfile", "zoneinfo", "ftplib", "poplib", "codecs", "io", "selectors", "ssl", "sched",
    "traceback", "types", "doctest", "tracemalloc", "asyncio.events", "asyncio.streams",
)  # fmt: skip
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_WORDS = ("new", "other", "old", "main", "every", "some", "first", "last", "local", "simple")


def sentences(count: int) -> list[str]:
    """``count`` distinct English sentences: docstrings, then pairs of them when those run out."""
    seen: dict[str, None] = {}
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        objects = [module]
        for attribute in sorted(vars(module)):
            if attribute.startswith("_"):
                continue
            value = getattr(module, attribute)
            objects.append(value)
            if inspect.isclass(value):
                objects.extend(vars(value)[m] for m in sorted(vars(value)) if not m.startswith("_"))
        for obj in objects:
            doc = inspect.getdoc(obj) or ""
            for paragraph in doc.split("\n\n"):
                for sentence in _SENTENCE_RE.split(" ".join(paragraph.split())):
                    if 30 <= len(sentence) <= 240 and sentence[0].isupper() and sentence[-1] in ".!?":
                        seen.setdefault(sentence)
    base = list(seen)
    result = base[:count]
    rng = random.Random(1)
    while len(result) < count:
        pair = f"{rng.choice(base)} {rng.choice(base)}"
        if pair not in seen:
            seen.setdefault(pair)
            result.append(pair)
    return result


def light_edit(sentence: str, rng: random.Random) -> str:
    words = sentence.split(" ")
    choice, position = rng.randrange(4), rng.randrange(len(words))
    if choice == 0:
        words[position] = rng.choice(_WORDS)
    elif choice == 1:
        words.insert(position, rng.choice(_WORDS))
    elif choice == 2 and len(words) > 3:
        del words[position]
    else:
        word = words[position]
        index = rng.randrange(len(word))
        words[position] = word[:index] + rng.choice("aeiouxyz") + word[index + 1 :]
    edited = " ".join(words)
    return edited if edited != sentence else sentence + " Again."


def template(msgids: list[str]) -> polib.POFile:
    pot = polib.POFile()
    pot.metadata = {
        "Project-Id-Version": "bench 1.0",
        "POT-Creation-Date": "2026-03-01 10:00+0000",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for line, msgid in enumerate(msgids, 1):
        pot.append(polib.POEntry(msgid=msgid, comment="paragraph", occurrences=[(f"source/{ISSUE}.md", str(line))]))
    return pot


def make_project(folder: Path, size: int, seed: int) -> None:
    """A project with the new template and 8 catalogs translated from the old one."""
    rng = random.Random(seed)
    pool = sentences(size + size // 20)
    old_ids = pool[:size]
    new_ids = [light_edit(s, rng) if rng.random() < 0.10 else s for s in old_ids]
    for sentence in pool[size:]:
        new_ids.insert(rng.randrange(len(new_ids) + 1), sentence)
    new_ids = list(dict.fromkeys(new_ids))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "l10n.toml").write_text(f"languages = {list(LANGUAGES)!r}\n", encoding="utf-8")
    old_template = template(old_ids)
    for lang in LANGUAGES:
        catalog = merge_catalog(old_template, None, language=lang)[0]
        for entry in catalog:
            entry.msgstr = f"{lang}: {entry.msgid}"
        path = folder / "locales" / lang / "LC_MESSAGES" / f"{ISSUE}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_catalog(path, catalog)
    write_catalog(folder / "locales" / "templates" / f"{ISSUE}.pot", template(new_ids))


def catalogs(folder: Path) -> list[Path]:
    return [folder / "locales" / lang / "LC_MESSAGES" / f"{ISSUE}.po" for lang in LANGUAGES]


def time_l10n(folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from l10n.cli import main; main()", "--config",
                    str(folder / "l10n.toml"), "update"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def time_msgmerge(folder: Path) -> float:
    pot = folder / "locales" / "templates" / f"{ISSUE}.pot"
    start = time.perf_counter()
    for path in catalogs(folder):
        subprocess.run(["msgmerge", "--quiet", "--previous", "--update", "--backup=off", str(path), str(pot)],
                       check=True)
    return time.perf_counter() - start


def time_babel(folder: Path, count: int) -> float:
    """Seconds for Babel to update the first ``count`` catalogs."""
    from babel.messages.pofile import read_po, write_po

    pot = folder / "locales" / "templates" / f"{ISSUE}.pot"
    start = time.perf_counter()
    with pot.open("rb") as handle:
        template_catalog = read_po(handle)
    for path in catalogs(folder)[:count]:
        with path.open("rb") as handle:
            catalog = read_po(handle)
        catalog.update(template_catalog)
        buffer = io.BytesIO()
        write_po(buffer, catalog, include_previous=True)
        path.write_bytes(buffer.getvalue())
    return time.perf_counter() - start


def agreement(ours: Path, theirs: Path) -> tuple[int, int]:
    def decisions(path: Path) -> dict[str, tuple]:
        return {e.msgid: ("fuzzy" in e.flags, e.previous_msgid, e.msgstr) for e in read_catalog(path) if not e.obsolete}

    mine, gnu = decisions(ours), decisions(theirs)
    return sum(mine.get(k) == v for k, v in gnu.items()), len(gnu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000],
                        help="template sizes (default 1000 4000; add 16000 for the full run)")
    parser.add_argument("--babel-max", type=int, default=1000, help="largest N to time Babel at (default 1000)")
    parser.add_argument("--babel-catalogs", type=int, default=1, choices=range(1, len(LANGUAGES) + 1),
                        help="how many of the 8 catalogs Babel updates (default 1; its time is per catalog)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of l10n and msgmerge per size, each on fresh copies (medians are compared)")
    args = parser.parse_args()
    compile_l10n()  # bytecode as an installed package has it (bench/installed.py)
    print("seconds per catalog (8 catalogs per size; Babel on --babel-catalogs of them)")
    print(f"{'N':>6}  {'l10n':>7}  {'msgmerge':>8}  {'Babel':>7}  {'msgmerge/l10n':>13}  {'Babel/l10n':>10}  "
          f"{'l10n µs/entry':>13}  agree with msgmerge")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp) / "base"
            make_project(base, size, args.seed)
            ours_runs, gnu_runs = [], []
            for attempt in range(args.repeat):
                copies = {name: Path(tmp) / f"{name}-{attempt}" for name in ("l10n", "msgmerge", "babel")}
                for copy in copies.values():
                    shutil.copytree(base, copy)
                ours_runs.append(time_l10n(copies["l10n"]) / len(LANGUAGES))
                gnu_runs.append(time_msgmerge(copies["msgmerge"]) / len(LANGUAGES))
            ours, gnu = statistics.median(ours_runs), statistics.median(gnu_runs)
            babel = None
            if size <= args.babel_max:
                babel = time_babel(copies["babel"], args.babel_catalogs) / args.babel_catalogs
            agree, total = agreement(catalogs(copies["l10n"])[0], catalogs(copies["msgmerge"])[0])
            babel_text = f"{babel:6.2f}s" if babel is not None else "-"
            babel_ratio = f"{babel / ours:9.1f}x" if babel is not None else "-"
            print(f"{size:>6}  {ours:6.3f}s  {gnu:7.3f}s  {babel_text:>7}  {gnu / ours:12.2f}x  "
                  f"{babel_ratio:>10}  {ours / size * 1e6:13.1f}  {agree}/{total}", flush=True)
    print(f"load average (1 min) after the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
