"""The status report formats: plain and coloured table, JSON against its schema, CSV, Markdown, HTML."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import polib
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from status_helpers import make_project, write_states

from l10n.cli import main
from l10n.coverage.counts import compute_coverage, percent, percent_of
from l10n.coverage.report import SCHEMA_PATH, csv_columns, format_html, format_markdown, render_table

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(root / "l10n.toml"), "status", *args])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Two issues in three languages: ro complete and partly reviewed, de partial, lv without catalogs."""
    config = make_project(tmp_path, languages=("ro", "de", "lv"), issues=("2026-03", "2026-04"))
    write_states(config, "ro", "2026-03", "rrrttt")
    write_states(config, "ro", "2026-04", "rrttsz")
    write_states(config, "de", "2026-03", "ttdfuu")
    write_states(config, "de", "2026-04", "tt--uu")
    return tmp_path


def test_plain_table_is_the_default_off_a_terminal(project: Path) -> None:
    result = run(project)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "\x1b" not in result.stdout
    assert lines[0] == "Coverage by issue and language"
    assert lines[2] == ("| Issue   | Lang            | Entries | Translated        | Reviewed          "
                        "| Fuzzy | Draft | Untransl. | Stale | Words | Words transl. |")
    assert "| 2026-03 | ro              |       6 | ########## 100.0% | #####.....  50.0% |     0 |     0 " \
           "|         0 |     0 |    24 |        100.0% |" in lines
    assert "| 2026-03 | de              |       6 | ###.......  33.3% | ..........   0.0% |     2 |     1 " \
           "|         2 |     0 |    24 |         29.2% |" in lines
    assert "| 2026-04 | lv (no catalog) |       6 | ..........   0.0% | ..........   0.0% |     0 |     0 " \
           "|         6 |     0 |    24 |          0.0% |" in lines
    assert "| 2026-04 | all             |      18 | ###.......  38.9% | #.........  11.1% |     1 |     0 " \
           "|        10 |     2 |    72 |         40.3% |" in lines
    assert "Totals by language" in lines
    assert "| lv   |      2 |      12 | ..........   0.0% | ..........   0.0% |     0 |     0 " \
           "|        12 |     0 |    48 |          0.0% |" in lines
    assert "Stale sign-offs (the text changed after review)" in lines
    assert any(line.startswith("| locales/ro/LC_MESSAGES/2026-04.po:32 | ro   | Ana Pop  | 2026-03-02 | Pilot")
               for line in lines)


@pytest.mark.parametrize("colour", [True, False], ids=["terminal", "plain"])
@pytest.mark.parametrize("width", [80, 100, 160])
def test_every_row_keeps_issue_language_and_percentages_at_any_width(project: Path, width: int,
                                                                     colour: bool) -> None:
    coverage = compute_coverage(make_project(project, languages=("ro", "de", "lv"), issues=("2026-03", "2026-04")))
    buffer = io.StringIO()
    render_table(coverage, Console(file=buffer, width=width, force_terminal=colour,
                                   color_system="truecolor" if colour else None))
    text = re.sub(r"\x1b\[[0-9;]*m", "", buffer.getvalue())
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines)
    assert "…" not in text
    for row in coverage.rows:
        pattern = (rf"^\W*{re.escape(row.issue)}\W+{row.language}\b.*?"
                   rf"{percent(row.entries.translated_ratio, digits=1):.1f}%.*?"
                   rf"{percent(row.entries.reviewed_ratio, digits=1):.1f}%")
        assert any(re.search(pattern, line) for line in lines), (row.issue, row.language, text)
    for summary in coverage.by_language:
        pattern = rf"^\W*{summary.key}\W+{summary.catalogs}\W.*?{percent(summary.entries.translated_ratio, digits=1):.1f}%"
        assert any(re.search(pattern, line) for line in lines), (summary.key, text)
    # The full width is used when there is room: bars and every count at 160 columns.
    if width == 160:
        assert "Words transl." in text and ("██" in text if colour else "##" in text)
    if width == 80:
        assert "Fuzzy" in text and "Stale" in text


