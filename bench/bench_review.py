"""Time ``l10n signoff`` and ``l10n review --list`` beside GNU gettext and Translate Toolkit.

A catalog of N entries is generated: a quarter drafts (fuzzy, ``# draft:``), a quarter fuzzy
entries with a previous msgid, a quarter translated, a quarter signed off (some stale).
Each tool runs on a fresh copy of the same file in the same run, as a whole process:

* sign off: ``l10n signoff --match`` on exactly the fuzzy entries (removes ``fuzzy`` and
  ``#|``, writes ``# reviewed:``) beside ``msgattrib --clear-fuzzy --clear-previous``, which
  does the same to the flags without a sign-off; and the same sign-off after an untimed
  ``l10n check``, whose kept findings it takes instead of checking again;
* listing: ``l10n review --list`` (every sign-off checked against its digest) beside
  ``msgfmt --statistics`` and Translate Toolkit's ``pocount``, which count states.

The script prints each peer's time divided by ours (above 1: we are faster), the median CPU
seconds of the sign-off (steadier than wall time on a busy machine) and the load average.
Peers are looked for on PATH and beside the running Python (a virtual environment's
``pocount``); those not found are skipped.

    python bench/bench_review.py                    # 5,000 and 20,000 entries
    python bench/bench_review.py --sizes 5000 100000 --repeat 3
    python bench/bench_review.py --baseline /tmp/before   # an earlier l10n's sign-off timed beside
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from installed import compile_l10n  # noqa: E402

WORDS = [
    "integration", "city", "partner", "meeting", "strategy", "migrant", "workshop", "network",
    "bulletin", "project", "local", "european", "policy", "action", "pilot", "citizen",
    "practice", "community", "council", "school", "event",
]
MARK = "zqdraftmark"  # a word only the fuzzy entries carry, so --match picks exactly them

HEADER = """\
msgid ""
msgstr ""
"Project-Id-Version: bench\\n"
"Language: ro\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def digest(msgid: str, msgstr: str) -> str:
    return hashlib.sha256(f"{msgid}\x00{msgstr}".encode()).hexdigest()[:12]


def generate_catalog(entries: int, seed: int = 1) -> str:
    """A Romanian catalog of ``entries`` entries in the four states, one issue's worth each 100."""
    rng = random.Random(seed)
    blocks = [HEADER]
    for number in range(entries):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        msgid = f"Segment {number}: {words}."
        msgstr = f"Segmentul {number}: {words[::-1]}."
        kind = number % 4
        lines = []
        if kind == 0:
            msgid = f"Segment {number} {MARK}: {words}."
            lines.append(f"# draft: deepl 2026-11-20 score=0.{rng.randint(50, 99)}")
        if kind == 3:
            good = digest(msgid, msgstr)
            lines.append(f"# reviewed: Ana Pop 2026-11-01 {good if number % 8 == 3 else '0' * 12}")
        lines += ["#. paragraph", f"#: source/issue-{number // 100}.md:{number % 100 + 1}"]
        if kind in (0, 1):
            lines.append("#, fuzzy")
        if kind == 1:
            msgid = f"Segment {number} {MARK}: {words}."
            lines.append(f"#| msgid {quote(f'Segment {number}: {words} (old)')}")
        lines += [f"msgid {quote(msgid)}", f"msgstr {quote(msgstr)}", ""]
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


CPU: dict[str, list[float]] = {}  # CPU seconds (user + system) per command name: steadier on a busy machine


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None, name: str | None = None) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    name = name or (Path(command[0]).name if "-c" not in command else command[command.index("-c") + 2])
    CPU.setdefault(name, []).append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:2])} failed: {(result.stderr or result.stdout).strip()[:300]}")
    return elapsed


def peer(name: str) -> str | None:
    """The peer's executable: on PATH, or beside the running Python (a virtual environment)."""
    return shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))


def make_project(folder: Path, catalog: str) -> Path:
    """A one-issue project holding ``catalog`` as its Romanian catalog; returns the catalog."""
    (folder / "source").mkdir(parents=True)
    (folder / "source" / "issue.md").write_text("# Issue\n", "utf-8")
    (folder / "l10n.toml").write_text('languages = ["ro"]\nreviewer = "Bench Reviewer"\n', "utf-8")
    path = folder / "locales" / "ro" / "LC_MESSAGES" / "issue.po"
    path.parent.mkdir(parents=True)
    path.write_text(catalog, "utf-8")
    return path


def best(times: list[float]) -> float:
    """The median run: on a shared machine a burst of load hits single runs."""
    return statistics.median(times)


