"""Remote providers through deep-translator's LibreTranslator against a real server on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from _libretranslate import LibreTranslateServer, Reply

from l10n.config import load_config
from l10n.errors import ConfigError, ProviderError
from l10n.drafting.providers import (
    EntryError,
    NetworkSettings,
    Provider,
    RemoteProvider,
    make_remote_provider,
    network_settings,
    provider_code,
)

FAST = NetworkSettings(timeout=0.3, retries=2, backoff=0.01, max_backoff=0.05, concurrency=4)


def project(tmp_path: Path, url: str = "http://127.0.0.1:9/", extra: str = "") -> Path:
    (tmp_path / "l10n.toml").write_text(
        f'languages = ["ro"]\n[providers.libretranslate]\nurl = "{url}"\n{extra}', "utf-8"
    )
    return tmp_path / "l10n.toml"


def libre(tmp_path: Path, server: LibreTranslateServer, settings: NetworkSettings = FAST) -> RemoteProvider:
    config = load_config(project(tmp_path, server.url))
    return make_remote_provider(config, "libretranslate", source="en", target="ro", settings=settings)


def refused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_remote_provider_satisfies_the_protocol(tmp_path: Path) -> None:
    with LibreTranslateServer() as server:
        assert isinstance(libre(tmp_path, server), Provider)


def test_normal_answer(tmp_path: Path) -> None:
    with LibreTranslateServer() as server:
        suggestion = libre(tmp_path, server).translate("Partners meet in [X1X]")
    assert suggestion is not None and suggestion.text == "PARTNERS MEET IN [X1X]"
    assert server.received == [{"q": "Partners meet in [X1X]", "source": "en", "target": "ro", "format": "text"}]


def test_slow_answer_times_out_then_the_retry_succeeds(tmp_path: Path) -> None:
    def slow_once(text: str, attempt: int) -> Reply:
        return Reply(delay=1.0) if attempt == 1 else Reply()

    with LibreTranslateServer(slow_once) as server:
        suggestion = libre(tmp_path, server).translate("Hello")
    assert suggestion is not None and suggestion.text == "HELLO"
    assert server.attempts["Hello"] == 2


def test_429_then_success(tmp_path: Path) -> None:
    def busy_once(text: str, attempt: int) -> Reply:
        return Reply(status=429, retry_after="0") if attempt == 1 else Reply()

    with LibreTranslateServer(busy_once) as server:
        suggestion = libre(tmp_path, server).translate("Hello")
    assert suggestion is not None and suggestion.text == "HELLO"
    assert server.attempts["Hello"] == 2


def test_500_every_time_gives_up_after_the_bound(tmp_path: Path) -> None:
    with LibreTranslateServer(lambda text, attempt: Reply(status=500)) as server:
        with pytest.raises(ProviderError) as caught:
            libre(tmp_path, server).translate("Hello")
    assert str(caught.value) == "libretranslate: the server answered HTTP 500; gave up after 3 attempts"
    assert caught.value.exit_code == 1
    assert server.attempts["Hello"] == 3


def test_connection_refused(tmp_path: Path) -> None:
    config = load_config(project(tmp_path, f"http://127.0.0.1:{refused_port()}"))
    provider = make_remote_provider(config, "libretranslate", source="en", target="ro", settings=FAST)
    with pytest.raises(ProviderError, match=r"^libretranslate: unreachable \(connection refused\); gave up after 3 attempts$"):
        provider.translate("Hello")


def test_a_client_error_fails_only_that_text(tmp_path: Path) -> None:
    def too_long(text: str, attempt: int) -> Reply:
        return Reply(status=400) if "long" in text else Reply()

    with LibreTranslateServer(too_long) as server:
        provider = libre(tmp_path, server)
        with pytest.raises(EntryError, match="HTTP 400"):
            provider.translate("a long text")
        assert provider.translate("short").text == "SHORT"


def test_key_comes_from_the_environment_and_a_refused_key_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with LibreTranslateServer(api_key="s3cret") as server:
        monkeypatch.setenv("LIBRE_API_KEY", "s3cret")
        assert libre(tmp_path, server).translate("Hi").text == "HI"
        assert server.received[-1]["api_key"] == "s3cret"
        monkeypatch.setenv("LIBRE_API_KEY", "wrong")
        with pytest.raises(ProviderError) as caught:
            libre(tmp_path, server).translate("Hi")
    message = str(caught.value)
    assert message == "libretranslate: the server refused the key (HTTP 403); check LIBRE_API_KEY"
    assert "wrong" not in message


@pytest.mark.parametrize(("name", "variable"), [("deepl", "DEEPL_API_KEY"), ("microsoft", "MICROSOFT_API_KEY")])
def test_a_missing_key_names_the_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, variable: str) -> None:
    monkeypatch.delenv(variable, raising=False)
    config = load_config(project(tmp_path))
    with pytest.raises(ProviderError, match=f"^{name}: no API key; set the environment variable {variable}$"):
        make_remote_provider(config, name, source="en", target="ro")


def test_the_key_variable_can_be_renamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEAM_DEEPL_KEY", raising=False)
    config = load_config(project(tmp_path, extra='[providers.deepl]\napi_key_env = "TEAM_DEEPL_KEY"\n'))
    with pytest.raises(ProviderError, match="set the environment variable TEAM_DEEPL_KEY$"):
        make_remote_provider(config, "deepl", source="en", target="ro")


def test_a_key_written_in_the_configuration_is_refused(tmp_path: Path) -> None:
    config = load_config(project(tmp_path, extra='[providers.deepl]\napi_key = "abc"\n'))
    with pytest.raises(ConfigError, match=r"api_key: keys are read only from the environment \(set DEEPL_API_KEY\)$"):
        make_remote_provider(config, "deepl", source="en", target="ro")


def test_libretranslate_needs_a_url(tmp_path: Path) -> None:
    (tmp_path / "l10n.toml").write_text('languages = ["ro"]\n', "utf-8")
    with pytest.raises(ConfigError, match="libretranslate needs the address of your server"):
        make_remote_provider(load_config(tmp_path / "l10n.toml"), "libretranslate", source="en", target="ro")


def test_rate_limit_spaces_requests_over_all_threads(tmp_path: Path) -> None:
    arrivals: list[float] = []
    lock = threading.Lock()

    def stamp(text: str, attempt: int) -> Reply:
        with lock:
            arrivals.append(time.monotonic())
        return Reply()

    settings = NetworkSettings(timeout=2, retries=0, rate_limit=20, concurrency=4)
    with LibreTranslateServer(stamp) as server:
        provider = libre(tmp_path, server, settings)
        threads = [threading.Thread(target=provider.translate, args=(f"t{i}",)) for i in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(arrivals) == 6
    assert arrivals[-1] - arrivals[0] >= 5 * (1 / 20) * 0.9


def test_network_settings_come_from_the_configuration(tmp_path: Path) -> None:
    config = load_config(project(tmp_path, extra="timeout = 3\nretries = 1\nconcurrency = 2\nrate_limit = 5\n"))
    assert network_settings(config, "libretranslate") == NetworkSettings(
        timeout=3.0, retries=1, backoff=0.5, max_backoff=30.0, rate_limit=5.0, concurrency=2
    )
    assert network_settings(config, "libretranslate", concurrency=6).concurrency == 6


def test_a_bad_network_setting_is_a_configuration_error(tmp_path: Path) -> None:
    config = load_config(project(tmp_path, extra='timeout = -1\n'))
    with pytest.raises(ConfigError, match=r"\[tool.l10n.providers.libretranslate\] timeout must be a non-negative number"):
        network_settings(config, "libretranslate")


def test_backoff_doubles_up_to_the_bound() -> None:
    settings = NetworkSettings(backoff=0.5, max_backoff=3)
    assert [settings.delay(n) for n in range(5)] == [0.5, 1.0, 2.0, 3, 3]
    assert settings.delay(0, retry_after=2.0) == 2.0


@pytest.mark.parametrize(
    ("lang", "codes", "free", "expected"),
    [
        ("ro", {"ro", "en"}, False, "ro"),
        ("pt_BR", {"pt", "pt-BR"}, False, "pt-BR"),
        ("pt_BR", {"pt", "en"}, False, "pt"),
        ("ro", {"ro-RO", "en-GB"}, False, "ro-RO"),
        ("lv", {"en", "es"}, False, None),
        ("lv", {"en", "es"}, True, "lv"),
    ],
)
def test_provider_language_codes(lang: str, codes: set[str], free: bool, expected: str | None) -> None:
    assert provider_code(lang, codes, free=free) == expected


def test_a_language_the_provider_lacks_is_reported(tmp_path: Path) -> None:
    config = load_config(project(tmp_path))
    with pytest.raises(ProviderError, match="^mymemory: no support for language tlh$"):
        make_remote_provider(config, "mymemory", source="en", target="tlh")
