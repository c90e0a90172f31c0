"""The Code's reference data (criteria by version, fee bands, discounts, rules, rubric) from the
versioned data file ``data/code-criteria.json``: loaded by a named data migration and by the
``code_load_criteria`` command, idempotently (natural keys and update_or_create)."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "code-criteria.json"


@functools.cache
def reference() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def rules() -> dict[str, Any]:
    """Deadlines, reminder days, grace period and suspension threshold, as published."""
    return reference()["rules"]


def rubric() -> dict[str, Any]:
    return reference()["rubric"]


def load_reference(apps: Any = None) -> dict[str, int]:
    """Create or update every version, criterion, fee band and discount; returns counts."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    version_model = apps.get_model("tourism", "CriteriaVersion")
    criterion_model = apps.get_model("tourism", "Criterion")
    band_model = apps.get_model("tourism", "FeeBand")
    discount_model = apps.get_model("tourism", "PartnerDiscount")
    data = reference()
    counts = {"versions": 0, "criteria": 0, "bands": 0, "discounts": 0}
    for band in data["fee_bands"]:
        band_model.objects.update_or_create(
            code=band["code"], defaults={k: v for k, v in band.items() if k != "code"}
        )
        counts["bands"] += 1
    for discount in data["partner_discounts"]:
        discount_model.objects.update_or_create(
            code=discount["code"], defaults={"name": discount["name"], "percent": discount["percent"]}
        )
        counts["discounts"] += 1
    version_model.objects.filter(is_current=True).exclude(
        year__in=[v["year"] for v in data["versions"] if v.get("current")]
    ).update(is_current=False)
    for entry in data["versions"]:
        version, _ = version_model.objects.update_or_create(
            year=entry["year"], defaults={"label": entry["label"], "is_current": bool(entry.get("current"))}
        )
        counts["versions"] += 1
        for module, key in (("core", "criteria"), ("voluntourism", "voluntourism")):
            for item in entry.get(key, []):
                criterion_model.objects.update_or_create(
                    version=version,
                    module=module,
                    number=item["number"],
                    defaults={
                        "title_en": item["title_en"],
                        "title_fr": item["title_fr"],
                        "title_es": item["title_es"],
                        "indicators": item["indicators"],
                        "evidence": item["evidence"][0],
                        "refuses_orphanage_tourism": bool(item.get("refuses_orphanage_tourism")),
                    },
                )
                counts["criteria"] += 1
    return counts
