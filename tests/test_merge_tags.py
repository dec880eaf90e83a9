"""The quick test for merge tags never says no where a merge tag is."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from l10n.sources.mergetags import _HINTS, MERGE_TAG_RE, has_merge_tags, merge_tags

texts = st.text(alphabet="*|{}%#=v()@ aZ_.:-\n", max_size=40)


@given(texts)
def test_the_quick_test_is_the_hints_and_misses_no_tag(text: str) -> None:
    assert has_merge_tags(text) == any(hint in text for hint in _HINTS)
    if MERGE_TAG_RE.search(text):
        assert has_merge_tags(text) and merge_tags(text) == MERGE_TAG_RE.findall(text)


def test_each_kind_of_tag_is_found() -> None:
    for text in ("Hi *|FNAME|*", "{{ name }}", "{% if x %}", "{# note #}", "%%unsubscribe%%"):
        assert merge_tags(f"a {text} b") == [text.removeprefix("Hi ")]
