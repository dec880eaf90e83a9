"""The web page of a localized issue (``build/<lang>/<issue>.html``) and the index of every issue.

A page carries ``lang`` and ``dir``, a ``<meta name="description">`` from the summary, a
``<link rel="alternate" hreflang>`` for every language the issue is published in, a menu of
those languages, the issue date in the language's long format, and links to the same issue
as PDF and e-mail when they were built. Segments that fell back to the source language carry
its ``lang``, and, unless the build says ``--no-marks``, a discreet dotted rule in the margin.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from l10n.languages import language_name, text_direction
from l10n.publish.document import FALLBACK_CLASS, Document, html_lang
from l10n.publish.render import PAGE_STYLE

INDEX_NAME = "index.html"

# The cue on segments still in the source language: visible to whoever looks, quiet otherwise.
MARK_STYLE = (f"<style>\n.{FALLBACK_CLASS}{{border-inline-start:2px dotted #b08800;padding-inline-start:.4rem;"
              f"margin-inline-start:-.6rem}}\nli.{FALLBACK_CLASS},td.{FALLBACK_CLASS},th.{FALLBACK_CLASS}"
              "{border-inline-start-style:dotted}\n</style>\n")
INDEX_STYLE = ("<style>\nsection.issue{margin-block:2rem}\nsection.issue h2{margin-block-end:.25rem}\n"
               "td.formats a{margin-inline-end:.75rem}\np.unpublished{color:#57606a;font-size:.95rem}\n</style>\n")

# What a link to another output of the same issue is called, and its file suffix.
OTHER_OUTPUTS = (("pdf", "PDF", ".pdf"), ("email", "e-mail", ".email.html"), ("txt", "text", ".txt"))
_TYPES = {"pdf": ' type="application/pdf"', "txt": ' type="text/plain"'}


def long_date(value: date, lang: str) -> str:
    """``value`` in the language's long date format ("15 martie 2022", "15. März 2022")."""
    return format_date(value, format="long", locale=lang)


def page_html(document: Document, *, linked: Sequence[str], project: str, marks: bool = True,
              resolve: Callable[[str], str] | None = None, others: Sequence[str] = ()) -> str:
    """The web page of ``document``; ``linked`` are the languages the issue is published in.

    ``others`` names the other formats built for this language (``pdf``, ``email``, ``txt``).
    """
    lang, issue = document.lang, html.escape(document.issue)
    title = document.title or document.issue
    head = [f"<title>{html.escape(title)}</title>\n"]
    if document.summary:
        head.append(f'<meta name="description" content="{html.escape(document.summary)}">\n')
    head += [f'<link rel="alternate" hreflang="{html_lang(code)}" href="../{code}/{issue}.html">\n'
             for code in linked]
    head.append(PAGE_STYLE)
    if marks:
        head.append(MARK_STYLE)

    items = []
    for code in linked:
        name = html.escape(language_name(code))
        if code == lang:
            items.append(f'<li><strong lang="{html_lang(code)}" aria-current="page">{name}</strong></li>')
        else:
            items.append(f'<li><a href="../{code}/{issue}.html" hreflang="{html_lang(code)}" '
                         f'lang="{html_lang(code)}">{name}</a></li>')
    nav = (f'<nav class="languages">\n<a href="../{INDEX_NAME}">{html.escape(project)}</a>\n<ul>\n'
           + "\n".join(items) + "\n</ul>\n</nav>\n")
    header = ""
    if document.day is not None:
        header += (f'<p class="issue-date"><time datetime="{document.day.isoformat()}">'
                   f"{html.escape(long_date(document.day, lang))}</time></p>\n")
    if document.title:
        header += (f"<h1{_fallback(document, 'issue-title', document.title_fallback, marks)}>"
                   f"{html.escape(document.title)}</h1>\n")
    if document.summary:
        header += (f"<p{_fallback(document, 'issue-summary', document.summary_fallback, marks)}>"
                   f"{html.escape(document.summary)}</p>\n")
    links = [f'<a href="{issue}{suffix}"{_TYPES.get(name, "")}>{label}</a>'
             for name, label, suffix in OTHER_OUTPUTS if name in others]
    footer = f'<footer class="formats">\n{" · ".join(links)}\n</footer>\n' if links else ""
    body = document.body_html(marks=marks, resolve=resolve)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{document.html_lang}" dir="{html.escape(document.direction)}">\n'
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{''.join(head)}</head>\n"
        f"<body>\n<main>\n{nav}<header>\n{header}</header>\n<article>\n{body}</article>\n{footer}</main>\n"
        "</body>\n</html>\n"
    )


