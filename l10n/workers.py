"""Work spread over processes, with one behaviour on Ctrl-C for every command.

:func:`run_in_processes` is the only process pool of the toolkit (compile, build, status,
check). Workers ignore SIGINT, which reaches the whole process group: the main process alone
decides. On Ctrl-C, or when a call raises, the calls not started yet are dropped, the running
ones finish (each writes its files atomically, so nothing is left half-written), and the
exception goes on; the command line turns Ctrl-C into one line and exit code 130.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def cpu_count() -> int:
    """The processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_in_processes(function: Callable[..., T], calls: Sequence[tuple[Any, ...]], processes: int,
                     *, on_result: Callable[[T], None] | None = None,
                     meanwhile: Callable[[], None] | None = None, alongside: bool = False) -> list[T]:
    """``function(*args)`` for each of ``calls`` in up to ``processes`` processes, results in order.

    With one process, or one call, everything runs here, in order, unless ``alongside``:
    then the calls run in worker processes (even one) while this process does ``meanwhile``,
    its own share of the work. ``on_result`` is called with each result as it is collected
    (for a progress display). ``meanwhile`` is other work for this process, done while the
    others work (or after the calls, when they all run here); an exception it raises is
    raised once every result is in, so that one a call raises comes first, as if
    ``meanwhile`` had run after the calls.
    """
    calls = list(calls)
    processes = max(1, min(processes, len(calls)))
    results: list[T] = []

    def collect(result: T) -> None:
        results.append(result)
        if on_result is not None:
            on_result(result)

    if processes == 1 and not (alongside and calls):
        for args in calls:
            collect(function(*args))
        if meanwhile is not None:
            meanwhile()
        return results
    from concurrent.futures import ProcessPoolExecutor  # loaded only when processes start

    with ProcessPoolExecutor(processes, initializer=_ignore_interrupts) as pool:
        futures = [pool.submit(function, *args) for args in calls]
        try:
            deferred: Exception | None = None
            if meanwhile is not None:
                try:
                    meanwhile()
                except Exception as exc:  # raised after the calls' results, as when run after them
                    deferred = exc
            for future in futures:
                collect(future.result())
            if deferred is not None:
                raise deferred
            return results
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def chunks(items: Sequence[T], processes: int, *, per_process: int = 4) -> list[list[T]]:
    """``items`` cut into about ``per_process`` pieces a process: the pool stays busy, Ctrl-C stops soon."""
    size = max(1, len(items) // max(1, processes * per_process))
    return [list(items[start : start + size]) for start in range(0, len(items), size)]
