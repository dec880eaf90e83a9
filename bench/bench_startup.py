"""Time the start-up of ``l10n`` beside Babel's ``pybabel``.

Each program runs as a whole process, interleaved in one run, ``--repeat`` times; the
medians are compared (peer time divided by ours: above 1, we are faster):

* ``l10n --help`` beside ``pybabel --help`` (what every command pays before it starts);
* ``l10n <command> --help`` for each command (its own imports) beside ``pybabel compile --help``;
* the import time ``python -X importtime -c "import l10n.cli"`` reports, in milliseconds.

Wall time and CPU time (user + system, steadier on a busy machine) are both compared. The
l10n package's bytecode is compiled first, as ``pip install`` compiles the peer's
(bench/installed.py).

    python bench/bench_startup.py                 # 7 runs of each
    python bench/bench_startup.py --repeat 15
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent

sys.path.insert(0, str(Path(__file__).resolve().parent))
from installed import compile_l10n  # noqa: E402

COMMANDS = ("extract", "update", "import", "draft", "review", "signoff", "check", "status", "compile", "render",
            "build")


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def import_ms() -> float:
    """Microseconds to import ``l10n.cli``, as ``-X importtime`` counts them, in milliseconds."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", "import l10n.cli"], capture_output=True,
                            text=True, check=True)
    line = next(line for line in result.stderr.splitlines() if line.rstrip().endswith("| l10n.cli"))
    return int(re.split(r"\s*\|\s*", line)[1]) / 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each program; medians are compared")
    args = parser.parse_args()
    l10n = shutil.which("l10n", path=str(BIN)) or shutil.which("l10n")
    pybabel = shutil.which("pybabel", path=str(BIN)) or shutil.which("pybabel")
    if l10n is None:
        print("l10n is not installed in this environment", file=sys.stderr)
        return 2
    compile_l10n()  # bytecode as an installed package has it (bench/installed.py)
    runs: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    cases = {"l10n --help": [l10n, "--help"]}
    if pybabel:
        cases["pybabel --help"] = [pybabel, "--help"]
        cases["pybabel compile --help"] = [pybabel, "compile", "--help"]
    cases.update({f"l10n {name} --help": [l10n, name, "--help"] for name in COMMANDS})
    imports: list[float] = []
    for _ in range(args.repeat):
        for name, command in cases.items():  # interleaved: a burst of load hits every tool alike
            wall, seconds = timed(command)
            runs.setdefault(name, []).append(wall)
            cpu.setdefault(name, []).append(seconds)
        imports.append(import_ms())
    print(f"load average (1 min) after the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"import l10n.cli: {statistics.median(imports):.0f} ms (median of {len(imports)}, -X importtime)")
    print(f"{'program':<28} {'wall s':>7} {'cpu s':>7}   ratio wall, cpu")
    for name, times in runs.items():
        line = f"{name:<28} {statistics.median(times):7.3f} {statistics.median(cpu[name]):7.3f}"
        peer = "pybabel --help" if name == "l10n --help" else "pybabel compile --help"
        if name.startswith("l10n") and peer in runs:
            ratio = statistics.median(runs[peer]) / statistics.median(times)
            cpu_ratio = statistics.median(cpu[peer]) / statistics.median(cpu[name])
            line += f"   {ratio:5.2f}x {cpu_ratio:5.2f}x  ({peer} / {name})"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
