"""Images and other local files an issue references, copied once into ``build/``.

A local reference (an image source or link target with no scheme and no host, relative to
the issue's folder) names a file under the source folder. The build copies it to
``build/assets/<path>``, one copy for every language, and a language that has its own
version at ``<source>/<lang>/<path>`` (a poster with text in it) gets that one at
``build/<lang>/assets/<path>``. Every output points at the copy its language uses. A
reference to a file that does not exist, or that leaves the source folder, is an error
naming the source file and line, in ``l10n build`` and in ``l10n check``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from l10n.errors import SourceError
from l10n.fileio import digest, write_if_changed

ASSETS = "assets"


@dataclass(slots=True, frozen=True)
class Reference:
    """One local file named by a source."""

    url: str  # as written in the source
    path: str  # the file, relative to the source folder ("images/poster.jpg")
    fragment: str  # "#..." kept on the rewritten link, or ""
    line: int  # 1-based line of the source


@dataclass(slots=True, frozen=True)
class Asset:
    """A file to copy into the build folder."""

    source: Path  # the file in the source folder
    target: str  # where it goes, relative to the build folder ("assets/images/poster.jpg")
    digest: str  # of its bytes


def local_references(text: str) -> list[Reference]:
    """Every local file ``text`` links to or shows, in the order of the source."""
    from l10n.publish.document import walk
    from l10n.sources.markdown import markdown_parser

    env: dict = {}
    tokens = markdown_parser().parse(text, env)
    lines = text.splitlines()
    found: list[Reference] = []
    block_map: list[int] | None = None
    for token in tokens:
        if token.map:
            block_map = token.map
        for inner in walk([token]) if token.children else ():
            attribute = {"image": "src", "link_open": "href"}.get(inner.type)
            if attribute is None:
                continue
            url = str(inner.attrGet(attribute) or "")
            reference = _local(url)
            if reference is None:
                continue
            path, fragment = reference
            found.append(Reference(url, path, fragment, _line_of(lines, block_map, url, path)))
    return found


def _local(url: str) -> tuple[str, str] | None:
    """(path, "#fragment") of a URL that names a local file, else None."""
    if not url or url.startswith(("#", "/", "\\")):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return unquote(parts.path), f"#{parts.fragment}" if parts.fragment else ""


def _line_of(lines: list[str], block_map: list[int] | None, url: str, path: str) -> int:
    start, end = block_map if block_map else (0, len(lines))
    for number in range(start, min(end, len(lines))):
        if url in lines[number] or path in lines[number]:
            return number + 1
    return start + 1


def plan_assets(source_dir: Path, references: Sequence[Reference], languages: Sequence[str], *,
                shown: str, shown_dir: str) -> tuple[dict[str, Asset], dict[str, dict[str, str]]]:
    """The files to copy, by target, and for each language the target of each referenced URL.

    Raises SourceError naming ``shown`` and the line for a missing file or one outside the folder.
    """
    assets: dict[str, Asset] = {}
    targets: dict[str, dict[str, str]] = {lang: {} for lang in languages}
    for reference in references:
        relative = posixpath.normpath(reference.path)
        if relative.startswith("../") or relative == ".." or posixpath.isabs(relative):
            raise SourceError(f"{reference.url}: the file is outside {shown_dir}/", path=shown, line=reference.line)
        source = source_dir / relative
        if not source.is_file():
            raise SourceError(f"{reference.url}: no such file ({shown_dir}/{relative})", path=shown,
                              line=reference.line)
        shared = f"{ASSETS}/{relative}"
        if shared not in assets:
            assets[shared] = Asset(source, shared, digest(source.read_bytes()))
        for lang in languages:
            own = source_dir / lang / relative
            target = shared
            if own.is_file():
                target = f"{lang}/{ASSETS}/{relative}"
                if target not in assets:
                    assets[target] = Asset(own, target, digest(own.read_bytes()))
            targets[lang][reference.url] = target + reference.fragment
    return assets, targets


def copy_assets(build_dir: Path, assets: Mapping[str, Asset]) -> list[Path]:
    """Copy each asset whose copy is missing or different; return the files written."""
    written = []
    for target in sorted(assets):
        output = build_dir / target
        if write_if_changed(output, assets[target].source.read_bytes(), error=SourceError, durable=False):
            written.append(output)
    return written


def relative_resolver(targets: Mapping[str, str], lang: str) -> Callable[[str], str]:
    """Rewrite a URL for an output in ``build/<lang>/``: local files to their copies."""
    def resolve(url: str) -> str:
        target = targets.get(url)
        if target is None:
            return url
        return quote(posixpath.relpath(target, lang), safe="/#%")
    return resolve


def absolute_resolver(targets: Mapping[str, str], base_url: str, lang: str) -> Callable[[str], str]:
    """Rewrite a URL for an e-mail: local files to ``<base_url>/<target>``, other relative URLs too."""
    base = base_url.rstrip("/") + "/"

    def resolve(url: str) -> str:
        target = targets.get(url)
        if target is not None:
            return base + quote(target, safe="/#%")
        parts = urlsplit(url)
        if not parts.scheme and not parts.netloc and url and not url.startswith("#"):
            return base + (url.lstrip("/") if url.startswith("/") else f"{quote(lang)}/{url}")
        return url
    return resolve


def relink_markdown(markdown: str, targets: Mapping[str, str], resolve: Callable[[str], str]) -> str:
    """The Markdown output with each local URL (inline or in a reference definition) made to point at its copy."""
    for url in sorted(targets, key=len, reverse=True):
        new = resolve(url)
        for before in ("](", "]: ", "]:\t", "](<", "]: <"):
            markdown = markdown.replace(before + url, before + new)
    return markdown


def missing_files(source_dir: Path, references: Iterable[Reference], *, shown: str,
                  shown_dir: str) -> list[SourceError]:
    """Every reference (:func:`local_references` of a source) whose file is missing or outside the source folder."""
    problems = []
    for reference in references:
        try:
            plan_assets(source_dir, [reference], (), shown=shown, shown_dir=shown_dir)
        except SourceError as exc:
            problems.append(exc)
    return problems
