"""Translation-memory pass: l10n.drafting.tm against a plain rapidfuzz ``process.extractOne`` scan.

One new issue (200 segments by default) is looked up in the memory of 100 earlier issues
(about 20,000 entries). Issues are generated the way newsletters are written: recurring
headings and footers, sentences that come back with a date or a name changed, and new text,
with the length mix of headings, list items and paragraphs. The scan sees the same memory in
the same order as the translation memory keeps it, with the same scorer (``fuzz.ratio`` over the words) and cutoff,
so both must find the same matches; the script checks that and prints the speed ratio.

    python bench/bench_tm.py                 # 100 issues x 200 segments
    python bench/bench_tm.py --issues 300    # a larger memory
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from l10n.drafting.tm import DEFAULT_THRESHOLD, MemoryEntry, TranslationMemory

BOILERPLATE = [
    "Upcoming events", "Contact", "Resources", "What is happening?", "Partners", "News from the cities",
    "Click here to download the newsletter", "Click here to download the flash bulletin",
    "Follow us on social media", "Subscribe to the newsletter", "Who", "What", "When", "Where",
    "This project is funded by the European Union's Asylum, Migration and Integration Fund.",
    "The content of this newsletter represents the views of the author only and is his/her sole responsibility.",
    "The European Commission does not accept any responsibility for use that may be made of the information it contains.",
    "EPI - Integrating Refugees and Migrants through Piloting Actions", "Latest news", "Read more",
    "Project partners", "Integration strategies", "Transnational meeting", "Replication workshops",
    "Final European conference", "National conferences", "Pilot actions", "Contact us at info@epi.eu",
    "Visit our website", "Previous issues",
]
TEMPLATES = [
    "The partners will meet in {city} on {day} {month} to discuss the results of the pilot actions.",
    "The next replication workshop takes place in {city} on {day} {month}; registration is open until {day2} {month}.",
    "{city} hosted a local event with {n} participants, representing municipalities, public institutions and NGOs.",
    "In {month}, {city} started a new pilot action on language courses for {n} newly arrived families.",
    "The national conference in {city} gathered {n} experts from local authorities and civil society on {day} {month}.",
]
CITIES = ["Cluj", "Lublin", "Ravenna", "Cartagena", "Riga", "Dietzenbach", "Linköping", "Monza"]
MONTHS = ["January", "February", "March", "April", "May", "June", "September", "October", "November"]


def make_words(rng: random.Random, count: int) -> list[str]:
    letters = "etaoinshrdlucmfwypvbgk"
    return ["".join(rng.choice(letters) for _ in range(rng.choice((2, 3, 4, 5, 6, 7, 8, 10)))) for _ in range(count)]


def zipf_weights(count: int) -> list[float]:
    """Word frequencies as in natural language: the n-th most common word is n times rarer than the first."""
    return [1 / rank for rank in range(1, count + 1)]


def make_issue(rng: random.Random, words: list[str], size: int, weights: list[float]) -> list[str]:
    """One issue's segments: recurring text, near repeats, new text."""
    segments = rng.sample(BOILERPLATE, k=min(len(BOILERPLATE), size * 15 // 100))
    for _ in range(size * 15 // 100):
        segments.append(rng.choice(TEMPLATES).format(
            city=rng.choice(CITIES), day=rng.randint(1, 28), day2=rng.randint(1, 28),
            month=rng.choice(MONTHS), n=rng.randint(10, 90)))
    while len(segments) < size:
        kind = rng.random()
        count = rng.randint(2, 6) if kind < 0.25 else rng.randint(5, 15) if kind < 0.5 else rng.randint(20, 80)
        segments.append(" ".join(rng.choices(words, weights, k=count)).capitalize() + ".")
    rng.shuffle(segments)
    return segments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100, help="earlier issues in the memory (default 100)")
    parser.add_argument("--segments", type=int, default=200, help="segments per issue (default 200)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best counts (default 3)")
    args = parser.parse_args()

    rng = random.Random(20261127)
    words = make_words(rng, 20000)
    weights = zipf_weights(len(words))
    entries = [
        MemoryEntry(text, f"RO {text}", reviewed=False, origin=f"issue-{i}")
        for i in range(args.issues) for text in make_issue(rng, words, args.segments, weights)
    ]
    queries = make_issue(rng, words, args.segments, weights)
    cutoff = DEFAULT_THRESHOLD * 100

    best_build = best_tm = best_scan = best_encoded = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        memory = TranslationMemory(entries, threshold=DEFAULT_THRESHOLD)
        built = time.perf_counter()
        found = memory.lookup_many(queries)
        done = time.perf_counter()
        best_build = min(best_build, built - started)
        best_tm = min(best_tm, done - built)

        # The same memory in the same order, the same scorer over the same words, the same cutoff.
        scanned_memory = [entry.source.split() for entry in entries]
        started = time.perf_counter()
        scanned = [process.extractOne(q.split(), scanned_memory, scorer=fuzz.ratio, score_cutoff=cutoff)
                   for q in queries]
        best_scan = min(best_scan, time.perf_counter() - started)

        # What the word encoding alone gives, without the index.
        encoded_memory = [memory.encode(entry.source) for entry in entries]
        started = time.perf_counter()
        _ = [process.extractOne(memory.encode(q), encoded_memory, scorer=fuzz.ratio, score_cutoff=cutoff)
                   for q in queries]
        best_encoded = min(best_encoded, time.perf_counter() - started)

    mismatches = 0
    for match, scan in zip(found, scanned):
        mine = None if match is None else (match.entry.source.split(), round(match.score * 100, 6))
        theirs = None if scan is None else (scan[0], round(scan[1], 6))
        mismatches += mine != theirs
    exact = sum(1 for m in found if m is not None and m.exact)
    fuzzy = sum(1 for m in found if m is not None and not m.exact)
    print(f"memory: {len(entries)} entries ({len(memory)} distinct texts); "
          f"queries: {len(queries)} ({exact} exact, {fuzzy} fuzzy, {len(queries) - exact - fuzzy} no match)")
    print(f"extractOne scan:    {best_scan * 1000:8.1f} ms")
    print(f"same scan, words encoded as characters (no index): {best_encoded * 1000:8.1f} ms "
          f"({best_scan / best_encoded:.1f}x)")
    print(f"l10n.drafting.tm lookups:    {best_tm * 1000:8.1f} ms   ({best_scan / best_tm:.1f}x faster)")
    print(f"l10n.drafting.tm with build: {(best_tm + best_build) * 1000:8.1f} ms   ({best_scan / (best_tm + best_build):.1f}x faster)")
    print(f"same matches: {'yes' if not mismatches else f'NO ({mismatches} differ)'}")
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
