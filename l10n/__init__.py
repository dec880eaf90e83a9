"""l10n: publish a newsletter in many languages through standard gettext catalogs.

The string-level API a build script needs::

    from l10n import extract_segments, render_markdown
    segments = extract_segments(markdown_text)
    localized = render_markdown(markdown_text, {"Hello": "Salut"})
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Segment",
    "extract_segments",
    "render_markdown",
    "render_html",
    "catalog_lookup",
    "guard_html",
    "guard_markdown",
    "read_catalog",
    "scan_catalog",
    "write_catalog",
    "load_config",
    "L10nError",
    "__version__",
]

# Each public name and the module that defines it; modules load on first use, so that
# ``import l10n`` (and every command) starts fast.
_EXPORTS = {
    "Segment": "l10n.sources.markdown",
    "extract_segments": "l10n.sources.markdown",
    "render_markdown": "l10n.publish.render",
    "render_html": "l10n.publish.render",
    "catalog_lookup": "l10n.publish.render",
    "guard_html": "l10n.publish.safety",
    "guard_markdown": "l10n.publish.safety",
    "read_catalog": "l10n.catalogs.pofile",
    "scan_catalog": "l10n.catalogs.pofile",
    "write_catalog": "l10n.catalogs.pofile",
    "load_config": "l10n.config",
    "L10nError": "l10n.errors",
}

if TYPE_CHECKING:
    from l10n.config import load_config
    from l10n.errors import L10nError
    from l10n.catalogs.pofile import read_catalog, scan_catalog, write_catalog
    from l10n.publish.render import catalog_lookup, render_html, render_markdown
    from l10n.publish.safety import guard_html, guard_markdown
    from l10n.sources.markdown import Segment, extract_segments


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'l10n' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
