"""Tests of ``l10n build``: pages, thresholds, incremental and parallel builds, safe HTML."""

from __future__ import annotations

import filecmp
import gettext
import os
import shutil
from datetime import date
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from l10n.publish.build import long_date
from l10n.cli import main
from l10n.config import load_config
from l10n.sources.extract import write_template
from l10n.catalogs.pofile import read_catalog, write_catalog
from l10n.catalogs.states import set_comment_line, sign_off_line

SOURCE = """---
title: "Spring issue"
date: 2022-03-15
summary: "What happened in spring."
---

# Welcome to the spring issue

The partners met in **Cartagena** on 31 March.

- Workshops in Riga
- A conference in Monza

Read more on [our site](https://example.org).
"""

AUTUMN = SOURCE.replace("Spring issue", "Autumn issue").replace("2022-03-15", "2022-10-01")

# msgid -> (translation, state): "translated", "fuzzy" or "reviewed".
RO = {
    "Spring issue": ("Numărul de primăvară", "reviewed"),
    "Welcome to the spring issue": ("Bun venit la numărul de primăvară", "reviewed"),
    "The partners met in **Cartagena** on 31 March.": ("Partenerii s-au întâlnit la **Cartagena** pe 31 martie.",
                                                       "translated"),
    "Workshops in Riga": ("Ateliere la Riga", "translated"),
    "A conference in Monza": ("O conferință la Monza", "fuzzy"),
    "What happened in spring.": ("Ce s-a întâmplat primăvara.", "translated"),
}
PL = {
    "Welcome to the spring issue": ("Witamy w wiosennym numerze", "translated"),
}
DE = {msgid: (f"DE {msgid}", "translated") for msgid in RO}


def write_project(root: Path, languages: tuple[str, ...] = ("ro", "pl", "de"), extra: str = "") -> Path:
    (root / "source").mkdir(parents=True, exist_ok=True)
    (root / "source" / "spring.md").write_text(SOURCE, encoding="utf-8")
    (root / "l10n.toml").write_text(
        f"languages = {list(languages)!r}\nproject = \"EPI newsletter\"\n{extra}".replace("'", '"'),
        encoding="utf-8",
    )
    return root


def translate(root: Path, lang: str, issue: str, table: dict[str, tuple[str, str]]) -> Path:
    """Write the catalog of ``issue`` in ``lang`` from its template, with ``table``'s translations."""
    config = load_config(root / "l10n.toml")
    template = read_catalog(config.template_path(issue))
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": lang}
    for source in template:
        entry = polib.POEntry(msgid=source.msgid, msgctxt=source.msgctxt, occurrences=source.occurrences)
        if source.msgid in table:
            text, state = table[source.msgid]
            entry.msgstr = text
            if state == "fuzzy":
                entry.flags.append("fuzzy")
            if state == "reviewed":
                set_comment_line(entry, "reviewed:", sign_off_line("Ana", "2022-03-10", entry))
        catalog.append(entry)
    path = config.catalog_path(lang, issue)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_catalog(path, catalog)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "project")
    config = load_config(root / "l10n.toml")
    write_template(config, "spring")
    translate(root, "ro", "spring", RO)
    translate(root, "pl", "spring", PL)
    translate(root, "de", "spring", DE)
    # The catalogs as `l10n update` leaves them, so that a build has nothing to merge.
    assert CliRunner().invoke(main, ["--config", str(root / "l10n.toml"), "update"]).exit_code == 0
    return root


def build(root: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(root / "l10n.toml"), "build", *args])


