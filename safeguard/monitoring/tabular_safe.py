"""Formula-safe cells for the XLSX export (the same rule as ``safeguard.lib.tabular.csv_safe``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from safeguard.lib.tabular import csv_safe


def safe_row(row: Sequence[Any]) -> list[Any]:
    return [csv_safe(value) for value in row]
