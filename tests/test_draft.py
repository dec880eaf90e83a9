"""``l10n draft`` end to end: real catalogs, deep-translator's LibreTranslator, a real local server."""

from __future__ import annotations

import datetime
import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
from _libretranslate import LibreTranslateServer, Reply
from click.testing import CliRunner

from l10n.cli import main
from l10n.catalogs.pofile import read_catalog
from l10n.publish.render import catalog_lookup
from l10n.catalogs.states import State, state_of

TODAY = datetime.date.today().isoformat()
ROOT = Path(__file__).resolve().parents[1]
HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: EPI newsletter\\n"\n"Language: ro\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
)


def digest(msgid: str, msgstr: str) -> str:
    return hashlib.sha256(f"{msgid}\x00{msgstr}".encode()).hexdigest()[:12]


TRANSLATED = '#: source/a.md:9\nmsgid "Already done"\nmsgstr "Gata"\n'
REVIEWED = (
    f'# reviewed: Ana 2026-11-01 {digest("Signed off", "Semnat")}\n'
    '#: source/a.md:11\nmsgid "Signed off"\nmsgstr "Semnat"\n'
)
MERGED_FUZZY = '#: source/a.md:13\n#, fuzzy\n#| msgid "Old text"\nmsgid "New text"\nmsgstr "Text vechi"\n'
OLD_DRAFT = '# draft: deepl 2026-01-02\n#: source/a.md:15\n#, fuzzy\nmsgid "Earlier draft"\nmsgstr "Ciornă veche"\n'

CATALOG_A = HEADER + "".join("\n" + block for block in [
    '#. heading\n#: source/a.md:1\nmsgid "Partners meet in Cluj"\nmsgstr ""\n',
    '#: source/a.md:3\nmsgid "Read **more** on [the EPI site](https://epi.eu/news)."\nmsgstr ""\n',
    '#: source/a.md:5\nmsgid "Visit https://epi.eu/pilot today."\nmsgstr ""\n',
    '#: source/a.md:7\nmsgid "Our newsletter"\nmsgstr ""\n',
    TRANSLATED,
    REVIEWED,
    MERGED_FUZZY,
    OLD_DRAFT,
])
CATALOG_B = HEADER + "".join("\n" + block for block in [
    '#: source/b.md:1\nmsgid "Partners meet in Cluj"\nmsgstr ""\n',
    '#: source/b.md:3\nmsgid "The pilot actions end in May."\nmsgstr ""\n',
])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for issue in ("a", "b"):
        (tmp_path / "source").mkdir(exist_ok=True)
        (tmp_path / "source" / f"{issue}.md").write_text("# x\n", "utf-8")
    folder = tmp_path / "locales" / "ro" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "a.po").write_text(CATALOG_A, "utf-8")
    (folder / "b.po").write_text(CATALOG_B, "utf-8")
    configure(tmp_path, "http://127.0.0.1:9/")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LIBRE_API_KEY", raising=False)
    return tmp_path


def configure(root: Path, url: str, extra: str = "") -> None:
    (root / "l10n.toml").write_text(
        'languages = ["ro"]\n'
        '[glossary]\ndo_not_translate = ["EPI", "Cluj"]\n'
        '[glossary.ro]\n"newsletter" = "buletin informativ"\n'
        f'[providers.libretranslate]\nurl = "{url}"\ntimeout = 0.5\nretries = 1\nbackoff = 0.01\n{extra}',
        "utf-8",
    )


def catalog_a(root: Path) -> Path:
    return root / "locales" / "ro" / "LC_MESSAGES" / "a.po"


def catalog_b(root: Path) -> Path:
    return root / "locales" / "ro" / "LC_MESSAGES" / "b.po"


def draft(*args: str):
    return CliRunner().invoke(main, ["draft", "--lang", "ro", "--provider", "libretranslate", *args])


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)


def test_drafts_fill_untranslated_entries_and_touch_nothing_else(project: Path) -> None:
    with LibreTranslateServer() as server:
        configure(project, server.url)
        result = draft()
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "locales/ro/LC_MESSAGES/a.po: 4 drafted",
        "locales/ro/LC_MESSAGES/b.po: 2 drafted",
        "libretranslate (ro): 6 drafts, 5 texts and 126 characters sent",
    ]
    text = catalog_a(project).read_text("utf-8")
    for block in (TRANSLATED, REVIEWED, MERGED_FUZZY, OLD_DRAFT):
        assert block in text
    assert (
        f'# draft: libretranslate {TODAY}\n#: source/a.md:3\n#, fuzzy\n'
        'msgid "Read **more** on [the EPI site](https://epi.eu/news)."\n'
        'msgstr "READ **MORE** ON [THE EPI SITE](https://epi.eu/news)."\n'
    ) in text
    assert 'msgid "Visit https://epi.eu/pilot today."\nmsgstr "VISIT https://epi.eu/pilot TODAY."\n' in text
    assert sorted(server.texts()) == sorted(set(server.texts()))  # identical texts sent once
    assert len(server.texts()) == 5
    for path in (catalog_a(project), catalog_b(project)):
        check = msgfmt_check(path)
        assert check.returncode == 0, check.stderr
        assert all(state_of(e) is State.DRAFT for e in read_catalog(path) if e.msgid.startswith("Partners"))


