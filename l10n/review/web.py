"""``l10n review --web``: review an issue in a browser, as readers will see it.

A small server from the standard library (``http.server``) on 127.0.0.1 shows the localized
issue rendered exactly as ``build`` renders its web page (:mod:`l10n.review.preview` marks
the segments), each segment marked by its state (docs/DESIGN.md, "Entry states"). A click
opens a panel with the source, the translation, the previous source as a word diff, where a
draft came from, the ``l10n check`` findings and memory suggestions; accept, edit and
reject write the catalog at once through :func:`l10n.review.session.decide` (the lock, the
atomic write, the same sign-off line as the terminal review).

Safety: the server listens on loopback only and answers only requests whose path starts
with a token made for this run and whose ``Host`` is the server itself; a change is a
``POST`` of JSON that carries the token again and an ``Origin`` of the server. Translations
are written into the panel as text, and the preview goes through the renderer's guard as
``build`` does; every page also carries a Content-Security-Policy that lets no script run
but the page's own.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import html
import json
import secrets
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import polib

from l10n.catalogs.pofile import read_catalog
from l10n.catalogs.states import State, draft_of, is_stale, is_translated_text, sign_off_of, state_of
from l10n.config import Config
from l10n.fileio import LOCKS
from l10n.errors import CatalogError, L10nError, SourceError
from l10n.fileio import read_text
from l10n.languages import language_name, text_direction
from l10n.publish.render import as_date, catalog_lookup
from l10n.review.preview import Preview, render_marked
from l10n.review.session import (
    Decision,
    EntryKey,
    apply_decision,
    decide_file,
    draft_summary,
    qa_checker,
    today,
    word_diff,
)
from l10n.sources.markdown import extract_segments, front_matter

# Display states: the five of docs/DESIGN.md, a translated entry whose sign-off no longer
# matches shown apart, and a segment the catalog does not hold yet.
UNTRANSLATED, FUZZY, DRAFT, TRANSLATED, REVIEWED, STALE, MISSING = (
    "untranslated", "fuzzy", "draft", "translated", "reviewed", "stale", "missing")
LEGEND = (
    (UNTRANSLATED, "Untranslated", "No translation yet: the English text is shown."),
    (MISSING, "Not in catalog", "The catalog does not hold this text yet: run l10n update."),
    (FUZZY, "Fuzzy", "The English text changed since this was translated."),
    (DRAFT, "Draft", "A machine or memory draft, not used by builds until accepted."),
    (STALE, "Stale sign-off", "Changed after it was reviewed: review it again."),
    (TRANSLATED, "Translated", "Translated, never reviewed."),
    (REVIEWED, "Reviewed", "Signed off: nothing to do."),
)
NAMES = {state: name for state, name, _ in LEGEND}
NOTES = {state: note for state, _, note in LEGEND}
ATTENTION = frozenset({UNTRANSLATED, MISSING, FUZZY, DRAFT, STALE, TRANSLATED})
MAX_BODY = 1 << 20
# Images an issue may show, served from the source folder (not SVG: it may hold script).
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".webp": "image/webp", ".avif": "image/avif"}


def asset_resolver(config: Config, text: str, lang: str, shown: str) -> Any:
    """Local files the issue shows, pointed at where ``build`` copies them (``../assets/...``),
    which the review server serves from the source folder."""
    from l10n.publish.assets import local_references, plan_assets, relative_resolver

    _assets, targets = plan_assets(config.source_dir, local_references(text), [lang], shown=shown,
                                   shown_dir=config.relative(config.source_dir))
    return relative_resolver(targets[lang], lang)


def build_page(text: str, lookup: Any, *, segments: list, lang: str, direction: str, issue: str,
               source_language: str, front_matter_keys: tuple[str, ...], path: str, day: Any,
               linked: tuple[str, ...], project: str, resolve: Any = None, head: str = "", before: str = "",
               after: str = "") -> str:
    """The web page ``build`` writes for this issue and language (``publish.document`` and
    ``publish.page``), with ``head``, ``before`` and ``after`` added around its content."""
    from l10n.publish.document import localize
    from l10n.publish.page import page_html

    document = localize(text, lookup, issue=issue, lang=lang, source_language=source_language,
                        direction=direction, segments=segments, front_matter_keys=front_matter_keys,
                        path=path, day=day)
    page = page_html(document, linked=linked, project=project, resolve=resolve)
    page = page.replace("</head>\n", head + "</head>\n", 1)
    page = page.replace("<body>\n", "<body>\n" + before, 1)
    return page.replace("</body>\n", after + "</body>\n", 1)


def display_state(entry: polib.POEntry | None) -> str:
    """The state shown for an entry (None: not in the catalog)."""
    if entry is None:
        return MISSING
    state = state_of(entry)
    if state is State.TRANSLATED and is_stale(entry):
        return STALE
    return state.value


def entry_version(entry: polib.POEntry | None) -> str:
    """What identifies the entry as a reviewer saw it: any change to its texts, flags or comments gives another."""
    if entry is None:
        return ""
    plural = "\x00".join(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)) if entry.msgid_plural else ""
    fields = (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "", entry.msgstr, plural,
              ",".join(entry.flags), entry.tcomment or "", entry.previous_msgctxt or "", entry.previous_msgid or "")
    return hashlib.sha256("\x01".join(fields).encode("utf-8")).hexdigest()[:16]


class Refused(L10nError):
    """An action that cannot be done as asked (the page shows the message)."""


@dataclass(slots=True)
class Change:
    """Entries that changed in one reading of the catalog."""

    generation: int
    numbers: frozenset[int]
    outside: bool  # changed on disk by someone else (not by this page's own action)


@dataclass
class IssueReview:
    """One issue in one language under review: its source, the catalog as last read, the changes."""

    config: Config
    lang: str
    issue: str
    reviewer: str
    checker: Callable[[polib.POEntry], list[Any]]
    languages: tuple[str, ...] = ()  # languages the page's menu links to
    memory: Any = None
    lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self) -> None:
        self.path = self.config.catalog_path(self.lang, self.issue)
        source_path = self.config.source_path(self.issue)
        self.shown = self.config.relative(source_path)
        self.source_stamp = _stamp(source_path)
        self.text = read_text(source_path, error=SourceError)
        self.born = secrets.token_hex(6)  # tells a page made from another reading of the source
        self.segments = extract_segments(self.text, front_matter_keys=self.config.front_matter_keys,
                                         path=self.shown)
        self.numbers: dict[tuple[str | None, str], int] = {}
        self.keys: list[EntryKey] = []
        self.kinds: list[str] = []
        self.lines: list[int] = []
        for segment in self.segments:
            if (segment.context, segment.text) not in self.numbers:
                self.numbers[(segment.context, segment.text)] = len(self.keys)
                self.keys.append(EntryKey(segment.context, segment.text))
                self.kinds.append(segment.kind)
                self.lines.append(segment.line)
        self.day = as_date(front_matter(self.text, path=self.shown).get("date"))
        self.generation = 0
        self.changes: list[Change] = []
        self.stamp: tuple[int, int, int] | None = None
        self.catalog: polib.POFile | None = None
        self.entries: list[polib.POEntry | None] = [None] * len(self.keys)
        self.versions: list[str] = [""] * len(self.keys)
        self.states: list[str] = [MISSING] * len(self.keys)
        self._spans: tuple[tuple[str | None, ...], Preview] | None = None
        self.refresh()

    # -- the catalog -----------------------------------------------------------------------

    def refresh(self) -> frozenset[int]:
        """Read the catalog again if it changed on disk; return the entries others changed."""
        with self.lock:
            try:
                stat = self.path.stat()
            except OSError as exc:
                raise CatalogError("no such file (run l10n update)", path=self.path) from exc
            stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
            if stamp == self.stamp:
                return frozenset()
            return self._install(read_catalog(self.path), stamp)

    def _install(self, catalog: polib.POFile, stamp: tuple[int, int, int], own: int | None = None) -> frozenset[int]:
        """Take ``catalog`` as the file's content at ``stamp``; note which entries changed, and by whom."""
        live = {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete}
        entries = [live.get((key.msgctxt, key.msgid)) for key in self.keys]
        versions = [entry_version(entry) for entry in entries]
        changed = frozenset(n for n, v in enumerate(versions) if v != self.versions[n])
        first = self.stamp is None
        self.stamp, self.catalog, self.entries, self.versions = stamp, catalog, entries, versions
        self.states = [display_state(entry) for entry in entries]
        if first or not changed:
            return frozenset()
        self.generation += 1
        outside = changed - {own} if own is not None else changed
        if own is not None and own in changed:
            self.changes.append(Change(self.generation, frozenset({own}), False))
        if outside:
            self.changes.append(Change(self.generation, outside, True))
        return outside

    def source_changed(self) -> bool:
        """Whether the issue's source changed on disk since it was read (its segments may differ)."""
        return _stamp(self.config.source_path(self.issue)) != self.source_stamp

    def state(self, number: int) -> str:
        return self.states[number]

    def counts(self) -> Counter[str]:
        return Counter(self.state(n) for n in range(len(self.keys)))

    # -- rendering -------------------------------------------------------------------------

    def preview(self, *, extra_head: str = "", before: str = "", after: str = "") -> Preview:
        """The page as ``build`` renders it, drafts and fuzzy entries shown, segments marked."""
        lookup = catalog_lookup(self.catalog, use_fuzzy=True) if self.catalog is not None else (
            lambda msgid, msgctxt=None: None)
        return render_marked(
            self.text, self.segments, self.numbers, lookup, span=self._span_tag, render=build_page,
            lang=self.lang, direction=text_direction(self.lang), issue=self.issue,
            source_language=self.config.source_language, front_matter_keys=tuple(self.config.front_matter_keys),
            path=self.shown, day=self.day, linked=tuple(self.languages), project=self.config.project,
            resolve=asset_resolver(self.config, self.text, self.lang, self.shown),
            head=extra_head, before=before, after=after,
        )

    def spans(self) -> Preview:
        """The marked preview for updating segments; rendered again only when a shown text changed."""
        lookup = catalog_lookup(self.catalog, use_fuzzy=True) if self.catalog is not None else (
            lambda msgid, msgctxt=None: None)
        shown = tuple(lookup(key.msgid, key.msgctxt) for key in self.keys)
        if self._spans is None or self._spans[0] != shown:
            self._spans = (shown, self.preview())
        return self._spans[1]

    def _badge(self, number: int) -> str:
        """A draft's provider and score, shown beside it on the page (``tm · 0.91``)."""
        entry = self.entries[number]
        draft = draft_of(entry) if entry is not None and self.state(number) == DRAFT else None
        if draft is None:
            return ""
        return draft.provider + (f" · {draft.score:.2f}" if draft.score is not None else "")

    def _span_tag(self, number: int) -> str:
        state = self.state(number)
        badge = self._badge(number)
        title = NAMES[state] + (f": {badge}" if badge else "")
        return (f'<span class="l10n-seg s-{state}" data-entry="{number}" tabindex="0" role="button" '
                f'title="{html.escape(title)}"' + (f' data-badge="{html.escape(badge)}"' if badge else "") + ">")

    def segment_update(self, preview: Preview, number: int) -> dict[str, Any]:
        """What the page needs to show one entry again: its state, tag data and inner HTML."""
        state = self.state(number)
        return {"state": state, "badge": self._badge(number), "title": NAMES[state],
                "html": preview.spans.get(number, []), "refused": preview.refused.get(number)}

    # -- the panel -------------------------------------------------------------------------

    def panel(self, number: int, *, findings: list[Any] | None = None, message: str = "") -> str:
        """The side panel of one entry, every text written as text."""
        entry = self.entries[number]
        key = self.keys[number]
        state = self.state(number)
        esc = html.escape
        target = esc(self.lang.replace("_", "-"))
        direction = text_direction(self.lang)
        source_name = esc(language_name(self.config.source_language, in_language="en"))
        target_name = esc(language_name(self.lang, in_language="en"))
        parts = [
            (f'<div class="panel-head"><span class="chip s-{state}">{esc(NAMES[state])}</span>'
             f' <span class="where">{esc(self.kinds[number])} · {esc(self.shown)}:{self.lines[number]}</span>'
             '<button type="button" class="close" data-act="close" aria-label="Close (Esc)">×</button></div>'),
            f'<p class="note">{esc(NOTES[state])}</p>',
        ]
        if key.msgctxt is not None:
            parts.append(f'<p class="where">context: {esc(key.msgctxt)}</p>')
        parts.append(f'<h3>Source ({source_name})</h3><p class="text" lang="{esc(self.config.source_language)}">'
                     f"{esc(key.msgid)}</p>")
        if entry is not None and "fuzzy" in entry.flags and entry.previous_msgid is not None:
            diff = " ".join(
                f"<del>{esc(p.text)}</del>" if p.tag == "delete" else
                f"<ins>{esc(p.text)}</ins>" if p.tag == "insert" else esc(p.text)
                for p in word_diff(entry.previous_msgid, entry.msgid))
            parts.append(f'<h3>What changed in the source</h3><p class="text diff">{diff}</p>')
        translation = entry.msgstr if entry is not None else ""
        parts.append(f"<h3>Translation ({target_name})</h3>")
        if translation:
            parts.append(f'<p class="text" lang="{target}" dir="{direction}">{esc(translation)}</p>')
        else:
            parts.append('<p class="empty">No translation yet.</p>')
        if entry is not None:
            summary = draft_summary(entry)
            if summary:
                parts.append(f'<p class="origin">Draft from {esc(summary)}</p>')
            signed = sign_off_of(entry)
            if signed is not None:
                word = "Signed off" if state == REVIEWED else "Signed off (before the text changed)"
                parts.append(f'<p class="origin">{word} by {esc(signed.name)} on {esc(signed.date)}</p>')
        if findings is None:
            findings = self.checker(entry) if entry is not None else []
        if translation or findings:
            parts.append(_findings_html(findings))
        suggestions = self.suggestions(number)
        if suggestions:
            items = "".join(
                f'<li><button type="button" class="use" data-text="{esc(text)}">Use</button> '
                f'<span class="score">{round(score * 100)}%</span> '
                f'<span class="text" lang="{target}" dir="{direction}">{esc(text)}</span>'
                f'<small>{esc(source)}</small></li>'
                for text, source, score in suggestions)
            parts.append(f'<h3>From the translation memory</h3><ul class="memory">{items}</ul>')
        parts.append(self._actions(number, state, translation))
        parts.append(f'<p class="message" role="status">{esc(message)}</p>')
        return "\n".join(parts)

    def _actions(self, number: int, state: str, translation: str) -> str:
        if state == MISSING:
            return '<p class="empty">Run <code>l10n update</code> to bring this text into the catalog.</p>'
        buttons = []
        if state in (DRAFT, FUZZY, TRANSLATED, STALE):
            buttons.append('<button type="button" class="primary" data-act="accept">Accept <kbd>A</kbd></button>')
        buttons.append('<button type="button" data-act="edit">Edit <kbd>E</kbd></button>')
        if state in (DRAFT, FUZZY):
            buttons.append('<button type="button" class="danger" data-act="reject">Reject draft <kbd>R</kbd></button>')
        buttons.append('<button type="button" data-act="skip">Skip <kbd>S</kbd></button>')
        text = translation or self.keys[number].msgid
        return (
            '<div class="actions">' + "".join(buttons) + "</div>"
            '<div class="editor" hidden>'
            f'<textarea rows="6" lang="{html.escape(self.lang)}" dir="{text_direction(self.lang)}" '
            f'aria-label="New translation">{html.escape(text)}</textarea>'
            '<div class="edit-findings"></div>'
            '<div class="actions"><button type="button" class="primary" data-act="save">Save and sign off '
            '<kbd>Ctrl+Enter</kbd></button><button type="button" data-act="cancel">Cancel</button></div></div>'
        )

    def suggestions(self, number: int, limit: int = 3) -> list[tuple[str, str, float]]:
        """Memory matches for the entry's source: (translation, where from, score), best first."""
        if self.memory is None:
            return []
        from rapidfuzz import fuzz, process

        msgid = self.keys[number].msgid
        own = self.config.relative(self.path) + ":"
        found = []
        for text, score, _ in process.extract(msgid, self.memory.texts, scorer=fuzz.ratio, limit=limit + 1,
                                              score_cutoff=self.memory.threshold * 100):
            match = self.memory.lookup(text)
            if match is None or (text == msgid and match.entry.origin.startswith(own)):
                continue
            found.append((match.entry.translation, match.entry.origin, score / 100))
        return found[:limit]

    # -- actions ---------------------------------------------------------------------------

    def act(self, number: int, action: str, version: str, *, text: str | None = None,
            confirm: bool = False) -> dict[str, Any]:
        """Do one reviewer action; the answer says what happened and what to show again."""
        with self.lock:
            if not 0 <= number < len(self.keys):
                raise Refused("no such segment")
            outside = set(self.refresh())
            entry = self.entries[number]
            if version != self.versions[number]:
                return self._answer(number, outside | {number}, ok=False, refused=True, message=(
                    "Not saved: this segment changed in the catalog since you opened it "
                    "(someone else saved it). Its current text is shown; decide again."))
            if entry is None:
                raise Refused("this text is not in the catalog yet: run l10n update")
            if entry.msgid_plural:
                raise Refused("an entry with plural forms is reviewed in the terminal (l10n review)")
            if action == "skip":
                return self._answer(number, outside, ok=True, message="Skipped.")
            forms = None
            findings = None
            if action == "accept":
                if not is_translated_text(entry):
                    raise Refused("nothing to accept: the segment has no translation")
                if self.state(number) == REVIEWED:
                    raise Refused("already reviewed")
                decision = Decision.ACCEPT
            elif action == "reject":
                if self.state(number) not in (DRAFT, FUZZY):
                    raise Refused("only a draft or a fuzzy translation can be rejected")
                decision = Decision.REJECT
            elif action == "edit":
                if text is None or not text.strip():
                    raise Refused("the new translation is empty")
                forms = [text.replace("\r\n", "\n")]
                trial = copy.deepcopy(entry)
                apply_decision(trial, Decision.EDIT, reviewer=self.reviewer, date=today(), forms=forms)
                findings = self.checker(trial)
                errors = [f for f in findings if getattr(f.severity, "value", f.severity) == "error"]
                if errors and not confirm:
                    return {"ok": False, "confirm": True, "findings": _findings_html(findings),
                            "message": "Not saved yet: the checks found errors. Correct the text, "
                                       "or save anyway."}
                decision = Decision.EDIT
            else:
                raise Refused(f"unknown action {action!r}")
            try:
                decided = decide_file(self.path, self.keys[number], decision, reviewer=self.reviewer,
                                      date=today(), forms=forms, expected=str(entry), width=self.config.wrap,
                                      lock_dir=self.config.cache_dir / LOCKS)
            except CatalogError as exc:
                outside |= self.refresh()
                return self._answer(number, outside | {number}, ok=False, refused=True,
                                    message=f"Not saved: {exc.cause if hasattr(exc, 'cause') else exc}")
            outside |= self._install(decided.catalog, decided.stamp, own=number)
            done = {"accept": "Accepted and signed off.", "reject": "Draft rejected: the segment is "
                    "untranslated again.", "edit": "Saved and signed off."}[action]
            return self._answer(number, outside | {number}, ok=True, message=done, findings=findings)

    def _answer(self, number: int, changed: set[int], *, ok: bool, message: str, refused: bool = False,
                findings: list[Any] | None = None) -> dict[str, Any]:
        preview = self.spans()
        outside = sorted(changed - {number})
        if outside:
            message += " " + changed_message(len(outside))
        return {
            "ok": ok, "refused": refused, "message": message, "generation": self.generation,
            "version": self.versions[number], "state": self.state(number),
            "panel": self.panel(number, message=message, findings=findings if ok and findings else None),
            "segments": {str(n): self.segment_update(preview, n) for n in sorted(changed)},
            "changed": outside, "legend": self.legend(),
        }

    def poll(self, generation: int) -> dict[str, Any]:
        """What changed since the page's ``generation``: entries changed on disk by others."""
        with self.lock:
            self.refresh()
            outside = set()
            mine = set()
            for change in self.changes:
                if change.generation > generation:
                    (outside if change.outside else mine).update(change.numbers)
            changed = outside | mine
            answer: dict[str, Any] = {"generation": self.generation, "changed": sorted(outside)}
            if changed:
                preview = self.spans()
                answer["segments"] = {str(n): self.segment_update(preview, n) for n in sorted(changed)}
                answer["legend"] = self.legend()
            if outside:
                answer["message"] = changed_message(len(outside))
            return answer

    # -- the page --------------------------------------------------------------------------

    def legend(self) -> str:
        counts = self.counts()
        total = len(self.keys) or 1
        done = counts[REVIEWED]
        chips = "".join(
            f'<li><button type="button" class="chip s-{state}" data-jump="{state}" title="{html.escape(note)}">'
            f'{html.escape(name)} <b>{counts[state]}</b></button></li>'
            for state, name, note in LEGEND if counts[state] or state not in (MISSING, STALE))
        return (
            f'<div class="progress" role="img" aria-label="{done} of {len(self.keys)} reviewed">'
            + "".join(f'<span class="s-{state}" style="width:{counts[state] * 100 / total:.3f}%"></span>'
                      for state, _, _ in LEGEND if counts[state])
            + f'</div><ul class="legend">{chips}</ul>'
            f'<p class="summary">{done} of {len(self.keys)} segments reviewed</p>'
        )

    def page(self, token: str, nonce: str) -> str:
        """The whole review page."""
        title = front_matter(self.text, path=self.shown).get("title")
        name = html.escape(language_name(self.lang, in_language="en"))
        toolbar = (
            '<div id="l10n-review" class="l10n-bar">'
            f'<p class="l10n-title"><b>Review</b> · {name} · <a href="../index.html">all issues</a>'
            f' <span class="reviewer">Reviewer: {html.escape(self.reviewer)}</span></p>'
            f'<div id="l10n-legend">{self.legend()}</div>'
            '<p class="keys"><kbd>N</kbd> next to check · <kbd>P</kbd> previous · <kbd>D</kbd> next draft · '
            '<kbd>Enter</kbd> open · '
            '<kbd>A</kbd> accept · <kbd>E</kbd> edit · <kbd>R</kbd> reject draft · <kbd>S</kbd> skip · '
            '<kbd>Esc</kbd> close</p>'
            '<p id="l10n-banner" class="banner" role="alert" hidden></p>'
            '<noscript><p class="banner">Reading only: turn on JavaScript to accept, edit or reject.</p></noscript>'
            "</div>\n"
        )
        data = {"token": token, "generation": self.generation, "base": f"{self.issue}/", "page": self.born,
                "title": title if isinstance(title, str) else self.issue}
        after = ('<aside id="l10n-panel" aria-live="polite" hidden></aside>\n'
                 '<script type="application/json" id="l10n-data">'
                 + json.dumps(data).replace("<", "\\u003c") + "</script>\n"
                 f'<script nonce="{nonce}">{SCRIPT}</script>\n')
        preview = self.preview(extra_head=STYLE, before=toolbar, after=after)
        lookup = catalog_lookup(self.catalog, use_fuzzy=True) if self.catalog is not None else (
            lambda msgid, msgctxt=None: None)
        self._spans = (tuple(lookup(key.msgid, key.msgctxt) for key in self.keys), preview)
        hidden = sorted(preview.hidden)
        if hidden:
            items = "".join(
                f'<li>{html.escape(self.kinds[n])}: {self._span_tag(n)}{html.escape(self._shown_text(n))}</span></li>'
                for n in hidden)
            listing = ('<section class="l10n-hidden"><h2>Text not shown on the page</h2>'
                       '<p>Image descriptions and link titles: read aloud by screen readers, shown on hover.</p>'
                       f"<ul>{items}</ul></section>\n")
            return preview.page.replace('<aside id="l10n-panel"', listing + '<aside id="l10n-panel"', 1)
        return preview.page

    def _shown_text(self, number: int) -> str:
        entry = self.entries[number]
        if entry is not None and entry.msgstr and self.state(number) != UNTRANSLATED:
            return entry.msgstr
        return self.keys[number].msgid


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def changed_message(count: int) -> str:
    what = "1 segment" if count == 1 else f"{count} segments"
    return f"The catalog changed on disk (saved elsewhere): {what} changed and {'is' if count == 1 else 'are'} shown as they are now."


