"""``l10n draft`` against a LibreTranslate server on 127.0.0.1 that misbehaves.

A provider that gives up, answers that are not JSON or are cut short, an answer that echoes
the key, and Ctrl-C in the middle of a run: no answer that arrived is lost, and one bad
answer fails one text, never the run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from _libretranslate import LibreTranslateServer, Reply
from click.testing import CliRunner

from l10n.catalogs.pofile import read_catalog
from l10n.catalogs.states import State, state_of
from l10n.cli import main

ROOT = Path(__file__).resolve().parents[1]
HEADER = (
    'msgid ""\nmsgstr ""\n"Language: ro\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
)
TEXTS = [f"Partner city number {word} reports" for word in (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
)]


def write_project(root: Path, url: str, texts: list[str], settings: str) -> Path:
    (root / "source").mkdir(exist_ok=True)
    (root / "source" / "a.md").write_text("# x\n", "utf-8")
    folder = root / "locales" / "ro" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    body = "".join(f'\n#: source/a.md:{n}\nmsgid "{text}"\nmsgstr ""\n' for n, text in enumerate(texts, 1))
    catalog = folder / "a.po"
    catalog.write_text(HEADER + body, "utf-8")
    (root / "l10n.toml").write_text(
        f'languages = ["ro"]\n[providers.libretranslate]\nurl = "{url}"\n{settings}', "utf-8"
    )
    return catalog


def drafts(catalog: Path) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in read_catalog(catalog) if state_of(e) is State.DRAFT}


def draft(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.chdir(root)
    return CliRunner().invoke(main, ["draft", "--lang", "ro", "--provider", "libretranslate", *args])


def _failing_once_in_flight(*, others: int, delay: float):
    """Answers "Failing text" with HTTP 500 only once ``others`` other texts have arrived (so that
    they are in flight, however busy the machine), and the others after ``delay`` seconds."""
    others_in_flight = threading.Event()
    arrived: set[str] = set()
    lock = threading.Lock()

    def respond(text: str, attempt: int) -> Reply:
        if text == "Failing text":
            others_in_flight.wait(timeout=30)
            return Reply(status=500)
        with lock:
            arrived.add(text)
            if len(arrived) == others:
                others_in_flight.set()
        return Reply(delay=delay)

    return respond


def test_a_give_up_keeps_every_answer_of_the_requests_in_flight(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["Failing text", *TEXTS[:4]]
    with LibreTranslateServer(_failing_once_in_flight(others=4, delay=0.4)) as server:
        catalog = write_project(tmp_path, server.url, texts,
                                "timeout = 5\nretries = 1\nbackoff = 0.01\nconcurrency = 8\n")
        result = draft(tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: libretranslate: the server answered HTTP 500; gave up after 2 attempts (4 drafts saved)"
    )
    assert drafts(catalog) == {text: text.upper() for text in TEXTS[:4]}
    assert sorted(server.answered) == sorted(TEXTS[:4])


def test_a_give_up_sends_nothing_more(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["Failing text", *TEXTS]
    # The two other requests a concurrency of 3 allows are in flight when it fails.
    with LibreTranslateServer(_failing_once_in_flight(others=2, delay=0.3)) as server:
        catalog = write_project(tmp_path, server.url, texts,
                                "timeout = 5\nretries = 1\nbackoff = 0.01\nconcurrency = 3\n")
        result = draft(tmp_path, monkeypatch)
    assert result.exit_code == 1
    # The two requests in flight beside the failing one are answered and kept; no other is sent.
    assert sorted(server.texts()) == sorted(["Failing text", "Failing text", *TEXTS[:2]])
    assert drafts(catalog) == {text: text.upper() for text in TEXTS[:2]}
    assert result.stderr.splitlines()[-1].endswith("gave up after 2 attempts (2 drafts saved)")


@pytest.mark.parametrize(("reply", "cause"), [
    (Reply(body=b"<html>502 Bad Gateway</html>"), "the answer was not valid JSON"),
    (Reply(body=b'{"translatedText": "PARTNER CITY NU'), "the answer was not valid JSON"),
    (Reply(body=b'["a list"]'), "the answer was not in the provider's format"),
    (Reply(body=b'{"translatedText": "PARTNER CITY NUMBER TWO REPORTS"}', cut=20), "the answer was cut short"),
], ids=["garbage", "truncated-json", "wrong-shape", "cut-on-the-wire"])
def test_a_malformed_answer_fails_that_text_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reply: Reply, cause: str
) -> None:
    texts = TEXTS[:4]

    def bad_for_two(text: str, attempt: int) -> Reply:
        return reply if text == TEXTS[1] else Reply()

    with LibreTranslateServer(bad_for_two) as server:
        catalog = write_project(tmp_path, server.url, texts, "timeout = 2\nretries = 2\nbackoff = 0.01\n")
        result = draft(tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert server.attempts[TEXTS[1]] == 3  # retried like a 5xx
    assert result.stdout.splitlines() == [
        f"locales/ro/LC_MESSAGES/a.po:12: left untranslated: {cause}; gave up after 3 attempts",
        "locales/ro/LC_MESSAGES/a.po: 3 drafted, 1 left untranslated",
        "libretranslate (ro): 3 drafts, 4 texts and 127 characters sent",
    ]
    assert drafts(catalog) == {text: text.upper() for text in texts if text != TEXTS[1]}


def test_a_malformed_answer_then_a_good_one_is_drafted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def garbage_once(text: str, attempt: int) -> Reply:
        return Reply(body=b"not json") if attempt == 1 else Reply()

    with LibreTranslateServer(garbage_once) as server:
        catalog = write_project(tmp_path, server.url, TEXTS[:2], "retries = 1\nbackoff = 0.01\n")
        result = draft(tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert drafts(catalog) == {text: text.upper() for text in TEXTS[:2]}


def test_an_answer_holding_the_key_is_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = "k3y-9f8e7d6c5b4a"
    monkeypatch.setenv("LIBRE_API_KEY", key)

    def echoing(text: str, attempt: int) -> Reply:
        return Reply(text=f"{text.upper()} (api_key={key})") if text == TEXTS[0] else Reply()

    with LibreTranslateServer(echoing, api_key=key) as server:
        catalog = write_project(tmp_path, server.url, TEXTS[:2], "retries = 0\n")
        result = draft(tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert key not in catalog.read_text("utf-8")
    assert key not in result.output
    assert "a.po:8: left untranslated: the answer holds the API key; it was not written" in result.stdout
    assert drafts(catalog) == {TEXTS[1]: TEXTS[1].upper()}


def test_ctrl_c_writes_every_answer_received(tmp_path: Path) -> None:
    with LibreTranslateServer(latency=0.3) as server:
        catalog = write_project(tmp_path, server.url, TEXTS, "timeout = 5\nconcurrency = 4\n")
        process = subprocess.Popen(
            [sys.executable, "-c", "from l10n.cli import main; main()", "draft", "--lang", "ro", "-p", "libretranslate"],
            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        deadline = time.monotonic() + 20
        # Interrupt while requests are on the wire: some answered, others not yet.
        while len(server.texts()) < 6 and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=20)
        answered = list(server.answered)
    assert process.returncode == 130
    assert err.splitlines()[-1] == "Error: libretranslate: interrupted; every draft obtained so far is saved"
    assert len(err.splitlines()) == 1 + sum(1 for line in err.splitlines() if line.startswith("draft ro"))
    saved = drafts(catalog)
    assert answered and len(answered) < len(TEXTS)
    assert saved == {text: text.upper() for text in answered}


def test_ctrl_c_while_an_answer_is_applied_comes_once_it_is_applied() -> None:
    from l10n.drafting.draft import _WholeAnswers

    whole = _WholeAnswers()
    applied: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        with whole.taking_ctrl_c():
            with whole.applying():
                applied.append("msgstr")
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.2)  # the signal is handled here, and waits
                applied.append("draft: comment")
            applied.append("after the answer")  # not reached: Ctrl-C is raised between answers
    assert applied == ["msgstr", "draft: comment"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # a second Ctrl-C acts at once again
    with pytest.raises(KeyboardInterrupt):
        with whole.taking_ctrl_c():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)
            applied.append("between answers")  # not reached: outside an answer, Ctrl-C is at once
    assert applied == ["msgstr", "draft: comment"]
