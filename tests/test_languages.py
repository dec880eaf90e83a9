"""Language codes: the spelling Babel gives, whether or not Babel had to be loaded to find it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from babel import Locale, localedata

from l10n.errors import LanguageError
from l10n.languages import normalize_language


def test_every_babel_locale_keeps_the_spelling_babel_gives_it() -> None:
    """The quick path (a code spelled as Babel's data file is named) agrees with Locale.parse."""
    for code in localedata.locale_identifiers():
        try:
            expected = str(Locale.parse(code))
        except ValueError:
            continue
        assert normalize_language(code) == expected, code


@pytest.mark.parametrize(("code", "expected"), [
    ("pt-BR", "pt_BR"), ("sr-Latn", "sr_Latn"), (" de ", "de"), ("Polish", "pl"), ("română", "ro"),
])
def test_other_spellings_are_normalized(code: str, expected: str) -> None:
    assert normalize_language(code) == expected


@pytest.mark.parametrize("code", ["xx", "ro_XX_YY", "zz_Zzzz", "klingon"])
def test_an_unknown_code_is_refused_with_suggestions(code: str) -> None:
    with pytest.raises(LanguageError, match="did you mean"):
        normalize_language(code)


def test_configured_codes_are_checked_without_loading_babel(sample) -> None:
    code = ("import sys\n"
            "from l10n.config import load_config\n"
            "config = load_config()\n"
            "print(config.languages, 'babel' in sys.modules, 'rapidfuzz' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split(")")[-1].split() == ["False", "False"], result.stdout
