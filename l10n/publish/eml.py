"""The issue as one MIME message (``build/<lang>/<issue>.eml``), ready to import, not sent.

``multipart/alternative`` with the plain text first and the e-mail HTML second, both
UTF-8; ``Subject`` from the title (RFC 2047-encoded), ``Content-Language`` from the language, ``Date`` from
the issue date (midnight UTC). A mail client opens it as it is; a newsletter service or a
build script adds the addresses and sends it. Lines end in CRLF as RFC 5322 has them, and
the MIME boundary is derived from the content, so the same issue gives the same bytes.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

from l10n.publish.document import Document


def eml_bytes(document: Document, *, text: str, email_html: str) -> bytes:
    """One ``multipart/alternative`` message of ``text`` and ``email_html``."""
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = document.title or document.issue
    if document.day is not None:
        message["Date"] = issue_date_header(document.day)
    message["MIME-Version"] = "1.0"
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(email_html, subtype="html", charset="utf-8", cte="quoted-printable")
    message["Content-Language"] = document.html_lang  # after the content: set_content drops Content-*
    seed = hashlib.sha256((text + "\x00" + email_html).encode("utf-8")).hexdigest()[:32]
    message.set_boundary(f"=_l10n_{seed}")
    return message.as_bytes()


def issue_date_header(day: date) -> str:
    """The ``Date`` header of an issue published on ``day``."""
    return format_datetime(datetime.combine(day, datetime.min.time(), timezone.utc))
