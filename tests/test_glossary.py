"""The glossary: shared do-not-translate terms and fixed translations per language."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.config import load_config
from l10n.errors import ConfigError
from l10n.drafting.glossary import Glossary, load_glossary

CONFIG = """\
languages = ["ro", "pl", "pt_BR"]
[glossary]
do_not_translate = ["EPI", "Pro Arbeit", "Cluj"]
[glossary.ro]
"newsletter" = "buletin informativ"
do_not_translate = ["Patrir"]
[glossary.pt-BR]
"newsletter" = "boletim"
"""


def config_with(tmp_path: Path, text: str):
    (tmp_path / "l10n.toml").write_text(text, "utf-8")
    return load_config(tmp_path / "l10n.toml")


def test_shared_terms_and_the_language_table(tmp_path: Path) -> None:
    config = config_with(tmp_path, CONFIG)
    assert load_glossary(config, "ro") == Glossary(
        do_not_translate=("EPI", "Pro Arbeit", "Cluj", "Patrir"), fixed={"newsletter": "buletin informativ"}
    )
    assert load_glossary(config, "pl") == Glossary(do_not_translate=("EPI", "Pro Arbeit", "Cluj"), fixed={})
    assert load_glossary(config) == Glossary(do_not_translate=("EPI", "Pro Arbeit", "Cluj"), fixed={})


def test_a_language_table_may_spell_the_code_either_way(tmp_path: Path) -> None:
    config = config_with(tmp_path, CONFIG)
    assert load_glossary(config, "pt-BR").fixed == {"newsletter": "boletim"}
    assert load_glossary(config, "pt_BR").fixed == {"newsletter": "boletim"}


def test_terms_are_found_as_whole_words_longest_first() -> None:
    glossary = Glossary(do_not_translate=("Pro", "Pro Arbeit", "EPI"), fixed={"newsletter": "buletin"})
    assert glossary.terms() == ("Pro Arbeit", "newsletter", "EPI", "Pro")
    assert glossary.occurrences("Pro Arbeit and EPIC, the EPI newsletter, Pro.") == [
        "Pro Arbeit", "EPI", "newsletter", "Pro"
    ]
    assert glossary.translation("newsletter") == "buletin"
    assert glossary.translation("EPI") == "EPI"


def test_an_empty_glossary_finds_nothing(tmp_path: Path) -> None:
    glossary = load_glossary(config_with(tmp_path, 'languages = ["ro"]\n'), "ro")
    assert glossary == Glossary()
    assert glossary.pattern() is None and glossary.occurrences("EPI") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[glossary]\ndo_not_translate = "EPI"\n', None),
        ('[glossary.ro]\n"newsletter" = ""\n', r"\[tool.l10n.glossary.ro\] 'newsletter' must map to a non-empty string"),
        ('[glossary.klingonese]\n"a" = "b"\n', r"\[tool.l10n.glossary.klingonese\]: unknown language"),
    ],
    ids=["single string", "empty translation", "unknown language"],
)
def test_configuration_errors_name_the_file(tmp_path: Path, text: str, message: str | None) -> None:
    config = config_with(tmp_path, 'languages = ["ro"]\n' + text)
    if message is None:
        assert load_glossary(config, "ro").do_not_translate == ("EPI",)
        return
    with pytest.raises(ConfigError, match=message) as caught:
        load_glossary(config, "ro")
    assert str(caught.value).startswith(str(tmp_path / "l10n.toml"))
