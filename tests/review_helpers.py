"""What the review and sign-off tests share: a Romanian catalog header and the digest."""

from __future__ import annotations

import datetime
import hashlib

from l10n.catalogs.pofile import format_catalog, parse_catalog

TODAY = datetime.date.today().isoformat()

HEADER = """\
msgid ""
msgstr ""
"Project-Id-Version: EPI newsletter\\n"
"Language: ro\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);\\n"
"""


def digest(msgid: str, msgstr: str, msgctxt: str | None = None) -> str:
    """The sign-off digest as DESIGN.md defines it, computed here independently of l10n.states."""
    key = msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"
    return hashlib.sha256(f"{key}\x00{msgstr}".encode()).hexdigest()[:12]


def catalog_text(blocks: list[str]) -> str:
    """The catalog with these entries, its header in the layout our writer gives it."""
    return "\n".join([format_catalog(parse_catalog(HEADER)), *blocks])
