"""Source formats: each reads an issue into segments with their spans and splices translations back.

Every format offers the same two things: ``extract_segments(text, *, path, front_matter_keys)``,
the segments in document order with their exact spans, and a splice that writes a translation
in each span and keeps every other byte (docs/DESIGN.md, "Rendering"). The format is chosen by
the file's extension: ``.md`` is Markdown (:mod:`l10n.sources.markdown`), ``.html`` and ``.htm``
are HTML (:mod:`l10n.sources.html`). :func:`extract_segments` here and
``l10n.publish.render.render_source`` (the splice with the unsafe-HTML guard) choose for the caller.
"""

from __future__ import annotations

from pathlib import PurePath

MARKDOWN = "markdown"
HTML = "html"
# The extensions of issue files in the source folder, in the order a name is looked up.
SOURCE_SUFFIXES = (".md", ".html", ".htm")
_FORMATS = {".md": MARKDOWN, ".markdown": MARKDOWN, ".html": HTML, ".htm": HTML}


def source_format(path: str | PurePath) -> str:
    """``"html"`` for a ``.html`` or ``.htm`` file, else ``"markdown"``."""
    return _FORMATS.get(PurePath(str(path)).suffix.lower(), MARKDOWN)


def is_source_file(path: str | PurePath) -> bool:
    """Whether ``path`` names an issue file (by its extension)."""
    return PurePath(str(path)).suffix.lower() in SOURCE_SUFFIXES


def extract_segments(text: str, *, path: str | PurePath = "<string>",
                     front_matter_keys: tuple[str, ...] | list[str] = ("title", "summary"),
                     fmt: str | None = None) -> list:
    """The segments of a source of the format ``fmt`` (default: from ``path``'s extension)."""
    if (fmt or source_format(path)) == HTML:
        from l10n.sources import html

        return html.extract_segments(text, path=str(path))
    from l10n.sources import markdown

    return markdown.extract_segments(text, front_matter_keys=front_matter_keys, path=str(path))