def _fallback(document: Document, name: str, fell_back: bool, marks: bool) -> str:
    """`` class="name"``, with the source's ``lang`` and the mark when the text fell back."""
    if not fell_back:
        return f' class="{name}"'
    return f' class="{name}{" " + FALLBACK_CLASS if marks else ""}" lang="{document.fallback_lang}"'


@dataclass(slots=True, frozen=True)
class IndexEntry:
    """One issue in one language, as the index shows it."""

    lang: str
    title: str | None  # in that language
    published: bool
    percent: float  # coverage: share of entries used, as shown (one decimal)
    threshold: float
    formats: tuple[str, ...] = ()  # outputs built ("html", "pdf", "email", ...)
    reason: str = ""  # why it is not published: "below" or "untranslated"
    title_lang: str | None = None  # set when the title is shown in another language (the source's)


def index_html(*, project: str, source_language: str, issues: Sequence[tuple[str, str | None, date | None]],
               entries: Mapping[str, Sequence[IndexEntry]], reviewed_only: bool) -> str:
    """``build/index.html``: each issue with its title, date and coverage in each published language.

    ``issues`` are ``(name, source title, date)``; ``entries`` holds, per issue, one entry
    per language in the order to show.
    """
    measure = "reviewed" if reviewed_only else "translated"
    sections = []
    for issue, source_title, day in issues:
        name = html.escape(issue)
        rows, unpublished = [], []
        for entry in entries.get(issue, ()):
            code = html_lang(entry.lang)
            language = html.escape(language_name(entry.lang))
            if not entry.published:
                why = (f"no entry {measure}" if entry.reason == "untranslated"
                       else f"{entry.percent:.1f}% {measure}, below {entry.threshold:g}%")
                unpublished.append(f'<span lang="{code}">{language}</span> ({html.escape(why)})')
                continue
            title = html.escape(entry.title or source_title or issue)
            when = (f'<time datetime="{day.isoformat()}">{html.escape(long_date(day, entry.lang))}</time>'
                    if day else "")
            shown = "original" if entry.lang == source_language else f"{entry.percent:.1f}% {measure}"
            formats = [f'<a href="{entry.lang}/{name}{suffix}">{label}</a>'
                       for fmt, label, suffix in OTHER_OUTPUTS if fmt in entry.formats and fmt != "txt"]
            rows.append(
                f'<tr><th scope="row" lang="{code}">{language}</th>'
                f'<td lang="{html_lang(entry.title_lang or entry.lang)}" '
                f'dir="{text_direction(entry.title_lang or entry.lang)}"><a href="{entry.lang}/{name}.html" '
                f'hreflang="{code}">{title}</a></td>'
                f'<td lang="{code}">{when}</td><td>{html.escape(shown)}</td>'
                f'<td class="formats">{"".join(formats)}</td></tr>'
            )
        heading = html.escape(source_title or issue)
        body = (f'<section class="issue" id="{name}">\n<h2 lang="{html_lang(source_language)}">{heading}</h2>\n'
                f'<table>\n<thead><tr><th scope="col">language</th><th scope="col">title</th>'
                f'<th scope="col">date</th><th scope="col">coverage</th><th scope="col">also as</th></tr></thead>\n'
                f"<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n")
        if unpublished:
            body += f'<p class="unpublished">Not published: {", ".join(unpublished)}.</p>\n'
        sections.append(body + "</section>\n")
    title = html.escape(project)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang(source_language)}" dir="{text_direction(source_language)}">\n'
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n{PAGE_STYLE}{INDEX_STYLE}</head>\n"
        f'<body>\n<main class="wide">\n<h1>{title}</h1>\n{"".join(sections)}</main>\n</body>\n</html>\n'
    )
