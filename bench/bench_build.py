"""Benchmark ``l10n build`` on a generated project, beside po4a and WeasyPrint on the same documents.

The project has ``--issues`` newsletter issues (default 100) in ``--languages`` partner
languages (default 8), each issue about 40 segments, 85% of them translated, with an image
and a ``base_url``, so that every output format is made. It measures:

* ``l10n build`` from scratch (templates present, no ``.mo`` file, no ``build/``), one
  format at a time (``--format md`` first, which also compiles the catalogs, then each
  other format), so the full build's time is told per output kind; then the same build
  with every format again with nothing changed (the no-op build), which must stay under a
  tenth of the full one;
* the PDF step beside WeasyPrint run directly, in one process, on the same HTML that the
  build hands it (one language's issues, one process each), and the time per PDF page;
* po4a, the usual tool for translating documents through PO files: one ``po4a
  --no-update`` run that translates every issue into every language (Markdown only, no
  HTML), plus ``msgfmt`` on each of its catalogs.

Run: ``python bench/bench_build.py`` (a few minutes: most of it is the PDFs), ``--issues 20``
for a quick look, ``--no-peer`` without po4a (``apt-get install po4a`` provides it).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from installed import compile_l10n  # noqa: E402

LANGUAGES = ["ro", "pl", "it", "es", "lv", "de", "sv", "fr"]
WORDS = (
    "city partners project integration strategy pilot action meeting workshop conference "
    "migrants community local policy support network training results plan citizens "
    "inclusion housing employment education health culture dialogue experience practice "
    "municipality volunteers association programme framework recommendation study"
).split()


def sentence(rng: random.Random, low: int = 8, high: int = 24) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.3:
        at = rng.randrange(len(words))
        words[at] = f"**{words[at]}**"
    if rng.random() < 0.2:
        at = rng.randrange(len(words))
        words[at] = f"[{words[at]}](https://example.org/{words[at]})"
    return " ".join(words).capitalize() + "."


def issue_text(number: int) -> str:
    """One generated issue: front matter, five sections of paragraphs, lists and a table."""
    rng = random.Random(number)
    parts = [
        "---",
        f'title: "Newsletter {number}: {sentence(rng, 3, 6)[:-1]}"',
        f"date: 2022-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
        f'summary: "{sentence(rng)}"',
        "---",
        "",
        f"# Newsletter number {number}",
        "",
        f"![{sentence(rng, 3, 6)[:-1]}](images/photo.png)",
        "",
    ]
    for section in range(5):
        parts += [f"## {sentence(rng, 2, 5)[:-1]} {section}", ""]
        for _ in range(3):
            lines = [sentence(rng) for _ in range(rng.randint(1, 3))]
            parts += [" ".join(lines), ""]
        parts += [f"- {sentence(rng, 3, 8)}" for _ in range(3)] + [""]
        if section == 2:
            parts += ["| City | Date |", "| --- | --- |"]
            parts += [f"| {rng.choice(WORDS).capitalize()} | {rng.randint(1, 28)} May |" for _ in range(3)]
            parts += [""]
    return "\n".join(parts)


def translated(msgid: str, lang: str) -> str:
    return f"[{lang}] {msgid}"


def fill(catalog: polib.POFile, lang: str, seed: str) -> None:
    """Translate 85% of the entries, 5% more as fuzzy drafts."""
    rng = random.Random(seed)
    for entry in catalog:
        if not entry.msgid:
            continue
        roll = rng.random()
        if roll < 0.85:
            entry.msgstr = translated(entry.msgid, lang)
        elif roll < 0.90:
            entry.msgstr = translated(entry.msgid, lang)
            entry.flags.append("fuzzy")


def make_project(root: Path, issues: int, languages: list[str]) -> None:
    """Sources, templates and catalogs of a generated project."""
    from l10n.config import load_config
    from l10n.sources.extract import write_template
    from l10n.catalogs.pofile import read_catalog, write_catalog

    from PIL import Image

    (root / "source" / "images").mkdir(parents=True)
    Image.new("RGB", (800, 450), (22, 62, 110)).save(root / "source" / "images" / "photo.png")
    for number in range(1, issues + 1):
        (root / "source" / f"issue-{number:03d}.md").write_text(issue_text(number), encoding="utf-8")
    (root / "l10n.toml").write_text(
        f'languages = [{", ".join(repr(lang).replace(chr(39), chr(34)) for lang in languages)}]\n'
        'project = "Benchmark newsletter"\n'
        '[build]\nbase_url = "https://news.example.org"\n',
        encoding="utf-8",
    )
    config = load_config(root / "l10n.toml")
    for issue in config.issues():
        write_template(config, issue)
        template = read_catalog(config.template_path(issue))
        for lang in languages:
            catalog = polib.POFile(wrapwidth=79)
            catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": lang}
            for source in template:
                catalog.append(polib.POEntry(msgid=source.msgid, msgctxt=source.msgctxt,
                                             occurrences=source.occurrences))
            fill(catalog, lang, f"{lang}/{issue}")
            path = config.catalog_path(lang, issue)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_catalog(path, catalog)


def make_po4a_project(root: Path, issues: int, languages: list[str]) -> Path:
    """The same documents set up for po4a: one configuration, one catalog per language."""
    (root / "source").mkdir(parents=True)
    lines = [f"[po4a_langs] {' '.join(languages)}", "[po4a_paths] po/issues.pot $lang:po/$lang.po", ""]
    for number in range(1, issues + 1):
        name = f"issue-{number:03d}.md"
        (root / "source" / name).write_text(issue_text(number), encoding="utf-8")
        lines.append(f"[type: text] source/{name} $lang:build/$lang/{name} "
                     'opt:"-o markdown -o yfm_keys=title,summary -M UTF-8 -L UTF-8 -k 0"')
    config = root / "po4a.cfg"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    subprocess.run(["po4a", "--no-translations", "po4a.cfg"], cwd=root, check=True, capture_output=True)
    for lang in languages:
        path = root / "po" / f"{lang}.po"
        if not path.exists():
            shutil.copy(root / "po" / "issues.pot", path)
        catalog = polib.pofile(str(path))
        catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        fill(catalog, lang, lang)
        catalog.save()
    return config


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def write_print_html(root: Path, lang: str, folder: Path) -> list[Path]:
    """The HTML the build hands WeasyPrint for each issue in ``lang``, written to ``folder``."""
    from l10n.catalogs.pofile import read_catalog
    from l10n.config import load_config
    from l10n.publish.assets import relative_resolver
    from l10n.publish.document import localize
    from l10n.publish.pdf import print_html
    from l10n.publish.render import as_date, catalog_lookup
    from l10n.sources.markdown import extract_segments, front_matter

    config = load_config(root / "l10n.toml")
    targets = {"images/photo.png": "assets/images/photo.png"}
    folder.mkdir(parents=True)
    written = []
    for issue in config.issues():
        text = config.source_path(issue).read_text("utf-8")
        segments = extract_segments(text, front_matter_keys=config.front_matter_keys)
        document = localize(text, catalog_lookup(read_catalog(config.catalog_path(lang, issue))), issue=issue,
                            lang=lang, source_language=config.source_language, direction="ltr",
                            segments=segments, front_matter_keys=config.front_matter_keys, path=issue,
                            day=as_date(front_matter(text).get("date")))
        path = folder / f"{issue}.html"
        path.write_text(print_html(document, resolve=relative_resolver(targets, lang)), encoding="utf-8")
        written.append(path)
    return written


# WeasyPrint alone: every file, one process, as the build does per worker.
WEASYPRINT_LOOP = """
import json, sys
from pathlib import Path
from weasyprint import HTML
base, files = sys.argv[1], sys.argv[2:]
pages = 0
for name in files:
    document = HTML(string=Path(name).read_text("utf-8"), base_url=base).render()
    pages += len(document.pages)
    document.write_pdf()
