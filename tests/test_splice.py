"""Writing back only the changed entries: the same bytes as the full write on a file in the
writer's layout, every untouched entry's bytes kept on any other file, the full write where
the file's entries cannot be matched with certainty."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_scan import entry_data, generated_entries

from l10n.catalogs.pofile import format_catalog, parse_catalog, read_catalog, write_catalog
from l10n.catalogs.splice import format_entry, match_blocks, relaid_block, splice_catalog, write_changed
from l10n.catalogs.states import is_translated_text, sign_off_of
from l10n.review.session import (
    Decision,
    EntryKey,
    _contains_each,
    apply_decision,
    decide_file,
    review_reason,
    select_for_sign_off,
    sign_off,
    sign_off_file,
)

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from bench_review import MARK, generate_catalog  # noqa: E402

CORPUS = sorted([*(ROOT / "locales").rglob("*.po"), *(ROOT / "tests" / "data").rglob("*.po")])
DATE = "2026-12-02"


def sign_translated(catalog: polib.POFile, every: int = 1) -> list[polib.POEntry]:
    """Sign off every ``every``-th live translated entry; returns them."""
    live = [e for e in catalog if not e.obsolete and is_translated_text(e)]
    changed = live[::every]
    for entry in changed:
        sign_off(entry, reviewer="Ana Pop", date=DATE)
    return changed


def review_every(catalog: polib.POFile, every: int) -> list[polib.POEntry]:
    """Accept every ``every``-th live entry, or fill it in with its msgid when it is untranslated."""
    changed = [e for e in catalog if not e.obsolete][::every]
    for entry in changed:
        if is_translated_text(entry):
            apply_decision(entry, Decision.ACCEPT, reviewer="Ana Pop", date=DATE)
        else:
            forms = [entry.msgid] + [entry.msgid_plural] * (len(entry.msgstr_plural) - 1 if entry.msgid_plural else 0)
            apply_decision(entry, Decision.EDIT, reviewer="Ana Pop", date=DATE, forms=forms)
    return changed


def both_ways(text: str, change, width: int = 79) -> tuple[str | None, str]:
    """(the splice, the full write) of ``text`` after ``change(catalog)`` changes entries and names them."""
    catalog = parse_catalog(text)
    changed = change(catalog)
    return splice_catalog(text, catalog, changed, width=width), format_catalog(catalog, width=width)


# -- the same bytes as the full write, on files in the writer's layout ---------------------


def test_the_corpus_holds_files_in_the_writers_layout_and_others() -> None:
    assert len(IN_LAYOUT) >= 10 and len(IN_LAYOUT) < len(CORPUS)


IN_LAYOUT = [path for path in CORPUS if format_catalog(read_catalog(path)) == path.read_text("utf-8")]


@pytest.mark.parametrize("path", IN_LAYOUT, ids=lambda p: str(p.relative_to(ROOT)))
@pytest.mark.parametrize("every", [1, 3])
def test_repository_catalogs_in_the_writers_layout_splice_to_the_full_write(path: Path, every: int) -> None:
    text = path.read_text("utf-8")
    spliced, full = both_ways(text, lambda catalog: review_every(catalog, every))
    assert spliced is not None
    assert spliced == full != text


def relaid_and_laid_out(text: str, width: int) -> list[tuple[str | None, str]]:
    """For each translated entry of ``text`` (in the writer's layout at ``width``), signed off: its
    block with the changed lines laid out again (relaid_block), and the entry laid out whole."""
    catalog = parse_catalog(text)
    blocks = match_blocks(text, catalog)
    assert blocks is not None
    pairs = []
    for index, entry in enumerate(catalog):
        if entry.obsolete or not is_translated_text(entry):
            continue
        sign_off(entry, reviewer="Ana Pop", date=DATE)
        pairs.append((relaid_block(blocks.block(index), entry, width), format_entry(entry, width)))
    return pairs


IN_LAYOUT_TRANSLATED = [path for path in IN_LAYOUT
                        if any(not e.obsolete and is_translated_text(e) for e in read_catalog(path))]


@pytest.mark.parametrize("path", IN_LAYOUT_TRANSLATED, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_signed_entry_relaid_in_its_block_is_the_entry_laid_out(path: Path) -> None:
    assert len(IN_LAYOUT_TRANSLATED) >= 5
    pairs = relaid_and_laid_out(path.read_text("utf-8"), 79)
    assert pairs and all(relaid == whole for relaid, whole in pairs)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.lists(entry_data, min_size=1, max_size=12), width=st.sampled_from([79, 0, 30]))
def test_generated_signed_entries_relaid_in_their_blocks_are_the_entries_laid_out(data, width: int) -> None:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.extend(generated_entries(data, references=True))
    text = format_catalog(parse_catalog(format_catalog(catalog, width=width)), width=width)
    assume(format_catalog(parse_catalog(text), width=width) == text)
    for relaid, whole in relaid_and_laid_out(text, width):
        assert relaid == whole


@pytest.mark.parametrize("width", [79, 0, 50])
def test_the_bench_catalog_in_the_writers_layout_splices_to_the_full_write(width: int) -> None:
    text = format_catalog(parse_catalog(generate_catalog(2000)), width=width)

    def change(catalog: polib.POFile) -> list[polib.POEntry]:
        chosen = select_for_sign_off(catalog, match=MARK)
        assert len(chosen) == 1000
        for entry in chosen:
            sign_off(entry, reviewer="Bench Reviewer", date=DATE)
        return chosen

    spliced, full = both_ways(text, change, width)
    assert spliced is not None
    assert spliced == full


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.lists(entry_data, min_size=1, max_size=12), picks=st.lists(st.integers(0, 3), min_size=12, max_size=12),
       width=st.sampled_from([79, 0, 30]), fuzzy_header=st.booleans())
def test_generated_catalogs_splice_to_the_full_write(data, picks, width: int, fuzzy_header: bool) -> None:
    catalog = polib.POFile()
    catalog.metadata = {"Project-Id-Version": "x", "Content-Type": "text/plain; charset=UTF-8"}
    catalog.metadata_is_fuzzy = fuzzy_header
    catalog.extend(generated_entries(data, references=True))
    # Written, read and written again: a file in the writer's layout, which the writer gives back
    # as it reads it (the first reading keeps some escapes of a "#|" line as written).
    text = format_catalog(parse_catalog(format_catalog(catalog, width=width)), width=width)
    assume(format_catalog(parse_catalog(text), width=width) == text)

    def change(read: polib.POFile) -> list[polib.POEntry]:
        changed = []
        for entry, pick in zip([e for e in read if not e.obsolete], picks):
            if pick == 1 and is_translated_text(entry):
                apply_decision(entry, Decision.ACCEPT, reviewer="Ana Pop", date=DATE)
            elif pick == 2:
                apply_decision(entry, Decision.REJECT, reviewer="Ana Pop", date=DATE)
            elif pick == 3 and is_translated_text(entry):
                forms = ["new text"] * (len(entry.msgstr_plural) if entry.msgid_plural else 1)
                apply_decision(entry, Decision.EDIT, reviewer="Ana Pop", date=DATE, forms=forms)
            else:
                continue
            changed.append(entry)
        return changed

    spliced, full = both_ways(text, change, width)
    assert spliced is not None
    assert spliced == full


def test_crlf_and_a_byte_order_mark_give_the_full_writes_bytes(tmp_path: Path) -> None:
    text = format_catalog(parse_catalog(generate_catalog(40)))
    path = tmp_path / "windows.po"
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(data)
    reference = tmp_path / "reference.po"
    reference.write_bytes(data)
    catalog = read_catalog(reference)
    sign_translated(catalog)
    assert write_catalog(reference, catalog)
    catalog = read_catalog(path)
    changed = sign_translated(catalog)
    assert write_changed(path, data, data.decode("utf-8-sig"), catalog, changed)
    assert path.read_bytes() == reference.read_bytes() != data


def test_sign_off_file_writes_the_full_writes_bytes(tmp_path: Path) -> None:
    text = format_catalog(parse_catalog(generate_catalog(400)))
    path = tmp_path / "issue.po"
    path.write_text(text, "utf-8")
    result = sign_off_file(path, reviewer="Ana Pop", date=DATE, match=MARK, lock_dir=tmp_path / "locks")
    reference = parse_catalog(text)
    for entry in select_for_sign_off(reference, match=MARK):
        sign_off(entry, reviewer="Ana Pop", date=DATE)
    assert len(result.signed) == 200
    assert path.read_text("utf-8") == format_catalog(reference)


# -- other tools' layouts: untouched entries keep their bytes ------------------------------


def blocks_of(text: str) -> list[str]:
    return text.split("\n\n")


@pytest.mark.parametrize("name", ["wtforms-ro.po", "wtforms-uk.po"])
def test_another_tools_layout_keeps_every_untouched_entry(tmp_path: Path, name: str) -> None:
    text = (ROOT / "tests" / "data" / "status" / name).read_text("utf-8")
    assert format_catalog(parse_catalog(text)) != text
    catalog = parse_catalog(text)
    live = [e for e in catalog if not e.obsolete and is_translated_text(e)]
    changed = live[::4]
    for entry in changed:
        sign_off(entry, reviewer="Ana Pop", date=DATE)
    spliced = splice_catalog(text, catalog, changed)
    assert spliced is not None
    old_blocks, new_blocks = blocks_of(text), blocks_of(spliced)
    assert len(old_blocks) == len(new_blocks)
    header = len(old_blocks) - len(catalog)
    for index, (old, new) in enumerate(zip(old_blocks, new_blocks)):
        entry = catalog[index - header] if index >= header else None
        if entry is not None and any(entry is c for c in changed):
            assert new + "\n" == format_catalog_entry(entry)
        else:
            assert new == old
    # The result reads as the changed catalog, and msgfmt accepts it.
    reread = parse_catalog(spliced)
    assert [str(e) for e in reread] == [str(e) for e in catalog]
    assert sum(1 for e in reread if sign_off_of(e) is not None and sign_off_of(e).date == DATE) == len(changed)
    path = tmp_path / name
    path.write_text(spliced, "utf-8")
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0


@pytest.mark.parametrize("name", ["wtforms-ro.po", "wtforms-uk.po"])
def test_a_sign_off_in_another_tools_layout_keeps_the_signed_entries_strings_and_references(
        tmp_path: Path, name: str) -> None:
    text = (ROOT / "tests" / "data" / "status" / name).read_text("utf-8")
    path = tmp_path / name
    path.write_text(text, "utf-8")
    result = sign_off_file(path, reviewer="Ana Pop", date=DATE, all_translated=True, lock_dir=tmp_path / "locks")
    assert len(result.signed) > 3
    written = path.read_text("utf-8")
    old_blocks, new_blocks = blocks_of(text), blocks_of(written)
    assert len(old_blocks) == len(new_blocks)
    laid_apart = 0
    for old, new in zip(old_blocks, new_blocks):
        if old == new:
            continue
        # Only a signed entry's block changed, and in it only the translator comments and flags.
        unchanged = [line for line in old.split("\n") if not line.startswith(("# ", "#,", "#|")) and line != "#"]
        assert [line for line in new.split("\n") if not line.startswith(("# ", "#,", "#|")) and line != "#"] == unchanged
        assert f"# reviewed: Ana Pop {DATE} " in new and "fuzzy" not in new.split("msgid")[0]
        laid_apart += format_catalog(parse_catalog(HEADER + "\n" + new + "\n")) != HEADER_WRITTEN + new + "\n"
    assert laid_apart  # some signed entries keep lines the writer would have laid out otherwise
    reference = parse_catalog(text)
    for entry in select_for_sign_off(reference, all_translated=True):
        sign_off(entry, reviewer="Ana Pop", date=DATE)
    assert [str(entry) for entry in parse_catalog(written)] == [str(entry) for entry in reference]
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0


def test_a_signed_block_whose_comments_are_out_of_the_writers_order_is_laid_out_whole(tmp_path: Path) -> None:
    long = "A source text longer than a line of the writer's layout, which a whole layout wraps again"
    text = (HEADER + f'\n#, fuzzy\n#: a.md:1\nmsgid "{long}"\n'
            'msgstr "Un text"\n\n#: b.md:2\n#, fuzzy\nmsgid "b"\nmsgstr "c"\n')
    path = tmp_path / "order.po"
    path.write_text(text, "utf-8")
    sign_off_file(path, reviewer="Ana Pop", date=DATE, all_translated=False, match="a", lock_dir=tmp_path / "locks")
    catalog = parse_catalog(text)
    sign_off(catalog[0], reviewer="Ana Pop", date=DATE)
    first, second = blocks_of(path.read_text("utf-8"))[1:]
    assert first + "\n" == format_catalog_entry(catalog[0]) and 'msgid ""\n"A source' in first
    assert second == blocks_of(text)[2]


def format_catalog_entry(entry: polib.POEntry) -> str:
    """The entry as the writer lays it out in a catalog of its own (header aside)."""
    single = polib.POFile()
    single.append(entry)
    return format_catalog(single)


def test_the_bench_catalog_as_generated_keeps_its_long_lines_outside_the_signed_entries() -> None:
    text = generate_catalog(200)
    catalog = parse_catalog(text)
    chosen = select_for_sign_off(catalog, match=MARK)
    for entry in chosen:
        sign_off(entry, reviewer="Bench Reviewer", date=DATE)
    spliced = splice_catalog(text, catalog, chosen)
    assert spliced is not None and spliced != format_catalog(catalog)
    kept = [block for block in blocks_of(text) if MARK not in block]
    assert [block for block in blocks_of(spliced) if MARK not in block] == kept
    assert [str(e) for e in parse_catalog(spliced)] == [str(e) for e in catalog]


# -- no certain match: the whole catalog is written ----------------------------------------

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
HEADER_WRITTEN = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
UNCERTAIN = {
    "no blank line between entries": HEADER + '\nmsgid "a"\nmsgstr "b"\nmsgid "c"\nmsgstr "d"\n',
    "a blank line inside an entry": HEADER + '\n#. note\n\nmsgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n',
    "a comment after the last entry": HEADER + '\nmsgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n# end\n',
    "the next entry's comment before a blank line":
        HEADER + '\nmsgid "a"\nmsgstr "b"\n#. of c\n\nmsgid "c"\nmsgstr "d"\n',
    "a line of spaces between entries": HEADER + '\nmsgid "a"\nmsgstr "b"\n  \nmsgid "c"\nmsgstr "d"\n',
    "no newline at the end": HEADER + '\nmsgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"',
    "a lone carriage return": HEADER + '\nmsgid "a"\r"x"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n',
    "mixed line ends": HEADER.replace("\n", "\r\n") + '\nmsgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n',
    "an indented keyword": HEADER + '\n  msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n',
    "a header that is not first": 'msgid "a"\nmsgstr "b"\n\n' + HEADER + '\nmsgid "c"\nmsgstr "d"\n',
}


@pytest.mark.parametrize("text", UNCERTAIN.values(), ids=UNCERTAIN.keys())
def test_without_a_certain_match_the_whole_catalog_is_written(tmp_path: Path, text: str) -> None:
    catalog = parse_catalog(text)
    changed = sign_translated(catalog)
    assert changed
    assert splice_catalog(text, catalog, changed) is None
    path = tmp_path / "uncertain.po"
    data = text.encode("utf-8")
    path.write_bytes(data)
    assert write_changed(path, data, text, catalog, changed)
    reference = tmp_path / "reference.po"
    reference.write_bytes(data)
    assert write_catalog(reference, catalog)
    assert path.read_bytes() == reference.read_bytes()


def test_the_same_file_with_certain_spans_is_spliced() -> None:
    # The counterpart of the cases above: the check that refuses them accepts this one.
    text = HEADER + '\nmsgid "a"\nmsgstr "b"\n\n\nmsgctxt "x"\nmsgid "c"\nmsgstr "d"\n\n#~ msgid "e"\n#~ msgstr "f"\n\n'
    catalog = parse_catalog(text)
    changed = sign_translated(catalog)
    spliced = splice_catalog(text, catalog, changed)
    assert spliced is not None
    assert spliced.endswith('msgstr "d"\n\n#~ msgid "e"\n#~ msgstr "f"\n\n')
    assert spliced.count("# reviewed: Ana Pop") == 2


def test_an_empty_header_entry_is_kept_as_an_untouched_entry() -> None:
    # The reader lists no header for it (the full write drops it), but it is the first block.
    text = 'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n'
    catalog = parse_catalog(text)
    changed = sign_translated(catalog)
    spliced = splice_catalog(text, catalog, changed)
    assert spliced is not None and spliced.startswith('msgid ""\nmsgstr ""\n\n# reviewed: Ana Pop')
    assert format_catalog(catalog).startswith("# reviewed: Ana Pop")


def test_an_entry_of_another_catalog_is_not_spliced() -> None:
    text = HEADER + '\nmsgid "a"\nmsgstr "b"\n'
    stranger = polib.POEntry(msgid="a", msgstr="b")
    assert splice_catalog(text, parse_catalog(text), [stranger]) is None


# -- choosing what to sign -----------------------------------------------------------------


def reference_selection(catalog, *, all_translated: bool, match: str | None) -> list[polib.POEntry]:
    """select_for_sign_off as the filters read: each text casefolded on its own, review_reason."""
    return [
        entry for entry in catalog
        if not (all_translated and "fuzzy" in entry.flags)
        and (match is None or _contains_each(entry, match.casefold()))
        and review_reason(entry) is not None
    ]


needles = st.sampled_from(["the", "THE", "ș", "Ș", "\x00", "ß", "SS", "e p", "0 t", "日本", "", "partner"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.lists(entry_data, min_size=1, max_size=12), all_translated=st.booleans(),
       match=st.one_of(st.none(), needles, st.text(max_size=3)), signed=st.lists(st.booleans(), min_size=12))
def test_the_selection_is_the_filters_reading(data, all_translated: bool, match: str | None, signed) -> None:
    catalog = polib.POFile()
    catalog.extend(generated_entries(data))
    for entry, sign in zip(catalog, signed):
        if sign and is_translated_text(entry):
            sign_off(entry, reviewer="Ana", date=DATE)
            if len(entry.msgid) % 2:
                entry.msgstr += " changed"  # a stale sign-off
    expected = reference_selection(catalog, all_translated=all_translated, match=match)
    chosen = select_for_sign_off(catalog, all_translated=all_translated, match=match)
    assert [id(e) for e in chosen] == [id(e) for e in expected]


# -- sign_off_file as a whole -------------------------------------------------------------


@pytest.mark.parametrize("reference", ["a:1:2", "a:", ":", "a:١", "#:a:1", "a::1"])
def test_references_the_two_readers_read_apart_are_kept_as_the_file_holds_them(tmp_path: Path, reference: str) -> None:
    text = format_catalog(parse_catalog(HEADER + f'\n#: {reference} b.md:2\nmsgid "a"\nmsgstr "b"\n\n'
                                        '#: c.md:3\nmsgid "c"\nmsgstr "d"\n'))
    path = tmp_path / "refs.po"
    path.write_text(text, "utf-8")
    sign_off_file(path, reviewer="Ana Pop", date=DATE, all_translated=True, lock_dir=tmp_path / "locks")
    written = path.read_text("utf-8")
    # The reference lines are the file's own, byte for byte (a sign-off never reads them)...
    assert [line for line in written.splitlines() if line.startswith("#:")] == [
        line for line in text.splitlines() if line.startswith("#:")]
    # ...and polib reads the catalog the full write gives: every entry signed, nothing else changed.
    reference_catalog = parse_catalog(text)
    sign_translated(reference_catalog)
    assert [str(entry) for entry in polib.pofile(written)] == [
        str(entry) for entry in polib.pofile(format_catalog(reference_catalog))]
    if format_catalog(parse_catalog(text)) == text:  # a file in the writer's layout: its full write
        assert written == format_catalog(reference_catalog)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.lists(entry_data, min_size=1, max_size=12), all_translated=st.booleans())
def test_sign_off_file_on_generated_catalogs_writes_the_full_writes_bytes(tmp_path_factory, data,
                                                                          all_translated: bool) -> None:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.extend(generated_entries(data, references=True))
    text = format_catalog(parse_catalog(format_catalog(catalog)))  # in the writer's layout, as above
    assume(format_catalog(parse_catalog(text)) == text)
    folder = tmp_path_factory.mktemp("generated")
    path = folder / "generated.po"
    path.write_text(text, "utf-8")
    match = None if all_translated else "e"
    result = sign_off_file(path, reviewer="Ana Pop", date=DATE, all_translated=all_translated, match=match,
                           lock_dir=folder / "locks")
    reference = parse_catalog(text)
    for entry in select_for_sign_off(reference, all_translated=all_translated, match=match):
        sign_off(entry, reviewer="Ana Pop", date=DATE)
    assert len(result.signed) == sum(1 for e in reference if sign_off_of(e) and sign_off_of(e).date == DATE)
    assert path.read_text("utf-8") == format_catalog(reference)


@pytest.mark.parametrize("decision", [Decision.ACCEPT, Decision.EDIT])
def test_a_review_decision_rewrites_only_its_entry_in_another_tools_layout(tmp_path: Path, decision: Decision) -> None:
    # Written without wrapping (as msgcat --no-wrap writes), read and written at width 79.
    text = format_catalog(parse_catalog(generate_catalog(60)), width=0)
    assert format_catalog(parse_catalog(text)) != text
    path = tmp_path / "nowrap.po"
    path.write_text(text, "utf-8")
    entry = next(e for e in parse_catalog(text) if MARK in e.msgid and len(e.msgid) > 79)
    forms = ["Un text nou, destul de lung cât să treacă de lățimea unui rând: " + entry.msgstr]
    decided = decide_file(path, EntryKey(entry.msgctxt, entry.msgid), decision, reviewer="Ana Pop", date=DATE,
                          lock_dir=tmp_path / "locks", forms=forms if decision is Decision.EDIT else None)
    assert decided.wrote
    after = path.read_text("utf-8")
    changed = [(old, new) for old, new in zip(blocks_of(text), blocks_of(after)) if old != new]
    assert len(blocks_of(after)) == len(blocks_of(text)) and len(changed) == 1
    signed = next(e for e in decided.catalog if e.msgid == entry.msgid)
    before, written = changed[0]
    assert f"# reviewed: Ana Pop {DATE} " in written and "fuzzy" not in written
    if decision is Decision.ACCEPT:
        # A sign-off as signoff writes it: the strings and references keep the file's lines.
        assert [line for line in written.split("\n") if not line.startswith("#")] == [
            line for line in before.split("\n") if not line.startswith("#")]
        assert [line for line in written.split("\n") if line.startswith("#:")] == [
            line for line in before.split("\n") if line.startswith("#:")]
    else:
        # A new translation is laid out in the writer's layout, the whole entry.
        assert written + "\n" == format_catalog_entry(signed) and '""\n"' in written
    assert [str(e) for e in parse_catalog(after)] == [str(e) for e in decided.catalog]


@pytest.mark.parametrize("width", [0, 79])
def test_an_accepted_entry_is_written_as_signoff_writes_it(tmp_path: Path, width: int) -> None:
    text = format_catalog(parse_catalog(generate_catalog(40)), width=width)
    entry = next(e for e in parse_catalog(text) if MARK in e.msgid and len(e.msgid) > 79)
    accepted, signed = tmp_path / "accepted.po", tmp_path / "signed.po"
    accepted.write_text(text, "utf-8")
    signed.write_text(text, "utf-8")
    decide_file(accepted, EntryKey(entry.msgctxt, entry.msgid), Decision.ACCEPT, reviewer="Ana Pop", date=DATE,
                lock_dir=tmp_path / "locks")
    sign_off_file(signed, reviewer="Ana Pop", date=DATE, match=entry.msgid, lock_dir=tmp_path / "locks")
    assert accepted.read_bytes() == signed.read_bytes() != text.encode("utf-8")
