"""What campaigns adds to shared pages: navigation, the home figure, the country profile, demo."""

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

from . import services
from .models import CountryChapter


def home_figures(request: HttpRequest) -> list[GlanceFigure]:
    return [GlanceFigure("campaign-signatures", _("petition signatures"), services.total_signatures())]


def country_campaigns(request: HttpRequest, country: Any) -> ProfileSection | None:
    chapters = list(
        CountryChapter.objects.filter(country=country, campaign__status__in=["open", "closed"])
        .select_related("campaign")
        .prefetch_related("targets", "handovers", "campaign__petitions")
        .order_by("-campaign__starts_on")
    )
    if not chapters:
        return None
    rows = []
    for chapter in chapters:
        total = 0
        for petition in chapter.campaign.petitions.all():
            counts = services.petition_counts(petition.pk)
            total += next((c["total"] for c in counts["countries"] if c["country"] == country.iso2), 0)
        rows.append({"chapter": chapter, "signatures": total, "handovers": list(chapter.handovers.all())})
    return ProfileSection(
        key="campaigns",
        title=_("Campaigns"),
        template="campaigns/_country_campaigns.html",
        context={"rows": rows},
    )


def _load_demo() -> list[Any]:
    from .demo import load

    return load()


def register() -> None:
    nav_items.register(
        "campaigns", NavItem("campaigns", gettext_lazy("Campaigns"), "campaigns:campaign-list")
    )
    glance_figures.register("campaigns", home_figures, order=40)
    country_sections.register("campaigns", country_campaigns, order=40)
    demo_loaders.register("campaigns", _load_demo, order=40)
