"""Network benchmarks at the design size (300 member organisations), in a throw-away database.

    uv run python bench/network/network_bench.py [--members 300] [--runs 5]

Prints the median over several runs of: the good-standing roll (the Assembly's query), the public
directory page, the directory API, the Secretariat's CSV export, and the import of a 300-row
member list (first run writes, second run changes nothing).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.members, args.runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(members: int, runs: int) -> None:
    from django.test import Client

    from safeguard.accounts.models import Membership, Organisation, User
    from safeguard.countries.models import Country
    from safeguard.network.directory import export_rows
    from safeguard.network.imports import member_list_import
    from safeguard.network.models import Dues, MemberRecord, Obligation

    countries = list(Country.objects.order_by("iso2"))
    header = "name,slug,country,category,status,member_since\n"
    statuses = ["full"] * 6 + ["provisional", "arrears", "suspended", "withdrawn"]
    rows = [
        f"Member {n},member-{n},{countries[n % len(countries)].iso2},"
        f"{'national' if n % 3 else 'affiliate'},{statuses[n % len(statuses)]},2015-01-01"
        for n in range(members)
    ]
    data = (header + "\n".join(rows) + "\n").encode()
    first = median_ms(lambda: member_list_import(data), 1)
    again = median_ms(lambda: member_list_import(data), runs)
    records = list(MemberRecord.objects.all())
    today = date.today()
    Dues.objects.bulk_create(
        Dues(
            record=r,
            year=today.year - 1,
            amount=100,
            currency="EUR",
            due_on=date(today.year - 1, 3, 31),
            grace_ends_on=date(today.year - 1, 6, 29),
            state="paid" if i % 7 else "due",
            paid_on=date(today.year - 1, 3, 1) if i % 7 else None,
        )
        for i, r in enumerate(records)
    )
    Obligation.objects.bulk_create(
        Obligation(
            record=r,
            kind="annual_report",
            due_on=today - timedelta(days=200),
            grace_ends_on=today - timedelta(days=110),
            met_on=None if i % 11 == 0 else today,
        )
        for i, r in enumerate(records)
    )
    secretariat = Organisation.objects.create(name="S", slug="s", kind="secretariat", country=countries[0])
    staff = User.objects.create(email="bench@example.org")
    Membership.objects.create(user=staff, organisation=secretariat, role="owner")

    client = Client()
    good = MemberRecord.objects.in_good_standing().count()
    figures = {
        f"import {members} rows, first run (writes)": first,
        f"import {members} rows, second run (changes nothing)": again,
        "good-standing roll (one query)": median_ms(
            lambda: list(MemberRecord.objects.in_good_standing()), runs
        ),
        "directory page /network/": median_ms(lambda: client.get("/network/"), runs),
        "directory API /api/v1/network/members": median_ms(
            lambda: client.get("/api/v1/network/members"), runs
        ),
        "CSV export rows": median_ms(lambda: list(export_rows()), runs),
    }
    sys.stdout.write(f"{members} members, {good} in good standing; medians over {runs} runs\n")
    for label, ms in figures.items():
        sys.stdout.write(f"  {label:<55} {ms:8.1f} ms\n")


if __name__ == "__main__":
    main()
