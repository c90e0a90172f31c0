"""Search with facets over a synthetic corpus: p50/p95 per run, medians over runs.

    uv run python bench/library/search_bench.py --count 50000 --runs 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sg_library_bench \\
        uv run python bench/library/search_bench.py

The corpus (``safeguard.library.demo.build_corpus``, page text without PDFs) is built on the
first run into var/bench-library (SQLite) or the DATABASE_URL database, then reused.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from _setup import corpus, django_setup

QUERIES = [
    ("trafficking children", ""),
    ("travel tourism hotels", ""),
    ("online exploitation", ""),
    ('"national action plans"', ""),
    ("police cooperation training", ""),
    ("enfants victimes", "fr"),
    ("exploitation sexuelle en ligne", "fr"),
    ("traite des enfants", ""),
    ("niños víctimas", "es"),
    ("explotación sexual en línea", "es"),
    ("trata de niños fronteras", ""),
    ("Kenya", ""),
    ("", ""),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    django_setup("search")
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from safeguard.library.search import Criteria, search

    started = time.perf_counter()
    corpus(args.count, seed=50_000, prefix="bench")
    out = sys.stdout
    out.write(f"backend {connection.vendor}, corpus ready in {time.perf_counter() - started:.1f} s\n")
    anonymous = AnonymousUser()
    p50s, p95s = [], []
    for run in range(args.runs):
        timings = []
        for q, language in QUERIES:
            for page in (1, 2):
                t = time.perf_counter()
                results = search(anonymous, Criteria(q=q, language=language, page=page))
                timings.append((time.perf_counter() - t) * 1000)
                assert results.facets or results.total == 0
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[round(0.95 * (len(timings) - 1))]
        p50s.append(p50)
        p95s.append(p95)
        out.write(f"run {run + 1}: {len(timings)} searches with facets, p50 {p50:.0f} ms, p95 {p95:.0f} ms\n")
    out.write(
        f"median over runs: p50 {statistics.median(p50s):.0f} ms, p95 {statistics.median(p95s):.0f} ms\n"
    )


if __name__ == "__main__":
    main()
