"""The e-mail body and the web page in a real headless browser (Debian's chromium driven by Playwright).

The build folder is served by a local HTTP server on 127.0.0.1, and ``base_url`` points at
it, so the e-mail's absolute image URLs load as they would from the published site.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from publish_helpers import build, sample_project

ISSUE = "epi-2022-03"


from playwright.sync_api import Browser


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(base URL, project) of the sample, built with that base URL and served from its build folder."""
    root = tmp_path_factory.mktemp("site") / "p"
    (root / "build").mkdir(parents=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root / "build")))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    sample_project(root, base_url=base)
    result = build(root, "--lang", "ro", "--lang", "en", "--format", "email", "--format", "html")
    assert result.exit_code == 0, result.output
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, root
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("width", [375, 600])
def test_email_fits_the_width_and_shows_every_image(site: tuple[str, Path], browser: Browser, width: int,
                                                     tmp_path: Path) -> None:
    base, _ = site
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{base}/ro/{ISSUE}.email.html", wait_until="load")
    sizes = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert sizes[0] <= sizes[1]
    images = page.evaluate("Array.from(document.images).map(i => [i.src, i.complete, i.naturalWidth, "
                           "i.getBoundingClientRect().width])")
    assert [src for src, *_ in images] == [f"{base}/assets/images/cartagena-meeting.jpg"]
    for src, complete, natural, shown in images:
        assert complete and natural == 1200, src
        assert 0 < shown <= width
    # The preheader is in the document but not shown.
    assert page.evaluate("document.querySelector('.preheader').getBoundingClientRect().height") == 0
    page.screenshot(path=str(tmp_path / f"email-{width}.png"), full_page=True)
    page.close()


def test_web_page_shows_its_image_and_marks_english_segments(site: tuple[str, Path], browser: Browser) -> None:
    base, _ = site
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(f"{base}/ro/{ISSUE}.html", wait_until="load")
    assert page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    assert page.evaluate("document.images.length") == 1
    english = page.evaluate("Array.from(document.querySelectorAll('article [lang=en]')).map(e => e.textContent)")
    assert "What is happening?" in english and "Strategiile de integrare EPI" not in english
    style = page.evaluate("getComputedStyle(document.querySelector('article h2[lang=en]')).borderInlineStartStyle")
    assert style == "dotted"
    page.close()
