"""The translation checks: every check catches its case and lets the close correct one pass."""

from __future__ import annotations

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.checks import (
    CHECKS,
    REGISTRY,
    CheckSettings,
    Severity,
    check_catalog,
    check_entry,
    settings_from_config,
    unsafe_html,
)
from l10n.config import load_config
from l10n.errors import ConfigError
from l10n.drafting.glossary import Glossary
from l10n.catalogs.pofile import parse_catalog
from l10n.catalogs.states import draft_line, sign_off_line

GLOSSARY = Glossary(
    do_not_translate=("EPI", "Ravenna", "Lublin", "Creative Ideas", "Monza", "Riga", "Cartagena"),
    fixed={"newsletter": "buletin informativ"},
)


def entry(msgid: str, msgstr: str, *, comment: str = "", flags: tuple[str, ...] = ()) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, tcomment=comment, flags=list(flags))


def names(findings) -> list[str]:
    return [finding.check for finding in findings]


# (check, language, source, translation, caught)
CASES = [
    # links
    ("links", "ro", "Read [the bulletin](https://example.org/b.pdf).",
     "Citiți [buletinul](https://example.org/buletin.pdf).", True),
    ("links", "ro", "Read [the bulletin](https://example.org/b.pdf) today.",
     "Astăzi citiți [buletinul](https://example.org/b.pdf).", False),
    ("links", "ro", "Write to <info@epi.eu>.", "Scrieți la <info@epi.ro>.", True),
    ("links", "ro", "Write to <info@epi.eu> or <https://epi.eu>.", "Vizitați <https://epi.eu> sau scrieți la <info@epi.eu>.", False),
    ("links", "ro", "More at https://epi.eu/news today.", "Mai mult la https://epi.eu/stiri azi.", True),
    ("links", "ro", "Mail info@epi.eu today.", "Scrieți azi la info@epi.eu.", False),
    ("links", "ro", "![A map](img/map.png)", "![O hartă](img/harta.png)", True),
    ("links", "ro", "![A map](img/map.png)", "![O hartă a orașelor](img/map.png)", False),
    # markup
    ("markup", "ro", "The **final** conference.", "Conferința finală.", True),
    ("markup", "ro", "The **final** conference is in *Monza*.", "În *Monza* are loc conferința **finală**.", False),
    ("markup", "ro", "Run `l10n check` first.", "Rulați întâi `l10n verifică`.", True),
    ("markup", "ro", "Run `l10n check` first.", "Întâi rulați `l10n check`.", False),
    ("markup", "ro", "Cities[^1] joined.", "Orașele s-au alăturat.", True),
    ("markup", "ro", "Cities[^1] joined.", "Orașele[^1] s-au alăturat.", False),
    ("markup", "ro", "Line one\\\nline two", "Rândul unu rândul doi", True),
    ("markup", "ro", "Line one\\\nline two", "Rândul unu\\\nrândul doi", False),
    ("markup", "ro", "A _new_ start", "Un _nou început", True),
    ("markup", "ro", "The snake_case name", "Numele snake_case", False),
    # inline HTML
    ("html-tags", "ro", "Say <b>hello</b> now.", "Spuneți salut acum.", True),
    ("html-tags", "ro", "Say <b>hello</b> now.", "Acum spuneți <b>salut</b>.", False),
    ("unsafe-html", "ro", "Say <b>hello</b>.", 'Spuneți <b onclick="steal()">salut</b>.', True),
    ("unsafe-html", "ro", 'The <abbr title="European Union">EU</abbr>.', 'The <abbr title="Uniunea Europeană">UE</abbr>.', False),
    ("unsafe-html", "ro", "Read [this](https://epi.eu).", "Citiți [asta](javascript:alert(1)).", True),
    ("unsafe-html", "ro", "Type `<script>` to start.", "Tastați `<script>` pentru a începe.", False),
    ("unsafe-html", "ro", "Hello.", "Salut.<script>alert(1)</script>", True),
    # placeholders
    ("placeholders", "ro", "Hello {name}, you have %d messages.", "Salut {nume}, aveți %d mesaje.", True),
    ("placeholders", "ro", "Hello {name}, %(count)s are new.", "%(count)s sunt noi, salut {name}.", False),
    ("placeholders", "ro", "Up 50% on last year, 20 % of cities.", "Cu 50% mai mult, 20 % dintre orașe.", False),
    # numbers
    ("numbers", "ro", "The event had 43 participants.", "Evenimentul a avut 34 de participanți.", True),
    ("numbers", "de", "The budget is 1,250,000.50 euros.", "Das Budget beträgt 1.250.000,50 Euro.", False),
    ("numbers", "de", "The budget is 1,250,000.50 euros.", "Das Budget beträgt 1,250,000.50 Euro.", True),
    ("numbers", "sv", "It has 1,250 members.", "Den har 1\u00a0250 medlemmar.", False),
    ("numbers", "ro", "On 20 January 2022.", "Pe 20.01.2022.", False),
    ("numbers", "pl", "It has 12,500 members.", "Ma 12 500 członków.", False),
    ("numbers", "de", "It has 12,500 members.", "Er hat 12 500 Mitglieder.", False),
    ("numbers", "de", "It has 12,500 members.", "Er hat 12 600 Mitglieder.", True),
    # dates
    ("dates", "ro", "20 January 2022", "1/20/2022", True),
    ("dates", "ro", "20 January 2022", "20.01.2022", False),
    ("dates", "it", "Next meeting: 2/10/2022.", "Prossimo incontro: 2/10/2022.", True),
    ("dates", "it", "Next meeting: 2/10/2022.", "Prossimo incontro: 10/02/2022.", False),
    ("dates", "sv", "Next meeting: 2/10/2022.", "Nästa möte: 2022-02-10.", False),
    # whitespace and words
    ("leading-whitespace", "ro", " Partners", "Parteneri", True),
    ("leading-whitespace", "ro", " Partners", " Parteneri", False),
    ("trailing-whitespace", "ro", "Partners ", "Parteneri", True),
    ("trailing-whitespace", "ro", "Partners ", "Parteneri ", False),
    ("double-space", "ro", "We have entered the last phase.", "Am intrat în  ultima fază.", True),
    ("double-space", "ro", "Who:  Riga", "Cine:  Riga", False),
    ("doubled-words", "ro", "We meet in Cartagena.", "Ne întâlnim în în Cartagena.", True),
    ("doubled-words", "ro", "It is very, very good.", "Este foarte, foarte bine.", False),
    ("doubled-words", "de", "She knows that the woman came.", "Sie weiß, dass die die Frau kennt, kam.", False),
    # punctuation
    ("end-punctuation", "ro", "What is happening?", "Ce se întâmplă", True),
    ("end-punctuation", "ro", "Read the **news.**", "Citiți **știrile**.", False),
    ("end-punctuation", "es", "What is happening?", "Qué pasa?", True),
    ("end-punctuation", "es", "What is happening?", "¿Qué pasa?", False),
    ("end-punctuation", "fr", "What is happening?", "Que se passe-t-il?", True),
    ("end-punctuation", "fr", "What is happening?", "Que se passe-t-il\u202f?", False),
    ("end-punctuation", "ro", "Wait...", "Așteptați…", False),
    ("end-punctuation", "ja", "What is happening?", "何が起きていますか？", False),
    ("end-punctuation", "ja", "What is happening?", "何が起きていますか", True),
    ("end-punctuation", "el", "What is happening?", "Τι συμβαίνει;", False),
    ("end-punctuation", "ar", "What is happening?", "ماذا يحدث؟", False),
    # whole texts
    ("same-as-source", "ro", "Click here to download the bulletin.", "Click here to download the bulletin.", True),
    ("same-as-source", "ro", "Riga, Creative Ideas", "Riga, Creative Ideas", False),
    ("same-as-source", "ro", "31 March 2022", "31 March 2022", False),
    ("length", "ro", "The partners are developing a common framework.", "Da.", True),
    ("length", "ro", "The partners are developing a common framework.", "Partenerii dezvoltă un cadru comun.", False),
    ("length", "ro", "Who", "Cine sunt participanții acestui eveniment", False),
    ("glossary", "ro", "Cluj, Lublin, Ravenna", "Cluj, Lublin, Rávena", True),
    ("glossary", "pl", "The meeting in Lublin", "Spotkanie w Lublinie", False),
    ("glossary", "pl", "From 30 to 31 May in Monza.", "Od 30 do 31 maja w Monzy.", False),
    ("glossary", "lv", "Riga, Creative Ideas", "Rīga, Creative Ideas", False),
    ("glossary", "es", "In Cartagena", "À Carthagène", True),
    ("glossary", "ro", "Our newsletter", "Newsletterul nostru", True),
    ("glossary", "ro", "Our newsletter", "Buletinul informativ al nostru", False),
]


