# ruff: noqa: E501, S603, S607  (a benchmark script that creates its own database)
"""CPU cost per request of the sign path, the bare insert and a count read, in one process.

    uv run python bench/campaigns/cpu_cost.py [--requests 2000] [--runs 3] [--database postgres|sqlite]

The HTTP bench (run.py) measures throughput, which on a shared, busy machine mostly measures the
neighbours. This one counts the CPU seconds the Django process itself spends per request
(``time.process_time``; the database server's own CPU is not included), through the full
middleware stack with Django's test client, and reports requests per CPU-second and the
sign/bare ratio, medians over ``--runs``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DB = "sg_campaigns_cpu_bench"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    args = parser.parse_args()
    if args.database == "postgres":
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB], check=True)
    else:
        os.environ["SAFEGUARD_VAR_DIR"] = "/tmp/campaigns-cpu-bench"  # noqa: S108
        Path("/tmp/campaigns-cpu-bench/safeguard.sqlite3").unlink(missing_ok=True)  # noqa: S108
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.campaigns.settings", DEBUG="false", DATABASE_CONN_MAX_AGE="600"
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command
    from django.test import Client

    from safeguard.accounts.models import Organisation
    from safeguard.campaigns import identity
    from safeguard.campaigns.models import Campaign, Petition, PetitionText, RateLimit
    from safeguard.countries.models import Country

    call_command("migrate", verbosity=0)
    org = Organisation.objects.create(
        name="Sec", slug="secretariat", kind="secretariat", country=Country.objects.get(iso2="TH")
    )
    campaign = Campaign.objects.create(
        slug="bench", name="Bench", owner=org, status="open", starts_on=date(2026, 1, 1)
    )
    for slug in ("bench", "bench-bare"):
        petition = Petition.objects.create(campaign=campaign, slug=slug)
        PetitionText.objects.create(petition=petition, language="en", title="Bench", body="Bench")
    RateLimit.objects.all().count()
    token = identity.form_token(time.time() - 60)
    client = Client()

    def body(prefix: str, n: int) -> dict[str, str]:
        return {
            "name": "Bench Signer",
            "email": f"{prefix}-{n}@bench.example.org",
            "country": "KE",
            "consent_count": "on",
            "website": "",
            "form_token": token,
        }

    def run(label: str, send: object) -> float:
        for n in range(50):  # warm caches and connections
            send(f"warm-{label}-{time.time_ns()}", n)
        started = time.process_time()
        for n in range(args.requests):
            send(f"{label}-{time.time_ns()}", n)
        return args.requests / (time.process_time() - started)

    def sign(prefix: str, n: int) -> None:
        response = client.post(
            "/campaigns/p/bench/sign/",
            body(prefix, n),
            HTTP_X_FORWARDED_FOR=f"10.{n % 250}.{n // 250 % 250}.1",
        )
        assert response.status_code == 303, response.status_code

    def bare(prefix: str, n: int) -> None:
        response = client.post("/bench/insert/", body(prefix, n))
        assert response.status_code == 303, response.status_code

    def read(prefix: str, n: int) -> None:
        assert client.get("/api/v1/campaigns/petitions/bench/counts").status_code == 200

    results: dict[str, list[float]] = {"bare": [], "sign": [], "read": []}
    for r in range(args.runs):
        results["bare"].append(run(f"bare{r}", bare))
        results["sign"].append(run(f"sign{r}", sign))
        results["read"].append(run(f"read{r}", read))
    med = {k: statistics.median(v) for k, v in results.items()}
    print(
        f"== CPU cost per request in the Django process ({args.database}, {args.requests} requests x {args.runs} runs) =="
    )
    print(f"bare insert  {med['bare']:7.0f} req per CPU-second")
    print(f"sign path    {med['sign']:7.0f} req per CPU-second  (sign/bare {med['sign'] / med['bare']:.2f})")
    print(f"count read   {med['read']:7.0f} req per CPU-second")


if __name__ == "__main__":
    main()