def tree(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` with its modification time."""
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in sorted(folder.rglob("*")) if p.is_file()}


def page(root: Path, lang: str, suffix: str = "html", issue: str = "spring") -> str:
    return (root / "build" / lang / f"{issue}.{suffix}").read_text("utf-8")


# -- what a build makes ---------------------------------------------------------------------------


def test_build_writes_every_page_mo_file_and_index(project: Path) -> None:
    result = build(project, "-j", "1")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:11] == [
        "compiled locales/de/LC_MESSAGES/spring.mo",
        "compiled locales/pl/LC_MESSAGES/spring.mo",
        "compiled locales/ro/LC_MESSAGES/spring.mo",
        "built en spring: build/en/spring.md, build/en/spring.html",
        "built ro spring: build/ro/spring.md, build/ro/spring.html",
        "built pl spring: build/pl/spring.md, build/pl/spring.html",
        "built de spring: build/de/spring.md, build/de/spring.html",
        "wrote build/index.html",
        "4 pages published (4 rendered), 0 below threshold, 0 translations refused",
        "",
        "Coverage by issue and language",
    ]
    assert sorted(tree(project / "build")) == [
        ".l10n-manifest.json", "de/spring.html", "de/spring.md", "en/spring.html", "en/spring.md",
        "index.html", "pl/spring.html", "pl/spring.md", "ro/spring.html", "ro/spring.md",
    ]
    assert gettext.translation("spring", str(project / "locales"), ["ro"]).gettext(
        "Workshops in Riga") == "Ateliere la Riga"


def test_markdown_uses_translated_entries_and_keeps_the_source_for_the_rest(project: Path) -> None:
    build(project)
    assert page(project, "ro", "md") == SOURCE.replace(
        '"Spring issue"', '"Numărul de primăvară"').replace(
        '"What happened in spring."', '"Ce s-a întâmplat primăvara."').replace(
        "# Welcome to the spring issue", "# Bun venit la numărul de primăvară").replace(
        "The partners met in **Cartagena** on 31 March.",
        "Partenerii s-au întâlnit la **Cartagena** pe 31 martie.").replace(
        "- Workshops in Riga", "- Ateliere la Riga")
    assert page(project, "en", "md") == SOURCE


def test_html_page_is_localized(project: Path) -> None:
    build(project)
    ro = page(project, "ro")
    assert '<html lang="ro" dir="ltr">' in ro
    assert '<time datetime="2022-03-15">15 martie 2022</time>' in ro
    assert '<a href="../pl/spring.html" hreflang="pl" lang="pl">polski</a>' in ro
    assert '<a href="../de/spring.html" hreflang="de" lang="de">Deutsch</a>' in ro
    assert '<a href="../en/spring.html" hreflang="en" lang="en">English</a>' in ro
    assert '<strong lang="ro" aria-current="page">română</strong>' in ro
    assert "<h1>Bun venit la numărul de primăvară</h1>" in ro
    assert "<li>O conferință la Monza</li>" not in ro and "<li>A conference in Monza</li>" in ro
    assert '<time datetime="2022-03-15">15. März 2022</time>' in page(project, "de")
    assert '<time datetime="2022-03-15">15 marca 2022</time>' in page(project, "pl")


def test_right_to_left_language_gets_dir_rtl(tmp_path: Path) -> None:
    root = write_project(tmp_path, ("he",))
    write_template(load_config(root / "l10n.toml"), "spring")
    translate(root, "he", "spring", {"Workshops in Riga": ("סדנאות בריגה", "translated")})
    assert build(root).exit_code == 0
    he = page(root, "he")
    assert '<html lang="he" dir="rtl">' in he
    assert f'<time datetime="2022-03-15">{long_date(date(2022, 3, 15), "he")}</time>' in he
    assert "<li>סדנאות בריגה</li>" in he


def test_index_lists_every_issue_in_every_language_with_its_coverage(project: Path) -> None:
    build(project)
    index = (project / "build" / "index.html").read_text("utf-8")
    assert ('<th scope="col" lang="en">English</th><th scope="col" lang="ro">română</th>'
            '<th scope="col" lang="pl">polski</th><th scope="col" lang="de">Deutsch</th>') in index
    # 7 entries: ro has 5 translated (one is fuzzy), pl 1, de 6.
    assert '<td><a href="ro/spring.html" hreflang="ro">71.4% translated</a></td>' in index
    assert '<td><a href="pl/spring.html" hreflang="pl">14.2% translated</a></td>' in index
    assert '<td><a href="de/spring.html" hreflang="de">85.7% translated</a></td>' in index
    assert '<td><a href="en/spring.html" hreflang="en">original</a></td>' in index
    assert 'Spring issue <time datetime="2022-03-15">2022-03-15</time>' in index


# -- thresholds ------------------------------------------------------------------------------------


def test_min_coverage_skips_a_language_below_it_and_says_so(project: Path) -> None:
    result = build(project, "--min-coverage", "50")
    assert result.exit_code == 0
    assert "skipped pl spring: 14.28% translated, below 50%" in result.output.splitlines()
    assert not (project / "build" / "pl" / "spring.html").exists()
    assert (project / "build" / "ro" / "spring.html").exists()
    assert "pl/spring.html" not in page(project, "ro")
    index = (project / "build" / "index.html").read_text("utf-8")
    assert '<td class="skipped">14.2% translated (below 50%)</td>' in index


def test_strict_makes_a_skipped_language_exit_1(project: Path) -> None:
    assert build(project, "--min-coverage", "50", "--strict").exit_code == 1
    assert build(project, "--min-coverage", "10", "--strict").exit_code == 0


def test_per_language_threshold_from_the_configuration(tmp_path: Path) -> None:
    root = write_project(tmp_path, extra="min_coverage = 80\n[build.min_coverage]\nro = 70\n")
    write_template(load_config(root / "l10n.toml"), "spring")
    translate(root, "ro", "spring", RO)
    translate(root, "pl", "spring", PL)
    translate(root, "de", "spring", DE)
    lines = build(root).output.splitlines()
    assert "skipped pl spring: 14.28% translated, below 80%" in lines
    assert "built ro spring: build/ro/spring.md, build/ro/spring.html" in lines
    assert "built de spring: build/de/spring.md, build/de/spring.html" in lines


def test_a_page_that_falls_below_its_threshold_is_removed(project: Path) -> None:
    build(project)
    assert (project / "build" / "pl" / "spring.md").exists()
    lines = build(project, "--min-coverage", "50").output.splitlines()
    assert ("skipped pl spring: 14.28% translated, below 50% "
            "(removed build/pl/spring.md, build/pl/spring.html)") in lines
    assert not (project / "build" / "pl").joinpath("spring.md").exists()


def test_reviewed_only_uses_reviewed_entries_only(project: Path) -> None:
    result = build(project, "--reviewed-only")
    assert result.exit_code == 0
    ro = page(project, "ro", "md")
    assert "# Bun venit la numărul de primăvară" in ro
    assert 'title: "Numărul de primăvară"' in ro
    assert "The partners met in **Cartagena** on 31 March." in ro
    assert "- Workshops in Riga" in ro
    assert 'summary: "What happened in spring."' in ro
    assert page(project, "de", "md") == SOURCE
    assert '<td><a href="ro/spring.html" hreflang="ro">28.5% reviewed</a></td>' in (
        project / "build" / "index.html").read_text("utf-8")


def test_reviewed_only_threshold_counts_reviewed_entries(project: Path) -> None:
    lines = build(project, "--reviewed-only", "--min-coverage", "20").output.splitlines()
    assert "skipped de spring: 0.00% reviewed, below 20%" in lines
    assert "skipped pl spring: 0.00% reviewed, below 20%" in lines
    assert "built ro spring: build/ro/spring.md, build/ro/spring.html" in lines


# -- incremental -----------------------------------------------------------------------------------


def test_second_build_writes_nothing(project: Path) -> None:
    build(project)
    before = {**tree(project / "build"), **tree(project / "locales")}
    result = build(project)
    assert result.exit_code == 0
    assert result.output == "nothing to do: 4 pages up to date\n"
    assert {**tree(project / "build"), **tree(project / "locales")} == before


def test_changing_one_catalog_rebuilds_exactly_that_language_and_issue(project: Path) -> None:
    (project / "source" / "autumn.md").write_text(AUTUMN, encoding="utf-8")
    write_template(load_config(project / "l10n.toml"), "autumn")
    for lang, table in (("ro", RO), ("pl", PL), ("de", DE)):
        translate(project, lang, "autumn", table)
    build(project)
    before = tree(project / "build")
    translate(project, "pl", "autumn", {**PL, "Workshops in Riga": ("Warsztaty w Rydze", "translated")})
    result = build(project)
    assert result.output.splitlines()[:4] == [
        "compiled locales/pl/LC_MESSAGES/autumn.mo",
        "built pl autumn: build/pl/autumn.md, build/pl/autumn.html",
        "wrote build/index.html",
        "8 pages published (1 rendered), 0 below threshold, 0 translations refused",
    ]
    after = tree(project / "build")
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == [".l10n-manifest.json", "index.html", "pl/autumn.html", "pl/autumn.md"]
    # The coverage table shows the issue that changed.
    assert [line.split("|")[2].strip() for line in result.output.splitlines() if line.startswith("| autumn")] == [
        "ro", "pl", "de", "all"]
    assert not [line for line in result.output.splitlines() if line.startswith("| spring")]
    assert "<li>Warsztaty w Rydze</li>" in page(project, "pl", issue="autumn")


def test_touching_a_catalog_without_changing_it_rebuilds_nothing(project: Path) -> None:
    build(project)
    before = tree(project / "build")
    catalog = project / "locales" / "ro" / "LC_MESSAGES" / "spring.po"
    os.utime(catalog, ns=(catalog.stat().st_atime_ns, catalog.stat().st_mtime_ns + 10**9))
    assert build(project).output.startswith("nothing to do")
    assert tree(project / "build") == before


def test_configuration_change_rebuilds_every_page(project: Path) -> None:
    build(project)
    config = project / "l10n.toml"
    config.write_text(config.read_text("utf-8").replace("EPI newsletter", "EPI letter"), encoding="utf-8")
    lines = build(project).output.splitlines()
    assert "4 pages published (4 rendered), 0 below threshold, 0 translations refused" in lines
    assert '<a href="../index.html">EPI letter</a>' in page(project, "ro")


def test_force_renders_again_but_identical_outputs_keep_their_times(project: Path) -> None:
    build(project)
    before = tree(project / "build")
    lines = build(project, "--force").output.splitlines()
    assert "4 pages published (4 rendered), 0 below threshold, 0 translations refused" in lines
    assert tree(project / "build") == before


def test_deleted_output_is_built_again(project: Path) -> None:
    build(project)
    (project / "build" / "de" / "spring.html").unlink()
    lines = build(project).output.splitlines()
    assert lines[0] == "built de spring: build/de/spring.html"
    assert (project / "build" / "de" / "spring.html").exists()


def test_source_change_extracts_the_template_again(project: Path) -> None:
    build(project)
    source = project / "source" / "spring.md"
    source.write_text(SOURCE.replace("A conference in Monza", "A conference in Monza, Italy"), encoding="utf-8")
    template = project / "locales" / "templates" / "spring.pot"
    os.utime(source, ns=(source.stat().st_atime_ns, template.stat().st_mtime_ns + 10**9))
    pytest.importorskip("l10n.catalogs.update")
    lines = build(project).output.splitlines()
    assert lines[:4] == [
        "extracted locales/templates/spring.pot",
        "updated locales/de/LC_MESSAGES/spring.po",
        "updated locales/pl/LC_MESSAGES/spring.po",
        "updated locales/ro/LC_MESSAGES/spring.po",
    ]
    assert "A conference in Monza, Italy" in template.read_text("utf-8")
    assert "<li>A conference in Monza, Italy</li>" in page(project, "ro")


def test_fresh_project_is_extracted_initialised_and_built(tmp_path: Path) -> None:
    pytest.importorskip("l10n.catalogs.update")
    root = write_project(tmp_path, ("ro", "pl"))
    result = build(root)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:8] == [
        "extracted locales/templates/spring.pot",
        "created locales/pl/LC_MESSAGES/spring.po",
        "created locales/ro/LC_MESSAGES/spring.po",
        "compiled locales/pl/LC_MESSAGES/spring.mo",
        "compiled locales/ro/LC_MESSAGES/spring.mo",
        "built en spring: build/en/spring.md, build/en/spring.html",
        "built ro spring: build/ro/spring.md, build/ro/spring.html",
        "built pl spring: build/pl/spring.md, build/pl/spring.html",
    ]
    assert page(root, "ro", "md") == SOURCE
    assert build(root).output.startswith("nothing to do: 3 pages up to date\n")


# -- parallel --------------------------------------------------------------------------------------


def test_one_process_and_four_give_identical_trees(project: Path, tmp_path: Path) -> None:
    (project / "source" / "autumn.md").write_text(AUTUMN, encoding="utf-8")
    write_template(load_config(project / "l10n.toml"), "autumn")
    for lang, table in (("ro", RO), ("pl", PL), ("de", DE)):
        translate(project, lang, "autumn", table)
    other = tmp_path / "copy"
    shutil.copytree(project, other)
    assert build(project, "-j", "1").exit_code == 0
    assert build(other, "-j", "4").exit_code == 0
    first, second = tree(project / "build"), tree(other / "build")
    assert sorted(first) == sorted(second)
    for name in first:
        assert (project / "build" / name).read_bytes() == (other / "build" / name).read_bytes(), name
    assert not filecmp.dircmp(project / "locales", other / "locales").diff_files


# -- safe HTML -------------------------------------------------------------------------------------


def test_script_and_event_handlers_never_reach_the_page(project: Path) -> None:
    translate(project, "ro", "spring", {
        **RO,
        "Workshops in Riga": ("Ateliere <script>alert(1)</script> la Riga", "translated"),
        "A conference in Monza": ('O conferință <img src=x onerror="alert(1)">', "translated"),
    })
    result = build(project)
    assert result.exit_code == 0
    ro = page(project, "ro")
    assert "<script" not in ro and "onerror" not in ro
    assert "<li>Workshops in Riga</li>" in ro and "<li>A conference in Monza</li>" in ro
    catalog = project / "locales" / "ro" / "LC_MESSAGES" / "spring.po"
    refused = [line for line in result.output.splitlines() if line.startswith("refused ")]
    assert len(refused) == 2
    assert refused[0].startswith(f"refused {os.path.relpath(catalog, project)}:")
    assert "msgid 'Workshops in Riga': the translation adds the HTML tag <script>" in refused[0]
    assert "msgid 'A conference in Monza': the translation adds the HTML" in refused[1]
    assert "<script" not in page(project, "ro", "md")
    assert build(project, "--strict").exit_code == 1


def test_escaped_markup_in_a_translation_stays_text(project: Path) -> None:
    translate(project, "ro", "spring", {**RO, "Workshops in Riga": ("Ateliere &lt;b&gt; la Riga", "translated")})
    build(project)
    assert "<li>Ateliere &lt;b&gt; la Riga</li>" in page(project, "ro")


def test_configured_build_folder_is_used(tmp_path: Path) -> None:
    root = write_project(tmp_path, ("ro",), extra='build_dir = "public"\n')
    write_template(load_config(root / "l10n.toml"), "spring")
    translate(root, "ro", "spring", RO)
    lines = build(root).output.splitlines()
    assert "built ro spring: public/ro/spring.md, public/ro/spring.html" in lines
    assert "wrote public/index.html" in lines
    assert not (root / "build").exists()


def test_project_without_issues_says_so(tmp_path: Path) -> None:
    (tmp_path / "l10n.toml").write_text('languages = ["ro"]\n', encoding="utf-8")
    result = build(tmp_path)
    assert result.exit_code == 0
    assert result.output == "wrote build/index.html\nno issues to build in source\n"


# -- bad input -------------------------------------------------------------------------------------


def test_malformed_catalog_stops_the_build_with_its_name(project: Path) -> None:
    catalog = project / "locales" / "pl" / "LC_MESSAGES" / "spring.po"
    catalog.write_text(catalog.read_text("utf-8") + "\nnonsense\n", encoding="utf-8")
    result = build(project, "-j", "2")
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {catalog}:")
    assert len(result.output.splitlines()) == 1


def test_unknown_issue_and_language_are_refused(project: Path) -> None:
    result = build(project, "winter")
    assert result.exit_code == 2 and result.output.startswith("Error: ") and "unknown issue 'winter'" in result.output
    result = build(project, "--lang", "qq")
    assert result.exit_code == 2 and result.output.startswith("Error: unknown language 'qq'")


def test_threshold_out_of_range_is_bad_usage(project: Path) -> None:
    assert build(project, "--min-coverage", "120").exit_code == 2
