"""``sign_off_file`` checking entries in forked workers gives what it gives checking them here:
the same findings, the same refusals, the same bytes on disk."""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

import pytest

from l10n import checks
from l10n.catalogs.pofile import format_catalog, parse_catalog
from l10n.review import session
from l10n.review.session import sign_off_file

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
from bench_review import MARK, generate_catalog  # noqa: E402

pytestmark = pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                                reason="worker processes inherit the entries by fork only")


def catalog_with_errors(entries: int, *, layout: bool) -> str:
    """The bench catalog with a link changed in one marked entry in seven (an error finding on drafts)."""
    text = generate_catalog(entries)
    catalog = parse_catalog(text)
    for number, entry in enumerate(e for e in catalog if MARK in e.msgid):
        if number % 7 == 0:
            entry.msgid += " See [the report](https://example.org/report)."
            entry.msgstr += " Vezi [raportul](https://example.org/raport)."
    # Not in the layout: written without wrapping, as msgcat --no-wrap writes.
    return format_catalog(catalog, width=79 if layout else 0)


def check(entry):
    return checks.check_entry(entry, "ro")


@pytest.mark.parametrize("layout", [True, False])
@pytest.mark.parametrize("force", [False, True])
def test_forked_checks_give_the_same_result_and_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      layout: bool, force: bool) -> None:
    monkeypatch.setattr(session, "FORKED_CHECKS_FROM", 50)
    text = catalog_with_errors(400, layout=layout)
    outcomes = []
    for processes in (1, 2):
        path = tmp_path / f"{processes}.po"
        path.write_text(text, "utf-8")
        result = sign_off_file(path, reviewer="Ana Pop", date="2026-12-02", match=MARK, check=check, force=force,
                               processes=processes, lock_dir=tmp_path / "locks")
        outcomes.append((
            [e.linenum for e in result.signed],
            [e.linenum for e in result.refused],
            [(e.linenum, [(f.check, f.message) for f in found]) for e, found in result.findings],
            [(e.flags, e.tcomment, e.previous_msgid, e.msgstr) for e in result.signed + result.refused],
            path.read_bytes(),
        ))
    serial, forked = outcomes
    assert forked == serial
    signed, refused, findings, _, data = serial
    assert len(signed) + len(refused) == 200
    assert (len(refused) == 0) == force and len(findings) >= 29
    assert data != text.encode("utf-8")
