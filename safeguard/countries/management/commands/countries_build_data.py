"""Regenerate ``countries/data/countries.json`` from well-kept packages (the ``data`` group)."""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
LANGUAGES = ("en", "fr", "es")


def load_m49() -> list[dict[str, str]]:
    with (DATA_DIR / "m49_regions.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def unregion_by_iso3() -> dict[str, str]:
    """Read country-converter's table directly: importing it would pull in pandas."""
    table = resources.files("country_converter").joinpath("country_data.tsv").read_text("utf-8")
    rows = csv.DictReader(table.splitlines(), delimiter="\t")
    return {row["ISO3"]: row["UNregion"] for row in rows if row["ISO3"] and not row["obsolete"]}


def build(m49: list[dict[str, str]]) -> dict[str, Any]:
    try:
        import pycountry
        from babel import Locale
    except ImportError as exc:  # pragma: no cover - depends on the installed group
        raise CommandError("Run with the data group: uv run --group data ...") from exc

    locales = {lang: Locale(lang) for lang in LANGUAGES}
    by_name = {row["name_en"]: row for row in m49}
    by_code = {row["m49"]: row for row in m49}
    regions = [
        {
            "m49": row["m49"],
            "level": int(row["level"]),
            "parent": row["parent"] or None,
            "name_en": row["name_en"],
            "name_fr": locales["fr"].territories[row["m49"]],
            "name_es": locales["es"].territories[row["m49"]],
        }
        for row in m49
    ]
    unregions = unregion_by_iso3()
    countries = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        chain: list[str] = []
        unregion = unregions.get(c.alpha_3, "")
        if unregion in by_name:
            code: str | None = by_name[unregion]["m49"]
            while code:
                chain.insert(0, code)
                code = by_code[code]["parent"] or None
        countries.append(
            {
                "iso2": c.alpha_2,
                "iso3": c.alpha_3,
                "numeric": c.numeric,
                **{f"name_{lang}": locales[lang].territories.get(c.alpha_2, c.name) for lang in LANGUAGES},
                "region": chain[0] if chain else None,
                "sub_region": chain[1] if len(chain) > 1 else None,
                "intermediate_region": chain[2] if len(chain) > 2 else None,
            }
        )
    return {"version": 1, "regions": regions, "countries": countries}


class Command(BaseCommand):
    help = "Write a new version of the country data file from pycountry, Babel and country-converter."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("version", type=int, help="the data version to write (countries-vN.json)")

    def handle(self, *args: Any, **options: Any) -> None:
        data = build(load_m49())
        data["version"] = options["version"]
        target = DATA_DIR / f"countries-v{options['version']}.json"
        if target.exists():
            raise CommandError(f"{target.name} exists: a published version never changes; write a new one.")
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        missing = [c["iso2"] for c in data["countries"] if c["region"] is None]
        self.stdout.write(f"Wrote {len(data['countries'])} countries to {target}")
        if missing:
            self.stdout.write(f"No M49 region (as in the standard): {', '.join(missing)}")
