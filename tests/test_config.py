"""The configuration schema: unknown keys and wrong types are errors naming file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from l10n.cli import main
from l10n.config import load_config
from l10n.errors import ConfigError
from l10n.schema import SCHEMA

BASE = '[project]\nname = "epi"\n\n[tool.l10n]\nlanguages = ["ro"]\n'


def _status(root: Path, monkeypatch) -> object:
    monkeypatch.chdir(root)
    (root / "source").mkdir(exist_ok=True)
    return CliRunner().invoke(main, ["status", "-f", "csv"])


@pytest.mark.parametrize(
    ("toml", "line", "message"),
    [
        ("min_coverag = 95\n", 6, "[tool.l10n] has no key 'min_coverag'; did you mean min_coverage?"),
        ("min_coverage = [1]\n", 6, "[tool.l10n] min_coverage: expected a number, got a list"),
        ('min_coverage = "high"\n', 6, "[tool.l10n] min_coverage: expected a number, got a string"),
        ("reviewer = 5\n", 6, "[tool.l10n] reviewer: expected a string, got a whole number"),
        ('project = ["EPI"]\n', 6, "[tool.l10n] project: expected a string, got a list"),
        ("\n[tool.l10n.check]\ndisable = \"dates\"\n", 8, "[tool.l10n.check] disable: expected a list, got a string"),
        ("\n[tool.l10n.check]\ncolour = 1\n", 8,
         "[tool.l10n.check] has no key 'colour' (known keys: disable, length_min_chars, length_ratio, severity)"),
        ("\n[tool.l10n.gates]\nfailunder = 50\n", 8, "[tool.l10n.gates] has no key 'failunder'; did you mean fail_under?"),
        ('\n[tool.l10n.gates]\nfail_under = "high"\n', 8, "[tool.l10n.gates] fail_under: expected a number, got a string"),
        ("\n[tool.l10n.gates.ro]\nfail_under_words = 5\n", 8,
         "[tool.l10n.gates.ro] has no key 'fail_under_words'; did you mean fail_under?"),
        ("\n[tool.l10n.glossary]\ndo_not_translate = [1, 2]\n", 8,
         "[tool.l10n.glossary] do_not_translate: expected a list of strings, got a list holding a whole number"),
        ('glossary = ["EPI"]\n', 6, "[tool.l10n.glossary] must be a table, got a list"),
        ("\n[tool.l10n.providers.libretranslate]\ntimeout = \"soon\"\n", 8,
         "[tool.l10n.providers.libretranslate] timeout: expected a number, got a string"),
        ("\n[tool.l10n.provider]\ndefault = \"tm\"\n", 7, "[tool.l10n] has no key 'provider'; did you mean providers?"),
    ],
    ids=["unknown-key", "list-for-number", "string-for-number", "number-for-string", "list-for-project",
         "string-for-list", "unknown-check-key", "unknown-gate-key", "string-for-gate",
         "unknown-language-gate-key", "not-strings", "table-as-list", "provider-timeout", "unknown-table"],
)
def test_a_bad_key_is_one_line_naming_file_line_and_key(tmp_path: Path, monkeypatch, toml: str, line: int,
                                                         message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(BASE + toml, encoding="utf-8")
    result = _status(tmp_path, monkeypatch)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: pyproject.toml:{line}: {message}\n"


def test_an_l10n_toml_names_its_tables_as_written(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "l10n.toml").write_text('languages = ["ro"]\n\n[gates]\nfail_undr = 5\n', encoding="utf-8")
    result = _status(tmp_path, monkeypatch)
    assert result.exit_code == 2
    assert result.stderr == "Error: l10n.toml:4: [gates] has no key 'fail_undr'; did you mean fail_under?\n"


def test_every_key_the_sample_project_uses_is_declared() -> None:
    config = load_config(Path(__file__).resolve().parents[1] / "pyproject.toml")
    assert config.languages == ("ro", "pl", "it", "es", "lv", "de", "sv")
    for key in config.raw:
        assert key in SCHEMA.keys or key in SCHEMA.tables


def test_tables_of_languages_and_providers_take_any_name_but_known_keys(tmp_path: Path) -> None:
    path = tmp_path / "l10n.toml"
    path.write_text('[gates.de]\nfail_under = 5\n[providers.deepl]\nformality = "less"\n'
                    '[glossary.ro]\nnewsletter = "buletin"\n', encoding="utf-8")
    config = load_config(path)
    assert config.section("gates") == {"de": {"fail_under": 5}}
    path.write_text('[providers.deepl]\nformalty = "less"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"l10n.toml:2: \[providers.deepl\] has no key 'formalty'; did you mean formality\?"):
        load_config(path)
