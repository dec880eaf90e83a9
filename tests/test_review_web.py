"""``l10n review --web`` over HTTP: the marked page, refusals, actions and changes on disk.

A real server on 127.0.0.1 (in a thread, or started by the command), real catalogs, msgfmt.
The browser-driven tests are in test_review_web_browser.py.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from web_review_helpers import (
    ISSUE,
    PIXEL,
    REVIEWER,
    act,
    entries,
    entry_number,
    make_project,
    open_entry,
    request,
    running,
    set_msgstr,
)

from l10n.catalogs.states import State, entry_digest, sign_off_of, state_of
from l10n.cli import main
from l10n.publish.build import BuildOptions, build_project

HEADING = "What is **new** in Cluj"
MET = "We met in [Cartagena](https://example.org/cartagena) on 31 March."
PLAN = "The partners will plan the _national conferences_ next."


class _Spans(HTMLParser):
    """Each marked segment's state and text, in page order (a real tokenizer, not a pattern)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._depth = 0
        self._state = ""
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self._depth:
            self._depth += tag == "span"
        elif tag == "span" and "l10n-seg" in classes:
            self._depth = 1
            self._state = next(c[2:] for c in classes if c.startswith("s-"))
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag == "span":
            self._depth -= 1
            if not self._depth:
                self.found.append((self._state, "".join(self._text)))

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._text.append(data)


def spans(page: str) -> list[tuple[str, str]]:
    parser = _Spans()
    parser.feed(page)
    return parser.found


@pytest.fixture
def project(tmp_path: Path):
    return make_project(tmp_path)


def _page(server) -> str:
    status, body = request(server, "GET", f"/{server.token}/ro/{ISSUE}.html")
    assert status == 200
    return body.decode()


def test_page_marks_every_segment_by_state(project):
    with running(project) as server:
        page = _page(server)
    found = spans(page)
    assert ("draft", "Ce este nou la Cluj") in found
    assert ("translated", "Ne-am întâlnit la Cartagena pe 31 martie.") in found
    # A fuzzy translation is shown in context, marked; an untranslated one shows the source.
    assert ("fuzzy", "Partenerii vor planifica apoi conferințele naționale.") in found
    assert ("untranslated", "Replication workshops") in found
    assert ("reviewed", "Știri de primăvară") in found
    # The image description is in an attribute: it is listed apart, still marked.
    assert ("untranslated", "The partners in Cartagena") in found
    assert '<img src="../assets/images/meeting.png" alt="The partners in Cartagena" lang="en" />' in page
    # Legend with counts per entry state.
    legend = re.sub(r"<[^>]+>", "", page[page.index('<ul class="legend">'):page.index("</ul>", page.index('<ul class="legend">'))])
    assert "Untranslated 2" in legend and "Draft 2" in legend and "Fuzzy 1" in legend
    assert "Translated 5" in legend and "Reviewed 2" in legend


def test_page_without_marks_is_the_build_page_with_drafts(project):
    """Taking the marks away leaves exactly the page build writes (with drafts used)."""
    from l10n.catalogs.pofile import read_catalog

    path = project.catalog_path("ro", ISSUE)
    catalog = read_catalog(path)
    for entry in catalog:  # what the review shows: drafts and fuzzy translations too
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    from l10n.catalogs.pofile import write_catalog

    with running(project) as server:
        page = _page(server)
    write_catalog(path, catalog)
    build_project(project, BuildOptions())
    built = (project.build_dir / "ro" / f"{ISSUE}.html").read_text(encoding="utf-8")
    article = re.search(r"<article>.*</article>", page, re.DOTALL)[0]
    unmarked = re.sub(r'<span class="l10n-seg[^>]*>|</span>', "", article)
    assert unmarked == re.search(r"<article>.*</article>", built, re.DOTALL)[0]
    assert re.search(r'<nav class="languages">.*?</nav>', page, re.DOTALL)[0] == \
        re.search(r'<nav class="languages">.*?</nav>', built, re.DOTALL)[0]


