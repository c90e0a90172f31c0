"""Shared set-up of the library benchmarks: Django on the database named by the environment."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def django_setup(name: str) -> None:
    """Django on DATABASE_URL, else on a SQLite file of its own under var/bench-library/<name>."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
    os.environ.setdefault("SAFEGUARD_VAR_DIR", str(ROOT / "var" / "bench-library" / name))
    os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "bench-library" / name / "media"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def database() -> str:
    """Which database the benchmark really runs on, to print with every result."""
    from django.db import connection

    return f"{connection.vendor} {connection.settings_dict['NAME']}"


def corpus(count: int, seed: int, prefix: str) -> float | None:
    """Build the synthetic corpus once (the resources of ``prefix``), or keep the one that is there.

    Returns the seconds the build took, or None when the corpus was already there. A database
    holding another benchmark's corpus is left alone (give each benchmark its own database).
    """
    from django.db import connection

    from safeguard.library.demo import build_corpus
    from safeguard.library.models import Resource

    existing = Resource.objects.filter(slug__startswith=f"{prefix}-").count()
    if existing >= count - 2:  # the two showcase resources have fixed slugs
        return None
    others = Resource.objects.exclude(slug__startswith=f"{prefix}-").count() - (2 if existing else 0)
    if others > 2:
        sys.exit(
            f"{database()} holds {others} resources of another corpus; give this benchmark a database"
            " of its own (DATABASE_URL) rather than rebuilding that one."
        )
    started = time.perf_counter()
    Resource.objects.all().delete()
    from safeguard.library.indexing import reindex_all

    reindex_all()  # clears index rows left by the delete
    build_corpus(count, seed=seed, prefix=prefix, pdfs=False)
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load anyway: planner statistics, visibility map.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started
