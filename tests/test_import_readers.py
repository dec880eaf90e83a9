"""l10n import from what partners hold: the toolkit's own Romanian build as PDF, e-mail, Word, ODT.

Every published file here is made by the test: the Romanian sample issue rendered by
``l10n render`` from the shipped catalog, printed to PDF by WeasyPrint, sent as an e-mail
by Python's ``email`` package, written as a Word document by python-docx and as an
OpenDocument text element by element.
"""

from __future__ import annotations

import re
import shutil
from email.message import EmailMessage
from pathlib import Path

import docx
import polib
import pytest
from click.testing import CliRunner

from l10n.cli import main
from l10n.catalogs.states import State, state_of
from l10n.importing.readers import detect_format, read_document
from l10n.importing.readers.html import read_html
from l10n.sources.markdown import extract_segments

REPO = Path(__file__).parent.parent
SAMPLE = REPO / "source" / "epi-2022-03.md"
SHIPPED = REPO / "locales" / "ro" / "LC_MESSAGES" / "epi-2022-03.po"
CATALOG = Path("locales/ro/LC_MESSAGES/epi-2022-03.po")

CONFIG = """\
[tool.l10n]
source_language = "en"
languages = ["ro"]
project = "EPI newsletter"

[tool.l10n.glossary]
do_not_translate = ["EPI", "Cluj", "Lublin", "Ravenna", "Cartagena", "Riga", "Dietzenbach", "Linköping", "Monza"]
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """The Romanian issue as the toolkit renders it: HTML and Markdown."""
    folder = tmp_path_factory.mktemp("build")
    for output in ("ro.html", "ro.md"):
        result = CliRunner().invoke(main, ["--config", str(REPO / "pyproject.toml"), "render", str(SAMPLE),
                                           "--catalog", str(SHIPPED), "-o", str(folder / output)])
        assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def published(build):
    """The Romanian issue as a partner holds it: a PDF, an e-mail and a Word document."""
    import weasyprint

    html = (build / "ro.html").read_text("utf-8")
    weasyprint.HTML(string=html).write_pdf(build / "epi-2022-03-ro.pdf")
    (build / "epi-2022-03-ro.eml").write_bytes(_email(html))
    _word(build / "ro.md", build / "epi-2022-03-ro.docx")
    _odt(build / "ro.md", build / "epi-2022-03-ro.odt")
    return build


def _email(html: str) -> bytes:
    """The page as a mailing service sends it: tracked links, a preheader, merge tags, a text part."""
    counter = iter(range(100))
    tracked = re.sub(r'href="(https://[^"]+)"',
                     lambda m: f'href="https://epi.us5.list-manage.com/track/click?u=ab12&amp;id={next(counter)}"', html)
    tracked = tracked.replace(
        "<main>", '<main><div style="display:none;max-height:0">Noutăți din orașele EPI</div>'
        "<p>Dragă *|FNAME|*,</p>", 1)
    tracked = tracked.replace(
        "</main>", '<p><a href="*|UNSUB|*">Dezabonare</a> · {{ company_address }}</p></main>', 1)
    message = EmailMessage()
    message["From"] = "EPI <news@example.org>"
    message["To"] = "*|EMAIL|*"
    message["Subject"] = "Buletinul EPI, martie 2022"
    message["Date"] = "Tue, 15 Mar 2022 09:00:00 +0100"
    message.set_content("Buletinul EPI: vedeți versiunea HTML.")
    message.add_alternative(tracked, subtype="html")
    return bytes(message)


def _word(markdown: Path, path: Path) -> None:
    """The Markdown build as a translator returns it in Word: headings, lists, the table."""
    text = markdown.read_text("utf-8")
    document = docx.Document()
    plain = re.compile(r"\[([^\]]*)\]\([^)]*\)")
    for segment in extract_segments(text):
        value = plain.sub(r"\1", segment.text)
        if segment.kind == "table cell":
            continue
        if segment.kind == "heading":
            level = len(text.splitlines()[segment.line - 1]) - len(text.splitlines()[segment.line - 1].lstrip("#"))
            document.add_heading(value, level=level)
        elif segment.kind == "list item":
            document.add_paragraph(value, style="List Bullet")
        elif segment.kind in ("paragraph", "front matter"):
            document.add_paragraph(value)
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in text.splitlines() if line.startswith("|") and not line.startswith("| ---")]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.save(str(path))


def _odt(markdown: Path, path: Path) -> None:
    """The Markdown build as an OpenDocument text, written element by element (OpenDocument 1.2)."""
    from xml.sax.saxutils import escape, quoteattr

    text = markdown.read_text("utf-8")
    link = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")

    def inline(value: str) -> str:
        out, last = [], 0
        for match in link.finditer(value):
            out.append(escape(value[last:match.start()]))
            out.append(f'<text:a xlink:type="simple" xlink:href={quoteattr(match[2])}>{escape(match[1])}</text:a>')
            last = match.end()
        return "".join(out) + escape(value[last:])

    body = []
    for segment in extract_segments(text):
        if segment.kind == "heading":
            line = text.splitlines()[segment.line - 1]
            level = len(line) - len(line.lstrip("#"))
            body.append(f'<text:h text:outline-level="{level}">{inline(segment.text)}</text:h>')
        elif segment.kind == "list item":
            body.append(f"<text:list><text:list-item><text:p>{inline(segment.text)}</text:p></text:list-item></text:list>")
        elif segment.kind in ("paragraph", "front matter"):
            body.append(f"<text:p>{inline(segment.text)}<text:s/></text:p>")
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in text.splitlines() if line.startswith("|") and not line.startswith("| ---")]
    body.append('<table:table table:name="Events"><table:table-column table:number-columns-repeated="3"/>' + "".join(
        "<table:table-row>" + "".join(f"<table:table-cell><text:p>{escape(c)}</text:p></table:table-cell>" for c in row)
        + "</table:table-row>" for row in rows) + "</table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2">'
        f'<office:body><office:text>{"".join(body)}</office:text></office:body></office:document-content>'
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "source").mkdir()
    shutil.copy(SAMPLE, tmp_path / "source" / "epi-2022-03.md")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1647302400")
    return tmp_path


def _normal(text: str) -> str:
    return " ".join(text.split())


def _shipped() -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(SHIPPED)) if state_of(e) in (State.TRANSLATED, State.REVIEWED)]


@pytest.mark.parametrize("name", ["epi-2022-03-ro.pdf", "epi-2022-03-ro.eml", "epi-2022-03-ro.docx",
                                  "epi-2022-03-ro.odt"], ids=["pdf", "eml", "docx", "odt"])
def test_round_trip_brings_back_the_shipped_translations(project, published, name):
    shutil.copy(published / name, project / name)
    result = run("import", "--lang", "ro", "source/epi-2022-03.md", name)
    assert result.exit_code == 0, result.output
    imported = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(CATALOG))}
    shipped = _shipped()
    same = [e for e in shipped if _normal(imported[(e.msgctxt, e.msgid)].msgstr) == _normal(e.msgstr)]
    missed = [(e.msgid[:40], imported[(e.msgctxt, e.msgid)].msgstr[:40]) for e in shipped if e not in same]
    assert len(same) >= 0.95 * len(shipped), missed
    # A heading the build left in English (untranslated in the catalog) is no Romanian translation.
    heading = imported[(None, "Newsletter of the “European Pact for Integration”")]
    assert heading.msgstr == heading.msgid and state_of(heading) == State.DRAFT
    # The events table: every cell the shipped catalog translates pairs with its own cell.
    cells = [e for e in shipped if "table cell" in e.comment]
    assert len(cells) == 12
    for entry in cells:
        assert _normal(imported[(entry.msgctxt, entry.msgid)].msgstr) == _normal(entry.msgstr), entry.msgid
    # Nothing the e-mail's mailing service added came in: no tracking address, no merge tag.
    text = CATALOG.read_text("utf-8")
    assert "list-manage" not in text and "|*" not in text and "{{" not in text


def test_formats_are_told_by_content_not_name(project, published):
    for name, fmt in (("epi-2022-03-ro.pdf", "pdf"), ("epi-2022-03-ro.eml", "email"), ("epi-2022-03-ro.docx", "docx"),
                      ("epi-2022-03-ro.odt", "odt")):
        disguised = project / f"{fmt}.txt"
        shutil.copy(published / name, disguised)
        assert detect_format(disguised.read_bytes(), disguised.name) == fmt
        assert read_document(disguised, lang="ro").fmt == fmt
    shutil.copy(published / "ro.html", project / "page.txt")
    assert read_document(project / "page.txt", lang="ro").fmt == "html"
    (project / "notes.txt").write_text("Resurse\n\nUn paragraf.\n", encoding="utf-8")
    assert read_document(project / "notes.txt", lang="ro").fmt == "text"


def test_pdf_reads_headings_and_table_cells_as_such(published):
    units = read_document(published / "epi-2022-03-ro.pdf", lang="ro").units
    kinds = {u.text: u.kind for u in units}
    assert kinds["Resurse"] == "heading"
    assert kinds["Strategiile de integrare EPI"] == "heading"
    assert kinds["Click aici pentru a descărca Buletinul"] == "list item"
    assert kinds["1/20/2022"] == "table cell"
    assert kinds["Riga, Creative Ideas"] == "table cell"
    # The table runs onto the next page: its header is read once, the row cut by the page is whole.
    assert [u.text for u in units].count("Who") == 1
    cell = next(u.text for u in units if u.text.startswith("Evidențierea"))
    assert cell.endswith("dezvoltate de orașele EPI.")


def test_html_reader_drops_hidden_text_merge_tags_and_tracking_links():
    html = """<html><head><title>x</title><style>p{}</style></head><body>