@pytest.mark.parametrize(
    ("check", "lang", "source", "translation", "caught"),
    CASES,
    ids=[f"{c[0]}-{'catches' if c[4] else 'passes'}-{i}" for i, c in enumerate(CASES)],
)
def test_check_catches_its_case_and_passes_the_close_one(check, lang, source, translation, caught):
    findings = check_entry(entry(source, translation), lang, glossary=GLOSSARY)
    assert (check in names(findings)) is caught, [f.message for f in findings]


def test_every_check_has_a_case_it_catches_and_one_it_passes():
    covered = {(check, caught) for check, *_, caught in CASES}
    for name in CHECKS:
        if name == "stale-sign-off":
            continue  # tested below on entries with sign-offs
        assert (name, True) in covered and (name, False) in covered, name


def test_a_correct_translation_has_no_findings_at_all():
    source = "The **final** European Conference on 30 May in [Monza](https://epi.eu/monza), with 1,200 guests."
    translation = "Conferința europeană **finală** pe 30 mai la [Monza](https://epi.eu/monza), cu 1.200 de invitați."
    assert check_entry(entry(source, translation), "ro", glossary=GLOSSARY) == []


def test_date_suggestion_uses_the_target_locale_formats():
    findings = check_entry(entry("20 January 2022", "1/20/2022"), "ro")
    assert [f.message for f in findings] == [
        "date 1/20/2022 is not written the ro way: write 20.01.2022 or 20 ian. 2022"
    ]


