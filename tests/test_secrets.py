"""Provider keys: read only from the environment, only from variables meant for keys, never written."""

from __future__ import annotations

from pathlib import Path

import pytest
from _libretranslate import LibreTranslateServer
from click.testing import CliRunner

from l10n.cli import main

SOURCE = "---\ntitle: Partners meet\n---\n\n# Partners meet in Cluj\n\nThe pilot ends in May.\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text(SOURCE, "utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["ro"]\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("L10N_KEY_VARIABLES", raising=False)
    monkeypatch.delenv("LIBRE_API_KEY", raising=False)
    assert CliRunner().invoke(main, ["extract"]).exit_code == 0
    assert CliRunner().invoke(main, ["update"]).exit_code == 0
    return tmp_path


def configure(root: Path, url: str, extra: str = "") -> None:
    (root / "l10n.toml").write_text(
        f'languages = ["ro"]\n[providers.libretranslate]\nurl = "{url}"\nretries = 0\n{extra}', "utf-8"
    )


def test_api_key_env_naming_any_other_secret_is_refused(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI-not-for-translation")
    with LibreTranslateServer() as server:
        configure(project, server.url, 'api_key_env = "AWS_SECRET_ACCESS_KEY"\n')
        result = CliRunner().invoke(main, ["draft", "--lang", "ro", "-p", "libretranslate"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: l10n.toml: [tool.l10n.providers.libretranslate] api_key_env: "
        "AWS_SECRET_ACCESS_KEY is not a key variable of libretranslate; use LIBRE_API_KEY, "
        "or declare it in the environment: L10N_KEY_VARIABLES=AWS_SECRET_ACCESS_KEY\n"
    )
    assert server.received == []


def test_another_provider_s_key_variable_is_refused(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPL_API_KEY", "deepl-secret:fx")
    with LibreTranslateServer() as server:
        configure(project, server.url, 'api_key_env = "DEEPL_API_KEY"\n')
        result = CliRunner().invoke(main, ["draft", "--lang", "ro", "-p", "libretranslate"])
    assert result.exit_code == 2
    assert "DEEPL_API_KEY is not a key variable of libretranslate" in result.stderr
    assert server.received == []


def test_a_key_variable_the_user_declares_is_used(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEAM_LIBRE_KEY", "team-key-123")
    monkeypatch.setenv("L10N_KEY_VARIABLES", "TEAM_LIBRE_KEY")
    with LibreTranslateServer(api_key="team-key-123") as server:
        configure(project, server.url, 'api_key_env = "TEAM_LIBRE_KEY"\n')
        result = CliRunner().invoke(main, ["draft", "--lang", "ro", "-p", "libretranslate"])
    assert result.exit_code == 0, result.output
    assert {params["api_key"] for params in server.received} == {"team-key-123"}
    assert "team-key-123" not in (project / "locales" / "ro" / "LC_MESSAGES" / "a.po").read_text("utf-8")


COMMANDS = [
    ["extract"],
    ["update"],
    ["draft", "--lang", "ro"],
    ["review", "--list"],
    ["signoff", "--lang", "ro", "--all-translated", "--reviewer", "Ana"],
    ["check"],
    ["status"],
    ["compile"],
    ["render", "source/a.md", "--catalog", "locales/ro/LC_MESSAGES/a.po"],
    ["build"],
]


@pytest.mark.parametrize("table", ["[providers.deepl]", "[providers]"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0] + ("-list" if "--list" in c else ""))
def test_a_key_in_the_configuration_is_refused_by_every_command(project: Path, command: list[str], table: str) -> None:
    (project / "l10n.toml").write_text(f'languages = ["ro"]\n{table}\napi_key = "abc-123"\n', "utf-8")
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"Error: l10n.toml: [tool.l10n.{table[1:-1]}] api_key: keys are read only from the "
        "environment, never from a configuration file (see api_key_env)\n"
    )
    assert "abc-123" not in result.output
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_a_glossary_term_called_api_key_is_not_a_key(project: Path) -> None:
    (project / "l10n.toml").write_text('languages = ["ro"]\n[glossary.ro]\napi_key = "cheie API"\n', "utf-8")
    assert CliRunner().invoke(main, ["status"]).exit_code == 0
