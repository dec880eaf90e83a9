"""Importing: readers of published translations and the aligner that pairs them with a source."""
