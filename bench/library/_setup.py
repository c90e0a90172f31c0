"""Shared set-up of the library benchmarks: Django on the database named by the environment."""

from __future__ import annotations

import os
import sys
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


def corpus(count: int, seed: int, prefix: str) -> None:
    """Build the synthetic corpus once (the resources of ``prefix``), or keep the one that is there."""
    from safeguard.library.demo import build_corpus
    from safeguard.library.models import Resource

    existing = Resource.objects.filter(slug__startswith=f"{prefix}-").count()
    if existing >= count - 2:  # the two showcase resources have fixed slugs
        return
    Resource.objects.all().delete()
    from safeguard.library.indexing import reindex_all

    reindex_all()  # clears index rows left by the delete
    build_corpus(count, seed=seed, prefix=prefix, pdfs=False)
