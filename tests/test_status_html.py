"""The HTML coverage page in a real headless browser (Debian's chromium driven by Playwright)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from status_helpers import make_project, write_states

from l10n.cli import main
from l10n.coverage.counts import compute_coverage, percent

ARTIFACTS = Path(__file__).parent / "artifacts"


from playwright.sync_api import Browser, Page

ISSUES = ("2026-03", "2026-04", "2026-05")
LANGUAGES = ("ro", "de", "lv")
STATES = {
    ("ro", "2026-03"): "rrrrrr",
    ("ro", "2026-04"): "ttttsu",
    ("ro", "2026-05"): "tttuuu",
    ("de", "2026-03"): "tduuuu",
    ("de", "2026-04"): "tttttf",
    # de 2026-05 and every lv catalog are missing: 0% rows.
}


@pytest.fixture
def page_file(tmp_path: Path) -> tuple[Path, dict[tuple[str, str], float]]:
    """The page written by ``l10n status -o``, and the translated percentage of each cell."""
    config = make_project(tmp_path, languages=LANGUAGES, issues=ISSUES)
    for (language, issue), states in STATES.items():
        write_states(config, language, issue, states)
    target = tmp_path / "status.html"
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "l10n.toml"), "status", "-o", str(target)])
    assert result.exit_code == 0, result.output
    coverage = compute_coverage(config)
    expected = {(r.issue, r.language): percent(r.entries.translated_ratio, digits=1) for r in coverage.rows}
    return target, expected


def _open(browser: Browser, path: Path, width: int) -> tuple[Page, list[str], list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 800})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    return page, errors, requests


def _header(page: Page, name: str):
    headers = page.locator("#detail thead th")
    return headers.nth(headers.all_inner_texts().index(name))


def _column(page: Page, name: str) -> list[float]:
    index = page.locator("#detail thead th").all_inner_texts().index(name)
    return [float(cell.get_attribute("data-value"))
            for cell in page.locator(f"#detail tbody tr td:nth-child({index + 1})").all()]


def test_page_loads_without_errors_or_outside_requests(browser: Browser, page_file) -> None:
    path, _ = page_file
    page, errors, requests = _open(browser, path, 1280)
    assert errors == []
    assert requests == [path.as_uri()]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "status.png"), full_page=True)
    page.close()


def test_heat_map_has_one_cell_per_issue_and_language(browser: Browser, page_file) -> None:
    path, expected = page_file
    page, errors, _ = _open(browser, path, 1280)
    cells = page.locator("#heatmap td.cell")
    assert cells.count() == len(ISSUES) * len(LANGUAGES)
    seen = {}
    for cell in cells.all():
        key = (cell.get_attribute("data-issue"), cell.get_attribute("data-language"))
        seen[key] = cell.inner_text()
    assert seen == {key: f"{value:.1f}%" for key, value in expected.items()}
    assert seen[("2026-03", "de")] == "16.7%" and seen[("2026-04", "ro")] == "83.3%"
    assert seen[("2026-05", "de")] == "0.0%" and seen[("2026-05", "lv")] == "0.0%"
    # Rows are languages, columns are issues.
    assert page.locator("#heatmap thead th").all_inner_texts()[1:] == list(ISSUES)
    assert errors == []
    page.close()


def test_clicking_a_column_header_sorts_the_rows(browser: Browser, page_file) -> None:
    path, expected = page_file
    page, errors, _ = _open(browser, path, 1280)
    original = _column(page, "Translated %")
    _header(page, "Translated %").locator("button").click()
    ascending = _column(page, "Translated %")
    assert ascending == sorted(original) and ascending != original
    assert _header(page, "Translated %").get_attribute("aria-sort") == "ascending"
    _header(page, "Translated %").locator("button").click()
    assert _column(page, "Translated %") == sorted(original, reverse=True)
    _header(page, "Language").locator("button").click()
    languages = page.locator("#detail tbody tr").evaluate_all("rows => rows.map(r => r.dataset.language)")
    assert languages == sorted(languages)
    assert len(languages) == len(expected)
    assert errors == []
    page.close()


def test_bars_and_stale_list(browser: Browser, page_file) -> None:
    path, _ = page_file
    page, _, _ = _open(browser, path, 1280)
    assert page.locator("#languages li").evaluate_all("items => items.map(i => i.dataset.language)") == list(LANGUAGES)
    ro_bar = page.locator('#languages li[data-language="ro"] .track .translated')
    track = page.locator('#languages li[data-language="ro"] .track').bounding_box()
    box = ro_bar.bounding_box()
    assert box is not None and track is not None
    assert box["width"] / track["width"] == pytest.approx(14 / 18, abs=0.01)
    stale_rows = page.locator("#stale tbody tr")
    assert stale_rows.count() == 1
    assert "Pilot actions" in stale_rows.inner_text()
    page.close()


def test_page_fits_a_phone(browser: Browser, page_file) -> None:
    path, _ = page_file
    page, errors, _ = _open(browser, path, 375)
    # Wide tables scroll inside their own box; the page itself does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.locator("h1").bounding_box()["width"] <= 375
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "status-phone.png"), full_page=True)
    assert errors == []
    page.close()
