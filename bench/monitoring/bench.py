"""Monitoring benchmarks: score recomputation, report page, PDF and full open-data export.

Run (SQLite, a scratch file):   uv run python bench/monitoring/bench.py
Run (PostgreSQL, scratch db):   createdb -h 127.0.0.1 -U postgres sg_monitoring_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sg_monitoring_bench
    uv run python bench/monitoring/bench.py

Builds (once) two editions of 200 countries x 125 sub-indicators, all published, then prints the
median of several runs of each measurement. Targets (issue 5): recompute < 2 s, report page
< 150 ms median warm, PDF < 2 s, full export (200 x 125 x 2) < 5 s in constant memory.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/sg-monitoring-bench.sqlite3")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

COUNTRIES = 200


def build() -> None:
    from safeguard.countries.models import Country
    from safeguard.monitoring import services
    from safeguard.monitoring.framework import ensure_current_framework
    from safeguard.monitoring.models import Answer, Assessment, Citation, Edition, State, SubIndicator

    if Edition.objects.filter(slug="bench-2026").exists():
        return
    rng = random.Random(5)  # noqa: S311
    version = ensure_current_framework()
    subs = list(SubIndicator.objects.filter(framework=version))
    countries = list(Country.objects.order_by("iso2")[:COUNTRIES])
    for year in (2023, 2026):
        edition = Edition.objects.create(
            slug=f"bench-{year}",
            title=f"Bench {year}",
            year=year,
            framework=version,
            period_start=date(year - 2, 1, 1),
            period_end=date(year - 1, 12, 31),
        )
        assessments = Assessment.objects.bulk_create(
            Assessment(edition=edition, country=c, state=State.PUBLISHED) for c in countries
        )
        assessments = list(Assessment.objects.filter(edition=edition).select_related("edition__framework"))
        answers = []
        for a in assessments:
            for s in subs:
                kind = s.scoring_rule["kind"]
                answer = Answer(
                    assessment=a, sub_indicator=s, justification="Bench.", as_of=date(year - 1, 12, 31)
                )
                if kind == "ynp":
                    answer.value = rng.choice(["yes", "partial", "no", "no_data"])
                elif kind == "treaty":
                    answer.value = rng.choice(["ratified", "signed", "none"])
                elif kind == "checklist":
                    answer.value, answer.checked = "answered", list(range(rng.randint(0, s.elements)))
                elif kind in ("bands", "context"):
                    answer.value, answer.number = "answered", Decimal(rng.randint(0, 20))
                else:
                    answer.value, answer.date = "answered", date(year + rng.randint(-2, 3), 1, 1)
                answers.append(answer)
        Answer.objects.bulk_create(answers, batch_size=5000)
        Citation.objects.bulk_create(
            (
                Citation(answer=a, kind="legal", title="Penal Code", pinpoint="art. 5", sha256="a" * 64)
                for a in Answer.objects.filter(assessment__edition=edition, value__in=["yes", "partial"])
            ),
            batch_size=5000,
        )
        services.scores_recompute(assessments)
        services.snapshots_create(assessments)


def median_of(runs: int, func) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from safeguard.monitoring import exports, services
    from safeguard.monitoring.models import Assessment

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    build()
    out = sys.stdout.write
    out(f"data ready in {time.perf_counter() - start:.1f} s ({os.environ['DATABASE_URL'].split(':')[0]})\n")
    edition_assessments = list(
        Assessment.objects.filter(edition__slug="bench-2026").select_related("edition")
    )
    t = median_of(5, lambda: services.scores_recompute(edition_assessments))
    n = len(edition_assessments)
    out(f"recompute every score of an edition of {n} countries: median {t:.3f} s (5 runs)\n")

    setup_test_environment()
    client = Client()
    iso2 = edition_assessments[0].country.iso2.lower()
    url = f"/monitoring/bench-2026/{iso2}/"
    assert client.get(url).status_code == 200
    t = median_of(20, lambda: client.get(url))
    out(f"report page {url}: median {t * 1000:.1f} ms (20 warm runs)\n")
    t = median_of(5, lambda: client.get(url + "report.pdf"))
    out(f"report PDF: median {t:.3f} s (5 runs)\n")

    def export(edition=None) -> int:
        return sum(1 for _ in exports.answer_rows(edition))

    rows = export()
    t = median_of(3, export)
    out(
        f"full answers export ({rows} rows = countries x sub-indicators x editions): "
        f"median {t:.3f} s (3 runs)\n"
    )
    for label, edition in (("one edition", edition_assessments[0].edition), ("two editions", None)):
        tracemalloc.start()
        export(edition)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out(f"  peak Python memory while exporting {label}: {peak / 1e6:.1f} MB\n")


if __name__ == "__main__":
    main()
