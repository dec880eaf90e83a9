"""What a merge tag or a piece of template syntax is: the one definition every stage uses.

Newsletter services and template engines write values to fill in, and logic, into the text:
Mailchimp ``*|FNAME|*``, Jinja, Django and Liquid ``{{ name }}`` ``{% if %}`` ``{# #}``,
Handlebars ``{{{ body }}}``, Salesforce and others ``%%unsubscribe%%``. For a translator they
are placeholders: copied as they are, never translated. Extraction does not make a segment of
text that holds nothing else, masking hides them from machine translation, and the
``placeholders`` check reports one lost, added or changed.
"""

from __future__ import annotations

import re

MERGE_TAG_RE = re.compile(
    r"\*\|[^|\s*][^|]{0,80}?\|\*"  # Mailchimp
    r"|\{\{\{.*?\}\}\}"  # Handlebars, unescaped
    r"|\{\{.*?\}\}"  # Jinja, Django, Liquid, Handlebars
    r"|\{%.*?%\}"  # Jinja, Django, Liquid tags
    r"|\{#.*?#\}"  # Jinja, Django comments
    r"|%%[A-Za-z_][\w.:\-]{0,80}%%"  # %%unsubscribe%%, %%=v(@name)=%% is not covered
    ,
    re.DOTALL,
)

# Characters one of which every merge tag holds: a text without them needs no search.
_HINTS = ("*|", "{{", "{%", "{#", "%%")


def has_merge_tags(text: str) -> bool:
    """Whether ``text`` may hold a merge tag (a fast test before the search)."""
    # The hints of _HINTS, spelled out: a generator over them costs several times more.
    return "*|" in text or "{{" in text or "{%" in text or "{#" in text or "%%" in text


def merge_tags(text: str) -> list[str]:
    """The merge tags and template syntax of ``text``, in order, as written."""
    return MERGE_TAG_RE.findall(text) if has_merge_tags(text) else []


def without_merge_tags(text: str, replacement: str = " ") -> str:
    """``text`` with each merge tag replaced by ``replacement``."""
    return MERGE_TAG_RE.sub(replacement, text) if has_merge_tags(text) else text
