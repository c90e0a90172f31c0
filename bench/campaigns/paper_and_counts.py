# ruff: noqa: S603, S607, E501  (a benchmark harness: starts its own processes, long shell snippets)
"""Paper import of 7,044,278 keyed rows into PostgreSQL, and counts per country at 25 million.

    uv run python bench/campaigns/paper_and_counts.py [--rows 7044278] [--runs 20]

1. Writes a CSV of ``--rows`` signers (name, email; 1 in 1,000 repeats an earlier address, so
   duplicates are detected), then runs ``manage.py campaigns_import_paper --approve`` on it in a
   child process: whole-file validation, then COPY into a staging table and one
   INSERT ... ON CONFLICT DO NOTHING. Reports wall time and the child's peak memory (max RSS).
2. Puts counters for 25,000,000 signatures (every country x online/paper x three languages) on
   a second petition and times the per-country counts query (the counter table, never
   COUNT(*) over signatures), uncached and cached; medians over ``--runs``.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DB = "sg_campaigns_paper_bench"


def env() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "DEBUG": "false",
        "PYTHONPATH": str(ROOT),
    }


def manage(*args: str) -> str:
    return subprocess.run(
        ["uv", "run", "python", "manage.py", *args],
        cwd=ROOT,
        env=env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def write_csv(path: Path, rows: int) -> int:
    duplicates = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "email"])
        for n in range(rows):
            if n and n % 1000 == 0:
                writer.writerow([f"Signer {n}", f"signer{n - 500}@shop.example.org"])
                duplicates += 1
            else:
                writer.writerow([f"Signer {n}", f"signer{n}@shop.example.org"])
    return duplicates


COUNTS_CODE = """
import statistics, time, json
from datetime import date
from django.db import connection
from django.core.cache import cache
from safeguard.accounts.models import Organisation
from safeguard.countries.models import Country
from safeguard.campaigns.models import Campaign, Petition, CounterShard
from safeguard.campaigns import services
org = Organisation.objects.get(slug='secretariat')
c = Campaign.objects.create(slug='big', name='Big', owner=org, status='open', starts_on=date(2026, 1, 1))
p = Petition.objects.create(campaign=c, slug='big')
countries = list(Country.objects.values_list('pk', flat=True))
keys = [(k, ch, lang) for k in countries for ch in ('online', 'paper') for lang in ('en', 'fr', 'es')]
each, rest = divmod(25_000_000, len(keys))
CounterShard.objects.bulk_create(
    CounterShard(petition=p, country_id=k, channel=ch, language=lang, count=each + (1 if i < rest else 0))
    for i, (k, ch, lang) in enumerate(keys)
)
uncached = []
for _ in range(RUNS):
    t = time.perf_counter(); r = services._petition_counts(p.pk); uncached.append((time.perf_counter() - t) * 1000)
cache.clear(); services.petition_counts(p.pk)
cached = []
for _ in range(RUNS):
    t = time.perf_counter(); services.petition_counts(p.pk); cached.append((time.perf_counter() - t) * 1000)
print(json.dumps({'total': r['total'], 'countries': len(r['countries']), 'shards': len(keys),
                  'uncached_ms': statistics.median(uncached), 'cached_ms': statistics.median(cached)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=7_044_278)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB], check=True)
    manage("migrate", "-v0")
    manage(
        "shell",
        "--no-imports",
        "-c",
        "from datetime import date;from safeguard.accounts.models import Organisation;"
        "from safeguard.countries.models import Country;from safeguard.campaigns.models import Campaign, Petition;"
        "o=Organisation.objects.create(name='Sec',slug='secretariat',kind='secretariat',country=Country.objects.get(iso2='TH'));"
        "c=Campaign.objects.create(slug='paper',name='Paper',owner=o,status='open',starts_on=date(2026,1,1));"
        "Petition.objects.create(campaign=c,slug='paper')",
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "paper.csv"
        t = time.perf_counter()
        duplicates = write_csv(path, args.rows)
        print(
            f"wrote {args.rows:,} rows ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.0f} s"
        )
        # The child reports its own peak resident memory when it exits.
        launcher = (
            "import atexit, resource, runpy, sys;"
            "atexit.register(lambda: print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss));"
            f"sys.argv = ['manage.py', 'campaigns_import_paper', 'paper', {str(path)!r}, '--country', 'GB',"
            " '--place', 'Shops', '--collector', 'Retail partner', '--approve'];"
            "runpy.run_path('manage.py', run_name='__main__')"
        )
        t = time.perf_counter()
        out = subprocess.run(
            ["uv", "run", "python", "-c", launcher],
            cwd=ROOT,
            env=env(),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        elapsed = time.perf_counter() - t
        peak_kb = int(out.split("PEAK_KB")[-1].strip().split()[0])
        print(out.split("PEAK_KB")[0].strip())
        print(
            f"paper import: {args.rows:,} rows in {elapsed:.0f} s ({args.rows / elapsed:,.0f} rows/s), "
            f"peak memory {peak_kb / 1024:.0f} MB, expected duplicates {duplicates:,}"
        )
    print(
        "counts per country at 25M:",
        manage("shell", "--no-imports", "-c", COUNTS_CODE.replace("RUNS", str(args.runs))).strip(),
    )


if __name__ == "__main__":
    main()
