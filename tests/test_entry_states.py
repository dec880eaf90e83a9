"""An entry's draft line told without reading it agrees with reading it."""

from __future__ import annotations

import polib
from hypothesis import given
from hypothesis import strategies as st

from l10n.catalogs.states import State, draft_line, draft_of, has_draft, state_of

comment_lines = st.sampled_from([
    draft_line("deepl", "2026-11-20", "score=0.87"), draft_line("tm", "2026-11-20"), "draft: deepl", "draft:",
    "  draft: tm 2026-01-02  ", "draft: x 2026-13-99", "drafted: tm 2026-11-20", "reviewed: Ana 2026-11-20 abc",
    "note draft: tm 2026-11-20", "", "l10n-ignore: numbers",
]) | st.text(alphabet="draft: 0123456789-tm", max_size=30)


@given(st.lists(comment_lines, max_size=4), st.booleans())
def test_has_draft_is_draft_of_not_none(lines: list[str], fuzzy: bool) -> None:
    entry = polib.POEntry(msgid="Source", msgstr="Text", tcomment="\n".join(lines), flags=["fuzzy"] if fuzzy else [])
    assert has_draft(entry) == (draft_of(entry) is not None)
    if fuzzy:
        assert state_of(entry) == (State.DRAFT if draft_of(entry) is not None else State.FUZZY)


def test_a_draft_line_makes_a_fuzzy_entry_a_draft() -> None:
    entry = polib.POEntry(msgid="Source", msgstr="Text", tcomment=draft_line("tm", "2026-11-20"), flags=["fuzzy"])
    assert has_draft(entry) and state_of(entry) is State.DRAFT
    entry.tcomment = "a translator's note"
    assert not has_draft(entry) and state_of(entry) is State.FUZZY