def test_drafts_are_not_used_by_builds(project: Path, tmp_path: Path) -> None:
    with LibreTranslateServer() as server:
        configure(project, server.url)
        assert draft().exit_code == 0
    lookup = catalog_lookup(read_catalog(catalog_a(project)))
    assert lookup("Partners meet in Cluj", None) is None
    assert lookup("Already done", None) == "Gata"
    mo = tmp_path / "a.mo"
    subprocess.run(["msgfmt", "-o", str(mo), str(catalog_a(project))], check=True)
    compiled = {entry.msgid for entry in polib.mofile(str(mo))}
    assert "Partners meet in Cluj" not in compiled and "Already done" in compiled


def test_glossary_terms_survive_a_provider_that_would_translate_them(project: Path) -> None:
    def translating_names(text: str, attempt: int) -> Reply:
        return Reply(text=text.replace("Cluj", "Kluj").replace("EPI", "IPE").replace("newsletter", "ziar"))

    with LibreTranslateServer(translating_names) as server:
        configure(project, server.url)
        assert draft().exit_code == 0
    assert not any("Cluj" in text or "EPI" in text or "newsletter" in text for text in server.texts())
    drafted = read_catalog(catalog_a(project))
    assert drafted.find("Partners meet in Cluj").msgstr == "Partners meet in Cluj"
    assert drafted.find("Our newsletter").msgstr == "Our buletin informativ"
    assert "EPI" in drafted.find("Read **more** on [the EPI site](https://epi.eu/news).").msgstr


def test_an_answer_that_breaks_a_masked_url_leaves_the_entry_untranslated(project: Path) -> None:
    def breaking_urls(text: str, attempt: int) -> Reply:
        return Reply(text=text.replace("[X1X]", "[X 1]") if text.startswith("Visit") else None)

    with LibreTranslateServer(breaking_urls) as server:
        configure(project, server.url)
        result = draft("a")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "locales/ro/LC_MESSAGES/a.po:18: left untranslated: the answer lost the protected span url 'https://epi.eu/pilot'",
        "locales/ro/LC_MESSAGES/a.po: 3 drafted, 1 left untranslated",
        "libretranslate (ro): 3 drafts, 4 texts and 97 characters sent",
    ]
    entry = read_catalog(catalog_a(project)).find("Visit https://epi.eu/pilot today.")
    assert entry.msgstr == "" and state_of(entry) is State.UNTRANSLATED
    assert msgfmt_check(catalog_a(project)).returncode == 0


def test_500_every_time_ends_with_one_error_line_and_keeps_earlier_drafts(project: Path) -> None:
    def failing_on_visit(text: str, attempt: int) -> Reply:
        return Reply(status=500) if text.startswith("Visit") else Reply()

    with LibreTranslateServer(failing_on_visit) as server:
        configure(project, server.url, "concurrency = 1\n")
        result = draft()
    assert result.exit_code == 1
    assert server.attempts["Visit [X1X] today."] == 2
    drafted = [
        e.msgid for path in (catalog_a(project), catalog_b(project))
        for e in read_catalog(path) if state_of(e) is State.DRAFT and "libretranslate" in e.tcomment
    ]
    # Answers before the failing text were saved (later ones may have arrived meanwhile).
    assert drafted[:2] == ["Partners meet in Cluj", "Read **more** on [the EPI site](https://epi.eu/news)."]
    assert "Partners meet in Cluj" in drafted[2:]
    assert "Visit https://epi.eu/pilot today." not in drafted
    assert result.stderr.splitlines()[-1] == (
        f"Error: libretranslate: the server answered HTTP 500; gave up after 2 attempts ({len(drafted)} drafts saved)"
    )
    assert msgfmt_check(catalog_a(project)).returncode == 0


