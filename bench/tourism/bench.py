"""The Code's benchmarks: directory search over 5,000 companies, and the nightly reminder and
suspension run over 5,000 members.

    uv run python bench/tourism/bench.py            # SQLite under var/bench-tourism/
    DATABASE_URL=postgres://... uv run python bench/tourism/bench.py

Targets (issue 6): directory search under 50 ms median server time; nightly run under 10 s.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMPANIES = 5000
RUNS = 7


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
    os.environ.setdefault("DEBUG", "false")  # as served: no query log, no debug templates
    os.environ.setdefault("SAFEGUARD_VAR_DIR", str(ROOT / "var" / "bench-tourism"))
    Path(os.environ["SAFEGUARD_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build() -> None:
    """5,000 active members in 42 countries, each with an open report; built once."""
    import random

    from django.utils import timezone

    from safeguard.accounts.models import Organisation
    from safeguard.countries.models import Country
    from safeguard.tourism.demo import COUNTRIES, FIRST, KIND, SECOND
    from safeguard.tourism.models import AnnualReport, CriteriaVersion, FeeBand, Signatory

    if Signatory.objects.filter(slug__startswith="bench-").count() >= COMPANIES:
        return
    rng = random.Random(6)  # noqa: S311
    countries = list(Country.objects.filter(iso2__in=COUNTRIES))
    band = FeeBand.objects.first()
    today = timezone.localdate()
    orgs, sigs = [], []
    for n in range(COMPANIES):
        sector = rng.choice(list(KIND))
        name = f"{rng.choice(FIRST)} {rng.choice(SECOND)} {KIND[sector]} {n}"
        country = rng.choice(countries)
        orgs.append(Organisation(name=name, slug=f"bench-{n}", kind="company", country=country))
        sigs.append(
            Signatory(
                name=name,
                slug=f"bench-{n}",
                country=country,
                city=rng.choice(["Bangkok", "Nairobi", "Lima", ""]),
                contact_name="x",
                contact_email=f"c{n}@bench.example.org",
                sector=sector,
                fee_band=band,
                state="active",
                member_since=today - datetime.timedelta(days=400),
                listed=rng.random() > 0.1,
                recognition=rng.choice(["member", "member", "top_member"]),
            )
        )
    Organisation.objects.bulk_create(orgs, batch_size=1000)
    for org, sig in zip(orgs, sigs, strict=True):
        sig.organisation = org
    Signatory.objects.bulk_create(sigs, batch_size=1000)
    version = CriteriaVersion.objects.get(is_current=True)
    AnnualReport.objects.bulk_create(
        [
            AnnualReport(signatory=s, year=3000 + n % 1000, version=version, deadline=today)
            for n, s in enumerate(sigs)
        ],
        batch_size=1000,
    )


def bench_directory() -> None:
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    queries = [
        "/code/",
        "/code/?q=coral",
        "/code/?country=TH",
        "/code/?q=bay&sector=accommodation",
        "/code/?city=nair&recognition=top_member",
        "/code/?page=20",
    ]
    for url in queries:
        assert client.get(url).status_code == 200, url
        times, cpu = [], []
        for _ in range(RUNS):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        sys.stdout.write(
            f"directory {url:45s} median {statistics.median(times):6.1f} ms wall, "
            f"{statistics.median(cpu):6.1f} ms CPU\n"
        )


def reset_reports() -> None:
    """Spread deadlines from 60 days ago to 100 days ahead; everyone active again."""
    from django.db.models import F
    from django.db.models.functions import Mod
    from django.utils import timezone

    from safeguard.tourism.models import AnnualReport, Certificate, Signatory, Transition

    today = timezone.localdate()
    Signatory.objects.filter(slug__startswith="bench-").update(state="active", missed_reports=0)
    Transition.objects.filter(signatory__slug__startswith="bench-").delete()
    Certificate.objects.filter(signatory__slug__startswith="bench-").delete()
    reports = AnnualReport.objects.filter(signatory__slug__startswith="bench-")
    reports.filter(year__lt=3000).delete()  # next-period reports opened by a previous run
    reports.update(status="draft", last_reminder=0)
    for k in range(17):
        reports.annotate(bucket=Mod(F("pk"), 17)).filter(bucket=k).update(
            deadline=today + datetime.timedelta(days=-60 + k * 10)
        )


def bench_nightly() -> None:
    from safeguard.tourism.services import nightly_run

    times = []
    for _ in range(3):
        reset_reports()
        started = time.perf_counter()
        result = nightly_run()
        times.append(time.perf_counter() - started)
    sys.stdout.write(
        f"nightly run over {COMPANIES} members: median {statistics.median(times):.2f} s "
        f"(reminders {result.reminders}, overdue {result.overdue_notices}, missed {result.missed}, "
        f"suspended {result.suspended})\n"
    )


def bench_demo() -> None:
    """The demo loader (1,300 signatories) inside a transaction that is rolled back."""
    from django.db import transaction

    from safeguard.accounts.demo import _load_network
    from safeguard.accounts.models import Organisation
    from safeguard.tourism import demo

    if Organisation.objects.filter(slug="secretariat").exists():
        sys.stdout.write("demo loader: skipped (this database already holds the demo network)\n")
        return

    class Rollback(Exception):
        pass

    seconds = 0.0
    try:
        with transaction.atomic():
            _load_network()
            started = time.perf_counter()
            demo.load_demo()
            seconds = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    sys.stdout.write(f"demo loader (1,300 signatories): {seconds:.2f} s\n")


if __name__ == "__main__":
    django_setup()
    build()
    bench_directory()
    bench_nightly()
    bench_demo()
