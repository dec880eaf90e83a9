from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from l10n.cli import main
from l10n.sources.extract import template_for

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data" / "markdown"

CONFIG = """\
[tool.l10n]
source_language = "en"
languages = ["ro", "pl"]
front_matter_keys = ["title", "summary"]
project = "Test newsletter"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "source").mkdir()
    shutil.copy(ROOT / "source" / "epi-2022-03.md", tmp_path / "source" / "epi-2022-03.md")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_extract_writes_one_template_per_issue_that_msgfmt_accepts(project):
    result = run("extract")
    assert result.exit_code == 0, result.output
    assert result.output == "locales/templates/epi-2022-03.pot: written\n"
    template = project / "locales" / "templates" / "epi-2022-03.pot"
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(template)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    catalog = polib.pofile(str(template))
    title = catalog.find("EPI newsletter, March 2022", msgctxt="title")
    assert title is not None and title.comment == "front matter"
    heading = catalog.find("What is happening?")
    assert heading.comment == "heading" and heading.occurrences == [("source/epi-2022-03.md", "10")]
    assert catalog.metadata["Project-Id-Version"] == "Test newsletter"
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"


def test_extract_again_leaves_the_template_byte_identical(project):
    run("extract")
    template = project / "locales" / "templates" / "epi-2022-03.pot"
    before = template.read_bytes()
    result = run("extract")
    assert result.output == "locales/templates/epi-2022-03.pot: unchanged\n"
    assert template.read_bytes() == before


def test_references_carry_true_line_numbers_and_duplicates_merge():
    source = "# Same\n\nSame\n\n- Same\n- Other\n"
    template = template_for(source, "x.md")
    assert [(e.msgid, e.occurrences, e.comment) for e in template] == [
        ("Same", [("x.md", "1"), ("x.md", "3"), ("x.md", "5")], "heading, paragraph, list item"),
        ("Other", [("x.md", "6")], "list item"),
    ]


def test_every_golden_template_passes_msgfmt_check(tmp_path):
    for path in sorted(DATA.glob("*.md")):
        output = tmp_path / f"{path.stem}.pot"
        result = run("extract", str(path), "-o", str(output))
        assert result.exit_code == 0, result.output
        check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(output)], capture_output=True, text=True)
        assert check.returncode == 0, (path.name, check.stderr)


def test_extract_any_file_anywhere_to_a_folder(tmp_path):
    source = tmp_path / "elsewhere" / "note.md"
    source.parent.mkdir()
    source.write_text("# Hello\n\nA paragraph.\n")
    result = run("extract", str(source), "-o", str(tmp_path / "out") + "/")
    assert result.exit_code == 0
    assert [e.msgid for e in polib.pofile(str(tmp_path / "out" / "note.pot"))] == ["Hello", "A paragraph."]


def test_extract_one_source_to_a_file_of_any_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("notes.md").write_text("# Notes\n\nOne paragraph.\n")
    result = run("extract", "notes.md", "-o", "notes.po")
    assert result.exit_code == 0, result.output
    assert result.output == "notes.po: written\n"
    assert Path("notes.po").is_file()
    assert [e.msgid for e in polib.pofile("notes.po")] == ["Notes", "One paragraph."]


def test_extract_one_source_into_a_folder_that_exists(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("notes.md").write_text("# Notes\n")
    Path("out.po").mkdir()
    result = run("extract", "notes.md", "-o", "out.po")
    assert result.exit_code == 0, result.output
    assert Path("out.po/notes.pot").is_file()


def test_dashes_around_a_line_that_is_not_yaml_are_markdown(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = "---\nFoo\n---\nBar\n"
    Path("page.md").write_text(text)
    result = run("extract", "page.md", "-o", "page.pot")
    assert result.exit_code == 0, result.output
    entries = polib.pofile("page.pot")
    assert [(e.comment, e.msgid) for e in entries] == [("heading", "Foo"), ("paragraph", "Bar")]
    catalog = Path("page.po")
    catalog.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       'msgid "Foo"\nmsgstr "Foo"\n\nmsgid "Bar"\nmsgstr "Bar"\n')
    result = run("render", "page.md", "--catalog", "page.po", "-o", "copy.md")
    assert result.exit_code == 0, result.output
    assert Path("copy.md").read_text() == text


def test_a_yaml_sequence_between_dashes_is_markdown(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("list.md").write_text("---\n- one\n- two\n---\nText.\n")
    result = run("extract", "list.md", "-o", "list.pot")
    assert result.exit_code == 0, result.output
    assert [e.msgid for e in polib.pofile("list.pot")] == ["one", "two", "Text."]


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        (None, "no such file"),
        (b"caf\xe9 au lait\n", "1: not valid UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", ":3: binary file"),
        (b"---\ntitle: [oops\n---\n\nText.\n", "front matter is not valid YAML"),
    ],
    ids=["missing", "not-utf8", "binary", "bad-yaml"],
)
def test_bad_source_is_one_line_error_exit_2_and_nothing_written(tmp_path, content, cause):
    source = tmp_path / "bad.md"
    if content is not None:
        source.write_bytes(content)
    output = tmp_path / "bad.pot"
    result = CliRunner().invoke(main, ["extract", str(source), "-o", str(output)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {source}")
    assert cause in lines[0]
    assert not output.exists()


def test_render_with_a_catalog_that_is_not_po(tmp_path):
    source = tmp_path / "a.md"
    source.write_text("Hello.\n")
    catalog = tmp_path / "a.po"
    catalog.write_text('msgid "Hello."\nmsgstr "Salut."\nmsgid \n')
    output = tmp_path / "out.md"
    result = CliRunner().invoke(main, ["render", str(source), "--catalog", str(catalog), "-o", str(output)])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {catalog}:")
    assert len(result.output.strip().splitlines()) == 1
    assert not output.exists()


def test_render_cli_markdown_and_html(tmp_path):
    source = tmp_path / "a.md"
    source.write_text("---\ntitle: Hello\n---\n\n# Hello\n\nWorld <b>x</b>.\n")
    catalog = tmp_path / "ro.po"
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Language: ro\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "title"\nmsgid "Hello"\nmsgstr "Salut"\n\n'
        'msgid "Hello"\nmsgstr "Bună"\n\n'
        '#, fuzzy\nmsgid "World <b>x</b>."\nmsgstr "Lume <b>x</b>."\n'
    )
    result = run("render", str(source), "--catalog", str(catalog))
    assert result.output == "---\ntitle: Salut\n---\n\n# Bună\n\nWorld <b>x</b>.\n"
    run("render", str(source), "--catalog", str(catalog), "-o", str(tmp_path / "a.html"))
    page = (tmp_path / "a.html").read_text()
    assert '<html lang="ro" dir="ltr">' in page and "<title>Salut</title>" in page and "<h1>Bună</h1>" in page


def test_render_refuses_html_from_an_unsafe_translation_and_names_the_entry(tmp_path):
    source = tmp_path / "a.md"
    source.write_text("# Hello\n\nSee the photo.\n")
    catalog = tmp_path / "ro.po"
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Language: ro\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Hello"\nmsgstr "Bună"\n\n'
        'msgid "See the photo."\nmsgstr "Vezi <img src=x onerror=alert(1)>."\n'
    )
    output = tmp_path / "a.html"
    result = CliRunner().invoke(main, ["render", str(source), "--catalog", str(catalog), "-o", str(output)])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {catalog}:9: refusing to write HTML from the translation of 'See the photo.'")
    assert not output.exists()
    markdown = CliRunner().invoke(main, ["render", str(source), "--catalog", str(catalog)])
    assert markdown.exit_code == 0


def test_render_to_a_file_says_what_it_wrote(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text("Hello.\n")
    Path("a.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                            'msgid "Hello."\nmsgstr "Salut."\n')
    result = run("render", "a.md", "--catalog", "a.po", "-o", "out/ro.md")
    assert result.exit_code == 0, result.output
    assert result.output == "out/ro.md: written\n"
    assert Path("out/ro.md").read_text() == "Salut.\n"
