"""l10n: publish a newsletter in many languages through standard gettext catalogs.

The string-level API a build script needs::

    from l10n import extract_segments, render_markdown
    segments = extract_segments(markdown_text)
    localized = render_markdown(markdown_text, {"Hello": "Salut"}.get)
"""

from __future__ import annotations

__version__ = "0.1.0"

from l10n.render import render_html, render_markdown  # noqa: E402
from l10n.segments import Segment, extract_segments  # noqa: E402

__all__ = ["Segment", "extract_segments", "render_markdown", "render_html", "__version__"]
