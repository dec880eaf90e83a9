"""``l10n compile``: a ``.mo`` file beside every catalog, as msgfmt writes it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from l10n.cli import Project, pass_project, say, shown

if TYPE_CHECKING:
    from l10n.catalogs.compile import CompileResult


def describe(result: CompileResult, *, use_fuzzy: bool, root: os.PathLike[str] | str) -> str:
    """One line for one compiled catalog: where, how many messages, what was left out."""
    left_out = []
    if result.fuzzy and not use_fuzzy:
        left_out.append(f"{result.fuzzy} fuzzy")
    if result.untranslated:
        left_out.append(f"{result.untranslated} untranslated")
    line = f"{shown(result.mo)}: {result.translated} messages"
    if left_out:
        line += f" ({' and '.join(left_out)} left out)"
    if not result.written:
        line += ", unchanged"
    return line


@click.command()
@click.option("--lang", "-l", "languages", multiple=True, metavar="LANG",
              help="Compile this language only (repeatable; default: every partner language).")
@click.option("--use-fuzzy", is_flag=True, help="Include fuzzy entries and drafts, as msgfmt -f does.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--keep-going", "-k", is_flag=True,
              help="Write the .mo files of the good catalogs even when some are bad (exit 2 still).")
@pass_project
def compile(project: Project, languages: tuple[str, ...], use_fuzzy: bool, jobs: int | None,
            keep_going: bool) -> None:
    """Compile every catalog to a .mo file beside it (fuzzy entries left out).

    Every catalog is checked first: when one is bad, nothing is written (unless --keep-going).
    """
    from l10n.catalogs.compile import compile_run, project_catalogs

    config = project.config
    catalogs = project_catalogs(config.locales_dir, config.select_languages(languages))
    if not catalogs:
        click.echo(f"no catalogs to compile under {shown(config.locales_dir)}")
        return
    run = compile_run(catalogs, use_fuzzy=use_fuzzy, processes=jobs, keep_going=keep_going)
    results = run.results
    for result in results:
        say(describe(result, use_fuzzy=use_fuzzy, root=config.root))
    written = sum(r.written for r in results)
    say(f"{len(results)} catalog{'s' if len(results) != 1 else ''} compiled, {written} written")
    if run.skipped is not None:
        raise run.skipped