def test_panel_shows_source_translation_diff_draft_and_findings(project):
    with running(project) as server:
        panel = open_entry(server, entry_number(server, PLAN))["panel"]
        draft = open_entry(server, entry_number(server, HEADING))["panel"]
    assert "the _national <del>conference_ soon.</del> <ins>conferences_ next.</ins>" in panel
    assert html.escape(PLAN) in panel
    assert "Draft from tm, 2026-11-20, score 0.91" in draft
    assert "Accept" in draft and "Reject draft" in draft


def test_panel_lists_check_findings_and_memory_suggestions(tmp_path):
    translations = dict(__import__("web_review_helpers").TRANSLATIONS)
    translations[MET] = ("Ne-am întâlnit la [Cartagena](https://example.org/other) pe 31 martie.", "t")
    translations["Replication workshops"] = ("", "u")
    config = make_project(tmp_path, translations)
    # Another issue's catalog holds a close translation for the memory.
    other = config.catalog_path("ro", "2026-03")
    other.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                     'msgid "Replication workshop"\nmsgstr "Atelier de replicare"\n', encoding="utf-8")
    with running(config) as server:
        broken = open_entry(server, entry_number(server, MET))["panel"]
        empty = open_entry(server, entry_number(server, "Replication workshops"))["panel"]
    assert '<li class="error"><b>error</b> <span class="check">links</span>' in broken
    assert "From the translation memory" in empty
    assert 'data-text="Atelier de replicare"' in empty
    assert "locales/ro/LC_MESSAGES/2026-03.po:5" in empty


def test_accept_writes_the_sign_off_of_the_terminal_review(project):
    path = project.catalog_path("ro", ISSUE)
    before = entries(path)
    with running(project) as server:
        number = entry_number(server, HEADING)
        status, answer = act(server, number, "accept", open_entry(server, number)["version"])
    assert status == 200 and answer["ok"], answer
    after = entries(path)
    entry = after[HEADING]
    assert "fuzzy" not in entry.flags
    assert entry.tcomment.splitlines() == ["draft: tm 2026-11-20 score=0.91",
                                           f"reviewed: {REVIEWER} {__import__('datetime').date.today()} {entry_digest(entry)}"]
    assert state_of(entry) is State.REVIEWED
    assert answer["segments"][str(number)]["state"] == "reviewed"
    assert answer["segments"][str(number)]["html"] == ["Ce este <strong>nou</strong> la Cluj"]
    assert {k: str(v) for k, v in after.items() if k != HEADING} == \
        {k: str(v) for k, v in before.items() if k != HEADING}


def test_edit_with_an_error_needs_confirmation(project):
    path = project.catalog_path("ro", ISSUE)
    original = path.read_bytes()
    with running(project) as server:
        number = entry_number(server, MET)
        version = open_entry(server, number)["version"]
        bad = "Ne-am întâlnit la Cartagena pe 31 martie."  # the link is gone
        status, answer = act(server, number, "edit", version, text=bad)
        assert status == 200 and answer["confirm"] and not answer["ok"]
        assert "links" in answer["findings"]
        assert path.read_bytes() == original
        status, answer = act(server, number, "edit", version, text=bad, confirm=True)
    assert answer["ok"], answer
    entry = entries(path)[MET]
    assert entry.msgstr == bad and state_of(entry) is State.REVIEWED


def test_reject_clears_the_draft(project):
    path = project.catalog_path("ro", ISSUE)
    with running(project) as server:
        number = entry_number(server, "Pilot actions")
        status, answer = act(server, number, "reject", open_entry(server, number)["version"])
        assert status == 200 and answer["ok"]
        # Rejecting a translated entry is not offered and refused.
        other = entry_number(server, "City")
        _, refused = act(server, other, "reject", open_entry(server, other)["version"])
    entry = entries(path)["Pilot actions"]
    assert entry.msgstr == "" and not entry.flags and not entry.tcomment
    assert not refused["ok"] and "only a draft" in refused["message"]
    assert entries(path)["City"].msgstr == "Oraș"


