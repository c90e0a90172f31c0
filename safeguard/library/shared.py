"""What the library adds to shared pages: navigation, home figure, country section, demo data."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safeguard.lib.registry import (
    GlanceFigure,
    NavItem,
    ProfileSection,
    country_sections,
    demo_loaders,
    glance_figures,
    nav_items,
)

from .access import visible_versions

COUNTRY_LIMIT = 10


def library_figures(request: HttpRequest) -> list[GlanceFigure]:
    return [
        GlanceFigure(
            "library-resources", _("resources in the library"), visible_versions(request.user).count()
        )
    ]


def country_resources(request: HttpRequest, country: Any) -> ProfileSection | None:
    versions = visible_versions(request.user).filter(
        pk__in=visible_versions(request.user).filter(countries=country).values("pk")
    )
    total = versions.count()
    latest = list(versions.select_related("resource").order_by("-year", "-pk")[:COUNTRY_LIMIT])
    return ProfileSection(
        key="library",
        title=_("Library resources about this country"),
        template="library/_country_resources.html",
        context={"versions": latest, "total": total, "iso2": country.iso2},
    )


def load_demo() -> list[Any]:
    from .demo import load

    return load()


def register() -> None:
    nav_items.register("library", NavItem("library", gettext_lazy("Library"), "library:search"))
    glance_figures.register("library", library_figures, order=50)
    country_sections.register("library", country_resources, order=50)
    demo_loaders.register("library", load_demo, order=50)
