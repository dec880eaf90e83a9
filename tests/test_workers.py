"""The one process pool: a call runs in a worker process beside this one's own share of the work."""

from __future__ import annotations

import os

import pytest

from l10n.workers import run_in_processes


def pid_of_caller(tag: str) -> tuple[str, int]:
    return tag, os.getpid()


def refuse(tag: str) -> None:
    raise ValueError(f"refused {tag}")


def test_one_call_alongside_runs_in_a_worker_while_this_process_does_its_share() -> None:
    here: list[int] = []
    (result,) = run_in_processes(pid_of_caller, [("theirs",)], 1, meanwhile=lambda: here.append(os.getpid()),
                                 alongside=True)
    assert result[0] == "theirs" and result[1] != os.getpid()
    assert here == [os.getpid()]


def test_one_call_without_alongside_runs_here_then_the_share() -> None:
    order: list[str] = []
    (result,) = run_in_processes(pid_of_caller, [("mine",)], 1, meanwhile=lambda: order.append("share"))
    assert result == ("mine", os.getpid()) and order == ["share"]


def test_a_worker_s_exception_alongside_comes_here() -> None:
    with pytest.raises(ValueError, match="refused theirs"):
        run_in_processes(refuse, [("theirs",)], 1, meanwhile=lambda: None, alongside=True)
