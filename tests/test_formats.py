"""Tests of the output formats other than the PDF: plain text, e-mail HTML, .eml, assets, format choice.

The sample project of the repository (``source/``, ``locales/``) is built in a temporary
folder, as a user would build it. The PDF has its own module (tests/test_pdf.py).
"""

from __future__ import annotations

import email
import json
import re
from email import policy
from pathlib import Path

from click.testing import CliRunner

from l10n.cli import main
from publish_helpers import build, html_tags, html_urls, is_relative, sample_project, unresolved

ISSUE = "epi-2022-03"
BASE = "https://news.example.org/epi"


def output(root: Path, lang: str, suffix: str) -> Path:
    return root / "build" / lang / f"{ISSUE}{suffix}"


# -- plain text ----------------------------------------------------------------------------------


def test_text_is_wrapped_at_72_columns_with_numbered_links_and_a_table_in_columns(tmp_path: Path) -> None:
    root = sample_project(tmp_path / "p")
    result = build(root, "--lang", "ro", "--format", "txt")
    assert result.exit_code == 0, result.output
    text = output(root, "ro", ".txt").read_text("utf-8")
    lines = text.splitlines()
    references = [line for line in lines if re.match(r"\[\d\] ", line)]
    assert references == [
        "[1] https://home-affairs.ec.europa.eu/system/files/2022-03/emn-bulletin-37-march-2022_en.pdf",
        "[2] https://home-affairs.ec.europa.eu/system/files/2022-03/emn-flash-bulletin-march-2022_en.pdf",
    ]
    assert all(len(line) <= 72 for line in lines if line not in references)
    assert "- Click aici pentru a descărca Buletinul [1]" in lines
    heading = lines.index("Strategiile de integrare EPI")
    assert lines[heading + 1] == "~" * len("Strategiile de integrare EPI")
    assert lines[lines.index("Resurse") + 1] == "-------"
    # The table: a header row, a rule, and rows whose cells wrap inside their own column.
    header = next(line for line in lines if line.startswith("Who "))
    bars = [match.start() for match in re.finditer(r"\|", header)]
    assert len(bars) == 2
    row = lines.index(header) + 2
    assert lines[row].startswith("Riga,") and "| Ocazie excelentă" in lines[row]
    table = lines[lines.index(header):lines.index(header) + 40]
    for line in table:
        if "|" in line:
            assert [m.start() for m in re.finditer(r"\|", line)] == bars, line
    assert "15 martie 2022" in lines


# -- e-mail HTML ---------------------------------------------------------------------------------


def test_email_html_is_inlined_in_one_column_with_absolute_urls_only(tmp_path: Path) -> None:
    root = sample_project(tmp_path / "p", base_url=BASE)
    result = build(root, "--lang", "ro", "--format", "email")
    assert result.exit_code == 0, result.output
    body = output(root, "ro", ".email.html").read_text("utf-8")
    tags = html_tags(body)
    for forbidden in ("style", "script", "link", "form", "input", "iframe"):
        assert forbidden not in tags
    assert '<table role="presentation" width="600"' in body and "max-width: 600px" in body
    urls = html_urls(body)
    assert f"{BASE}/assets/images/cartagena-meeting.jpg" in urls
    assert f"{BASE}/ro/{ISSUE}.html" in urls
    assert not [url for url in urls if is_relative(url)]
    # Every rule is inlined: headings and table cells carry their style.
    assert re.search(r'<h3 style="[^"]*font-size: 18px', body)
    assert re.search(r'<td style="[^"]*border: 1px solid #d0d7de', body)
    # The preheader is the summary, hidden.
    assert re.search(r'<div class="preheader" style="display:none[^"]*">The EPI cities test', body)
    # Segments shown in English say so.
    assert re.search(r"<h1 lang=\"en\" style=\"[^\"]*\">Newsletter of the “European Pact for Integration”</h1>", body)


