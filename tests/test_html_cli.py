"""An HTML issue (source/<issue>.html) through every command: extract, update, draft, check,
status, review, import, render and build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from _libretranslate import LibreTranslateServer
from l10n.catalogs.pofile import read_catalog, write_catalog
from l10n.cli import main

SAMPLE = Path(__file__).parent / "data" / "html" / "epi-2023-05.html"
ISSUE = "epi-2023-05"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "source").mkdir()
    shutil.copy(SAMPLE, tmp_path / "source" / f"{ISSUE}.html")
    (tmp_path / "l10n.toml").write_text('languages = ["ro"]\nproject = "EPI"\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def catalog(root: Path) -> Path:
    return root / "locales" / "ro" / "LC_MESSAGES" / f"{ISSUE}.po"


def translate(root: Path, table: dict[str, str]) -> None:
    po = read_catalog(catalog(root))
    for entry in po:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
    write_catalog(catalog(root), po)


def test_extract_writes_a_template_with_kinds_and_lines(project: Path) -> None:
    result = run("extract")
    assert result.exit_code == 0, result.output
    assert result.output == f"locales/templates/{ISSUE}.pot: written\n"
    pot = (project / "locales" / "templates" / f"{ISSUE}.pot").read_text("utf-8")
    assert f'#. alt text\n#: source/{ISSUE}.html:23\nmsgid "European Pact for Integration"\n' in pot
    assert f'#. meta description\n#: source/{ISSUE}.html:6\n' in pot
    assert f'#. title\n#: source/{ISSUE}.html:7\nmsgid "EPI newsletter &ndash; May 2023"\n' in pot
    assert "Do not translate" not in pot and "Outlook" not in pot and "epi --subscribe" not in pot
    assert run("extract").output == f"locales/templates/{ISSUE}.pot: unchanged\n"


def test_draft_keeps_merge_tags_and_check_reports_a_lost_one(project: Path) -> None:
    assert run("extract").exit_code == 0 and run("update").exit_code == 0
    with LibreTranslateServer() as server:
        (project / "l10n.toml").write_text(
            f'languages = ["ro"]\n[providers.libretranslate]\nurl = "{server.url}"\ntimeout = 2\nretries = 1\n',
            "utf-8")
        result = run("draft", "--lang", "ro", "--provider", "libretranslate")
    assert result.exit_code == 0, result.output
    assert "left untranslated" not in result.output
    sent = " ".join(server.texts())
    assert "FNAME" not in sent and "first_name" not in sent and "unsubscribe" not in sent
    drafts = {e.msgid: e.msgstr for e in read_catalog(catalog(project))}
    assert drafts["Hello *|FNAME|*, welcome to the May issue"] == "HELLO *|FNAME|*, WELCOME TO THE MAY ISSUE"
    assert drafts["Dear {{ first_name }}, {% if city %}your city {{ city }} is{% else %}all cities are"
                  "{% endif %} invited."] == ("DEAR {{ first_name }}, {% if city %}YOUR CITY {{ city }} IS"
                                              "{% else %}ALL CITIES ARE{% endif %} INVITED.")
    assert run("check", "--lang", "ro").exit_code == 0

    translate(project, {"Hello *|FNAME|*, welcome to the May issue": "Bună ziua, bun venit la numărul din mai",
                        "Workshops in Riga": "Ateliere la Riga {{ city }}"})
    result = run("check", "--lang", "ro")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "[placeholders]" in line]
    assert len(lines) == 2
    assert lines[0].endswith("error [placeholders] placeholder missing from the translation: *|FNAME|*")
    assert lines[1].endswith("error [placeholders] placeholder not in the source: {{ city }}")


def test_build_writes_the_localized_html(project: Path) -> None:
    assert run("extract").exit_code == 0 and run("update").exit_code == 0
    translate(project, {
        "Workshops in Riga": "Ateliere la Riga",
        "European Pact for Integration": "Pactul european pentru integrare",
        '<a href="https://epi.example.org/events" style="…1">See the events</a>':
            '<a href="https://epi.example.org/events" style="…1">Vezi evenimentele</a>',
    })
    result = run("build", "--lang", "ro")
    assert result.exit_code == 0, result.output
    assert f"built ro {ISSUE}: build/ro/{ISSUE}.html" in result.output
    out = (project / "build" / "ro" / f"{ISSUE}.html").read_text("utf-8")
    source = SAMPLE.read_text("utf-8")
    assert out.startswith('<!DOCTYPE html>\n<html lang="ro" xmlns:v=')
    assert "<li>Ateliere la Riga</li>" in out
    assert 'alt="Pactul european pentru integrare"' in out
    assert ('<a href="https://epi.example.org/events" style="background:#0b5cad;color:#ffffff;padding:12px 24px;'
            'border-radius:4px;display:inline-block;">Vezi evenimentele</a>') in out
    # outside the three spans and the lang value, every byte is the source's
    expected = (source.replace('<html lang="en"', '<html lang="ro"')
                .replace("<li>Workshops in Riga</li>", "<li>Ateliere la Riga</li>")
                .replace('alt="European Pact for Integration"', 'alt="Pactul european pentru integrare"')
                .replace(">See the events</a>\n        <!--<![endif]-->", ">Vezi evenimentele</a>\n        <!--<![endif]-->"))
    assert out == expected
    assert not (project / "build" / "ro" / f"{ISSUE}.md").exists()
    source_page = (project / "build" / "en" / f"{ISSUE}.html")
    assert not source_page.exists() or source_page.read_text("utf-8") == source


def test_build_refuses_a_translation_that_adds_script(project: Path) -> None:
    assert run("extract").exit_code == 0 and run("update").exit_code == 0
    translate(project, {"Workshops in Riga": "Ateliere <script>alert(1)</script>"})
    result = run("build", "--lang", "ro")
    assert "refused" in result.output and "script" in result.output
    out = (project / "build" / "ro" / f"{ISSUE}.html").read_text("utf-8")
    assert "<script>alert" not in out and "<li>Workshops in Riga</li>" in out


def test_status_review_and_render(project: Path) -> None:
    assert run("extract").exit_code == 0 and run("update").exit_code == 0
    translate(project, {"Workshops in Riga": "Ateliere la Riga", "City": "Oraș"})
    result = run("status", "-f", "csv")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith(f"{ISSUE},ro") or ",ro," in line)
    assert ISSUE in row
    signed = run("signoff", "--lang", "ro", "--all-translated", "--reviewer", "Ana Pop")
    assert signed.exit_code == 0, signed.output
    listing = run("review", "--list")
    assert listing.exit_code == 0 and ISSUE in listing.output
    rendered = run("render", f"source/{ISSUE}.html", "--catalog", str(catalog(project)), "-o", "ro.html")
    assert rendered.exit_code == 0, rendered.output
    out = (project / "ro.html").read_text("utf-8")
    assert "<th>Oraș</th>" in out and '<html lang="ro"' in out


def test_import_aligns_a_published_html_translation(project: Path) -> None:
    source = SAMPLE.read_text("utf-8")
    published = (source.replace("Workshops in Riga</li>", "Ateliere la Riga</li>")
                 .replace("Integration starts in the neighbourhood.", "Integrarea începe în cartier.")
                 .replace("Mentoring in schools", "Mentorat în școli")
                 .replace("Language caf&eacute;s for newcomers", "Cafenele lingvistice pentru nou-veniți"))
    (project / "ro-published.html").write_text(published, "utf-8")
    result = run("import", "--lang", "ro", f"source/{ISSUE}.html", "ro-published.html")
    assert result.exit_code == 0, result.output
    entries = {e.msgid: e.msgstr for e in read_catalog(catalog(project))}
    assert entries["Workshops in Riga"] == "Ateliere la Riga"
    assert entries["Integration starts in the neighbourhood."] == "Integrarea începe în cartier."
    assert entries["Mentoring in schools"] == "Mentorat în școli"
