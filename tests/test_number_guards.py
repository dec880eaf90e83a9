"""The numbers check runs its two slow patterns only on texts that hold what each match holds:
on any other text the pattern changes nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.checks.numbers import _SPACED_DIGITS_RE, _numbers
from l10n.checks.text import _DATE_HINT_RE, _DATE_RE, _SPACE_GROUP_RE

texts = st.text(alphabet=st.sampled_from("0123456789٣ ./-,:\u00a0aZ"), max_size=24)


@settings(max_examples=500, deadline=None)
@given(text=texts)
def test_a_text_the_guards_pass_over_is_one_the_patterns_leave_alone(text: str) -> None:
    if not _DATE_HINT_RE.search(text):
        assert _DATE_RE.sub(" ", text) == text
    if not _SPACED_DIGITS_RE.search(text):
        assert _SPACE_GROUP_RE.sub(lambda match: match[0].replace(" ", "\u00a0"), text) == text


def test_dates_and_spaced_groups_are_still_read() -> None:
    assert _numbers.__wrapped__("On 20.01.2022 we had 12 500 visitors and 3 cities.", "ro", "en") == (
        ("12500", "3"), ())
