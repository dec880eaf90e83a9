"""Review: reviewer sign-off, in a terminal session or by a rule."""
