"""``l10n check``: output lines, JSON against its schema, exit codes, bad input."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from l10n.checks import REGISTRY
from l10n.cli import main

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "checks"
ISSUE = "epi-2022-03"
RO = f"locales/ro/LC_MESSAGES/{ISSUE}.po"

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {lang}\\n"\n\n'


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project with the English sample issue and its Romanian catalog, run from its folder."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\nlanguages = ["ro", "de"]\n\n'
        '[tool.l10n.glossary]\ndo_not_translate = ["EPI", "Ravenna", "Lublin"]\n',
        "utf-8",
    )
    (tmp_path / "source").mkdir()
    shutil.copy(REPO / "source" / f"{ISSUE}.md", tmp_path / "source")
    shutil.copytree(REPO / "source" / "images", tmp_path / "source" / "images")  # the issue shows one
    (tmp_path / RO).parent.mkdir(parents=True)
    shutil.copy(DATA / f"{ISSUE}.ro.po", tmp_path / RO)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def write_catalog(root: Path, lang: str, body: str) -> Path:
    path = root / f"locales/{lang}/LC_MESSAGES/{ISSUE}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(lang=lang) + body, "utf-8")
    return path


EXPECTED_RO = [
    f"{RO}:47: warning [double-space] doubled space between words",
    f"{RO}:125: warning [stale-sign-off] sign-off by Ana Pop on 2022-03-10 no longer matches the text: review it again",
    f"{RO}:154: error [links] link target missing from the translation: "
    "https://home-affairs.ec.europa.eu/system/files/2022-03/emn-flash-bulletin-march-2022_en.pdf",
    f"{RO}:154: error [markup] the source has 1 link ([…](…)), the translation 0",
    f"{RO}:195: warning [dates] date 1/20/2022 is not written the ro way: write 20.01.2022 or 20 ian. 2022",
    f"{RO}:200: warning [glossary] keep 'Ravenna' as written (glossary: do not translate)",
    f"{RO}:215: warning [dates] date 2/10/2022 is not written the ro way: write 10.02.2022 or 10 feb. 2022",
    f"{RO}:245: warning [same-as-source] the translation is the source text, not translated",
]


def test_findings_as_lines_and_exit_1_on_errors(project):
    result = run("--lang", "ro")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == EXPECTED_RO
    assert result.stderr == "2 errors, 6 warnings in 1 catalog (26 entries checked)\n"


def test_each_line_points_at_its_entry(project):
    lines = (project / RO).read_text("utf-8").splitlines()
    assert lines[195 - 1 : 195 + 3] == ["#. table cell", "#: source/epi-2022-03.md:60", 'msgid "20 January 2022"', 'msgstr "1/20/2022"']


def test_missing_catalogs_are_named_on_stderr(project):
    result = run()
    assert result.stdout.splitlines() == EXPECTED_RO
    assert result.stderr.splitlines() == [
        f"locales/de/LC_MESSAGES/{ISSUE}.po: no catalog yet (run l10n update)",
        "2 errors, 6 warnings in 1 catalog (26 entries checked)",
    ]


def test_warnings_pass_unless_fail_on_warning(project):
    write_catalog(project, "de", 'msgid "What is happening?"\nmsgstr "Was passiert"\n')
    result = run("--lang", "de")
    assert (result.exit_code, result.stdout) == (0, f"locales/de/LC_MESSAGES/{ISSUE}.po:6: warning [end-punctuation] "
                                                    "the translation does not end with '?' like the source\n")
    assert run("--lang", "de", "--fail-on", "warning").exit_code == 1


def test_clean_catalog_exits_0(project):
    write_catalog(project, "de", 'msgid "What is happening?"\nmsgstr "Was passiert?"\n')
    result = run("--lang", "de", "--fail-on", "warning")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "0 errors, 0 warnings in 1 catalog (1 entry checked)\n")


def test_json_matches_the_schema(project):
    result = run("--lang", "ro", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    schema = json.loads((REPO / "l10n" / "checks" / "check.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    assert document["summary"] == {"catalogs": 1, "entries": 26, "errors": 2, "warnings": 6}
    assert document["fail_on"] == "error"
    assert document["findings"][4] == {
        "file": RO,
        "line": 195,
        "lang": "ro",
        "issue": ISSUE,
        "severity": "warning",
        "check": "dates",
        "message": "date 1/20/2022 is not written the ro way: write 20.01.2022 or 20 ian. 2022",
        "msgctxt": None,
        "msgid": "20 January 2022",
    }


def test_schema_names_every_registered_check():
    schema = json.loads((REPO / "l10n" / "checks" / "check.schema.json").read_text("utf-8"))
    assert schema["$defs"]["finding"]["properties"]["check"]["enum"] == [check.name for check in REGISTRY]


def test_l10n_ignore_comment_silences_one_entry(project):
    write_catalog(
        project, "de",
        '# l10n-ignore: end-punctuation\nmsgid "What is happening?"\nmsgstr "Was passiert"\n\n'
        'msgid "Who is coming?"\nmsgstr "Wer kommt"\n',
    )
    result = run("--lang", "de")
    assert [line.split(" [")[1].split("]")[0] for line in result.stdout.splitlines()] == ["end-punctuation"]
    assert result.stdout.startswith(f"locales/de/LC_MESSAGES/{ISSUE}.po:10:")


def test_project_can_disable_a_check(project):
    with (project / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[tool.l10n.check]\ndisable = ["dates", "same-as-source", "glossary"]\n')
    result = run("--lang", "ro")
    assert [line for line in EXPECTED_RO if "[dates]" not in line and "[same-as-source]" not in line
            and "[glossary]" not in line] == result.stdout.splitlines()


def test_issue_argument_selects_catalogs(project):
    (project / "source" / "other.md").write_text("# Other\n", "utf-8")
    write_catalog(project, "ro", "").rename(project / "locales/ro/LC_MESSAGES/other.po")
    result = run("--lang", "ro", "other")
    assert (result.exit_code, result.stdout) == (0, "")


def test_jobs_give_the_same_findings_in_the_same_order(project):
    for lang in ("de", "it", "es", "pl", "sv"):
        write_catalog(project, lang, 'msgid "What is happening?"\nmsgstr "Ce"\n\nmsgid "Who  is there"\nmsgstr "Cine  e acolo"\n')
    langs = [arg for lang in ("ro", "de", "it", "es", "pl", "sv") for arg in ("--lang", lang)]
    serial, parallel = run(*langs, "--jobs", "1"), run(*langs, "--jobs", "2")
    assert serial.stdout == parallel.stdout
    assert len(serial.stdout.splitlines()) == len(EXPECTED_RO) + 5


def test_jobs_name_missing_files_and_findings_alike(project):
    shutil.rmtree(project / "source" / "images")
    for lang in ("de", "it", "es", "pl", "sv"):
        write_catalog(project, lang, 'msgid "What is happening?"\nmsgstr "Ce"\n')
    langs = [arg for lang in ("ro", "de", "it", "es", "pl", "sv") for arg in ("--lang", lang)]
    serial, parallel = run(*langs, "--jobs", "1"), run(*langs, "--jobs", "2")
    assert (serial.exit_code, serial.stdout, serial.stderr) == (parallel.exit_code, parallel.stdout, parallel.stderr)
    assert serial.stdout.startswith(f"source/{ISSUE}.md:37: error [files] ")
    assert serial.exit_code == 1
    serial, parallel = run(*langs, "--jobs", "1", "--format", "json"), run(*langs, "--jobs", "2", "--format", "json")
    assert serial.stdout == parallel.stdout
    assert [problem["check"] for problem in json.loads(parallel.stdout)["files"]] == ["files"]


def test_a_malformed_catalog_comes_before_an_unreadable_source_with_jobs(project):
    for lang in ("de", "it", "es", "pl"):
        write_catalog(project, lang, 'msgid "What is happening?"\nmsgstr "Ce"\n')
    write_catalog(project, "sv", 'msgid "What is happening?"\nmsgstr "Vad"\nfoo bar\n')
    (project / "source" / f"{ISSUE}.md").write_bytes(b"# caf\xe9\n")
    langs = [arg for lang in ("ro", "de", "it", "es", "pl", "sv") for arg in ("--lang", lang)]
    for jobs in ("1", "2"):
        result = run(*langs, "--jobs", jobs)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"Error: locales/sv/LC_MESSAGES/{ISSUE}.po:8: ")
    (project / f"locales/sv/LC_MESSAGES/{ISSUE}.po").unlink()
    for jobs in ("1", "2"):
        result = run(*langs, "--jobs", jobs)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"Error: source/{ISSUE}.md:1: not valid UTF-8")


def test_a_catalog_that_is_a_link_is_named_where_it_leads(project):
    target = project / "elsewhere" / "ro.po"
    target.parent.mkdir()
    (project / RO).rename(target)
    (project / RO).symlink_to(target)
    result = run("--lang", "ro")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1].startswith("elsewhere/ro.po:")


def test_list_checks(project):
    result = run("--list-checks")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [check.name for check in REGISTRY]
    assert lines[0].split(None, 2)[1:] == ["error", REGISTRY[0].explanation]


# -- bad input -----------------------------------------------------------------------------


def test_malformed_catalog_is_one_error_line(project):
    write_catalog(project, "de", 'msgid "What is happening?"\nmsgstr "Was passiert?"\nfoo bar\n')
    result = run("--lang", "de")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: locales/de/LC_MESSAGES/{ISSUE}.po:8: ")
    assert len(result.stderr.splitlines()) == 1


def test_conflict_markers_are_named(project):
    write_catalog(project, "de", '<<<<<<< ours\nmsgid "A"\nmsgstr "B"\n=======\n>>>>>>> theirs\n')
    result = run("--lang", "de")
    assert result.exit_code == 2
    assert result.stderr == f"Error: locales/de/LC_MESSAGES/{ISSUE}.po:6: unresolved merge conflict marker\n"


def test_non_utf8_catalog_is_one_error_line(project):
    path = project / f"locales/de/LC_MESSAGES/{ISSUE}.po"
    path.parent.mkdir(parents=True)
    path.write_bytes((HEADER.format(lang="de") + 'msgid "Who"\nmsgstr "Wer"\n').encode() + b"# caf\xe9\n")
    result = run("--lang", "de")
    assert result.exit_code == 2
    assert result.stderr == f"Error: locales/de/LC_MESSAGES/{ISSUE}.po:8: not valid UTF-8 (byte 0xe9 at offset 111)\n"
    assert len(result.stderr.splitlines()) == 1


def test_unknown_language(project):
    result = run("--lang", "xx-nope")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown language 'xx-nope'; did you mean")


def test_unknown_check_in_configuration(project):
    with (project / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[tool.l10n.check]\ndisable = ["date"]\n')
    result = run("--lang", "ro")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: pyproject.toml: [tool.l10n.check] disable: unknown check 'date'; did you mean 'dates'?\n"
    )


def test_no_languages_is_a_configuration_error(project):
    (project / "pyproject.toml").write_text("[tool.l10n]\n", "utf-8")
    result = run()
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: pyproject.toml: no languages to check: set languages in [tool.l10n] or pass --lang\n"
    )


def test_bad_fail_on_is_usage_error(project):
    result = run("--fail-on", "info")
    assert result.exit_code == 2
    assert "Invalid value for '--fail-on'" in result.stderr


def _children(pid: int) -> list[str]:
    found: list[str] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += (task / "children").read_text().split()
        except OSError:
            pass
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to see the worker processes")
def test_ctrl_c_while_checking_is_one_error_line(project):
    catalog = (project / RO).read_bytes()
    languages = ["ro", "de"]
    for number in range(1500):  # seconds of work, so that Ctrl-C lands in the middle of it
        (project / "source" / f"copy-{number:04d}.md").write_text("# Copy\n", "utf-8")
        for lang in languages:
            path = project / f"locales/{lang}/LC_MESSAGES/copy-{number:04d}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(catalog)
    command = [sys.executable, "-c", "from l10n.cli import main; main()", "check", "--jobs", "2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _children(process.pid) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert (process.returncode, stdout, stderr) == (
        130, "", "Error: interrupted; every file written so far is complete\n"
    )
