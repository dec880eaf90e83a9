"""Tests of a build with every output format, the PDF above all (WeasyPrint, read back by pypdf and pdfplumber).

The repository's sample newsletter is built once for the module, every format, as a user
with a ``base_url`` would build it; the PDFs are small (three pages), so the module stays
quick. Page 1 is rendered to PNG by poppler's ``pdftoppm`` (Debian's poppler-utils).
"""

from __future__ import annotations

import email
import re
import shutil
import subprocess
from email import policy
from pathlib import Path

import pdfplumber
import polib
import pytest
from PIL import Image
from pypdf import PdfReader

from l10n.config import load_config
from l10n.sources.extract import write_template
from publish_helpers import build, html_urls, is_relative, sample_project, unresolved

ISSUE = "epi-2022-03"
BASE = "https://news.example.org/epi"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = sample_project(tmp_path_factory.mktemp("sample") / "p", base_url=BASE)
    result = build(root, "-j", "2")
    assert result.exit_code == 0, result.output
    return root


def pdf_text(path: Path) -> str:
    """The PDF's text, with WeasyPrint's hyphenation breaks joined and lines run together."""
    raw = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", raw.replace("\u2010\n", ""))


def plain(markdown: str) -> str:
    """A catalog msgstr as the reader sees it: emphasis and link markup taken out."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown).replace("**", "")


def test_romanian_pdf_has_the_headings_and_paragraphs_with_their_diacritics(sample: Path) -> None:
    text = pdf_text(sample / "build" / "ro" / f"{ISSUE}.pdf")
    catalog = polib.pofile(str(sample / "locales" / "ro" / "LC_MESSAGES" / f"{ISSUE}.po"))
    used = [entry for entry in catalog.translated_entries()
            if entry.comment in ("heading", "paragraph", "list item") and entry.msgctxt is None]
    assert len(used) >= 10
    for entry in used:
        assert plain(entry.msgstr) in text, entry.msgstr
    for heading in ("Strategiile de integrare EPI", "Întâlnirea transnațională", "Resurse",
                    "Ultimul buletin al Rețelei europene de migrație"):
        assert heading in text
    assert "15 martie 2022" in text
    assert "1 / 3" in text  # page numbers


def test_every_font_of_the_pdf_is_embedded(sample: Path) -> None:
    names = set()
    for page in PdfReader(sample / "build" / "ro" / f"{ISSUE}.pdf").pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
    assert names and all("DejaVu" in name for name in names)


def test_the_table_keeps_its_three_columns(sample: Path) -> None:
    with pdfplumber.open(sample / "build" / "ro" / f"{ISSUE}.pdf") as pdf:
        tables = [table for page in pdf.pages for table in page.extract_tables()]
    rows = [row for table in tables for row in table]
    assert rows[0] == ["Who", "What", "When"]
    rows = [row for row in rows if row != rows[0]]  # the header row is repeated on each page
    assert all(len(row) == 3 for row in rows)
    cells = [[re.sub(r"\s+", " ", (cell or "").replace("\u2010\n", "")) for cell in row] for row in rows]
    assert [row[0] for row in cells] == ["Riga, Creative Ideas", "Cluj, Lublin, Rávena, Patrir, CCB",
                                         "Cartagena, ACI", "Dietzenbach, Linköping, Pro Arbeit"]
    assert cells[0][1].startswith("Ocazie excelentă de a realiza un schimb de experiență")
    assert [row[2] for row in cells] == ["1/20/2022", "2/10/2022", "2/23/2022", "2/28/2022"]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (apt-get install poppler-utils)")
def test_page_one_renders_to_a_picture_with_text_and_the_image(sample: Path, tmp_path: Path) -> None:
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "2", "-png",
                    str(sample / "build" / "ro" / f"{ISSUE}.pdf"), str(tmp_path / "page")], check=True)
    first = Image.open(tmp_path / "page-1.png").convert("L")
    width, height = first.size
    assert (width, height) == (331, 468)  # A4 at 40 dpi
    dark = sum(first.histogram()[:128])
    assert dark > 0.01 * width * height
    second = Image.open(tmp_path / "page-2.png").convert("RGB")
    # The photo: a wide band of the picture's dark blue sky.
    data = second.tobytes()
    blue = sum(1 for i in range(0, len(data), 3) if data[i + 2] > 90 and data[i] < 60 and data[i + 1] < 90)
    assert blue > 0.05 * width * height


def test_every_relative_link_and_image_of_every_output_resolves(sample: Path) -> None:
    build_dir = sample / "build"
    checked = 0
    for output in sorted(build_dir.rglob("*")):
        if output.suffix == ".html":
            urls = html_urls(output.read_text("utf-8"))
        elif output.suffix == ".md":
            urls = re.findall(r"\]\(([^)\s]+)", output.read_text("utf-8"))
        elif output.suffix == ".txt":
            urls = re.findall(r"^\[\d+\] (\S+)$", output.read_text("utf-8"), re.MULTILINE)
        elif output.suffix == ".eml":
            message = email.message_from_bytes(output.read_bytes(), policy=policy.default)
            html = message.get_payload()[1].get_content()
            assert [url for url in html_urls(html) if is_relative(url)] == [], output
            continue
        elif output.suffix == ".pdf":
            for page in PdfReader(output).pages:
                for annotation in page.get("/Annots") or ():
                    action = annotation.get_object().get("/A")
                    if action is not None and "/URI" in action:
                        assert str(action["/URI"]).startswith(("https://", "http://")), output
            continue
        else:
            continue
        checked += len([url for url in urls if is_relative(url)])
        assert unresolved(build_dir, output, urls) == [], output
    assert checked > 10


def test_only_published_languages_are_built_and_indexed_with_their_formats(sample: Path) -> None:
    assert sorted(p.name for p in (sample / "build").iterdir()) == [".l10n-manifest.json", "assets", "en",
                                                                     "index.html", "ro"]
    assert sorted(p.name for p in (sample / "build" / "ro").iterdir()) == [
        f"{ISSUE}{suffix}" for suffix in (".email.html", ".eml", ".html", ".md", ".pdf", ".txt")]
    index = (sample / "build" / "index.html").read_text("utf-8")
    assert (f'<td class="formats"><a href="ro/{ISSUE}.pdf">PDF</a><a href="ro/{ISSUE}.email.html">e-mail</a></td>'
            in index)
    assert '<time datetime="2022-03-15">15 martie 2022</time>' in index
    assert 'href="pl/' not in index and '<span lang="pl">polski</span> (no entry translated)' in index
    ro = (sample / "build" / "ro" / f"{ISSUE}.html").read_text("utf-8")
    assert 'hreflang="pl"' not in ro
    assert f'<a href="{ISSUE}.pdf" type="application/pdf">PDF</a>' in ro


def test_second_build_writes_nothing_and_any_number_of_processes_gives_the_same_bytes(
        sample: Path, tmp_path: Path) -> None:
    files = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (sample / "build").rglob("*") if p.is_file()}
    result = build(sample)
    assert result.output.splitlines()[-1] == "nothing to do: 2 pages up to date"
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files} == files
    other = tmp_path / "p"
    shutil.copytree(sample, other, ignore=shutil.ignore_patterns("build"))
    assert build(other, "-j", "1").exit_code == 0
    for path, (_, content) in files.items():
        assert (other / path.relative_to(sample)).read_bytes() == content, path
    # A build of one format keeps the page's links to the others made before.
    assert build(other, "--format", "html", "--force").exit_code == 0
    assert f'<a href="{ISSUE}.pdf" type="application/pdf">PDF</a>' in (other / "build" / "ro" / f"{ISSUE}.html"
                                                                       ).read_text("utf-8")


SOURCE = """---
title: "Spring issue"
date: 2022-03-15
summary: "What happened in spring."
---