def test_number_in_source_format_suggests_the_locale_form():
    findings = check_entry(entry("It costs 1,250.50 euros.", "Es kostet 1,250.50 Euro."), "de")
    assert [f.message for f in findings] == ["number 1,250.50 is not written the de way: write 1.250,50"]


def test_finding_names_the_entry():
    catalog = parse_catalog(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#. heading\nmsgctxt "title"\nmsgid "What is happening?"\nmsgstr "Ce se întâmplă"\n'
    )
    [finding] = check_catalog(catalog, "ro", path="x.po", issue="x")
    assert (finding.path, finding.line, finding.msgctxt, finding.msgid, finding.issue) == (
        "x.po", 5, "title", "What is happening?", "x"
    )
    assert (finding.check, finding.severity, finding.lang) == ("end-punctuation", Severity.WARNING, "ro")


# -- which entries are checked -------------------------------------------------------------


def test_untranslated_entries_are_not_checked():
    assert check_entry(entry("What is happening?", ""), "ro") == []


def test_fuzzy_entries_from_an_older_source_are_not_checked():
    assert check_entry(entry("What is happening?", "Ce se întâmplă", flags=("fuzzy",)), "ro") == []


def test_drafts_are_checked():
    draft = entry("What is happening?", "Ce se întâmplă", flags=("fuzzy",), comment=draft_line("google", "2022-03-12"))
    assert names(check_entry(draft, "ro")) == ["end-punctuation"]


def test_stale_sign_off_is_named():
    reviewed = entry("Resources", "Resurse")
    reviewed.tcomment = sign_off_line("Ana Pop", "2022-03-10", reviewed)
    assert check_entry(reviewed, "ro") == []
    reviewed.msgstr = "Resurse utile"
    [finding] = check_entry(reviewed, "ro")
    assert finding.check == "stale-sign-off"
    assert finding.message == "sign-off by Ana Pop on 2022-03-10 no longer matches the text: review it again"


def test_obsolete_entries_are_not_checked():
    gone = entry("What is happening?", "Ce se întâmplă")
    gone.obsolete = True
    assert check_entry(gone, "ro") == []


def test_plural_forms_are_checked_against_their_source():
    plural = polib.POEntry(msgid="%d city", msgid_plural="%d cities", msgstr_plural={0: "%d oraș", 1: "%d orașe", 2: "orașe"})
    assert [f.message for f in check_entry(plural, "ro")] == ["placeholder missing from the translation: %d"]


# -- silencing -----------------------------------------------------------------------------


def test_l10n_ignore_silences_one_check_on_one_entry():
    silenced = entry("20 January 2022!", "1/20/2022", comment="l10n-ignore: dates")
    assert names(check_entry(silenced, "ro")) == ["end-punctuation"]


def test_disabled_checks_give_nothing():
    settings_ = CheckSettings(disabled=frozenset({"dates", "end-punctuation"}))
    assert check_entry(entry("20 January 2022!", "1/20/2022"), "ro", settings=settings_) == []


def test_severity_can_be_raised_per_project():
    settings_ = CheckSettings(severities={"dates": Severity.ERROR})
    [finding] = check_entry(entry("20 January 2022", "1/20/2022"), "ro", settings=settings_)
    assert finding.severity is Severity.ERROR


def _config(tmp_path, table: str):
    (tmp_path / "pyproject.toml").write_text(f"[tool.l10n]\nlanguages = [\"ro\"]\n\n[tool.l10n.check]\n{table}\n", "utf-8")
    return load_config(tmp_path / "pyproject.toml")


def test_settings_from_config(tmp_path):
    config = _config(tmp_path, 'disable = ["length"]\nlength_ratio = [0.3, 3]\nseverity = { numbers = "error" }')
    settings_ = settings_from_config(config)
    assert settings_.disabled == {"length"}
    assert settings_.length_ratio == (0.3, 3.0)
    assert settings_.severities == {"numbers": Severity.ERROR}


