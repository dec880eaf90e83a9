"""A small project under review in a browser: an issue, its Romanian catalog in every state."""

from __future__ import annotations

import http.client
import json
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polib
from click.testing import CliRunner

from l10n.catalogs.pofile import read_catalog, write_catalog
from l10n.catalogs.states import REVIEWED_PREFIX, draft_line, set_comment_line, sign_off_line
from l10n.cli import main
from l10n.config import Config, load_config
from l10n.review.web import ReviewServer, make_server

ISSUE = "2026-04"
REVIEWER = "Ana Pop"

SOURCE = """\
---
title: Spring news
summary: The cities test their pilot actions.
---
# What is **new** in Cluj

We met in [Cartagena](https://example.org/cartagena) on 31 March.

The partners will plan the _national conferences_ next.

![The partners in Cartagena](images/meeting.png)

- Pilot actions
- Replication workshops

| City | Workshop |
| --- | --- |
| Riga | May |
"""

# msgid → (msgstr, state): r reviewed, t translated, d draft, f fuzzy, u untranslated.
TRANSLATIONS = {
    "Spring news": ("Știri de primăvară", "r"),
    "The cities test their pilot actions.": ("Orașele își testează acțiunile pilot.", "r"),
    "What is **new** in Cluj": ("Ce este **nou** la Cluj", "d"),
    "We met in [Cartagena](https://example.org/cartagena) on 31 March.":
        ("Ne-am întâlnit la [Cartagena](https://example.org/cartagena) pe 31 martie.", "t"),
    "The partners will plan the _national conferences_ next.":
        ("Partenerii vor planifica apoi _conferințele naționale_.", "f"),
    "The partners in Cartagena": ("", "u"),
    "Pilot actions": ("Acțiuni pilot", "d"),
    "Replication workshops": ("", "u"),
    "City": ("Oraș", "t"),
    "Workshop": ("Atelier", "t"),
    "Riga": ("Riga", "t"),
    "May": ("mai", "t"),
}
PREVIOUS = "The partners will plan the _national conference_ soon."


def _pixel() -> bytes:
    """A one-pixel PNG, for the image the issue shows."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xd0\x7f\x3a")) + chunk(b"IEND", b""))


PIXEL = _pixel()


def make_project(root: Path, translations: dict[str, tuple[str, str]] | None = None) -> Config:
    """Write the project, extract and update through the CLI, then put each entry in its state."""
    (root / "l10n.toml").write_text('project = "EPI newsletter"\nlanguages = ["ro", "de"]\n', encoding="utf-8")
    (root / "source" / "images").mkdir(parents=True)
    (root / "source" / f"{ISSUE}.md").write_text(SOURCE, encoding="utf-8")
    (root / "source" / "images" / "meeting.png").write_bytes(PIXEL)
    runner = CliRunner()
    for command in (["extract"], ["update"]):
        result = runner.invoke(main, ["--config", str(root / "l10n.toml"), *command])
        assert result.exit_code == 0, result.output
    config = load_config(root / "l10n.toml")
    path = config.catalog_path("ro", ISSUE)
    catalog = read_catalog(path)
    for entry in catalog:
        msgstr, state = (translations or TRANSLATIONS)[entry.msgid]
        entry.msgstr = msgstr
        if state in ("d", "f"):
            entry.flags.append("fuzzy")
        if state == "d":
            entry.tcomment = draft_line("tm", "2026-11-20", "score=0.91")
        if state == "f":
            entry.previous_msgid = PREVIOUS
        if state == "r":
            set_comment_line(entry, REVIEWED_PREFIX, sign_off_line("Ion Popescu", "2026-11-01", entry))
    write_catalog(path, catalog)
    return config


def set_msgstr(path: Path, msgid: str, msgstr: str) -> None:
    """Change one translation on disk, as a translator saving in Poedit would."""
    catalog = read_catalog(path)
    for entry in catalog:
        if entry.msgid == msgid:
            entry.msgstr = msgstr
    write_catalog(path, catalog)


@contextmanager
def running(config: Config) -> Iterator[ReviewServer]:
    """A review server of the project on 127.0.0.1, in a thread of this process."""
    server = make_server(config, reviewer=REVIEWER, languages=["ro", "de"], issues=[ISSUE])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def request(server: ReviewServer, method: str, path: str, body: Any = None, *,
            headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """One HTTP request to the server, the path sent exactly as given."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    sent = {"Host": f"127.0.0.1:{server.port}"}
    sent.update(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        sent.setdefault("Content-Type", "application/json")
    connection.request(method, path, body=data, headers=sent)
    response = connection.getresponse()
    answer = (response.status, response.read())
    connection.close()
    return answer


def entry_number(server: ReviewServer, msgid: str) -> int:
    review = server.review("ro", ISSUE)
    assert review is not None
    return next(n for n, key in enumerate(review.keys) if key.msgid == msgid)


def open_entry(server: ReviewServer, number: int) -> dict[str, Any]:
    status, body = request(server, "GET", f"/{server.token}/ro/{ISSUE}/entry/{number}",
                           headers={"Accept": "application/json"})
    assert status == 200, body
    return json.loads(body)


def act(server: ReviewServer, number: int, action: str, version: str, **extra: Any) -> tuple[int, dict[str, Any]]:
    body = {"token": server.token, "entry": number, "action": action, "version": version, **extra}
    status, raw = request(server, "POST", f"/{server.token}/ro/{ISSUE}/action", body,
                          headers={"Origin": f"http://127.0.0.1:{server.port}"})
    return status, json.loads(raw)


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in read_catalog(path) if not entry.obsolete}
