"""The catalogue as rows (CSV export and API share it); access is applied first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch

from .access import visible_versions
from .models import Creator, ResourceVersion, VersionLanguage

CATALOGUE_HEADER = [
    "slug",
    "title",
    "creators",
    "publisher",
    "year",
    "type",
    "themes",
    "languages",
    "countries",
    "licence",
    "isbn",
    "doi",
    "access",
    "url",
]


def catalogue_versions(user: Any) -> Any:
    return (
        visible_versions(user)
        .select_related("resource")
        .prefetch_related(
            Prefetch("creators", queryset=Creator.objects.order_by("position")),
            "themes",
            Prefetch("languages", queryset=VersionLanguage.objects.order_by("position")),
            "countries",
        )
        .order_by("resource__slug")
    )


def catalogue_rows(user: Any, base_url: str) -> Iterator[list[Any]]:
    for version in catalogue_versions(user).iterator(chunk_size=500):
        yield [
            version.resource.slug,
            version.title,
            "; ".join(str(c) for c in version.creators.all()),
            version.publisher,
            version.year,
            version.resource_type,
            "; ".join(t.theme for t in version.themes.all()),
            "; ".join(lang.language for lang in version.languages.all()),
            "; ".join(c.iso2 for c in version.countries.all()),
            version.licence,
            version.isbn,
            version.doi,
            version.resource.access,
            f"{base_url}{version.resource.slug}/",
        ]


__all__ = ["CATALOGUE_HEADER", "ResourceVersion", "catalogue_rows", "catalogue_versions"]