@pytest.mark.parametrize("case", ["no token", "wrong token", "wrong origin", "no origin", "token not in body",
                                  "wrong host", "form post"])
def test_refused_requests_change_nothing(project, case):
    path = project.catalog_path("ro", ISSUE)
    original = path.read_bytes()
    with running(project) as server:
        number = entry_number(server, HEADING)
        version = open_entry(server, number)["version"]
        origin = f"http://127.0.0.1:{server.port}"
        body = {"token": server.token, "entry": number, "action": "accept", "version": version}
        target = f"/{server.token}/ro/{ISSUE}/action"
        headers = {"Origin": origin}
        if case == "no token":
            target = f"/ro/{ISSUE}/action"
        elif case == "wrong token":
            target = f"/{server.token[:-2]}xx/ro/{ISSUE}/action"
            body["token"] = server.token[:-2] + "xx"
        elif case == "wrong origin":
            headers["Origin"] = "http://evil.example"
        elif case == "no origin":
            headers = {}
        elif case == "token not in body":
            del body["token"]
        elif case == "wrong host":
            headers["Host"] = f"evil.example:{server.port}"
        elif case == "form post":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, raw = request(server, "POST", target, body, headers=headers)
        assert status in (403, 415), raw
        if case in ("no token", "wrong token", "wrong host"):
            assert request(server, "GET", target.replace("/action", ".html"), headers=headers)[0] == 403
    assert path.read_bytes() == original


@pytest.mark.parametrize("path", [
    "ro/%2e%2e/%2e%2e/l10n.toml", "ro/../../l10n.toml", "ro/images/../../l10n.toml",
    "ro/%2e%2e%2flocales%2fro%2fLC_MESSAGES%2f2026-04.po", "xx/2026-04.html", "ro/2026-05.html",
    "ro/2026-04/entry/99", "ro/images/missing.png", "en/2026-05.html", "ro/2026-04.md", "ro/../2026-04.html",
])
def test_paths_outside_the_project_are_not_found(project, path):
    with running(project) as server:
        status, body = request(server, "GET", f"/{server.token}/{path}")
        assert status == 404, body
        assert request(server, "GET", f"/{server.token}/ro/images/meeting.png") == (200, PIXEL)


def test_catalog_changed_on_disk_refuses_the_changed_entry_only(project):
    path = project.catalog_path("ro", ISSUE)
    with running(project) as server:
        _page(server)
        heading, plan = entry_number(server, HEADING), entry_number(server, PLAN)
        versions = {n: open_entry(server, n)["version"] for n in (heading, plan)}
        # A translator saves the heading in Poedit while the page is open.
        set_msgstr(path, HEADING, "Ce e **nou** în Cluj")
        status, answer = act(server, heading, "accept", versions[heading])
        assert status == 200 and answer["refused"] and not answer["ok"]
        assert "changed in the catalog since you opened it" in answer["message"]
        assert answer["segments"][str(heading)]["html"] == ["Ce e <strong>nou</strong> în Cluj"]
        # Another entry can still be accepted, and the translator's text stays.
        status, answer = act(server, plan, "accept", versions[plan])
        assert answer["ok"], answer
        born = server.review("ro", ISSUE).born
        poll = json.loads(request(server, "GET", f"/{server.token}/ro/{ISSUE}/poll?generation=0&page={born}")[1])
    found = entries(path)
    assert found[HEADING].msgstr == "Ce e **nou** în Cluj" and "fuzzy" in found[HEADING].flags
    assert sign_off_of(found[HEADING]) is None
    assert state_of(found[PLAN]) is State.REVIEWED
    assert poll["changed"] == [heading]
    assert "changed on disk" in poll["message"]


