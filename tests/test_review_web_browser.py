"""``l10n review --web`` in a real browser: Debian's chromium, driven by Playwright, against the
server that the command starts on a sample project."""

from __future__ import annotations

import datetime
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from review_helpers import digest
from web_review_helpers import ISSUE, REVIEWER, TRANSLATIONS, make_project

from l10n.catalogs.pofile import format_catalog, read_catalog
from l10n.cli import main
from l10n.review.session import reject, set_translation, sign_off

ARTIFACTS = Path(__file__).parent / "artifacts"


from playwright.sync_api import Browser, Page, expect

HEADING = "What is **new** in Cluj"
MET = "We met in [Cartagena](https://example.org/cartagena) on 31 March."
EDITED = "Ne-am văzut la [Cartagena](https://example.org/cartagena) pe 31 martie."


def _serve(root: Path) -> Iterator[str]:
    """Start ``l10n review --web`` on the project; yield the address it prints."""
    command = [str(Path(sys.executable).with_name("l10n")), "--config", str(root / "l10n.toml"), "review",
               "--web", "--no-browser", "--lang", "ro", ISSUE]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "L10N_REVIEWER": REVIEWER})
    try:
        line = process.stdout.readline()
        assert line.startswith(f"Reviewing as {REVIEWER}: http://127.0.0.1:"), line + process.stderr.read()
        yield line.split(": ", 1)[1].strip()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)


def _open(browser: Browser, url: str, *, width: int = 1400) -> tuple[Page, list[str], list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    return page, errors, dialogs


def _current(page: Page):
    return page.locator(".l10n-seg.current")


def test_keyboard_accept_edit_and_reject_write_exactly_those_changes(browser: Browser, tmp_path: Path):
    config = make_project(tmp_path)
    path = config.catalog_path("ro", ISSUE)
    expected = read_catalog(path)
    today = datetime.date.today().isoformat()
    for entry in expected:
        if entry.msgid == HEADING:
            sign_off(entry, reviewer=REVIEWER, date=today)
        elif entry.msgid == MET:
            set_translation(entry, [EDITED])
            sign_off(entry, reviewer=REVIEWER, date=today)
        elif entry.msgid == "Pilot actions":
            reject(entry)
    for url in _serve(tmp_path):
        page, errors, dialogs = _open(browser, url)
        expect(page.locator(".legend")).to_contain_text("Draft 2")
        # N: the first segment needing a look is the draft heading; Enter opens it, A accepts.
        page.keyboard.press("n")
        expect(_current(page)).to_have_attribute("data-badge", "tm · 0.91")
        expect(_current(page)).to_have_class(re.compile(r"\bs-draft\b"))
        page.keyboard.press("Enter")
        expect(page.locator("#l10n-panel")).to_contain_text("Draft from tm, 2026-11-20, score 0.91")
        page.keyboard.press("a")
        expect(page.locator("h1 .l10n-seg").first).to_have_class(re.compile(r"\bs-reviewed\b"))
        expect(page.locator(".legend")).to_contain_text("Draft 1")
        # A click on the translated paragraph, E, a new text, Ctrl+Enter.
        page.locator("article .l10n-seg", has_text="Ne-am întâlnit la").click()
        expect(page.locator("#l10n-panel .panel-head")).to_contain_text("Translated")
        page.keyboard.press("e")
        area = page.locator("#l10n-panel textarea")
        expect(area).to_be_focused()
        area.fill(EDITED)
        area.press("Control+Enter")
        segment = page.locator('.l10n-seg[data-entry="3"]')
        expect(segment).to_have_text("Ne-am văzut la Cartagena pe 31 martie.")
        expect(segment).to_have_class(re.compile(r"\bs-reviewed\b"))
        expect(page.locator("#l10n-panel .message")).to_have_text("Saved and signed off.")
        # D: the next draft; R rejects it.
        page.keyboard.press("Escape")
        page.keyboard.press("d")
        expect(_current(page)).to_have_text("Acțiuni pilot")
        page.keyboard.press("Enter")
        expect(page.locator("#l10n-panel [data-act=reject]")).to_be_visible()
        page.keyboard.press("r")
        expect(page.locator('.l10n-seg[data-entry="6"]')).to_have_text("Pilot actions")
        expect(page.locator('.l10n-seg[data-entry="6"]')).to_have_class(re.compile(r"\bs-untranslated\b"))
        expect(page.locator(".legend")).to_contain_text("Draft 0")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-web.png"))
        assert errors == [] and dialogs == []
        page.close()
    # Exactly those three changes, in the writer's layout.
    assert path.read_text(encoding="utf-8") == format_catalog(expected)
    found = {entry.msgid: entry for entry in read_catalog(path)}
    for msgid, msgstr in ((HEADING, TRANSLATIONS[HEADING][0]), (MET, EDITED)):
        assert f"reviewed: {REVIEWER} {today} {digest(msgid, msgstr)}" in found[msgid].tcomment
    subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], check=True)
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "l10n.toml"), "status", "--lang", "ro",
                                       "-f", "json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)["catalogs"][0]["entries"]
    # Before: 2 reviewed, 2 drafts, 2 untranslated, 1 fuzzy (the fuzzy one is not a draft).
    assert (counts["reviewed"], counts["draft"], counts["untranslated"], counts["fuzzy"],
            counts["translated"]) == (4, 0, 3, 1, 8)


