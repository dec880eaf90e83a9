"""Publishing: a localized issue rendered from its source and catalog, and the outputs built from it."""