def test_length_ratio_per_language(tmp_path):
    config = _config(tmp_path, "[tool.l10n.check.length_ratio]\ndefault = [0.4, 2.5]\nde = [0.8, 2.2]\npt-BR = [0.6, 2]")
    settings_ = settings_from_config(config)
    assert settings_.length_ratio == (0.4, 2.5)
    assert settings_.length_ratios == {"de": (0.8, 2.2), "pt_BR": (0.6, 2.0)}
    source = "The partners are developing a common framework for the pilot actions."
    shorter = source[: int(len(source) * 0.7) - 1] + "."  # 70% of the source's length
    [finding] = check_entry(entry(source, shorter), "de", settings=settings_)
    assert finding.check == "length" and "expected at least 80%" in finding.message
    assert check_entry(entry(source, shorter), "ro", settings=settings_) == []


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('disable = ["date"]', "[tool.l10n.check] disable: unknown check 'date'; did you mean 'dates'?"),
        ("length_ratio = [2, 1]", "[tool.l10n.check] length_ratio must be [low, high] with 0 < low < high"),
        ("[tool.l10n.check.length_ratio]\nde = [2, 1]", "[tool.l10n.check] length_ratio.de must be [low, high] with 0 < low < high"),
        ("[tool.l10n.check.length_ratio]\nxx-nope = [0.5, 2]", "[tool.l10n.check] length_ratio: unknown language 'xx-nope'; did you mean no, kpe, be, ce?"),
        ('severity = { dates = "fatal" }', '[tool.l10n.check.severity] dates must be "error" or "warning"'),
    ],
)
def test_bad_check_settings_name_the_file(tmp_path, table, message):
    config = _config(tmp_path, table)
    with pytest.raises(ConfigError) as caught:
        settings_from_config(config)
    assert str(caught.value) == f"{tmp_path / 'pyproject.toml'}: {message}"


def test_registry_is_explicit_and_complete():
    assert [check.name for check in REGISTRY] == list(CHECKS)
    for check in REGISTRY:
        assert check.explanation and "\n" not in check.explanation
        assert check.severity in (Severity.ERROR, Severity.WARNING)


# -- unsafe HTML, as render and build use it ----------------------------------------------


@pytest.mark.parametrize(
    ("source", "translation", "reason"),
    [
        ("Hello.", "Salut <script>x()</script>.", "the translation adds the HTML tag <script> that the source does not have"),
        ("Say <b>hi</b>.", 'Spune <b onmouseover="x()">salut</b>.',
         "the translation adds the HTML event handler onmouseover= that the source does not have"),
        ("[Read](https://epi.eu)", "[Citiți](javascript:alert(1))",
         "the translation adds a javascript: URL that the source does not have"),
        ("[Read](https://epi.eu)", '<a href="jav&#x61;script:alert(1)">Citiți</a>',
         "the translation adds the HTML tag <a> that the source does not have"),
        ('<a href="https://epi.eu">Read</a>', '<a href="jav&#x61;script:alert(1)">Citiți</a>',
         "the translation adds a javascript: URL that the source does not have"),
        ("Hi", "Salut <!-- hidden -->", "the translation adds the HTML comment <!-- --> that the source does not have"),
        ("Say <b>hi</b>.", "Spune <b>salut</b>.", None),
        ("Use `<script>` here.", "Folosiți `<script>` aici.", None),
        ("Read more.", "Citiți mai mult: javascript este un limbaj.", None),
    ],
)
def test_unsafe_html(source, translation, reason):
    assert unsafe_html(source, translation) == reason


# -- invariants ----------------------------------------------------------------------------

PIECES = list("abcde XYZ 0123456789 .,:;!?*_`[]()<>/-@#%{}\\\n") + ["**", "[a](b)", "<b>", "</b>", "1/20/2022", "1,000.5"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_a_copy_into_the_source_language_gives_no_finding_but_same_as_source(text):
    findings = check_entry(entry(text, text), "en")
    assert set(names(findings)) <= {"same-as-source"}


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_a_copy_is_never_unsafe(text):
    assert unsafe_html(text, text) is None


WORDS = st.lists(st.sampled_from(["cities", "partners", "meet", "integration", "workshops", "Europe"]), min_size=3, max_size=8)


@settings(max_examples=200, deadline=None)
@given(WORDS, st.data())
def test_moving_markup_to_another_word_is_fine(words, data):
    first = data.draw(st.integers(0, len(words) - 1))
    second = data.draw(st.integers(0, len(words) - 1))
    source = " ".join(f"**{w}**" if i == first else w for i, w in enumerate(words))
    moved = list(reversed(words))
    translation = " ".join(f"**{w}**" if i == second else w for i, w in enumerate(moved))
    assert "markup" not in names(check_entry(entry(source, translation), "ro"))