def _findings_html(findings: list[Any]) -> str:
    if not findings:
        return '<h3>Checks</h3><p class="ok">No findings.</p>'
    items = "".join(
        f'<li class="{html.escape(str(getattr(f.severity, "value", f.severity)))}">'
        f'<b>{html.escape(str(getattr(f.severity, "value", f.severity)))}</b> '
        f'<span class="check">{html.escape(f.check)}</span> {html.escape(f.message)}</li>'
        for f in findings)
    return f'<h3>Checks</h3><ul class="findings">{items}</ul>'


# -- the server --------------------------------------------------------------------------------


class ReviewServer(ThreadingHTTPServer):
    """The review pages of a project's catalogs, for one reviewer, on 127.0.0.1."""

    daemon_threads = True

    def __init__(self, config: Config, *, reviewer: str, languages: list[str], issues: list[str],
                 port: int = 0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.config = config
        self.reviewer = reviewer
        self.languages = languages
        self.issues = issues
        self.token = secrets.token_urlsafe(24)
        self.origins = {f"http://127.0.0.1:{self.port}", f"http://localhost:{self.port}"}
        self.hosts = {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}
        self._reviews: dict[tuple[str, str], IssueReview] = {}
        self._checkers: dict[str, Callable[[polib.POEntry], list[Any]]] = {}
        self._memories: dict[str, Any] = {}
        self._lock = threading.Lock()
        self.decisions = 0

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url(self, lang: str | None = None, issue: str | None = None) -> str:
        """The address to open: one issue's page, or the list of every issue."""
        base = f"http://127.0.0.1:{self.port}/{self.token}/"
        return base + (f"{lang}/{issue}.html" if lang and issue else "index.html")

    def review(self, lang: str, issue: str, *, memory: bool = False) -> IssueReview | None:
        """The review of one issue in one language (made on first use), or None if not served."""
        if lang not in self.languages or issue not in self.issues:
            return None
        if not self.config.catalog_path(lang, issue).is_file():
            return None
        with self._lock:
            found = self._reviews.get((lang, issue))
            if found is not None and found.source_changed():
                found = None
            if found is None:
                if lang not in self._checkers:
                    self._checkers[lang] = qa_checker(self.config, lang)
                linked = self.linked(issue)
                found = IssueReview(self.config, lang, issue, self.reviewer, self._checkers[lang], linked)
                self._reviews[(lang, issue)] = found
            if memory and found.memory is None:
                if lang not in self._memories:
                    from l10n.drafting.tm import TranslationMemory, build_memory

                    try:
                        self._memories[lang] = build_memory(self.config, lang)
                    except L10nError:  # a broken catalog elsewhere: no suggestions, the rest works
                        self._memories[lang] = TranslationMemory([])
                found.memory = self._memories[lang]
        return found

    def linked(self, issue: str) -> tuple[str, ...]:
        """The languages a page's menu links to, as ``build`` links them: the source and every
        configured language it publishes (a catalog with a translated entry), sorted."""
        from l10n.catalogs.pofile import scan_catalog

        def published(code: str) -> bool:
            path = self.config.catalog_path(code, issue)
            if not path.is_file():
                return False
            try:
                return any(state_of(entry) in (State.TRANSLATED, State.REVIEWED) for entry in scan_catalog(path)
                           if not entry.obsolete and entry.msgid)
            except CatalogError:
                return False

        return tuple(sorted({self.config.source_language,
                             *(code for code in dict.fromkeys([*self.config.languages, *self.languages])
                               if published(code))}))

    def source_page(self, issue: str) -> str | None:
        """The issue in the source language, as ``build`` renders it, to read beside a review."""
        if issue not in self.issues:
            return None
        path = self.config.source_path(issue)
        shown = self.config.relative(path)
        text = read_text(path, error=SourceError)
        source = self.config.source_language
        keys = tuple(self.config.front_matter_keys)
        return build_page(text, lambda msgid, msgctxt=None: None,
                          segments=extract_segments(text, front_matter_keys=keys, path=shown),
                          lang=source, direction=text_direction(source), issue=issue, source_language=source,
                          front_matter_keys=keys, path=shown, day=as_date(front_matter(text, path=shown).get("date")),
                          linked=tuple(self.linked(issue)), project=self.config.project,
                          resolve=asset_resolver(self.config, text, source, shown))

    def source_file(self, parts: list[str]) -> Path | None:
        """An image the issues use, by its path below the source folder; None for anything else."""
        if any(part in ("", ".", "..") or "\\" in part for part in parts):
            return None
        folder = self.config.source_dir.resolve()
        path = folder.joinpath(*parts).resolve()
        if not path.is_relative_to(folder) or path.suffix.lower() not in IMAGE_TYPES or not path.is_file():
            return None
        return path

    def index(self) -> str:
        rows = []
        for issue in self.issues:
            cells = []
            for lang in self.languages:
                path = self.config.catalog_path(lang, issue)
                if not path.is_file():
                    cells.append('<td class="missing">no catalog</td>')
                    continue
                review = self.review(lang, issue)
                assert review is not None
                counts = review.counts()
                left = sum(counts[s] for s in ATTENTION)
                cells.append(f'<td><a href="{html.escape(lang)}/{html.escape(issue)}.html">'
                             f'{"all reviewed" if not left else f"{left} to check"}</a></td>')
            rows.append(f"<tr><th>{html.escape(issue)}</th>{''.join(cells)}</tr>")
        heads = "".join(f'<th lang="{html.escape(code)}">{html.escape(language_name(code))}</th>'
                        for code in self.languages)
        from l10n.publish.render import PAGE_STYLE

        return (
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>Review · {html.escape(self.config.project)}</title>\n{PAGE_STYLE}</head>\n"
            f"<body>\n<main class=\"wide\">\n<h1>Review · {html.escape(self.config.project)}</h1>\n"
            f"<p>Reviewer: {html.escape(self.reviewer)}</p>\n"
            f"<table><thead><tr><th>issue</th>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table>\n"
            "</main>\n</body>\n</html>\n"
        )


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # the terminal stays quiet
        return

    def _send(self, status: int, body: str, *, content_type: str = "text/html; charset=utf-8",
              nonce: str | None = None, location: str | None = None) -> None:
        raw = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(raw)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        script = f"'nonce-{nonce}'" if nonce else "'none'"
        self.send_header("Content-Security-Policy",
                         f"default-src 'none'; script-src {script}; style-src 'unsafe-inline'; img-src 'self' data:; "
                         "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        if location:
            self.send_header("Location", location)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(raw)

    def _json(self, status: int, value: dict[str, Any]) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False), content_type="application/json; charset=utf-8")

    def _error(self, status: HTTPStatus, message: str) -> None:
        if "json" in (self.headers.get("Accept") or "") or self.command == "POST":
            self._json(status, {"ok": False, "message": message})
        else:
            self._send(status, f"<!DOCTYPE html>\n<title>{status.value}</title>\n<p>{html.escape(message)}</p>\n",)

    def _route(self) -> tuple[list[str], dict[str, list[str]]] | None:
        """The path's parts after the token, or None once a refusal is sent."""
        if (self.headers.get("Host") or "") not in self.server.hosts:
            self._error(HTTPStatus.FORBIDDEN, "wrong Host")
            return None
        split = urlsplit(self.path)
        parts = [unquote(part) for part in split.path.split("/")[1:]]
        if not parts or not hmac.compare_digest(parts[0].encode(), self.server.token.encode()):
            self._error(HTTPStatus.FORBIDDEN, "this address needs the token that l10n review --web printed")
            return None
        return parts[1:], parse_qs(split.query)

    def _send_file(self, path: Path) -> None:
        raw = path.read_bytes()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", IMAGE_TYPES[path.suffix.lower()])
        self.send_header("Content-Length", str(len(raw)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "default-src 'none'")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(raw)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        routed = self._route()
        if routed is None:
            return
        parts, query = routed
        server = self.server
        try:
            if parts in ([""], ["index.html"]):
                self._send(HTTPStatus.OK, server.index())
                return
            if len(parts) == 2 and parts[1].endswith(".html") and parts[0] == server.config.source_language:
                page = server.source_page(parts[1][:-5])
                if page is not None:
                    self._send(HTTPStatus.OK, page)
                    return
            if len(parts) == 2 and parts[1].endswith(".html"):
                review = server.review(parts[0], parts[1][:-5])
                if review is not None:
                    nonce = secrets.token_urlsafe(16)
                    with review.lock:
                        review.refresh()
                        page = review.page(server.token, nonce)
                    self._send(HTTPStatus.OK, page, nonce=nonce)
                    # The memory is made now, so that the first panel opens at once.
                    threading.Thread(target=server.review, args=(parts[0], parts[1][:-5]),
                                     kwargs={"memory": True}, daemon=True).start()
                    return
            if len(parts) == 4 and parts[2] == "entry" and parts[3].isdigit():
                review = server.review(parts[0], parts[1], memory=True)
                if review is not None and int(parts[3]) < len(review.keys):
                    number = int(parts[3])
                    with review.lock:
                        outside = review.refresh()
                        self._json(HTTPStatus.OK, {
                            "panel": review.panel(number), "version": review.versions[number],
                            "state": review.state(number), "changed": sorted(outside)})
                    return
            if len(parts) >= 2 and parts[0] in (*server.languages, server.config.source_language, "assets"):
                found = server.source_file(parts[1:])
                if found is not None:
                    self._send_file(found)
                    return
            if len(parts) == 3 and parts[2] == "poll":
                review = server.review(parts[0], parts[1])
                if review is not None and query.get("page", [""])[0] != review.born:
                    self._json(HTTPStatus.OK, {"reload": True, "message": (
                        "The issue changed since this page was opened: reload the page to review it.")})
                    return
                if review is not None:
                    generation = query.get("generation", ["0"])[0]
                    self._json(HTTPStatus.OK, review.poll(int(generation) if generation.isdigit() else 0))
                    return
        except L10nError as exc:
            self._error(HTTPStatus.CONFLICT, str(exc))
            return
        self._error(HTTPStatus.NOT_FOUND, "not found")

    def do_POST(self) -> None:
        routed = self._route()
        if routed is None:
            return
        parts, _ = routed
        server = self.server
        if (self.headers.get("Origin") or "") not in server.origins:
            self._error(HTTPStatus.FORBIDDEN, "refused: the request does not come from the review page")
            return
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON")
            return
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            self._error(HTTPStatus.BAD_REQUEST, "a request body of JSON is needed")
            return
        try:
            body = json.loads(self.rfile.read(length))
        except ValueError:
            self._error(HTTPStatus.BAD_REQUEST, "the request body is not JSON")
            return
        if not isinstance(body, dict) or not hmac.compare_digest(str(body.get("token", "")).encode(),
                                                                 server.token.encode()):
            self._error(HTTPStatus.FORBIDDEN, "the request does not carry this run's token")
            return
        review = server.review(parts[0], parts[1]) if len(parts) == 3 and parts[2] == "action" else None
        if review is None:
            self._error(HTTPStatus.NOT_FOUND, "not found")
            return
        if body.get("page") not in (None, review.born):
            self._json(HTTPStatus.OK, {"ok": False, "message": (
                "Not saved: the issue changed since this page was opened. Reload the page.")})
            return
        number, text = body.get("entry"), body.get("text")
        if not isinstance(number, int) or (text is not None and not isinstance(text, str)):
            self._error(HTTPStatus.BAD_REQUEST, "entry must be a number and text a string")
            return
        try:
            answer = review.act(number, str(body.get("action")), str(body.get("version", "")), text=text,
                                confirm=bool(body.get("confirm")))
        except Refused as exc:
            self._json(HTTPStatus.OK, {"ok": False, "message": str(exc)})
            return
        except L10nError as exc:
            self._error(HTTPStatus.CONFLICT, str(exc))
            return
        if answer.get("ok") and body.get("action") != "skip":
            server.decisions += 1
        self._json(HTTPStatus.OK, answer)


def make_server(config: Config, *, reviewer: str, languages: list[str], issues: list[str],
                port: int = 0) -> ReviewServer:
    """A review server bound to 127.0.0.1 (``port`` 0: a free one); call ``serve_forever``."""
    return ReviewServer(config, reviewer=reviewer, languages=languages, issues=issues, port=port)


STYLE = '<link rel="icon" href="data:,">\n<style>\n' + Path(__file__).with_name("web.css").read_text(encoding="utf-8") + "</style>\n"
SCRIPT = Path(__file__).with_name("web.js").read_text(encoding="utf-8")

__all__ = ["IssueReview", "ReviewServer", "display_state", "make_server", "build_page"]
