"""Drafting: filling untranslated entries with machine or memory suggestions, marked as drafts.

A draft is an entry with ``#, fuzzy`` and ``# draft: <provider> <date> [score=0.92]``
(docs/DESIGN.md, "Entry states"), so builds ignore it and no one mistakes it for a checked
translation. Drafting never touches a translated or reviewed entry; ``redraft`` replaces
earlier drafts and nothing else.

Every catalog being drafted is locked for the whole run. Remote answers are applied as they
arrive and written atomically at short intervals and whenever the run ends, however it ends
(done, a provider giving up for good, Ctrl-C), so nothing obtained is lost.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from l10n.config import Config
from l10n.errors import CatalogError, ProviderError
from l10n.fileio import LOCKS, locked
from l10n.drafting.glossary import Glossary, load_glossary
from l10n.drafting.masking import Masked, MaskError, mask, unmask
from l10n.catalogs.pofile import read_catalog, write_catalog
from l10n.drafting.providers import EntryError, Provider, Suggestion
from l10n.catalogs.states import DRAFT_PREFIX, State, draft_line, set_comment_line, state_of

SAVE_INTERVAL = 1.0  # seconds between saves while answers arrive

Progress = Callable[[int, int], None]  # (entries done, entries in all)


@dataclass(slots=True)
class Job:
    """One distinct text to draft, and the entries waiting for it."""

    text: str  # the msgid
    masked: Masked | None  # what a remote provider receives; None for a local one
    entries: list[tuple[int, polib.POEntry]] = field(default_factory=list)  # (catalog index, entry)

    @property
    def sent(self) -> str:
        """The text as the provider receives it."""
        return self.masked.text if self.masked is not None else self.text


@dataclass(slots=True, frozen=True)
class Failure:
    """An entry left untranslated, and why."""

    path: Path
    line: int | None
    msgid: str
    cause: str


@dataclass(slots=True, frozen=True)
class CatalogCount:
    """What drafting did to one catalog."""

    path: Path
    candidates: int  # entries that could be drafted
    drafted: int
    failed: int
    unmatched: int  # the provider had nothing to offer (no memory match)


@dataclass(slots=True, frozen=True)
class DraftReport:
    """The outcome of one drafting run for one language."""

    provider: str
    lang: str
    catalogs: tuple[CatalogCount, ...]
    failures: tuple[Failure, ...]
    texts_sent: int  # distinct texts that went to the provider
    characters: int  # characters sent (what paid providers bill)

    @property
    def drafted(self) -> int:
        return sum(c.drafted for c in self.catalogs)


@dataclass(slots=True, frozen=True)
class PlannedText:
    """One distinct text a run would send."""

    path: Path  # where it first occurs
    line: int | None
    text: str  # as it would be sent (masked)
    entries: int  # entries that would receive its draft

    @property
    def characters(self) -> int:
        return len(self.text)


def wants_draft(entry: polib.POEntry, *, redraft: bool) -> bool:
    """Whether drafting may fill ``entry``: untranslated, or an earlier draft when redrafting."""
    if entry.obsolete or not entry.msgid or entry.msgid_plural:
        return False
    state = state_of(entry)
    return state is State.UNTRANSLATED or (redraft and state is State.DRAFT)


def collect_jobs(
    catalogs: Sequence[polib.POFile], *, redraft: bool, glossary: Glossary | None, remote: bool
) -> list[Job]:
    """One job per distinct text (masked for a remote provider), in catalog order."""
    jobs: dict[str, Job] = {}
    for index, catalog in enumerate(catalogs):
        for entry in catalog:
            if not wants_draft(entry, redraft=redraft):
                continue
            job = jobs.get(entry.msgid)
            if job is None:
                masked = mask(entry.msgid, glossary) if remote else None
                job = jobs[entry.msgid] = Job(entry.msgid, masked)
            job.entries.append((index, entry))
    return list(jobs.values())


def apply_draft(entry: polib.POEntry, text: str, *, provider: str, date: str, score: float | None) -> None:
    """Store ``text`` in ``entry`` as a draft: fuzzy, with its ``draft:`` line."""
    entry.msgstr = _same_outer_space(entry.msgid, text)
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    note = f"score={score:.2f}" if score is not None else ""
    set_comment_line(entry, DRAFT_PREFIX, draft_line(provider, date, note))


def _same_outer_space(source: str, text: str) -> str:
    # msgfmt --check wants msgid and msgstr to agree on leading and trailing newlines.
    core = text.strip()
    lead = source[: len(source) - len(source.lstrip())]
    trail = source[len(source.rstrip()):]
    return f"{lead}{core}{trail}"


def catalog_targets(config: Config, lang: str, issues: Sequence[str]) -> list[Path]:
    """The catalogs to draft: those of the issues named, or every existing one of ``lang``."""
    chosen = config.select_issues(list(issues))
    paths = [config.catalog_path(lang, issue) for issue in chosen]
    if issues:
        for path in paths:
            if not path.is_file():
                raise CatalogError("no such catalog; create it with `l10n update` first", path=path)
        return paths
    return [path for path in paths if path.is_file()]


def plan_drafts(
    config: Config, lang: str, paths: Sequence[Path], *, remote: bool, redraft: bool = False
) -> list[PlannedText]:
    """What a run would send, without sending anything or writing any file."""
    catalogs = [read_catalog(path) for path in paths]
    glossary = load_glossary(config, lang)
    jobs = collect_jobs(catalogs, redraft=redraft, glossary=glossary, remote=remote)
    planned = []
    for job in jobs:
        index, entry = job.entries[0]
        planned.append(PlannedText(paths[index], entry.linenum, job.sent, len(job.entries)))
    return planned


class _Session:
    """The catalogs of one run, their pending changes, and the saving rhythm."""

    def __init__(self, config: Config, paths: Sequence[Path], catalogs: list[polib.POFile], interval: float):
        self.config = config
        self.paths = list(paths)
        self.catalogs = catalogs
        self.dirty: set[int] = set()
        self.interval = interval
        self.saved_at = time.monotonic()
        self.drafted = [0] * len(paths)
        self.failed = [0] * len(paths)
        self.unmatched = [0] * len(paths)

    def save(self, *, force: bool = False) -> None:
        if not self.dirty or (not force and time.monotonic() - self.saved_at < self.interval):
            return
        for index in sorted(self.dirty):
            write_catalog(self.paths[index], self.catalogs[index], width=self.config.wrap)
        self.dirty.clear()
        self.saved_at = time.monotonic()


def run_drafts(
    config: Config,
    lang: str,
    paths: Sequence[Path],
    provider: Provider,
    *,
    redraft: bool = False,
    today: datetime.date | None = None,
    progress: Progress | None = None,
    save_interval: float = SAVE_INTERVAL,
) -> DraftReport:
    """Draft the entries of ``paths`` with ``provider``; save as answers arrive.

    Raises :class:`~l10n.errors.ProviderError` (drafts obtained so far already saved) when the
    provider gives up for good; KeyboardInterrupt leaves the catalogs saved the same way.
    """
    date = (today or datetime.date.today()).isoformat()
    glossary = load_glossary(config, lang) if provider.remote else None
    with contextlib.ExitStack() as stack:
        for path in sorted(set(paths)):
            stack.enter_context(locked(path, lock_dir=config.cache_dir / LOCKS, error=CatalogError))
        catalogs = [read_catalog(path) for path in paths]
        jobs = collect_jobs(catalogs, redraft=redraft, glossary=glossary, remote=provider.remote)
        session = _Session(config, paths, catalogs, save_interval)
        failures: list[Failure] = []
        candidates = [0] * len(paths)
        for job in jobs:
            for index, _entry in job.entries:
                candidates[index] += 1
        total = sum(candidates)
        done = 0

        def settle(job: Job, suggestion: Suggestion | None, cause: str | None) -> None:
            nonlocal done
            for index, entry in job.entries:
                if cause is not None:
                    session.failed[index] += 1
                    failures.append(Failure(paths[index], entry.linenum, entry.msgid, cause))
                elif suggestion is None:
                    session.unmatched[index] += 1
                else:
                    apply_draft(entry, suggestion.text, provider=provider.name, date=date, score=suggestion.score)
                    session.drafted[index] += 1
                    session.dirty.add(index)
            done += len(job.entries)
            if progress is not None:
                progress(done, total)

        sent: list[Job] = []
        try:
            if provider.remote:
                _run_remote(provider, jobs, settle, session, sent)
            else:
                for job in jobs:
                    try:
                        suggestion = provider.translate(job.text)
                    except EntryError as exc:
                        settle(job, None, str(exc))
                    else:
                        settle(job, suggestion, None)
                    session.save()
        except ProviderError as exc:
            drafted = sum(session.drafted)
            raise ProviderError(f"{exc} ({drafted} draft{'s' if drafted != 1 else ''} saved)") from exc
        finally:
            session.save(force=True)
        counts = tuple(
            CatalogCount(path, candidates[i], session.drafted[i], session.failed[i], session.unmatched[i])
            for i, path in enumerate(paths)
        )
        return DraftReport(
            provider=provider.name,
            lang=lang,
            catalogs=counts,
            failures=tuple(failures),
            texts_sent=len(sent),
            characters=sum(len(job.sent) for job in sent),
        )


def _run_remote(
    provider: Provider,
    jobs: list[Job],
    settle: Callable[[Job, Suggestion | None, str | None], None],
    session: _Session,
    sent: list[Job],
) -> None:
    """Send every job concurrently; apply each answer as it arrives."""

    def outcome(job: Job, future: concurrent.futures.Future[Suggestion | None]) -> None:
        try:
            suggestion = future.result()
        except EntryError as exc:
            settle(job, None, str(exc))
            return
        if suggestion is None:
            settle(job, None, None)
            return
        try:
            restored = unmask(job.masked, suggestion.text) if job.masked is not None else suggestion.text
        except MaskError as exc:
            settle(job, None, str(exc))
            return
        settle(job, Suggestion(restored, suggestion.score, suggestion.origin), None)

    executor = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, provider.concurrency))
    futures: dict[concurrent.futures.Future[Suggestion | None], Job] = {}
    settled: set[concurrent.futures.Future[Suggestion | None]] = set()
    try:
        for job in jobs:
            futures[executor.submit(provider.translate, job.sent)] = job
            sent.append(job)
        whole = _WholeAnswers()
        with whole.taking_ctrl_c():
            for future in concurrent.futures.as_completed(futures):
                with whole.applying():
                    outcome(futures[future], future)
                    settled.add(future)
                session.save()
    except BaseException:
        # The run ends (the provider gave up, or Ctrl-C): send nothing more, let the requests
        # in flight finish within one timeout, and keep every answer that arrived.
        for future in futures:
            future.cancel()
        cancel = getattr(provider, "cancel", None)
        if cancel is not None:
            cancel()  # waiting retries give up at once; requests on the wire run to their end
        running = [future for future in futures if not future.done()]
        if running:
            try:
                concurrent.futures.wait(running, timeout=_grace(provider))
            except KeyboardInterrupt:
                pass  # a second Ctrl-C: keep what is there and stop
        for future, job in futures.items():
            if future in settled or not future.done() or future.cancelled():
                continue
            settled.add(future)
            if future.exception() is None or isinstance(future.exception(), EntryError):
                outcome(job, future)
        raise
    finally:
        cancel = getattr(provider, "cancel", None)
        if cancel is not None:
            cancel()
        executor.shutdown(wait=False, cancel_futures=True)
        sent[:] = [job for future, job in futures.items() if future.done() and not future.cancelled()]


class _WholeAnswers:
    """Ctrl-C while an answer is being applied is raised once it is applied, never halfway.

    :meth:`taking_ctrl_c` takes SIGINT for the loop of answers (in the main thread, where
    Python's own handler is installed; elsewhere nothing changes); :meth:`applying` marks the
    application of one answer. Outside it a Ctrl-C is raised at once, as usual, and the
    caller's cleanup applies any answer not yet applied.
    """

    def __init__(self) -> None:
        self._applying = False
        self._noted = False

    @contextlib.contextmanager
    def taking_ctrl_c(self) -> Iterator[None]:
        previous = signal.getsignal(signal.SIGINT)
        if threading.current_thread() is not threading.main_thread() or previous is not signal.default_int_handler:
            yield
            return
        signal.signal(signal.SIGINT, self._interrupt)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)  # a second Ctrl-C, in the cleanup, acts at once

    @contextlib.contextmanager
    def applying(self) -> Iterator[None]:
        self._applying = True
        try:
            yield
        finally:
            self._applying = False
        if self._noted:
            self._noted = False
            raise KeyboardInterrupt

    def _interrupt(self, signum: int, frame: object) -> None:
        if self._applying:
            self._noted = True
        else:
            raise KeyboardInterrupt


def _grace(provider: Provider) -> float:
    """How long a run that is ending waits for the requests in flight: one request's timeout."""
    settings = getattr(provider, "settings", None)
    return float(getattr(settings, "timeout", 10.0)) + 1.0
