"""Search with facets over a synthetic corpus: p50/p95 per query type, medians over runs.

    uv run python bench/library/search_bench.py --count 50000 --runs 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sg_library_bench \\
        uv run python bench/library/search_bench.py --count 50000 --runs 5

Targets (issue 8): p95 under 300 ms on SQLite and under 200 ms on PostgreSQL at 50,000 resources.

The corpus (``safeguard.library.demo.build_corpus``, page text without PDFs) is built on the
first run into var/bench-library/search (SQLite) or the DATABASE_URL database, then reused; the
build time is printed when it happens (PostgreSQL gets ``VACUUM ANALYZE`` after the load, as
autovacuum would). Each run times every query on result pages 1 and 2 as the public, with
facets, after one untimed warm-up pass. The load average is printed before and after: on a
shared machine, compare figures taken at similar load only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from _setup import corpus, database, django_setup

# (query type, words, content language filter)
QUERIES = [
    ("words", "trafficking children", ""),
    ("words", "travel tourism hotels", ""),
    ("words", "online exploitation", ""),
    ("phrase", '"national action plans"', ""),
    ("words", "police cooperation training", ""),
    ("language", "enfants victimes", "fr"),
    ("language", "exploitation sexuelle en ligne", "fr"),
    ("words", "traite des enfants", ""),
    ("language", "niños víctimas", "es"),
    ("language", "explotación sexual en línea", "es"),
    ("words", "trata de niños fronteras", ""),
    ("name", "Kenya", ""),
    ("browse", "", ""),
]


def percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[round(0.95 * (len(ordered) - 1))]


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    django_setup("search")
    from django.contrib.auth.models import AnonymousUser

    from safeguard.library.search import Criteria, search

    out = sys.stdout
    out.write(f"command: {' '.join(sys.argv)}\ndatabase: {database()}\n")
    built = corpus(args.count, seed=50_000, prefix="bench")
    out.write(
        f"corpus of {args.count} resources built in {built:.1f} s\n"
        if built is not None
        else f"corpus of {args.count} resources reused\n"
    )
    out.write(f"before: {load()}\n")
    anonymous = AnonymousUser()

    def timed(q: str, language: str, page: int) -> float:
        t = time.perf_counter()
        results = search(anonymous, Criteria(q=q, language=language, page=page))
        elapsed = (time.perf_counter() - t) * 1000
        assert results.facets or results.total == 0
        return elapsed

    for _, q, language in QUERIES:  # warm-up, untimed
        timed(q, language, 1)
    kinds = list(dict.fromkeys(kind for kind, _, _ in QUERIES))
    overall: list[tuple[float, float]] = []
    by_kind: dict[str, list[tuple[float, float]]] = {kind: [] for kind in kinds}
    for run in range(args.runs):
        timings: dict[str, list[float]] = {kind: [] for kind in kinds}
        for kind, q, language in QUERIES:
            for page in (1, 2):
                timings[kind].append(timed(q, language, page))
        every = [t for values in timings.values() for t in values]
        p50, p95 = percentiles(every)
        overall.append((p50, p95))
        for kind in kinds:
            by_kind[kind].append(percentiles(timings[kind]))
        out.write(f"run {run + 1}: {len(every)} searches with facets, p50 {p50:.0f} ms, p95 {p95:.0f} ms\n")
    out.write(f"after: {load()}\n")
    out.write(
        f"medians over {args.runs} runs (ms):\n  {'query type':<10} {'searches':>8} {'p50':>6} {'p95':>6}\n"
    )
    for kind in kinds:
        n = 2 * sum(1 for k, _, _ in QUERIES if k == kind)
        p50 = statistics.median(p for p, _ in by_kind[kind])
        p95 = statistics.median(p for _, p in by_kind[kind])
        out.write(f"  {kind:<10} {n:>8} {p50:>6.0f} {p95:>6.0f}\n")
    p50 = statistics.median(p for p, _ in overall)
    p95 = statistics.median(p for _, p in overall)
    out.write(f"  {'all':<10} {2 * len(QUERIES):>8} {p50:>6.0f} {p95:>6.0f}\n")


if __name__ == "__main__":
    main()
