"""The e-mail body of a localized issue (``build/<lang>/<issue>.email.html``).

Mail clients keep little of a web page: Gmail drops ``<style>`` in many views, Outlook
lays out tables and ignores ``max-width``, no client runs a script or fetches relative
URLs. So the e-mail is one centred column built from tables (``width="600"`` for the
clients that read attributes, ``width:100%;max-width:600px`` for the others), every CSS
rule is inlined into ``style`` attributes by css-inline, a hidden preheader carries the
summary (the line clients show after the subject), and every image and link has an
absolute URL under the ``base_url`` setting of ``[tool.l10n.build]``.

The document is then passed through an allow-list on Python's HTML tokenizer: elements
that have no place in an e-mail (script, style, link, form and its fields, frames, objects)
and event-handler attributes are dropped, whatever the source held.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from html.parser import HTMLParser

import css_inline

from l10n.publish.document import Document
from l10n.publish.page import long_date

# Rules inlined into every element they match; none is needed after inlining.
EMAIL_STYLE = """
body{margin:0;padding:0;background:#eef1f4;-webkit-text-size-adjust:100%}
table{border-collapse:collapse}
td.content{padding:20px 16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24;
 background:#ffffff;overflow-wrap:break-word}
td.footer{padding:16px 24px;font-family:Arial,Helvetica,sans-serif;font-size:13px;color:#57606a;text-align:center}
h1{font-size:26px;line-height:1.25;margin:0 0 12px}
h2{font-size:21px;line-height:1.3;margin:24px 0 8px}
h3{font-size:18px;line-height:1.3;margin:20px 0 8px}
p{margin:0 0 14px}
a{color:#0b5cad}
img{display:block;max-width:100%;height:auto;border:0}
ul,ol{margin:0 0 14px;padding-left:24px}
li{margin:0 0 6px}
blockquote{margin:0 0 14px;padding-left:12px;border-left:3px solid #d0d7de;color:#3d444d}
code{font-family:Consolas,Menlo,monospace;background:#f3f5f7}
pre{white-space:pre-wrap;font-family:Consolas,Menlo,monospace;font-size:14px;background:#f3f5f7;padding:8px}
td.content table{width:100%;margin:0 0 14px;font-size:14px}
td.content th,td.content td{border:1px solid #d0d7de;padding:6px;vertical-align:top;text-align:left}
td.content thead th{background:#f3f5f7}
p.issue-date,p.issue-summary{color:#57606a}
"""

# Elements and attributes that have no place in an e-mail, whatever the source held.
_DROPPED = frozenset({"script", "style", "link", "form", "input", "button", "select", "textarea", "option",
                      "iframe", "frame", "frameset", "object", "embed", "applet", "base", "noscript", "svg",
                      "math", "template", "audio", "video", "source", "track", "dialog"})
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_URL_ATTRIBUTES = frozenset({"href", "src", "background", "action", "formaction", "poster", "cite"})
_SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:", "#")


def email_html(document: Document, *, resolve: Callable[[str], str], project: str, page_url: str,
               pdf_url: str | None = None) -> str:
    """The e-mail body of ``document``: ``resolve`` gives absolute URLs, ``page_url`` the web page's."""
    body = document.body_html(resolve=resolve)
    header = ""
    if document.day is not None:
        header += f'<p class="issue-date">{html.escape(long_date(document.day, document.lang))}</p>\n'
    if document.title:
        header += f"<h1{_lang(document, document.title_fallback)}>{html.escape(document.title)}</h1>\n"
    if document.summary:
        header += (f'<p class="issue-summary"{_lang(document, document.summary_fallback)}>'
                   f"{html.escape(document.summary)}</p>\n")
    preheader = html.escape(document.summary or "")
    footer = f'<a href="{html.escape(page_url)}">{html.escape(project)}</a>'
    if pdf_url:
        footer += f' · <a href="{html.escape(pdf_url)}">PDF</a>'
    title = html.escape(document.title or document.issue)
    page = (
        "<!DOCTYPE html>\n"
        f'<html lang="{document.html_lang}" dir="{html.escape(document.direction)}">\n<head>\n'
        '<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="x-apple-disable-message-reformatting">\n'
        f"<title>{title}</title>\n<style>{EMAIL_STYLE}</style>\n</head>\n<body>\n"
        '<div class="preheader" style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;'
        f'font-size:1px;line-height:1px;color:#eef1f4;mso-hide:all">{preheader}</div>\n'
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" '
        'style="width:100%;background:#eef1f4">\n<tr><td align="center" style="padding:16px 0">\n'
        '<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" '
        'style="width:100%;max-width:600px">\n'
        f'<tr><td class="content">\n{header}{body}</td></tr>\n'
        f'<tr><td class="footer">{footer}</td></tr>\n'
        "</table>\n</td></tr>\n</table>\n</body>\n</html>\n"
    )
    inlined = css_inline.inline(page, load_remote_stylesheets=False, keep_style_tags=False, keep_link_tags=False)
    return allow_listed(inlined)


def _lang(document: Document, fell_back: bool) -> str:
    return f' lang="{document.fallback_lang}"' if fell_back else ""


class _AllowList(HTMLParser):
    """Re-writes a document token by token, leaving out what an e-mail must not hold."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping: list[str] = []  # dropped elements still open

    def handle_decl(self, decl: str) -> None:
        if not self.skipping and decl.lower().startswith("doctype"):
            self.out.append(f"<!{decl}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if self.skipping:
            return
        kept = []
        for name, value in attrs:
            if name.startswith("on") or name in ("srcdoc", "formaction"):
                continue
            if name in _URL_ATTRIBUTES and value is not None:
                if not value.strip().lower().startswith(_SAFE_SCHEMES):
                    continue
            kept.append(name if value is None else f'{name}="{html.escape(value)}"')
        self.out.append(f"<{tag}{''.join(' ' + a for a in kept)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in self.skipping[-1:]:
            self.skipping.pop()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _DROPPED or tag in _VOID:
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))


def allow_listed(document: str) -> str:
    """``document`` without the elements and attributes an e-mail must not carry."""
    parser = _AllowList()
    parser.feed(document)
    parser.close()
    return "".join(parser.out)
