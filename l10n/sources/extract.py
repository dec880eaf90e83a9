"""From a newsletter issue to its gettext template (``locales/templates/<issue>.pot``)."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import polib
from babel.messages.catalog import Catalog

from l10n import __version__
from l10n.config import Config
from l10n.errors import CatalogError, SourceError
from l10n.fileio import read_text, relative
from l10n.catalogs.pofile import format_catalog, read_catalog, write_catalog
from l10n.sources.markdown import Segment, extract_segments


def template_for(text: str, source_ref: str, *, project: str = "PROJECT", version: str = "",
                 front_matter_keys: tuple[str, ...] | list[str] = ("title", "summary"),
                 creation_date: datetime | None = None) -> polib.POFile:
    """The template of one document: one entry per distinct (msgctxt, msgid), in document order.

    ``source_ref`` is the path written in ``#:`` references. The same text twice is one
    entry with two references.
    """
    segments = extract_segments(text, front_matter_keys=front_matter_keys, path=source_ref)
    return template_from_segments(segments, source_ref, project=project, version=version,
                                  creation_date=creation_date)


def template_from_segments(segments: list[Segment], source_ref: str, *, project: str = "PROJECT",
                           version: str = "", creation_date: datetime | None = None) -> polib.POFile:
    """A template holding ``segments``; see :func:`template_for`."""
    template = polib.POFile(wrapwidth=79)
    template.header = (
        f"Translations template for {project}.\n"
        f"This file is distributed under the same license as the {project} project."
    )
    template.metadata = template_metadata(project, version, creation_date)
    entries: dict[tuple[str | None, str], polib.POEntry] = {}
    seen: dict[tuple[str | None, str], tuple[set[tuple[str, str]], list[str]]] = {}
    for segment in segments:
        key = (segment.context, segment.text)
        occurrence = (source_ref, str(segment.line))
        entry = entries.get(key)
        if entry is None:
            entry = polib.POEntry(msgid=segment.text, msgstr="", msgctxt=segment.context,
                                  comment=segment.kind, occurrences=[occurrence])
            entries[key] = entry
            seen[key] = ({occurrence}, [segment.kind])
            template.append(entry)
            continue
        occurrences, kinds = seen[key]
        if occurrence not in occurrences:
            occurrences.add(occurrence)
            entry.occurrences.append(occurrence)
        if segment.kind not in kinds:
            kinds.append(segment.kind)
            entry.comment = ", ".join(kinds)
    return template


def template_metadata(project: str, version: str, creation_date: datetime | None) -> dict[str, str]:
    """The template header fields, as Babel writes them, with this toolkit as the generator."""
    when = creation_date or _now()
    catalog = Catalog(project=project, version=version or None, creation_date=when, charset="utf-8",
                      fuzzy=False)
    metadata = dict(catalog.mime_headers)
    metadata["Project-Id-Version"] = f"{project} {version}" if version else project
    metadata["Content-Type"] = "text/plain; charset=UTF-8"
    metadata["Generated-By"] = f"l10n {__version__}"
    metadata.pop("Language", None)
    return metadata


def _now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc).replace(second=0, microsecond=0)


def source_reference(path: Path, root: Path) -> str:
    """How a source file is named in ``#:`` references: relative to the project, with slashes
    (a file outside the project: relative to the current folder, else as given)."""
    resolved = Path(path).resolve()
    for base in (root, Path.cwd()):
        if resolved.is_relative_to(base.resolve()):
            return relative(resolved, base)
    return resolved.as_posix()


def build_template(source: Path, config: Config, *, keep_segments: bool = False) -> polib.POFile:
    """Read and parse one source file into its template (nothing is written).

    ``keep_segments`` keeps the segments found in ``config.cache_dir`` for ``l10n render``,
    which then splices without parsing again (:mod:`l10n.sources.spans`).
    """
    from l10n.sources.spans import source_segments

    text = read_text(source, error=SourceError)
    reference = source_reference(source, config.root)
    segments = source_segments(text, front_matter_keys=config.front_matter_keys, path=reference, source=source,
                               cache_dir=config.cache_dir if keep_segments else None)
    return template_from_segments(segments, reference, project=config.project, version=config.version)


def save_template(template: polib.POFile, output: Path, config: Config) -> bool:
    """Write a template; return whether the file changed.

    The template keeps its creation date when its entries did not change, so extracting an
    unchanged issue leaves the file byte for byte as it was.
    """
    if output.exists():
        try:
            old = read_catalog(output)
        except CatalogError:  # an unreadable old template is simply replaced
            old = None
        if old is not None:
            for field in ("POT-Creation-Date", "PO-Revision-Date"):
                if field in old.metadata:
                    template.metadata[field] = old.metadata[field]
            if format_catalog(template, width=config.wrap) != format_catalog(old, width=config.wrap):
                template.metadata = template_metadata(config.project, config.version, None)
    return write_catalog(output, template, width=config.wrap)


def extract_file(source: Path, output: Path, config: Config) -> bool:
    """Write the template of ``source`` to ``output``; return whether the file changed."""
    return save_template(build_template(source, config), output, config)


def write_template(config: Config, issue: str) -> Path:
    """Extract one configured issue to ``locales/templates/<issue>.pot``; return the path."""
    output = config.template_path(issue)
    extract_file(config.source_path(issue), output, config)
    return output