<div style="display: none">Preheader</div>
<h2>Resurse</h2>
<p>Salut *|FNAME|*, citiți <a href="https://example.org/a?utm_source=nl&amp;x=1">raportul</a> și
<a href="https://click.example.com/ls/click?upn=1">buletinul</a>.</p>
<ul><li><p>Unu</p></li><li>Doi</li></ul>
<table><tr><td>Riga</td><td>1/20/2022</td></tr></table>
<p>{{ unsubscribe }}</p>
</body></html>"""
    units = [(u.kind, u.text) for u in read_html(html)]
    assert units == [
        ("heading", "Resurse"),
        ("paragraph", "Salut, citiți [raportul](https://example.org/a?x=1) și buletinul."),
        ("list item", "Unu"),
        ("list item", "Doi"),
        ("table cell", "Riga"),
        ("table cell", "1/20/2022"),
    ]


TWO_COLUMNS = """<!DOCTYPE html><html lang="ro"><head><style>
@page { size: A5; margin: 2cm 1.5cm; @bottom-center { content: "Buletinul EPI · pagina " counter(page); } }
body { font: 10pt/1.4 "DejaVu Sans"; }
.columns { columns: 2; column-gap: 2em; hyphens: auto; text-align: justify; }
p { margin: 0 0 .8em; }
</style></head><body><h1>Întâlnirea transnațională</h1><div class="columns">%s</div></body></html>"""


def test_two_column_pdf_reads_in_order_without_the_running_footer(tmp_path):
    """Justified, hyphenated (WeasyPrint hyphenates Romanian), a paragraph across columns and pages."""
    import weasyprint

    words = ("orașele", "partenerii", "atelierele", "conferința", "strategia", "biblioteca", "rețeaua")
    paragraphs = [f"Paragraful {n}: {words[n % 7]} se vor întâlni la Cartagena pentru a discuta "
                  f"{' '.join(words[(n + k) % 7] for k in range(n % 5 + 2))} și pașii următori, numărul {n}."
                  for n in range(1, 25)]
    html = TWO_COLUMNS % "".join(f"<p>{p}</p>" for p in paragraphs)
    pdf = tmp_path / "columns.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        assert len(document.pages) >= 2  # the footer repeats, and a paragraph crosses a page
        first = document.pages[0].extract_words()
        lefts = {round(w["x0"]) for w in first}
        assert min(lefts) < 100 and max(lefts) > 200  # two columns side by side
    units = read_document(pdf, lang="ro").units
    assert [u.text for u in units] == ["Întâlnirea transnațională", *paragraphs]
    assert units[0].kind == "heading"
    assert not any("pagina" in u.text for u in units)
    with pdfplumber.open(pdf) as document:
        text = "\n".join(page.extract_text() for page in document.pages)
    assert re.search(r"\w[-\u2010]$", text, re.MULTILINE)  # words were hyphenated at line ends


def _scanned_pdf(path: Path) -> None:
    import weasyprint
    from PIL import Image

    image = path.with_suffix(".png")
    Image.new("RGB", (400, 200), "white").save(image)
    weasyprint.HTML(string=f'<img src="{image.name}" style="width:10cm">', base_url=str(path.parent)).write_pdf(path)


def _encrypted_pdf(path: Path) -> None:
    import weasyprint
    from pypdf import PdfReader, PdfWriter

    plain = path.with_name("plain.pdf")
    weasyprint.HTML(string="<p>Resurse</p>").write_pdf(plain)
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    with open(path, "wb") as out:
        writer.write(out)


def _corrupt_docx(path: Path, published: Path) -> None:
    data = (published / "epi-2022-03-ro.docx").read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("name", "make", "cause"),
    [
        ("scan.pdf", _scanned_pdf, "the PDF has no text layer (scanned pages?): run it through OCR first"),
        ("locked.pdf", _encrypted_pdf, "the PDF is encrypted: open it with its password and save it without one"),
        ("broken.docx", None, "not a readable Word document (File is not a zip file)"),
        ("renamed.docx", None, "named .docx but not a Word document (it reads as text)"),
    ],
    ids=["scanned pdf", "encrypted pdf", "corrupt docx", "text named docx"],
)
def test_unreadable_files_are_one_error_line_and_nothing_written(project, published, name, make, cause):
    path = project / name
    if make is not None:
        make(path)
    elif name == "broken.docx":
        _corrupt_docx(path, published)
    else:
        path.write_text("Resurse\n", encoding="utf-8")
    result = run("import", "--lang", "ro", "source/epi-2022-03.md", name)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {name}: {cause}\n"
    assert result.stdout == ""
    assert not CATALOG.exists()


def test_memory_only_feeds_the_memory_that_draft_reads(project, published):
    folder = project / "published"
    folder.mkdir()
    shutil.copy(published / "epi-2022-03-ro.pdf", folder / "epi-2022-03-ro.pdf")  # paired by name
    shutil.copy(published / "epi-2022-03-ro.docx", folder / "buletin-martie-2022.docx")  # paired by date
    (folder / "poster.txt").write_text("Afiș\n", encoding="utf-8")  # no issue by name or date
    dry = run("import", "--lang", "ro", "--memory-only", "--dry-run", "published")
    assert re.fullmatch(r"Dry run: locales/ro/memory\.tmx not written \(\d+ new, \d+ pairs in all\)",
                        dry.stdout.splitlines()[-1])
    assert not Path("locales").exists()
    result = run("import", "--lang", "ro", "--memory-only", "published")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "published/poster.txt: no source issue by name or date; skipped"
    assert lines[1].startswith("published/buletin-martie-2022.docx -> source/epi-2022-03.md (by date): ")
    assert lines[2].startswith("published/epi-2022-03-ro.pdf -> source/epi-2022-03.md (by name): ")
    memory = Path("locales/ro/memory.tmx")
    assert re.fullmatch(r"locales/ro/memory\.tmx: written \(\d+ new, \d+ pairs in all\)", lines[-1])
    assert not Path("locales/ro/LC_MESSAGES").exists()  # no catalog made
    before = memory.read_bytes()
    again = run("import", "--lang", "ro", "--memory-only", "published")
    assert again.stdout.splitlines()[-1].startswith("locales/ro/memory.tmx: unchanged (0 new")
    assert memory.read_bytes() == before

    # Any TMX reader sees the pairs: Translate Toolkit's.
    from translate.storage.tmx import tmxfile

    units = {u.source: u.target for u in tmxfile.parsefile(str(memory)).units}
    shipped = {e.msgid: e.msgstr for e in _shipped()}
    assert len(units) >= 20
    assert all(shipped[source] == target for source, target in units.items() if source in shipped)

    # The next draft from the memory finds them, with the file as their origin.
    assert run("extract").exit_code == 0
    updated = run("update", "--lang", "ro")
    assert updated.exit_code == 0, updated.output
    drafted = run("draft", "--lang", "ro", "--provider", "tm")
    assert drafted.exit_code == 0, drafted.output
    catalog = polib.pofile(str(CATALOG))
    drafts = {e.msgid: e.msgstr for e in catalog if state_of(e) == State.DRAFT}
    assert len(drafts) == len(units)
    assert all(units[msgid] == msgstr for msgid, msgstr in drafts.items())


def test_memory_only_stops_at_an_unreadable_file_and_writes_nothing(project, published):
    folder = project / "published"
    folder.mkdir()
    shutil.copy(published / "epi-2022-03-ro.pdf", folder / "epi-2022-03-ro.pdf")
    (folder / "epi-2022-03-ro-scan.pdf").write_bytes(b"%PDF-1.7\n%%EOF garbage")
    result = run("import", "--lang", "ro", "--memory-only", "published")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: published/epi-2022-03-ro-scan.pdf: not a readable PDF")
    assert len(result.stderr.splitlines()) == 1
    assert not Path("locales/ro/memory.tmx").exists()


def test_a_damaged_memory_file_is_one_error_naming_it(project):
    assert run("extract").exit_code == 0
    assert run("update", "--lang", "ro").exit_code == 0
    Path("locales/ro/memory.tmx").write_text('<?xml version="1.0"?>\n<tmx version="1.4">\n<body><tu>\n', encoding="utf-8")
    before = CATALOG.read_bytes()
    result = run("draft", "--lang", "ro", "--provider", "tm")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: locales/ro/memory.tmx:4: not a readable TMX file (")
    assert CATALOG.read_bytes() == before
