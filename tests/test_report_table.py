"""The plain status table: drawn without rich, byte for byte what rich draws, text never taken as markup."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from l10n.coverage.counts import (
    CatalogCoverage,
    StaleSignOff,
    Tally,
    coverage_from_rows,
)
from l10n.coverage.report import PLAIN_WIDTH, format_table, render_table


class _Config:
    source_language = "en"
    project = "EPI"


def _rich_plain(coverage) -> str:
    """What rich itself draws on a plain console as wide as a file's page."""
    buffer = io.StringIO()
    render_table(coverage, Console(file=buffer, width=PLAIN_WIDTH, color_system=None, force_terminal=False,
                                   highlight=False, emoji=False))
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


_names = st.text(alphabet=st.sampled_from("abz-_09.[]*é…ăłÆ漢\u0301 "), min_size=1, max_size=30)


@st.composite
def coverages(draw):
    languages = tuple(draw(st.lists(st.sampled_from(["ro", "pl", "de", "sv", "pt-BR", "sr-Latn"]),
                                    min_size=1, max_size=4, unique=True)))
    issues = tuple(draw(st.lists(_names, min_size=1, max_size=4, unique=True)))
    rows = []
    for issue in issues:
        for language in languages:
            counts = draw(st.lists(st.integers(0, 10**draw(st.integers(1, 6))), min_size=4, max_size=4))
            untranslated, fuzzy, translated, stale = counts
            reviewed = translated // 2
            entries = Tally(untranslated + fuzzy + translated, untranslated, fuzzy, fuzzy // 2, translated,
                            reviewed, stale)
            words = Tally(entries.total * 7, untranslated * 7, fuzzy * 7, fuzzy // 2 * 7, translated * 7,
                          reviewed * 7, stale * 7)
            found = tuple(
                StaleSignOff(issue=issue, language=language, path=f"locales/{language}/LC_MESSAGES/{issue}.po",
                             line=draw(st.integers(1, 9999)), msgctxt=None, msgid=draw(_names) * draw(st.integers(1, 5)),
                             reviewer=draw(_names), date="2026-03-02")
                for _ in range(draw(st.integers(0, 2)))
            )
            rows.append(CatalogCoverage(issue=issue, language=language, path=f"{language}/{issue}.po",
                                        exists=draw(st.booleans()), entries=entries, words=words, stale=found))
    return coverage_from_rows(_Config(), rows, languages, issues)


@settings(max_examples=40, deadline=None)
@given(coverages())
def test_the_plain_table_is_what_rich_draws(coverage) -> None:
    assert format_table(coverage) == _rich_plain(coverage)


def test_a_stale_entry_with_a_link_shows_its_brackets(tmp_path: Path) -> None:
    """Rich would read "[our site]" as a style tag and drop it from the table."""
    msgid = "See [our site](https://epi.example/) and [bold]this[/bold]"
    stale = StaleSignOff(issue="2026-03", language="ro", path="locales/ro/LC_MESSAGES/2026-03.po", line=12,
                         msgctxt=None, msgid=msgid, reviewer="Ana [Pop]", date="2026-03-02")
    row = CatalogCoverage(issue="2026-03", language="ro", path="ro.po", exists=True,
                          entries=Tally(1, 0, 0, 0, 1, 0, 1), words=Tally(5, 0, 0, 0, 5, 0, 5), stale=(stale,))
    coverage = coverage_from_rows(_Config(), [row], ("ro",), ("2026-03",))
    plain = format_table(coverage)
    assert "[our site](https://epi.example/)" in plain and "[bold]this[/bold]" in plain and "Ana [Pop]" in plain
    buffer = io.StringIO()
    render_table(coverage, Console(file=buffer, width=200, force_terminal=True, color_system="truecolor"))
    assert "[our site]" in buffer.getvalue() and "Ana [Pop]" in buffer.getvalue()


def test_status_off_a_terminal_does_not_load_rich(sample: Path) -> None:
    code = ("import sys\n"
            "from l10n.cli import main\n"
            "try:\n"
            "    main(['status', '--no-cache'], standalone_mode=False)\n"
            "finally:\n"
            "    print('rich loaded' if 'rich' in sys.modules else 'no rich', file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=sample, capture_output=True, text=True)
    assert "Coverage by issue and language" in result.stdout, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "no rich"


def _rich_terminal(coverage, width: int, colours: str) -> str:
    """What rich itself draws on a colour terminal."""
    from l10n.coverage import report

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=True, color_system=colours)
    for grid in report._grids(coverage, plain=False, fits=lambda grid: report._rich_width(console, grid) <= width):
        console.print(report._rich_table(grid, plain=False))
    return buffer.getvalue()


def _terminal_matches(colours: str) -> None:
    @settings(max_examples=40, deadline=None, database=None)
    @given(coverages(), st.sampled_from([60, 80, 120, 200]))
    def check(coverage, width: int) -> None:
        buffer = io.StringIO()
        render_table(coverage, Console(file=buffer, width=width, force_terminal=True, color_system=colours))
        assert buffer.getvalue() == _rich_terminal(coverage, width, colours)

    check()


@pytest.mark.parametrize("colours", ["standard", "256", "truecolor"])
def test_the_terminal_table_is_what_rich_draws(colours: str) -> None:
    """Each colour system in a process of its own: rich keeps the escape codes it made for a
    style and writes them again on a console of another colour system."""
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
            f"import test_report_table; test_report_table._terminal_matches({colours!r})")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]


def test_each_console_gets_the_codes_of_its_own_colour_system() -> None:
    row = CatalogCoverage(issue="2026-03", language="ro", path="ro.po", exists=True,
                          entries=Tally(10, 4, 0, 0, 6, 0, 0), words=Tally(50, 20, 0, 0, 30, 0, 0))
    coverage = coverage_from_rows(_Config(), [row], ("ro",), ("2026-03",))
    drawn = {}
    for colours in ("256", "standard", "truecolor", "standard"):
        buffer = io.StringIO()
        render_table(coverage, Console(file=buffer, width=160, force_terminal=True, color_system=colours))
        drawn.setdefault(colours, set()).add(buffer.getvalue())
    assert len(drawn["standard"]) == 1
    (standard,) = drawn["standard"]
    # grey35, the empty part of a bar, is a colour of the 256-colour palette.
    assert "\x1b[33m" in standard and "38;5;" not in standard and "\x1b[90m" in standard
    assert all("\x1b[38;5;240m" in next(iter(drawn[colours])) for colours in ("256", "truecolor"))