def test_429_then_success(project: Path) -> None:
    with LibreTranslateServer(lambda text, attempt: Reply(status=429) if attempt == 1 else Reply()) as server:
        configure(project, server.url)
        result = draft("b")
    assert result.exit_code == 0, result.output
    assert read_catalog(catalog_b(project)).find("The pilot actions end in May.").msgstr == "THE PILOT ACTIONS END IN MAY."


def test_connection_refused_ends_with_one_error_line(project: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    configure(project, f"http://127.0.0.1:{port}/")
    before = catalog_a(project).read_bytes()
    result = draft()
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: libretranslate: unreachable (connection refused); gave up after 2 attempts (0 drafts saved)"
    )
    assert catalog_a(project).read_bytes() == before


def test_redraft_replaces_drafts_and_only_drafts(project: Path) -> None:
    with LibreTranslateServer() as server:
        configure(project, server.url)
        assert draft("a").exit_code == 0
        assert "Earlier draft" not in server.texts()
        result = draft("--redraft", "a")
    assert result.exit_code == 0, result.output
    text = catalog_a(project).read_text("utf-8")
    assert f'# draft: libretranslate {TODAY}\n#: source/a.md:15\n#, fuzzy\nmsgid "Earlier draft"\nmsgstr "EARLIER DRAFT"\n' in text
    for block in (TRANSLATED, REVIEWED, MERGED_FUZZY):
        assert block in text


def test_dry_run_lists_what_would_be_sent_and_changes_nothing(project: Path) -> None:
    before = catalog_a(project).read_bytes(), catalog_b(project).read_bytes()
    with LibreTranslateServer() as server:
        configure(project, server.url)
        result = draft("--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "locales/ro/LC_MESSAGES/a.po:9: 22 chars: Partners meet in [X1X]",
        "locales/ro/LC_MESSAGES/a.po:14: 48 chars: Read [X1X]more[X2X] on [X3X]the [X4X] site[X5X].",
        "locales/ro/LC_MESSAGES/a.po:18: 18 chars: Visit [X1X] today.",
        "locales/ro/LC_MESSAGES/a.po:22: 9 chars: Our [X1X]",
        "locales/ro/LC_MESSAGES/b.po:13: 29 chars: The pilot actions end in May.",
        "libretranslate (ro): 5 texts for 6 entries, 126 characters would be sent",
    ]
    assert server.texts() == []
    assert (catalog_a(project).read_bytes(), catalog_b(project).read_bytes()) == before


def test_a_missing_key_names_the_variable(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    before = catalog_a(project).read_bytes()
    result = CliRunner().invoke(main, ["draft", "--lang", "ro", "--provider", "deepl"])
    assert result.exit_code == 2  # configuration, as README.md's exit codes have it
    assert catalog_a(project).read_bytes() == before
    assert result.stderr == "Error: deepl: no API key; set the environment variable DEEPL_API_KEY\n"


def test_an_unknown_default_provider_names_the_configuration(project: Path) -> None:
    (project / "l10n.toml").write_text('languages = ["ro"]\n[providers]\ndefault = "babelfish"\n', "utf-8")
    result = CliRunner().invoke(main, ["draft", "--lang", "ro"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: l10n.toml: [tool.l10n.providers] default: unknown provider 'babelfish' "
        "(providers: tm, google, deepl, microsoft, libretranslate, mymemory)\n"
    )


def test_an_unknown_language_is_bad_usage(project: Path) -> None:
    result = CliRunner().invoke(main, ["draft", "--lang", "xx-nope"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown language 'xx-nope'")


def test_a_malformed_catalog_names_file_and_line(project: Path) -> None:
    catalog_a(project).write_text(HEADER + '\nmsgid "x"\nmsgstr "y\n', "utf-8")
    result = CliRunner().invoke(main, ["draft", "--lang", "ro", "a"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: locales/ro/LC_MESSAGES/a.po:")
    assert len(result.stderr.splitlines()) == 1


def test_ctrl_c_keeps_every_draft_obtained(project: Path) -> None:
    with LibreTranslateServer(latency=0.25) as server:
        configure(project, server.url, "concurrency = 1\n")
        process = subprocess.Popen(
            [sys.executable, "-c", "from l10n.cli import main; main()", "draft", "--lang", "ro", "-p", "libretranslate"],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        deadline = time.monotonic() + 20
        while len(server.texts()) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=20)
    assert process.returncode == 130
    assert err.splitlines()[-1] == "Error: libretranslate: interrupted; every draft obtained so far is saved"
    drafted = [e for e in read_catalog(catalog_a(project)) if "libretranslate" in e.tcomment]
    assert len(drafted) >= 2
    assert all(e.msgstr and "fuzzy" in e.flags for e in drafted)
    assert msgfmt_check(catalog_a(project)).returncode == 0
