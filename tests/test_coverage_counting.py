"""Counting a catalog against a template made ready once per issue gives the rows it gave.

``reference_coverage`` below is ``coverage_of_catalog`` as it was, template entry by template
entry; ``compute_coverage`` now reads each issue's template once for all its languages and
counts entries by state (docs/DESIGN.md, "Speed: what a run costs"). The two are compared on
generated templates and catalogs read as status reads them.
"""

from __future__ import annotations

from pathlib import Path

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.catalogs.pofile import format_catalog, scan_catalog
from l10n.catalogs.states import (
    DRAFT_PREFIX,
    REVIEWED_PREFIX,
    draft_line,
    draft_of,
    entry_digest,
    is_translated_text,
    sign_off_line,
    sign_off_of,
)
from l10n.config import load_config
from l10n.coverage.counts import CatalogCoverage, StaleSignOff, Tally, compute_coverage, count_words

_TOTAL, _UNTRANSLATED, _FUZZY, _DRAFT, _TRANSLATED, _REVIEWED, _STALE = range(7)


def _reference_places(entry):
    if entry is None:
        return (_TOTAL, _UNTRANSLATED), None
    comment = entry.tcomment
    sign_off = sign_off_of(entry) if comment and REVIEWED_PREFIX in comment else None
    if not is_translated_text(entry):
        return ((_TOTAL, _UNTRANSLATED, _STALE), sign_off) if sign_off else ((_TOTAL, _UNTRANSLATED), None)
    if "fuzzy" in entry.flags:
        places = (_TOTAL, _FUZZY, _DRAFT) if (
            comment and DRAFT_PREFIX in comment and draft_of(entry) is not None
        ) else (_TOTAL, _FUZZY)
        return ((*places, _STALE), sign_off) if sign_off else (places, None)
    if sign_off is None:
        return (_TOTAL, _TRANSLATED), None
    if sign_off.digest == entry_digest(entry):
        return (_TOTAL, _TRANSLATED, _REVIEWED), None
    return (_TOTAL, _TRANSLATED, _STALE), sign_off


def _counted(entries):
    return [e for e in entries if not e.obsolete and not (e.msgid == "" and e.msgctxt is None)]


def reference_coverage(po, template, *, issue: str, language: str, path: str) -> CatalogCoverage:
    """``coverage_of_catalog`` as it was."""
    entries, words = [0] * 7, [0] * 7
    stale = []
    missing = 0
    if po is None:
        pairs = ((t, None) for t in _counted(template))
    elif template is None:
        pairs = ((e, e) for e in _counted(po))
    else:
        by_key = {(e.msgctxt, e.msgid): e for e in _counted(po)}
        pairs = ((t, by_key.get((t.msgctxt, t.msgid))) for t in _counted(template))
    for source, entry in pairs:
        if entry is None and po is not None:
            missing += 1
        places, stale_sign_off = _reference_places(entry)
        count = count_words(source.msgid)
        if source.msgid_plural:
            count += count_words(source.msgid_plural)
        for place in places:
            entries[place] += 1
            words[place] += count
        if stale_sign_off is not None:
            stale.append(StaleSignOff(issue=issue, language=language, path=path, line=entry.linenum or 0,
                                      msgctxt=entry.msgctxt, msgid=entry.msgid, reviewer=stale_sign_off.name,
                                      date=stale_sign_off.date))
    return CatalogCoverage(issue=issue, language=language, path=path, exists=po is not None,
                           entries=Tally(*entries), words=Tally(*words), missing=missing, stale=tuple(stale))


_MSGIDS = ["Pilot actions", "What is **new** in Cluj", "See [the map](m.png)", "foo**bar**baz", "Tom &amp; Jerry",
           "One", "Two words", "a_b c", ""]
_STATES = ["untranslated", "fuzzy", "draft", "translated", "reviewed", "stale", "untranslated-stale", "absent",
           "obsolete", "fuzzy-stale"]

_entry = st.tuples(st.sampled_from(_MSGIDS), st.none() | st.sampled_from(["a", "b"]), st.booleans(),
                   st.sampled_from(_STATES))


def _write(path: Path, entries: list[polib.POEntry], language: str | None) -> None:
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", **({"Language": language} if language else {})}
    for entry in entries:
        catalog.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(format_catalog(catalog), encoding="utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_entry, max_size=8, unique_by=lambda e: (e[0], e[1])), min_size=1, max_size=3),
       st.lists(st.sampled_from(["ro", "pl", "it"]), min_size=1, max_size=3, unique=True))
def test_status_rows_equal_the_rows_counted_entry_by_entry(tmp_path_factory, issues, languages) -> None:
    root = tmp_path_factory.mktemp("project")
    (root / "l10n.toml").write_text(f"languages = {list(languages)!r}\n".replace("'", '"'), encoding="utf-8")
    names = [f"issue-{number}" for number in range(len(issues))]
    (root / "source").mkdir()
    for name, specs in zip(names, issues):
        (root / "source" / f"{name}.md").write_text("An issue\n", encoding="utf-8")
        template = []
        for msgid, context, plural, _state in specs:
            if not msgid:
                continue
            entry = polib.POEntry(msgid=msgid, msgctxt=context)
            if plural:
                entry.msgid_plural = msgid + " more"
                entry.msgstr_plural = {0: "", 1: ""}
            template.append(entry)
        _write(root / "locales" / "templates" / f"{name}.pot", template, None)
        for offset, language in enumerate(languages):
            entries = []
            for index, (msgid, context, plural, state) in enumerate(specs):
                state = _STATES[(_STATES.index(state) + offset + index) % len(_STATES)] if offset else state
                if state == "absent":
                    continue
                entry = polib.POEntry(msgid=msgid or "extra", msgctxt=context, obsolete=state == "obsolete")
                text = "" if state.startswith("untranslated") else f"[{language}] {msgid}"
                if plural:
                    entry.msgid_plural = (msgid or "extra") + " more"
                    entry.msgstr_plural = {0: text, 1: text if index % 2 else ""}
                else:
                    entry.msgstr = text
                if state.startswith(("fuzzy", "draft")):
                    entry.flags.append("fuzzy")
                if state == "draft":
                    entry.tcomment = draft_line("tm", "2026-03-01", "score=0.9")
                if state == "reviewed":
                    entry.tcomment = sign_off_line("Ana", "2026-03-02", entry)
                if state.endswith("stale"):
                    entry.tcomment = "reviewed: Ana 2026-03-02 0123456789ab"
                entries.append(entry)
            _write(root / "locales" / language / "LC_MESSAGES" / f"{name}.po", entries, language)
    config = load_config(root / "l10n.toml")
    coverage = compute_coverage(config, jobs=1)
    for name in names:
        template = scan_catalog(config.template_path(name))
        for language in languages:
            path = config.catalog_path(language, name)
            po = [e for e in scan_catalog(path) if not (e.msgid == "" and e.msgctxt is None)]
            row = coverage.row(name, language)
            assert row == reference_coverage(po, template, issue=name, language=language, path=row.path)