def test_email_formats_without_base_url_are_left_out_and_said_so(tmp_path: Path) -> None:
    root = sample_project(tmp_path / "p")
    result = build(root, "--lang", "ro", "--format", "email", "--format", "eml", "--format", "html")
    assert result.exit_code == 0, result.output
    assert ("note: not making .email.html and .eml files: their links must be absolute; "
            "set base_url in [tool.l10n.build]") in result.output.splitlines()
    assert sorted(p.name for p in (root / "build" / "ro").iterdir()) == [f"{ISSUE}.html"]
    # By default a build makes every format that needs no setting, and says nothing of the others.
    result = build(root, "--lang", "ro", "--format", "md")
    assert "note:" not in result.output


def test_formats_come_from_the_configuration_and_unknown_ones_are_refused(tmp_path: Path) -> None:
    root = sample_project(tmp_path / "p", formats=["txt"])
    assert build(root, "--lang", "ro").exit_code == 0
    assert sorted(p.name for p in (root / "build" / "ro").iterdir()) == [f"{ISSUE}.txt"]
    bad = sample_project(tmp_path / "q", formats=["docx"])
    result = build(bad, "--lang", "ro")
    assert result.exit_code == 2
    assert result.output == (f"Error: {bad / 'pyproject.toml'}: unknown output format 'docx'; "
                             "choose from md, html, txt, email, eml, pdf\n")
    assert not [p for p in (bad / "build").rglob("*") if p.is_file()] if (bad / "build").exists() else True


# -- .eml -----------------------------------------------------------------------------------------


def test_eml_is_one_multipart_alternative_message_in_utf8(tmp_path: Path) -> None:
    root = sample_project(tmp_path / "p", base_url=BASE)
    assert build(root, "--lang", "ro", "--format", "eml").exit_code == 0
    raw = output(root, "ro", ".eml").read_bytes()
    assert b"\r\n" in raw and not re.search(rb"[^\r]\n", raw)
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == "EPI newsletter, March 2022"
    assert message["Content-Language"] == "ro"
    assert message["Date"] == "Tue, 15 Mar 2022 00:00:00 +0000"
    text, page = message.get_payload()
    assert text.get_content_type() == "text/plain" and text.get_content_charset() == "utf-8"
    assert page.get_content_type() == "text/html" and page.get_content_charset() == "utf-8"
    assert "Întâlnirea transnațională" in text.get_content()
    assert "[1] https://home-affairs.ec.europa.eu/" in text.get_content()
    html = page.get_content()
    assert "Strategiile de integrare EPI" in html
    assert "style" not in html_tags(html)
    assert not [url for url in html_urls(html) if is_relative(url)]
    # Same content, same bytes.
    assert build(root, "--lang", "ro", "--format", "eml", "--force").exit_code == 0
    assert output(root, "ro", ".eml").read_bytes() == raw


# -- assets ----------------------------------------------------------------------------------------


def test_an_image_is_copied_once_and_a_language_can_have_its_own(tmp_path: Path) -> None:
    root = sample_project(tmp_path / "p")
    poster = root / "source" / "ro" / "images" / "cartagena-meeting.jpg"
    poster.parent.mkdir(parents=True)
    poster.write_bytes(b"\xff\xd8 the Romanian poster")
    result = build(root, "--format", "html", "--format", "md", "--format", "txt")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "copied build/assets/images/cartagena-meeting.jpg" in lines
    assert "copied build/ro/assets/images/cartagena-meeting.jpg" in lines
    shared = root / "build" / "assets" / "images" / "cartagena-meeting.jpg"
    assert shared.read_bytes() == (root / "source" / "images" / "cartagena-meeting.jpg").read_bytes()
    assert (root / "build" / "ro" / "assets" / "images" / "cartagena-meeting.jpg").read_bytes() == poster.read_bytes()
    assert sorted(p.relative_to(root / "build").as_posix() for p in (root / "build").rglob("*.jpg")) == [
        "assets/images/cartagena-meeting.jpg", "ro/assets/images/cartagena-meeting.jpg"]
    assert 'src="assets/images/cartagena-meeting.jpg"' in output(root, "ro", ".html").read_text("utf-8")
    assert 'src="../assets/images/cartagena-meeting.jpg"' in output(root, "en", ".html").read_text("utf-8")
    assert "](assets/images/cartagena-meeting.jpg)" in output(root, "ro", ".md").read_text("utf-8")
    for page in (root / "build").rglob("*.html"):
        assert unresolved(root / "build", page, html_urls(page.read_text("utf-8"))) == [], page
    assert "nothing to do" in build(root, "--format", "html", "--format", "md", "--format", "txt").output