def test_status_on_an_80_column_terminal(project: Path) -> None:
    """``l10n status`` in a real pseudo-terminal 80 columns wide."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env["TERM"] = "xterm-256color"
    process = subprocess.Popen([sys.executable, "-m", "l10n", "--config", str(project / "l10n.toml"), "status"],
                               stdin=follower, stdout=follower, stderr=follower, env=env, cwd=project)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait(timeout=60) == 0
    os.close(leader)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8")).replace("\r", "")
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines), text
    assert "…" not in text
    assert any(re.search(r"^\W*2026-03\W+de\W+33\.3%\W+0\.0%", line) for line in lines), text
    assert any(re.search(r"^\W*2026-04\W+lv \(no catalog\)\W+0\.0%\W+0\.0%", line) for line in lines), text


def test_table_on_a_terminal_has_coloured_bars(project: Path) -> None:
    config = make_project(project, languages=("ro", "de", "lv"), issues=("2026-03", "2026-04"))
    buffer = io.StringIO()
    render_table(compute_coverage(config), Console(file=buffer, force_terminal=True, color_system="truecolor",
                                                   width=200))
    text = buffer.getvalue()
    assert "\x1b[" in text and "██████████" in text and "░░░░░░░░░░" in text
    assert "#####" not in text


def test_json_matches_its_schema_and_the_counts(project: Path) -> None:
    result = run(project, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert document["languages"] == ["ro", "de", "lv"] and document["issues"] == ["2026-03", "2026-04"]
    assert document["project"] == "EPI newsletter"
    row = next(r for r in document["catalogs"] if r["issue"] == "2026-04" and r["language"] == "de")
    assert row == {
        "issue": "2026-04", "language": "de", "path": "locales/de/LC_MESSAGES/2026-04.po", "exists": True,
        "missing": 2,
        "entries": {"total": 6, "untranslated": 4, "fuzzy": 0, "draft": 0, "translated": 2, "reviewed": 0,
                    "stale": 0, "percent_translated": 33.33, "percent_reviewed": 0.0},
        "words": {"total": 24, "untranslated": 17, "fuzzy": 0, "draft": 0, "translated": 7, "reviewed": 0,
                  "stale": 0, "percent_translated": 29.17, "percent_reviewed": 0.0},
    }
    lv = next(r for r in document["by_language"] if r["language"] == "lv")
    assert lv["catalogs"] == 2 and lv["entries"]["untranslated"] == 12
    assert document["total"]["entries"]["total"] == 36
    assert [(s["path"], s["line"], s["msgid"]) for s in document["stale"]] == [
        ("locales/ro/LC_MESSAGES/2026-04.po", 32, "Pilot actions"),
        ("locales/ro/LC_MESSAGES/2026-04.po", 38, "Replication workshops"),
    ]


def test_schema_rejects_a_document_without_a_required_key(project: Path) -> None:
    document = json.loads(run(project, "--format", "json").stdout)
    del document["catalogs"][0]["entries"]["stale"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)


def test_csv_has_one_row_per_issue_and_language(project: Path) -> None:
    result = run(project, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == csv_columns()
    assert [(r["issue"], r["language"]) for r in rows] == [
        ("2026-03", "ro"), ("2026-03", "de"), ("2026-03", "lv"),
        ("2026-04", "ro"), ("2026-04", "de"), ("2026-04", "lv"),
    ]
    de = rows[1]
    assert (de["entries"], de["translated"], de["fuzzy"], de["draft"], de["untranslated"]) == ("6", "2", "2", "1", "2")
    assert (de["words"], de["words_translated"], de["words_percent_translated"]) == ("24", "7", "29.17")
    assert rows[2]["exists"] == "no" and rows[2]["percent_translated"] == "0.0"
    assert rows[3]["stale"] == "2" and rows[3]["reviewed"] == "2"


def test_markdown_tables_have_their_columns(project: Path) -> None:
    result = run(project, "--format", "markdown")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "## Translation coverage: EPI newsletter"
    table = [line for line in lines[2:lines.index("### Totals by language")] if line]
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    assert header == ["Issue", "Language", "Translated", "Reviewed", "Fuzzy", "Draft", "Untranslated",
                      "Stale", "Words translated"]
    assert table[1] == "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    assert all(line.count(" | ") == len(header) - 1 for line in table)
    assert table[2:] == [
        "| 2026-03 | ro | 100.0% (6/6) | 50.0% (3/6) | 0 | 0 | 0 | 0 | 100.0% (24/24) |",
        "| 2026-03 | de | 33.3% (2/6) | 0.0% (0/6) | 2 | 1 | 2 | 0 | 29.2% (7/24) |",
        "| 2026-03 | lv (no catalog) | 0.0% (0/6) | 0.0% (0/6) | 0 | 0 | 6 | 0 | 0.0% (0/24) |",
        "| 2026-04 | ro | 83.3% (5/6) | 33.3% (2/6) | 1 | 0 | 0 | 2 | 91.7% (22/24) |",
        "| 2026-04 | de | 33.3% (2/6) | 0.0% (0/6) | 0 | 0 | 4 | 0 | 29.2% (7/24) |",
        "| 2026-04 | lv (no catalog) | 0.0% (0/6) | 0.0% (0/6) | 0 | 0 | 6 | 0 | 0.0% (0/24) |",
    ]
    assert "| **all** | 6 | 41.7% (15/36) | 13.9% (5/36) | 3 | 1 | 18 | 2 | 41.7% (60/144) |" in lines
    assert "### Totals by issue" in lines
    assert lines[-1] == ("- locales/ro/LC\\_MESSAGES/2026-04.po:38 (ro, Ana Pop 2026-03-02): "
                         "Replication workshops")


def test_markdown_escapes_what_would_break_the_table(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro",))
    write_states(config, "ro", "2026-03", "ttttst", reviewer="Ana | Pop")
    text = format_markdown(compute_coverage(config))
    assert "(ro, Ana \\| Pop 2026-03-02): Pilot actions" in text


def test_html_escapes_catalog_text(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro",))
    write_states(config, "ro", "2026-03", "ttttst", reviewer='<img src=x onerror="alert(1)">')
    for path in (config.template_path("2026-03"), config.catalog_path("ro", "2026-03")):
        path.write_text(path.read_text(encoding="utf-8").replace(
            'msgid "Pilot actions"', 'msgid "Pilot <script>alert(2)</script> actions"'), encoding="utf-8")
    page = format_html(compute_coverage(config))
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "Pilot &lt;script&gt;alert(2)&lt;/script&gt; actions" in page
    assert page.count("<script>") == 1  # the page's own sorting script


def test_html_is_self_contained(project: Path) -> None:
    result = run(project, "--format", "html")
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert page.startswith("<!doctype html>")
    for reference in ("http://", "https://", "src=", "@import", "url("):
        assert reference not in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("report.json", lambda text: json.loads(text)["schema_version"] == 1),
        ("report.csv", lambda text: text.startswith("issue,language,path,")),
        ("report.md", lambda text: text.startswith("## Translation coverage")),
        ("report.html", lambda text: text.startswith("<!doctype html>")),
        ("report.txt", lambda text: text.startswith("Coverage by issue and language\n+")),
    ],
    ids=["json", "csv", "markdown", "html", "table"],
)
def test_output_file_format_follows_its_suffix(project: Path, name: str, check) -> None:
    target = project / "out" / name
    result = run(project, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{target}: written\n"
    assert check(target.read_text(encoding="utf-8"))


def test_format_option_wins_over_the_suffix(project: Path) -> None:
    target = project / "report.txt"
    assert run(project, "-o", str(target), "-f", "csv").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("issue,language,")


def test_language_and_issue_selection(project: Path) -> None:
    result = run(project, "--lang", "de", "2026-04", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["issue"], r["language"]) for r in rows] == [("2026-04", "de")]


def test_one_language_table_has_no_total_rows_per_issue(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro",))
    write_states(config, "ro", "2026-03", "tttuuu")
    lines = run(tmp_path).stdout.splitlines()
    assert [line for line in lines if line.startswith("| 2026-03")] == [
        "| 2026-03 | ro   |       6 | #####.....  50.0% | ..........   0.0% |     0 |     0 "
        "|         3 |     0 |    24 |         58.3% |"
    ]


def test_project_without_issues_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "l10n.toml").write_text('languages = ["ro"]\n', encoding="utf-8")
    result = run(tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'source'}: no issues found (no .md, .html or .htm files)\n"


@given(whole=st.integers(0, 10**7), share=st.fractions(0, 1), digits=st.integers(0, 3), down=st.booleans())
def test_a_percentage_in_integers_is_the_exact_ratios(whole: int, share, digits: int, down: bool) -> None:
    from fractions import Fraction

    part = int(share * whole)
    ratio = Fraction(part, whole) if whole else Fraction(1)
    scale = 10**digits
    expected = (ratio * 100 * scale + (0 if down else Fraction(1, 2))).__floor__()
    if ratio < 1 and expected >= 100 * scale:
        expected = 100 * scale - 1
    assert percent_of(part, whole, digits=digits, down=down) == expected / scale == percent(ratio, digits=digits,
                                                                                         down=down)
    if whole and 0 < whole - part and whole > 10**5:
        assert percent_of(whole - 1, whole) == 99.99  # never 100 short of complete


def test_percentages_round_half_up_and_json_keeps_the_counts(tmp_path: Path, monkeypatch) -> None:
    """25 of 33 entries translated is 75.7575...%: 75.8% in the table, 75.76 in JSON, with 25 and 33."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "l10n.toml").write_text('project = "Rounding"\nlanguages = ["ro"]\n', encoding="utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "one.md").write_text("".join(f"Paragraph number {n}.\n\n" for n in range(33)),
                                                 encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["extract"]).exit_code == 0
    assert runner.invoke(main, ["update"]).exit_code == 0
    path = tmp_path / "locales" / "ro" / "LC_MESSAGES" / "one.po"
    catalog = polib.pofile(str(path))
    for entry in list(catalog)[:25]:
        entry.msgstr = "Paragraful " + entry.msgid
    catalog.save(str(path))
    table = runner.invoke(main, ["status"])
    assert table.exit_code == 0, table.output
    assert any(line.startswith("| one ") and " 75.8% |" in line for line in table.stdout.splitlines())
    document = json.loads(runner.invoke(main, ["status", "-f", "json"]).stdout)
    entries = document["catalogs"][0]["entries"]
    assert (entries["translated"], entries["total"], entries["percent_translated"]) == (25, 33, 75.76)
    markdown = runner.invoke(main, ["status", "-f", "markdown"]).stdout
    assert "75.8% (25/33)" in markdown


def test_html_report_says_one_issue_and_one_draft(tmp_path: Path) -> None:
    config = make_project(tmp_path, languages=("ro",), issues=("2026-03",))
    write_states(config, "ro", "2026-03", "ttdtuu")
    result = run(tmp_path, "-o", str(tmp_path / "coverage.html"))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "coverage.html").read_text(encoding="utf-8")
    assert "1 issue &times; 1 language &middot;" in page
    assert "(1 draft)" in page
    assert "1 issues" not in page and "1 drafts" not in page and "1 languages" not in page
