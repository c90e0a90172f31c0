"""One query for the public directory: the page, the CSV export and the API all use it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Signatory

DIRECTORY_FIELDS = (
    "name",
    "slug",
    "city",
    "sector",
    "recognition",
    "member_since",
    "website",
    "country__iso2",
)


def directory_search(
    *, q: str = "", country: str = "", city: str = "", sector: str = "", recognition: str = ""
) -> QuerySet[Signatory]:
    """Listed active members matching every filter given (name and city: contains, case-insensitive)."""
    qs = Signatory.objects.listed().select_related("country")
    if q:
        qs = qs.filter(name__icontains=q.strip())
    if country:
        qs = qs.filter(country__iso2=country.upper())
    if city:
        qs = qs.filter(city__icontains=city.strip())
    if sector:
        qs = qs.filter(sector=sector)
    if recognition:
        qs = qs.filter(recognition=recognition)
    return qs.order_by("name", "pk")


def directory_filters(data: Any) -> dict[str, str]:
    return {
        key: (data.get(key) or "").strip()[:100] for key in ("q", "country", "city", "sector", "recognition")
    }
