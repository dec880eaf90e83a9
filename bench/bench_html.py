"""HTML sources: fidelity on real e-mail templates, and speed on a large issue, beside the peers.

Fidelity: on the test corpus (tests/html_corpus.py: Foundation for Emails, Flask-Security-Too,
Wagtail, this project's samples), every tool extracts a catalog, fills it twice (identity:
msgstr = msgid; pseudo: "[ro] " + msgid) and renders. Counted per tool: files whose identity
output is byte-identical to the source, whose identity output has the same DOM (html5lib:
elements and attributes), and whose pseudo-translation has the same DOM. Peers: Translate
Toolkit's ``html2po``/``po2html`` (PyPI, the test extra) and po4a's ``xhtml`` module
(Debian's ``po4a``); a missing one is skipped.

Speed: one document made of the bodies of Foundation's compiled templates (those html2po
reads), repeated to each of ``--sizes`` MB, extract + render by us vs ``html2po`` + ``po2html``
up to ``--peer-max`` MB (its time grows faster than the size). Our seconds per MB show
linearity. po4a's xhtml module is left out of the speed run: it reads few of these templates.

    python bench/bench_html.py
    python bench/bench_html.py --sizes 1 2 4 8 --peer-max 1
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import html5lib
import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from html_corpus import corpus  # noqa: E402
from l10n.publish.render import render_html_source  # noqa: E402
from l10n.sources.html import extract_segments, read_events  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from installed import compile_l10n  # noqa: E402

BIN = Path(sys.executable).parent
TRANSLATED = {"alt", "title", "aria-label", "placeholder", "value", "content"}


def dom(text: str) -> list:
    tree = html5lib.parse(text, namespaceHTMLElements=False)
    return [(e.tag, tuple(sorted((k, "" if k in TRANSLATED else v) for k, v in e.attrib.items()
                                 if k not in ("lang", "dir"))))
            for e in tree.iter() if isinstance(e.tag, str)]


def pseudo(msgid: str) -> str:
    return "[ro] " + msgid


def ours(source: Path, work: Path, fill) -> str:
    text = source.read_text("utf-8")
    segments = extract_segments(text)
    return render_html_source(text, lambda msgid, msgctxt=None: fill(msgid), segments=segments)


def _fill_catalog(pot: Path, po: Path, fill) -> None:
    catalog = polib.pofile(str(pot))
    for entry in catalog:
        entry.msgstr = fill(entry.msgid)
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
    catalog.save(str(po))


def _run(command: list[str]) -> None:
    """Run a peer; it reports some failures only on standard error, with exit code 0."""
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or "Error processing" in result.stderr:
        raise subprocess.CalledProcessError(result.returncode or 1, command, result.stdout, result.stderr)


def translate_toolkit(source: Path, work: Path, fill) -> str:
    pot, po, out = work / "tt.pot", work / "tt.po", work / "tt.html"
    _run([str(BIN / "html2po"), "--pot", "-i", str(source), "-o", str(pot)])
    _fill_catalog(pot, po, fill)
    _run([str(BIN / "po2html"), "-t", str(source), "-i", str(po), "-o", str(out)])
    return out.read_text("utf-8")


def po4a(source: Path, work: Path, fill) -> str:
    pot, po, out = work / "p4.pot", work / "p4.po", work / "p4.html"
    subprocess.run(["po4a-updatepo", "-f", "xhtml", "-M", "utf-8", "-m", str(source), "-p", str(pot)],
                   check=True, capture_output=True)
    _fill_catalog(pot, po, fill)
    subprocess.run(["po4a-translate", "-f", "xhtml", "-M", "utf-8", "-m", str(source), "-p", str(po),
                    "-l", str(out), "-k", "0"], check=True, capture_output=True)
    return out.read_text("utf-8")


def fidelity(tools: dict, files: list[Path]) -> None:
    print(f"fidelity on {len(files)} templates: identity bytes / identity DOM / pseudo DOM / failed to run")
    for name, tool in tools.items():
        counts = [0, 0, 0, 0]
        for path in files:
            source = path.read_text("utf-8")
            with tempfile.TemporaryDirectory() as folder:
                try:
                    same = tool(path, Path(folder), lambda m: m)
                    translated = tool(path, Path(folder), pseudo)
                except (subprocess.CalledProcessError, UnicodeDecodeError, OSError):
                    counts[3] += 1
                    continue
            counts[0] += same == source
            counts[1] += dom(same) == dom(source)
            counts[2] += dom(translated) == dom(source)
        print(f"  {name:<18} {counts[0]:>3} / {counts[1]:>3} / {counts[2]:>3} / {counts[3]:>3}")


def one_document(files: list[Path]) -> tuple[str, str, str]:
    """(head, body content, tail): the first file's frame around the bodies of all of them.

    A peer reads one document per file, so the large issue is one document too.
    """
    bodies = []
    frame = None
    for path in files:
        text = path.read_text("utf-8")
        events, _ = read_events(text)
        opening = next((e for e in events if e.kind == "start" and e.tag == "body"), None)
        closing = next((e for e in events if e.kind == "end" and e.tag == "body"), None)
        if opening is None or closing is None:
            continue
        bodies.append(text[opening.end:closing.start])
        if frame is None:
            frame = (text[:opening.end], text[closing.start:])
    return frame[0], "\n".join(bodies), frame[1]


def speed(files: list[Path], sizes: list[float], peer_max: float) -> None:
    print("speed: extract + render with a pseudo-translation, vs html2po + po2html")
    have_tt = (BIN / "html2po").exists()
    if have_tt:
        # Only templates the peer reads, so that it has the whole issue to do.
        readable = []
        for path in files:
            with tempfile.TemporaryDirectory() as folder:
                try:
                    translate_toolkit(path, Path(folder), pseudo)
                    readable.append(path)
                except subprocess.CalledProcessError:
                    pass
        files = readable
    print(f"  made of the bodies of {', '.join(path.name for path in files)}")
    head, unit, tail = one_document(files)
    for megabytes in sizes:
        repeat = max(1, round(megabytes * 1_000_000 / len(unit.encode())))
        text = head + "\n".join(unit for _ in range(repeat)) + tail
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "issue.html"
            source.write_text(text, "utf-8")
            start = time.perf_counter()
            ours(source, Path(folder), pseudo)
            mine = time.perf_counter() - start
            line = f"  {len(text.encode()) / 1e6:5.1f} MB: l10n {mine:6.2f} s"
            if have_tt and megabytes <= peer_max:
                start = time.perf_counter()
                try:
                    translate_toolkit(source, Path(folder), pseudo)
                    theirs = time.perf_counter() - start
                    line += f", html2po+po2html {theirs:6.2f} s, ratio {theirs / mine:5.1f}x"
                except subprocess.CalledProcessError as exc:
                    line += f", html2po+po2html failed ({exc.stderr.strip()[-120:]})"
            print(line + f", l10n {mine / (len(text.encode()) / 1e6):.2f} s/MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.25, 0.5, 1, 2, 4],
                        help="sizes of the large issue in MB")
    parser.add_argument("--peer-max", type=float, default=0.5,
                        help="largest size given to html2po/po2html (its time grows faster than the size)")
    args = parser.parse_args()
    compile_l10n()  # bytecode as an installed package has it (bench/installed.py)
    files = [path for paths in corpus().values() for path in paths]
    if not files:
        sys.exit("no corpus: run bash .ci/run first")
    tools = {"l10n": ours}
    if (BIN / "html2po").exists():
        tools["translate-toolkit"] = translate_toolkit
    if shutil.which("po4a-updatepo"):
        tools["po4a xhtml"] = po4a
    fidelity(tools, files)
    speed([path for path in files if "foundation-emails" in str(path) and ".download" in str(path)],
          args.sizes, args.peer_max)


if __name__ == "__main__":
    main()
