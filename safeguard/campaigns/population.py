"""Population by country for the share alarm (sources in data/README.md)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "population.csv"


@cache
def population() -> dict[str, int]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return {row["iso2"]: int(row["population"]) for row in csv.DictReader(handle)}
