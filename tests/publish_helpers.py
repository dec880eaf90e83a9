"""Shared by the tests of the output formats: the sample project, a build, and link checks."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from click.testing import CliRunner

from l10n.cli import main

REPO = Path(__file__).resolve().parent.parent


def sample_project(root: Path, *, base_url: str | None = None, formats: list[str] | None = None) -> Path:
    """A copy of the repository's sample newsletter (source, catalogs, configuration) under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales", ignore=shutil.ignore_patterns("*.mo"))
    config = (REPO / "pyproject.toml").read_text("utf-8")
    config = config[config.index("[tool.l10n]"):]
    table = ""
    if base_url is not None:
        table += f'base_url = "{base_url}"\n'
    if formats is not None:
        table += f"formats = {formats!r}\n".replace("'", '"')
    if table:
        config += f"\n[tool.l10n.build]\n{table}"
    (root / "pyproject.toml").write_text(config, encoding="utf-8")
    return root


def build(root: Path, *args: str, config: str = "pyproject.toml"):
    return CliRunner().invoke(main, ["--config", str(root / config), "build", *args])


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.urls.append(value)


def html_urls(text: str) -> list[str]:
    """Every href and src of an HTML document, read by Python's HTML tokenizer."""
    parser = _Urls()
    parser.feed(text)
    return parser.urls


def html_tags(text: str) -> list[str]:
    parser = _Urls()
    parser.feed(text)
    return parser.tags


def is_relative(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith("#")


def unresolved(build_dir: Path, output: Path, urls: list[str]) -> list[str]:
    """The relative URLs of ``output`` that name no file under ``build_dir``."""
    broken = []
    for url in urls:
        if not is_relative(url):
            continue
        target = (output.parent / unquote(urlsplit(url).path)).resolve()
        if not target.is_file() or not target.is_relative_to(build_dir.resolve()):
            broken.append(url)
    return broken
