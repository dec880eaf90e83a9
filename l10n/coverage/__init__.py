"""Coverage: counts per issue and language, their cache, and the reports made from them."""