# Welcome to the spring issue

- Workshops in Riga
- A conference in Monza

![A photo](images/photo.png)
"""


def test_injected_markup_reaches_no_output(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "source" / "images").mkdir(parents=True)
    (root / "source" / "spring.md").write_text(SOURCE, encoding="utf-8")
    Image.new("RGB", (40, 20), (200, 30, 30)).save(root / "source" / "images" / "photo.png")
    (root / "l10n.toml").write_text(f'languages = ["ro"]\n[build]\nbase_url = "{BASE}"\n', encoding="utf-8")
    config = load_config(root / "l10n.toml")
    write_template(config, "spring")
    catalog = polib.pofile(str(config.template_path("spring")))
    payloads = {
        "Workshops in Riga": "Ateliere <script>alert(1)</script> la Riga",
        "A conference in Monza": 'O conferință <img src=x onerror="alert(2)">',
        "Welcome to the spring issue": "Bun venit <a href=\"javascript:alert(3)\">aici</a>",
        "A photo": 'O fotografie" onload="alert(4)',
    }
    for entry in catalog:
        entry.msgstr = payloads.get(entry.msgid, "")
    catalog.metadata["Language"] = "ro"
    path = config.catalog_path("ro", "spring")
    path.parent.mkdir(parents=True)
    catalog.save(str(path))
    result = build(root, config="l10n.toml")
    assert result.exit_code == 0, result.output
    assert len([line for line in result.output.splitlines() if line.startswith("refused ")]) == 3
    folder = root / "build" / "ro"
    message = email.message_from_bytes((folder / "spring.eml").read_bytes(), policy=policy.default)
    outputs = {
        "page": (folder / "spring.html").read_text("utf-8"),
        "email": (folder / "spring.email.html").read_text("utf-8"),
        "eml": message.get_payload()[1].get_content(),
        "pdf": pdf_text(folder / "spring.pdf"),
    }
    for name, content in outputs.items():
        for needle in ("<script", "onerror", "onload=\"", "javascript:", "alert(1)", "alert(2)", "alert(3)"):
            assert needle not in content, (name, needle)
    assert "Workshops in Riga" in outputs["pdf"] and "A conference in Monza" in outputs["pdf"]
    assert '<li lang="en" class="untranslated">Workshops in Riga</li>' in outputs["page"]
    # The alt text that tried to close its attribute stays text inside it.
    assert 'alt="O fotografie&quot; onload=&quot;alert(4)"' in outputs["page"]