def run_size(entries: int, repeat: int, work: Path,
             baseline: Path | None = None) -> list[tuple[str, str, float, float]]:
    """Rows of (task, peer, our seconds, peer seconds) for one catalog size; with ``baseline``
    (a folder holding an earlier ``l10n`` package), its sign-offs too, run by turns with ours."""
    catalog = generate_catalog(entries)
    l10n = [sys.executable, "-c", "from l10n.cli import main; main()"]
    old_env = {**os.environ, "PYTHONPATH": str(baseline)} if baseline else None
    rows = []
    ours_signoff: list[float] = []
    peer_signoff: list[float] = []
    old_signoff: list[float] = []
    old_after_check: list[float] = []
    for attempt in range(repeat):
        folder = work / f"{entries}-{attempt}"
        path = make_project(folder, catalog)
        ours_signoff.append(timed([*l10n, "signoff", "--lang", "ro", "--match", MARK], folder))
        assert path.read_text("utf-8").count("#, fuzzy") == 0
        if baseline:
            for checked, times in ((False, old_signoff), (True, old_after_check)):
                old = work / f"{entries}-baseline-{checked}-{attempt}"
                old_path = make_project(old, catalog)
                if checked:
                    subprocess.run([*l10n, "check", "--lang", "ro"], cwd=old, env=old_env, capture_output=True,
                                   check=False)
                times.append(timed([*l10n, "signoff", "--lang", "ro", "--match", MARK], old, old_env, "baseline"))
                assert old_path.read_text("utf-8").count("#, fuzzy") == 0
        if peer("msgattrib"):
            copy = folder / "peer.po"
            copy.write_text(catalog, "utf-8")
            peer_signoff.append(timed([peer("msgattrib"), "--clear-fuzzy", "--clear-previous", "-o", "out.po",
                                       str(copy)], folder))
    if peer_signoff:
        rows.append(("sign off fuzzy entries", "msgattrib --clear-fuzzy", best(ours_signoff), best(peer_signoff)))
    # A reviewer's usual order: `l10n check` (untimed), then the sign-off, which takes the
    # findings check kept for the same bytes instead of checking again.
    after_check: list[float] = []
    plain_cpu = list(CPU.get("signoff", []))  # the CPU line is of the sign-off that checks
    for attempt in range(repeat):
        folder = work / f"{entries}-checked-{attempt}"
        path = make_project(folder, catalog)
        subprocess.run([*l10n, "check", "--lang", "ro"], cwd=folder, capture_output=True, check=False)
        after_check.append(timed([*l10n, "signoff", "--lang", "ro", "--match", MARK], folder))
        assert path.read_text("utf-8").count("#, fuzzy") == 0
    CPU["signoff"] = plain_cpu
    if peer_signoff:
        rows.append(("sign off after l10n check", "msgattrib --clear-fuzzy", best(after_check), best(peer_signoff)))
        if baseline:
            rows.append(("baseline: sign off", "msgattrib --clear-fuzzy", best(old_signoff), best(peer_signoff)))
            rows.append(("baseline: after l10n check", "msgattrib --clear-fuzzy", best(old_after_check),
                         best(peer_signoff)))

    ours_list: list[float] = []
    peers: dict[str, list[float]] = {"msgfmt --statistics": [], "pocount": []}
    folder = work / f"{entries}-list"
    path = make_project(folder, catalog)
    for _ in range(repeat):
        ours_list.append(timed([*l10n, "review", "--list"], folder))
        if peer("msgfmt"):
            peers["msgfmt --statistics"].append(
                timed([peer("msgfmt"), "--statistics", "-o", "/dev/null", str(path)], folder))
        if peer("pocount"):
            peers["pocount"].append(timed([peer("pocount"), str(path)], folder))
    for name, times in peers.items():
        if times:
            rows.append(("list sign-offs / count states", name, best(ours_list), best(times)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000], help="catalog sizes in entries")
    parser.add_argument("--repeat", type=int, default=1, help="runs per tool and size (medians are compared)")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="a folder holding an earlier l10n package (a checkout): its sign-off is timed too")
    args = parser.parse_args()
    compile_l10n()  # bytecode as an installed package has it (bench/installed.py)
    if args.baseline:  # its bytecode too, as compile_l10n writes ours
        import compileall

        compileall.compile_dir(args.baseline / "l10n", quiet=1)
    print(f"{'entries':>8}  {'task':<30} {'peer':<24} {'l10n s':>8} {'peer s':>8} {'peer/l10n':>9}")
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        for entries in args.sizes:
            for task, peer, ours, theirs in run_size(entries, args.repeat, Path(tmp), args.baseline):
                print(f"{entries:>8}  {task:<30} {peer:<24} {ours:>8.2f} {theirs:>8.2f} {theirs / ours:>9.2f}")
            cpu = {name: statistics.median(times) for name, times in CPU.items()}
            if "signoff" in cpu and "msgattrib" in cpu:
                print(f"{entries:>8}  CPU seconds: l10n signoff {cpu['signoff']:.2f}, msgattrib {cpu['msgattrib']:.2f}, "
                      f"ratio {cpu['msgattrib'] / cpu['signoff']:.2f}")
            CPU.clear()
    print(f"load average (1 min) after the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
