"""``python -m l10n``: the command line, as the ``l10n`` script runs it."""

from l10n.cli import main

main(prog_name="l10n")