def test_a_missing_image_stops_the_build_naming_the_source_line(tmp_path: Path) -> None:
    root = sample_project(tmp_path / "p")
    (root / "source" / "images" / "cartagena-meeting.jpg").unlink()
    result = build(root)
    assert result.exit_code == 2
    assert result.output == ("Error: source/epi-2022-03.md:37: images/cartagena-meeting.jpg: no such file "
                             "(source/images/cartagena-meeting.jpg)\n")
    assert not [p for p in (root / "build").rglob("*") if p.is_file()] if (root / "build").exists() else True
    assert not list((root / "locales").rglob("*.mo"))


def test_check_reports_a_missing_image_with_its_line(tmp_path: Path, monkeypatch) -> None:
    root = sample_project(tmp_path / "p")
    monkeypatch.chdir(root)
    (root / "source" / "images" / "cartagena-meeting.jpg").unlink()
    runner = CliRunner()
    result = runner.invoke(main, ["--config", str(root / "pyproject.toml"), "check", "--lang", "ro"])
    assert result.exit_code == 1
    assert ("source/epi-2022-03.md:37: error [files] images/cartagena-meeting.jpg: no such file "
            "(source/images/cartagena-meeting.jpg)") in result.stdout.splitlines()
    result = runner.invoke(main, ["--config", str(root / "pyproject.toml"), "check", "--lang", "ro",
                                  "--format", "json"])
    assert json.loads(result.stdout)["files"] == [{
        "file": "source/epi-2022-03.md", "line": 37, "issue": ISSUE, "severity": "error", "check": "files",
        "message": "images/cartagena-meeting.jpg: no such file (source/images/cartagena-meeting.jpg)"}]


def test_an_image_outside_the_source_folder_is_refused(tmp_path: Path) -> None:
    root = sample_project(tmp_path / "p")
    source = root / "source" / f"{ISSUE}.md"
    source.write_text(source.read_text("utf-8").replace("](images/", "](../../"), encoding="utf-8")
    result = build(root, "--format", "html")
    assert result.exit_code == 2
    assert result.output == ("Error: source/epi-2022-03.md:37: ../../cartagena-meeting.jpg: "
                             "the file is outside source/\n")


# -- marks -----------------------------------------------------------------------------------------


def test_no_marks_keeps_lang_but_drops_the_visual_cue(tmp_path: Path) -> None:
    root = sample_project(tmp_path / "p")
    assert build(root, "--lang", "ro", "--format", "html").exit_code == 0
    marked = output(root, "ro", ".html").read_text("utf-8")
    assert '<h2 lang="en" class="untranslated">What is happening?</h2>' in marked
    assert ".untranslated{" in marked
    assert build(root, "--lang", "ro", "--format", "html", "--no-marks").exit_code == 0
    plain = output(root, "ro", ".html").read_text("utf-8")
    assert '<h2 lang="en">What is happening?</h2>' in plain
    assert "untranslated" not in plain
    assert "<h3>Strategiile de integrare EPI</h3>" in plain
    assert '<img src="../assets/images/cartagena-meeting.jpg" alt="The EPI partners at an earlier transnational meeting" lang="en" />' in plain


def test_a_machine_without_weasyprint_libraries_builds_everything_but_the_pdf(sample: Path) -> None:
    """Pango missing (WeasyPrint cannot load): the build says so in one note and makes the rest."""
    import subprocess
    import sys

    probe = ("import sys\nsys.modules['weasyprint'] = None  # as when its libraries cannot load\n"
             "from l10n.cli import main\nmain(['build', '--lang', 'ro'])\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=sample, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "note: not making .pdf files: WeasyPrint cannot run here" in done.stdout
    assert (sample / "build" / "ro" / "epi-2022-03.html").is_file()
    assert not list((sample / "build").rglob("*.pdf"))