print(json.dumps(pages))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100)
    parser.add_argument("--languages", type=int, default=8, help=f"how many of {' '.join(LANGUAGES)}")
    parser.add_argument("-j", "--jobs", type=int, default=None, help="worker processes for l10n build")
    parser.add_argument("--no-peer", action="store_true", help="do not run po4a")
    args = parser.parse_args()
    compile_l10n()  # bytecode as an installed package has it (bench/installed.py)
    languages = LANGUAGES[: args.languages]
    l10n = [shutil.which("l10n") or "l10n"]
    jobs = ["-j", str(args.jobs)] if args.jobs else []

    with tempfile.TemporaryDirectory(prefix="l10n-bench-build-") as tmp:
        root = Path(tmp) / "l10n"
        print(f"generating {args.issues} issues x {len(languages)} languages ...", flush=True)
        make_project(root, args.issues, languages)
        steps = {}
        for fmt in ("md", "html", "txt", "email", "eml", "pdf"):
            steps[fmt] = timed([*l10n, "build", "--format", fmt, *jobs], root)
        full = sum(steps.values())
        pages = sum(1 for _ in (root / "build").rglob("*.pdf"))
        noop = timed([*l10n, "build", *jobs], root)
        print(f"l10n build, full:    {full:7.2f} s  ({pages} issues x languages, every format, .mo files, index)")
        for fmt, seconds in steps.items():
            what = "Markdown, with templates, catalogs, .mo files" if fmt == "md" else f"{fmt} only"
            print(f"  --format {fmt:<6} {seconds:7.2f} s  ({what}; {seconds / pages * 1000:.1f} ms per output)")
        print(f"l10n build, no-op:   {noop:7.2f} s  ({noop / full:.1%} of the full build; target < 10%)")

        # The PDF step of one language against WeasyPrint alone on the same HTML, one process each.
        lang = languages[0]
        files = write_print_html(root, lang, Path(tmp) / "print")
        for made in (root / "build" / lang).glob("*.pdf"):
            made.unlink()  # so that the build makes these PDFs again, and nothing else
        ours = timed([*l10n, "build", "--lang", lang, "--format", "pdf", "-j", "1"], root)
        # What the same command costs with nothing to do: starting up, reading and digesting files.
        idle = timed([*l10n, "build", "--lang", lang, "--format", "pdf", "-j", "1"], root)
        start = time.perf_counter()
        base = (root / "build" / lang).as_uri() + "/"
        done = subprocess.run([sys.executable, "-c", WEASYPRINT_LOOP, base, *map(str, files)],
                              check=True, capture_output=True, text=True)
        alone = time.perf_counter() - start
        pdf_pages = json.loads(done.stdout)
        print(f"PDF, {lang}, {len(files)} issues, {pdf_pages} pages, one process:")
        print(f"  l10n build --format pdf  {ours:7.2f} s  ({ours / pdf_pages * 1000:.0f} ms per page)")
        print(f"  WeasyPrint alone         {alone:7.2f} s  ({alone / pdf_pages * 1000:.0f} ms per page)")
        print(f"  the same, nothing to do     {idle:7.2f} s  (start-up, digests)")
        print(f"  l10n / WeasyPrint: {ours / alone:.2f}x; less the no-op run: {(ours - idle) / alone:.2f}x "
              "(above 1: the build's overhead over the engine)")

        if args.no_peer or shutil.which("po4a") is None:
            print("po4a: not run" + ("" if args.no_peer else " (not installed: apt-get install po4a)"))
            return 0
        peer_root = Path(tmp) / "po4a"
        config = make_po4a_project(peer_root, args.issues, languages)
        po4a = timed(["po4a", "--no-update", config.name], peer_root)
        msgfmt = 0.0
        for lang in languages:
            msgfmt += timed(["msgfmt", "-o", f"po/{lang}.mo", f"po/{lang}.po"], peer_root)
        peer = po4a + msgfmt
        peer_pages = sum(1 for _ in (peer_root / "build").rglob("*.md"))
        print(f"po4a + msgfmt:       {peer:7.2f} s  ({peer_pages} Markdown pages; po4a {po4a:.2f} s, "
              f"msgfmt {msgfmt:.2f} s)")
        print(f"ratio po4a / l10n (full build): {peer / full:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