def test_poll_reports_segments_changed_on_disk(project):
    path = project.catalog_path("ro", ISSUE)
    with running(project) as server:
        page = _page(server)
        data = json.loads(re.search(r'<script type="application/json" id="l10n-data">(.*?)</script>', page)[1])
        address = f"/{server.token}/ro/{ISSUE}/poll?generation={data['generation']}&page={data['page']}"
        assert json.loads(request(server, "GET", address)[1])["changed"] == []
        set_msgstr(path, "Replication workshops", "Ateliere de replicare")
        poll = json.loads(request(server, "GET", address)[1])
        number = entry_number(server, "Replication workshops")
        # The source changes: the page is told to load again.
        source = project.source_path(ISSUE)
        source.write_text(source.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
        assert json.loads(request(server, "GET", address)[1])["reload"] is True
    assert poll["changed"] == [number]
    assert poll["segments"][str(number)] == {"state": "translated", "badge": "", "title": "Translated",
                                             "html": ["Ateliere de replicare"], "refused": None}


def test_unsafe_translation_is_refused_in_the_preview(tmp_path):
    translations = dict(__import__("web_review_helpers").TRANSLATIONS)
    translations["Replication workshops"] = ("<script>alert(1)</script>Ateliere", "t")
    translations["Pilot actions"] = ('<img src=x onerror="alert(2)">', "d")
    config = make_project(tmp_path, translations)
    with running(config) as server:
        page = _page(server)
        panel = open_entry(server, entry_number(server, "Replication workshops"))["panel"]
    assert "<script>alert" not in page and "onerror" not in page
    assert ("translated", "Replication workshops") in spans(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Ateliere" in panel
    assert "<script>" not in panel
    assert "unsafe-html" in panel


def test_command_prints_the_address_and_refuses_without_a_reviewer(project, tmp_path):
    result = CliRunner(env={"L10N_REVIEWER": None}).invoke(
        main, ["--config", str(tmp_path / "l10n.toml"), "review", "--web", "--no-browser", "--lang", "ro"])
    assert result.exit_code == 2 and "no reviewer name" in result.output
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("l10n")), "--config", str(tmp_path / "l10n.toml"), "review", "--web",
         "--no-browser", "--lang", "ro", "--reviewer", REVIEWER],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        match = re.fullmatch(r"Reviewing as Ana Pop: http://127\.0\.0\.1:(\d+)/([\w-]{32})/ro/2026-04\.html\n", line)
        assert match, line
        import urllib.request

        with urllib.request.urlopen(line.split(": ", 1)[1].strip(), timeout=10) as response:
            assert response.status == 200
            assert "Content-Security-Policy" in response.headers
    finally:
        process.send_signal(__import__("signal").SIGINT)
        _, err = process.communicate(timeout=10)
    assert process.returncode == 130
    assert err == "Error: interrupted; 0 decisions saved\n"


def test_index_lists_every_issue_and_language(project):
    with running(project) as server:
        status, body = request(server, "GET", f"/{server.token}/index.html")
        source = request(server, "GET", f"/{server.token}/en/{ISSUE}.html")
    page = body.decode()
    assert status == 200
    assert f'<a href="ro/{ISSUE}.html">10 to check</a>' in page
    assert f'<a href="de/{ISSUE}.html">12 to check</a>' in page
    assert source[0] == 200 and "l10n-seg" not in source[1].decode()
    assert "What is <strong>new</strong> in Cluj" in source[1].decode()


def test_action_from_a_page_of_an_older_source_is_refused(project):
    path = project.catalog_path("ro", ISSUE)
    original = path.read_bytes()
    with running(project) as server:
        number = entry_number(server, HEADING)
        version = open_entry(server, number)["version"]
        born = server.review("ro", ISSUE).born
        source = project.source_path(ISSUE)
        source.write_text("# A new first heading\n\n" + source.read_text(encoding="utf-8"), encoding="utf-8")
        _, answer = act(server, number, "accept", version, page=born)
    assert not answer["ok"] and "Reload the page" in answer["message"]
    assert path.read_bytes() == original


def test_no_catalog_to_review_is_exit_2(project, tmp_path):
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "l10n.toml"), "review", "--web", "--no-browser",
                                       "--lang", "sv", "--reviewer", REVIEWER])
    assert result.exit_code == 2
    assert result.output == (f"Error: {tmp_path / 'locales/sv/LC_MESSAGES/2026-04.po'}: "
                             "no catalog to review (run l10n update)\n")
