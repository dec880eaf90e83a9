"""Gettext catalogs: PO reading and writing, entry states, template merges, ``.mo`` files."""
