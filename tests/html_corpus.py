"""The HTML test corpus: real e-mail templates shipped, with their licences, inside installed packages.

Origins (each package carries its licence file beside the templates):
- ZURB's Foundation for Emails (npm ``foundation-emails``, MIT): its newsletter, marketing,
  order and other templates, compiled to table layouts and as Inky sources; installed by
  ``.ci/run`` into ``.ci/npm``;
- Flask-Security-Too (PyPI, MIT): its HTML e-mails, Jinja templates;
- Wagtail (PyPI, BSD-3-Clause): its notification e-mails, Django templates in a table layout;
- this project's own newsletter samples in ``tests/data/html`` (Outlook conditional comments,
  VML buttons, merge tags, malformed markup).
The HTML of the CommonMark spec examples comes from npm ``commonmark-spec`` (CC-BY-SA-4.0).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NPM = ROOT / ".ci" / "npm" / "node_modules"


def _package_folder(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def corpus() -> dict[str, list[Path]]:
    """origin -> template files, for every origin that is installed."""
    found: dict[str, list[Path]] = {}
    foundation = NPM / "foundation-emails"
    if foundation.is_dir():
        found["foundation-emails"] = sorted((foundation / ".download" / "templates").glob("*.html")) + sorted(
            (foundation / "templates").glob("*.html"))
    security = _package_folder("flask_security")
    if security is not None:
        found["flask-security-too"] = sorted((security / "templates" / "security" / "email").glob("*.html"))
    wagtail = _package_folder("wagtail")
    if wagtail is not None:
        found["wagtail"] = sorted((wagtail / "admin" / "templates" / "wagtailadmin" / "notifications").glob("*.html"))
    found["l10n"] = sorted((ROOT / "tests" / "data" / "html").glob("*.htm*"))
    return {origin: files for origin, files in found.items() if files}


def commonmark_html() -> list[tuple[str, str]]:
    """(id, HTML) of the CommonMark spec examples: each example's HTML, and the Markdown of the
    examples of the "HTML blocks" and "Raw HTML" sections (raw HTML, often malformed)."""
    spec = NPM / "commonmark-spec" / "spec.txt"
    if not spec.is_file():
        return []
    text = spec.read_text("utf-8").split("<!-- END TESTS -->")[0]
    fence = "`" * 32
    examples = []
    section = ""
    number = 0
    pattern = re.compile(rf"^{fence} example\n(.*?)^\.\n(.*?)^{fence}$|^#{{1,6}} *([^\n]*)$", re.M | re.S)
    for match in pattern.finditer(text):
        if match.group(3) is not None:
            section = match.group(3)
            continue
        number += 1
        markdown, html = (part.replace("→", "\t") for part in match.group(1, 2))
        examples.append((f"example-{number}-html", html))
        if section in ("HTML blocks", "Raw HTML"):
            examples.append((f"example-{number}-source", markdown))
    return examples
