"""What The Code adds to shared pages: home figures, the country profile section, navigation."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safeguard.lib.registry import (
    GlanceFigure,
    NavItem,
    ProfileSection,
    country_sections,
    glance_figures,
    nav_items,
)

from .models import Representative, Signatory, State


def code_figures(request: HttpRequest) -> list[GlanceFigure]:
    active = Signatory.objects.filter(state=State.ACTIVE)
    return [
        GlanceFigure("code-members", _("companies in The Code"), active.count()),
        GlanceFigure(
            "code-countries", _("countries with Code members"), active.values("country").distinct().count()
        ),
    ]


def country_members(request: HttpRequest, country: Any) -> ProfileSection | None:
    listed = Signatory.objects.listed().filter(country=country)
    members = list(listed.order_by("name")[:25])
    total = Signatory.objects.filter(country=country, state=State.ACTIVE).count()
    sectors = list(listed.order_by().values("sector").annotate(n=Count("pk")).order_by("-n"))
    representatives = list(
        Representative.objects.filter(countries=country)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return ProfileSection(
        key="code",
        title=_("The Code: travel and tourism companies"),
        template="tourism/_country_section.html",
        context={
            "members": members,
            "total": total,
            "listed": listed.count(),
            "representatives": representatives,
            "country": country,
            "sectors": sectors,
        },
    )


def register() -> None:
    glance_figures.register("tourism", code_figures, order=30)
    country_sections.register("tourism", country_members, order=30)
    nav_items.register("tourism", NavItem("tourism", gettext_lazy("The Code"), "tourism:directory"))
