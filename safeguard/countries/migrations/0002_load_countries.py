"""Load version 1 of the country reference data (see ``countries/data/README.md``).

This migration names its file: a later version of the data is a new file and a new migration,
so replaying history always gives the same rows.
"""

import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "countries-v1.json"


def load(apps, schema_editor):
    Region = apps.get_model("countries", "Region")
    Country = apps.get_model("countries", "Country")
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    regions = {}
    for row in sorted(data["regions"], key=lambda r: r["level"]):
        parent = regions[row["parent"]] if row["parent"] else None
        regions[row["m49"]], _ = Region.objects.update_or_create(
            m49=row["m49"],
            defaults={
                "level": row["level"],
                "parent": parent,
                "name_en": row["name_en"],
                "name_fr": row["name_fr"],
                "name_es": row["name_es"],
            },
        )
    for row in data["countries"]:
        Country.objects.update_or_create(
            iso2=row["iso2"],
            defaults={
                "iso3": row["iso3"],
                "numeric": row["numeric"],
                "name_en": row["name_en"],
                "name_fr": row["name_fr"],
                "name_es": row["name_es"],
                "region": regions.get(row["region"]),
                "sub_region": regions.get(row["sub_region"]),
                "intermediate_region": regions.get(row["intermediate_region"]),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("countries", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
