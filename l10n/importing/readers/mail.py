"""Reading a sent e-mail (``.eml``, RFC 5322 with MIME parts) into segments.

The HTML part is read as HTML (:mod:`l10n.importing.readers.html`); a message without one
is read from its text part as plain text. Python's ``email`` package does the decoding
(transfer encodings, charsets, multipart nesting).
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

from l10n.errors import SourceError
from l10n.importing.align import Unit
from l10n.importing.importer import WordFrequency, read_plain_text, word_frequency
from l10n.importing.readers.html import read_html, strip_merge_tags


def read_email(path: Path, data: bytes, *, lang: str,
               frequency: WordFrequency = word_frequency) -> tuple[list[Unit], bool]:
    """The segments of the message, and whether they came from its text part."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    body = message.get_body(preferencelist=("html", "plain"))
    if body is None:
        raise SourceError("an e-mail without an HTML or a text part", path=path)
    try:
        content = body.get_content()
    except (LookupError, ValueError) as exc:
        raise SourceError(f"the e-mail's {body.get_content_type()} part cannot be decoded ({exc})", path=path) from exc
    if not isinstance(content, str):
        raise SourceError(f"the e-mail's {body.get_content_type()} part is not text", path=path)
    if body.get_content_subtype() == "html":
        return read_html(content), False
    return read_plain_text(strip_merge_tags(content), lang=lang, frequency=frequency), True
