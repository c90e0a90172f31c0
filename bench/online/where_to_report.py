"""Server time of the "where to report" lookup, median over many requests.

    uv run python bench/online/where_to_report.py [--runs 200]

Builds a throw-away SQLite database (or uses DATABASE_URL if set and already migrated with
--reuse), loads this app's demo data (76 countries, about 280 channels), then times the full
Django request cycle (middleware, view, template) in-process for several countries, signed out.
Target: under 100 ms median per page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--reuse", action="store_true", help="use DATABASE_URL as it is (already loaded)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="sg-online-bench-")
    if not args.reuse:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    if not args.reuse:
        call_command("migrate", verbosity=0)
        from safeguard.online import demo

        demo.load()
    client = Client()
    paths = [
        "/online/where-to-report/ke/",  # with a hotline
        "/online/where-to-report/bj/",  # fallback
        "/online/where-to-report/",  # the lookup form
        "/api/v1/online/where-to-report/ke",
    ]
    for path in paths:
        assert client.get(path).status_code == 200, path
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        median = statistics.median(timings)
        sys.stdout.write(f"{path:40} median {median:6.2f} ms   p95 {p95:6.2f} ms   ({args.runs} runs)\n")


if __name__ == "__main__":
    main()
