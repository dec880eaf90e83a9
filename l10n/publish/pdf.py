"""The print issue (``build/<lang>/<issue>.pdf``), laid out by WeasyPrint.

A4, text hyphenated by the rules of each element's language (WeasyPrint reads ``lang``;
a segment that fell back to the source language is hyphenated as that language), tables
that keep their columns and repeat their header row across pages, the issue's images,
and page numbers. The text is set in DejaVu Serif and Sans (Debian's ``fonts-dejavu-core``,
which ``.ci/run`` installs), which cover every partner language's letters; WeasyPrint
embeds the subset of each font that the document uses.

WeasyPrint reads nothing but files in the build folder: a remote image is left out (a
build makes no network request), and a link to a local file points at its copy under
``base_url`` when there is one, or is kept as plain text.
"""

from __future__ import annotations

import html
import mimetypes
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from l10n.publish.document import Document
from l10n.publish.page import long_date

def unavailable() -> str | None:
    """Why WeasyPrint cannot make a PDF on this machine (its libraries are missing), or None."""
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi)
    except (ImportError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return (f"WeasyPrint cannot run here ({first}); install Debian's libpango-1.0-0 and "
                "libpangoft2-1.0-0 (apt-get install libpango-1.0-0 libpangoft2-1.0-0)")
    return None


PRINT_STYLE = """
@page{size:A4;margin:20mm 18mm 22mm;
 @bottom-center{content:counter(page) " / " counter(pages);font:8.5pt "DejaVu Sans",sans-serif;color:#57606a}}
html{font-family:"DejaVu Serif",serif;font-size:10.5pt;line-height:1.45;color:#1b1f24;hyphens:auto}
body{margin:0}
h1,h2,h3,h4{font-family:"DejaVu Sans",sans-serif;line-height:1.25;hyphens:manual;break-after:avoid}
h1{font-size:19pt;margin:0 0 6pt}h2{font-size:14pt;margin:16pt 0 4pt}h3{font-size:11.5pt;margin:12pt 0 3pt}
p{margin:0 0 7pt;text-align:justify;orphans:2;widows:2}
li{margin:0 0 3pt}
p.issue-date,p.issue-summary{color:#57606a;text-align:start}
p.issue-summary{font-style:italic}
a{color:#0b5cad;text-decoration:none}
img{max-width:100%;max-height:95mm;width:auto;height:auto;display:block;margin:6pt auto}
table{width:100%;border-collapse:collapse;margin:8pt 0;font-size:8.5pt;line-height:1.35}
thead{display:table-header-group}
tr{break-inside:avoid}
th,td{border:.5pt solid #8c959f;padding:3pt 4pt;vertical-align:top;text-align:start}
thead th{background:#eef1f4;font-family:"DejaVu Sans",sans-serif}
blockquote{margin:0 0 7pt;padding-inline-start:8pt;border-inline-start:2pt solid #d0d7de;color:#3d444d}
code,pre{font-family:"DejaVu Sans Mono",monospace;font-size:9pt}
pre{white-space:pre-wrap}
"""


def print_html(document: Document, *, resolve: Callable[[str], str],
               resolve_link: Callable[[str], str] | None = None) -> str:
    """The HTML WeasyPrint lays out: the issue's header and body, and the print stylesheet.

    ``resolve`` gives images paths relative to the PDF's folder (WeasyPrint reads them);
    ``resolve_link`` gives links to local files the address a reader of the PDF can open.
    """
    body = document.body_html(resolve=resolve, resolve_link=resolve_link)
    header = ""
    if document.title:
        header += f"<h1{_lang(document, document.title_fallback)}>{html.escape(document.title)}</h1>\n"
    if document.day is not None:
        header += f'<p class="issue-date">{html.escape(long_date(document.day, document.lang))}</p>\n'
    if document.summary:
        header += (f'<p class="issue-summary"{_lang(document, document.summary_fallback)}>'
                   f"{html.escape(document.summary)}</p>\n")
    title = html.escape(document.title or document.issue)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{document.html_lang}" dir="{html.escape(document.direction)}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{title}</title>\n<style>{PRINT_STYLE}</style>\n</head>\n'
        f"<body>\n<header>\n{header}</header>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def _lang(document: Document, fell_back: bool) -> str:
    return f' lang="{document.fallback_lang}"' if fell_back else ""


# WeasyPrint sees the build folder under this address, so that nothing in the PDF depends on
# where the project is checked out (it names images after their URL).
_BUILD_URL = "https://build.l10n.invalid/"


def pdf_bytes(page: str, *, lang: str, build_dir: Path) -> bytes:
    """The PDF of ``page``, an output of ``build/<lang>/``, reading files under ``build_dir`` only."""
    from weasyprint import HTML

    return HTML(string=page, base_url=f"{_BUILD_URL}{quote(lang)}/", url_fetcher=_fetcher(build_dir)).write_pdf()


def _fetcher(build_dir: Path):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = build_dir.resolve()

    class BuildFolderFetcher(URLFetcher):
        """Files of the build folder, and nothing else."""

        def fetch(self, url, headers=None):
            if not url.startswith(_BUILD_URL):
                raise ValueError(f"not read: {url} (a build reads no network resource)")
            path = (root / unquote(urlsplit(url).path).lstrip("/")).resolve()
            if not path.is_relative_to(root) or not path.is_file():
                raise ValueError(f"not read: {url} (no such file in the build folder)")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})

    return BuildFolderFetcher()
