"""Reading a published HTML page or HTML e-mail into segments.

Block elements become segments, as HTML sources are read: headings (``heading``),
paragraphs and other blocks of text (``paragraph``), list items (``list item``), table
cells (``table cell``), paragraphs in a block quote (``block quote``). Text in ``head``,
``script``, ``style`` and hidden elements (``display:none``, ``hidden``: an e-mail's
preheader) is not read. Inline links are kept as Markdown links, as the catalog writes
them, unless they are tracking links (a mailing service's click counter), which are read
as their text; ``utm_*`` parameters are dropped from the links kept. Merge tags left in the
text by a mailing service (``*|FNAME|*``, ``{{ name }}``, ``%%Name%%``, ...) are removed, a
link whose address is a merge tag (``*|UNSUB|*``: the service's unsubscribe or "view in a
browser" line) is not read, and a block left with nothing but punctuation is not read.

A segment's ``line`` is the line of the HTML where its block starts.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from l10n.importing.align import Unit

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = _HEADINGS | {
    "p", "li", "td", "th", "dt", "dd", "blockquote", "div", "section", "article", "header", "footer",
    "main", "aside", "nav", "figcaption", "caption", "pre", "address", "ul", "ol", "table", "tr",
    "tbody", "thead", "tfoot", "center", "form", "fieldset", "legend", "details", "summary", "body", "html",
}
_SKIPPED = {"head", "script", "style", "template", "noscript", "svg", "math", "title", "object", "iframe"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all|max-height\s*:\s*0(?![.\d])",
                           re.IGNORECASE)

# Merge tags of the common mailing services and template languages, left unfilled.
MERGE_TAG = re.compile(
    r"\*\|[A-Za-z0-9_:\-\s]+\|\*"  # Mailchimp *|FNAME|*
    r"|\{\{.*?\}\}|\{%.*?%\}"  # Handlebars, Liquid, Jinja
    r"|%%[A-Za-z0-9_=:\-\s]+%%"  # Salesforce Marketing Cloud %%FirstName%%
    r"|\{\$[A-Za-z0-9_]+\}"  # Smarty-like {$name}
    r"|\[(?:[A-Z][A-Z0-9]*_)*(?:UNSUB\w*|FNAME|LNAME|EMAIL|FIRSTNAME|LASTNAME|NAME|WEBVERSION|UPDATE_PROFILE)\]"
    r"|\$\{[A-Za-z0-9_.]+\}"  # ${name}
)
# Hosts and paths of click counters (the address a reader's click goes to first).
_TRACKING_HOSTS = (
    "list-manage.com", "ct.sendgrid.net", "mandrillapp.com", "hubspotlinks.com", "rs6.net", "mjt.lu",
    "createsend1.com", "cmail19.com", "cmail20.com", "awstrack.me", "klclick.com", "klclick1.com",
    "mlsend.com", "exct.net", "sendibt2.com", "sendibt3.com", "mailgun.org", "mailjet.com", "campaign-archive.com",
)
_TRACKING_PREFIXES = ("click.", "clicks.", "links.", "link.", "track.", "trk.", "tracking.", "email.mg.")
_TRACKING_PATHS = re.compile(r"/(?:track/click|ls/click|wf/click|ss/c|e2t/c|redirect|r/)", re.IGNORECASE)
_TRACKING_PARAMS = re.compile(r"^(?:utm_\w+|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|fbclid|gclid)$", re.IGNORECASE)
_KEPT_SCHEMES = ("http", "https", "mailto")
_BOILERPLATE = "\x00"  # a link whose address is a merge tag (unsubscribe, view online): text not read


def is_tracking_link(url: str) -> bool:
    """Whether ``url`` goes through a mailing service's click counter."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if any(host == h or host.endswith("." + h) for h in _TRACKING_HOSTS):
        return True
    if host.startswith(_TRACKING_PREFIXES):
        return True
    return bool(host) and bool(_TRACKING_PATHS.search(parts.path))


def clean_link(url: str) -> str:
    """``url`` without the campaign parameters (``utm_*`` and the like) mailing services add."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    if not parts.query:
        return url.strip()
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)]
    return urlunsplit(parts._replace(query=urlencode(query, safe=":/@")))


def strip_merge_tags(text: str) -> str:
    """``text`` without merge tags, spaces tidied where they stood."""
    text = MERGE_TAG.sub("", text)
    text = re.sub(r"[ \t]+([,.;:!?])", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.units: list[Unit] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden or skipped)
        self.buffer: list[str] = []
        self.start_line = 0
        self.links: list[tuple[int, str | None]] = []  # open <a>: where its text starts, its kept href

    # -- state ----------------------------------------------------------------------------

    def _ignored(self) -> bool:
        return any(hidden for _, hidden in self.stack)

    def _kind(self) -> str:
        tags = [tag for tag, _ in self.stack]
        for tag in reversed(tags):
            if tag in _HEADINGS:
                return "heading"
            if tag in ("td", "th"):
                return "table cell"
            if tag in ("li", "dd", "dt"):
                return "list item"
        if "blockquote" in tags:
            return "block quote"
        return "paragraph"

    def _flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        self.links = []
        text = " ".join(strip_merge_tags(text).split())
        if re.search(r"[^\W_]", text):
            self.units.append(Unit(self._kind(), text, self.start_line))

    # -- events ---------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in _BLOCKS:
            self._flush()
        if tag == "br":
            self.buffer.append(" ")
            return
        if tag == "a" and not self._ignored():
            href = (values.get("href") or "").strip()
            kept: str | None = None
            if MERGE_TAG.search(href):
                kept = _BOILERPLATE
            elif href and urlsplit(href).scheme.lower() in _KEPT_SCHEMES and not is_tracking_link(href):
                kept = clean_link(href)
            self.links.append((len(self.buffer), kept))
        if tag in _VOID:
            return
        hidden = tag in _SKIPPED or "hidden" in values or values.get("aria-hidden") == "true" or bool(
            _HIDDEN_STYLE.search(values.get("style") or ""))
        self.stack.append((tag, hidden))
        if tag in _BLOCKS:
            self.start_line = self.getpos()[0]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if tag == "a" and self.links and not self._ignored():
            start, href = self.links.pop()
            text = "".join(self.buffer[start:])
            if href == _BOILERPLATE:
                del self.buffer[start:]
            elif href and text.strip():
                del self.buffer[start:]
                self.buffer.append(f"[{' '.join(text.split())}]({href})")
        if not any(t == tag for t, _ in self.stack):
            return
        if tag in _BLOCKS:
            self._flush()
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag in _BLOCKS:
            self.start_line = self.getpos()[0]

    def handle_data(self, data: str) -> None:
        if self._ignored():
            return
        if not self.buffer or not "".join(self.buffer).strip():
            self.start_line = self.getpos()[0]
        self.buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def read_html(text: str) -> list[Unit]:
    """The segments of an HTML document (see the module docstring)."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader.units