def test_script_in_a_translation_shows_as_text_and_never_runs(browser: Browser, tmp_path: Path):
    translations = dict(TRANSLATIONS)
    translations["Replication workshops"] = ("<script>alert(1)</script>Ateliere", "t")
    translations["Pilot actions"] = ('Acțiuni <img src=x onerror="alert(2)"> pilot', "d")
    translations["The partners in Cartagena"] = ('"><script>alert(3)</script>', "t")
    make_project(tmp_path, translations)
    for url in _serve(tmp_path):
        page, errors, dialogs = _open(browser, url)
        refused = page.locator(".l10n-seg", has_text="Replication workshops")
        expect(refused).to_have_count(1)
        refused.click()
        panel = page.locator("#l10n-panel")
        expect(panel.locator("p.text[lang=ro]")).to_have_text("<script>alert(1)</script>Ateliere")
        expect(panel).to_contain_text("unsafe-html")
        page.locator(".l10n-seg", has_text="Pilot actions").click()
        expect(panel.locator("p.text[lang=ro]")).to_have_text('Acțiuni <img src=x onerror="alert(2)"> pilot')
        page.locator(".l10n-hidden .l10n-seg").click()
        expect(panel.locator("p.text[lang=ro]")).to_have_text('"><script>alert(3)</script>')
        assert page.locator("img[onerror], #l10n-panel script, #l10n-panel img").count() == 0
        page.wait_for_timeout(300)
        assert dialogs == [] and errors == []
        page.close()


def test_page_says_which_segments_changed_on_disk(browser: Browser, tmp_path: Path):
    from web_review_helpers import set_msgstr

    config = make_project(tmp_path)
    path = config.catalog_path("ro", ISSUE)
    for url in _serve(tmp_path):
        page, errors, dialogs = _open(browser, url)
        page.locator(".l10n-seg", has_text="Ce este").click()
        expect(page.locator("#l10n-panel [data-act=accept]")).to_be_visible()
        # A translator saves the open entry and another one in Poedit meanwhile.
        set_msgstr(path, HEADING, "Ce e **nou** în Cluj")
        set_msgstr(path, "Replication workshops", "Ateliere de replicare")
        page.evaluate("window.dispatchEvent(new Event('focus'))")
        banner = page.locator("#l10n-banner")
        expect(banner).to_have_text("The catalog changed on disk (saved elsewhere): 2 segments changed and are "
                                    "shown as they are now.")
        expect(page.locator(".l10n-seg", has_text="Ateliere de replicare")).to_have_class(
            re.compile(r"\bs-translated\b"))
        expect(page.locator("#l10n-panel p.text[lang=ro]")).to_have_text("Ce e **nou** în Cluj")
        expect(page.locator("#l10n-panel .message")).to_have_text("This segment changed on disk; shown as it is now.")
        # Accepting now signs off the translator's text: the panel showed it.
        page.locator("#l10n-panel [data-act=accept]").click()
        expect(page.locator(".legend")).to_contain_text("Reviewed 3")
        assert errors == [] and dialogs == []
        page.close()


def test_page_reads_without_javascript(browser: Browser, tmp_path: Path):
    make_project(tmp_path)
    for url in _serve(tmp_path):
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(url)
        expect(page.locator("noscript p.banner")).to_have_text(
            "Reading only: turn on JavaScript to accept, edit or reject.")
        expect(page.locator(".legend")).to_contain_text("Draft 2")
        expect(page.locator("article .l10n-seg.s-draft").first).to_have_text("Ce este nou la Cluj")
        expect(page.locator("h1.issue-title")).to_have_text("Știri de primăvară")
        expect(page.locator("#l10n-panel")).to_be_hidden()
        context.close()


@pytest.mark.parametrize("width", [375, 800, 1200, 1600])
def test_page_has_no_sideways_scrolling(browser: Browser, tmp_path: Path, width: int):
    """The review bar and the issue fit the window: no horizontal scrollbar, with the panel open or not."""
    make_project(tmp_path)
    for url in _serve(tmp_path):
        page, errors, _dialogs = _open(browser, url, width=width)
        scroll = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        wide, shown = page.evaluate(scroll)
        assert wide <= shown, (width, wide, shown)
        page.locator("article .l10n-seg").first.click()
        expect(page.locator("#l10n-panel")).to_be_visible()
        wide, shown = page.evaluate(scroll)
        assert wide <= shown, (width, wide, shown, "panel open")
        assert not errors
        page.close()
