"""What accounts adds to shared pages: the home page figures and the country profile section."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from safeguard.lib.registry import GlanceFigure, ProfileSection, country_sections, glance_figures

from .models import Organisation


def network_figures(request: HttpRequest) -> list[GlanceFigure]:
    members = Organisation.objects.members()
    return [
        GlanceFigure("member-organisations", _("member organisations"), members.count()),
        GlanceFigure(
            "member-countries", _("countries with a member"), members.values("country").distinct().count()
        ),
    ]


def country_organisations(request: HttpRequest, country: Any) -> ProfileSection | None:
    organisations = list(
        Organisation.objects.filter(country=country)
        # Members are listed by the network app, companies by the Code.
        .exclude(kind__in=[Organisation.Kind.COMPANY, Organisation.Kind.MEMBER])
        .order_by("kind", "name")
    )
    if not organisations:
        return None
    return ProfileSection(
        key="organisations",
        title=_("Network organisations"),
        template="accounts/_country_organisations.html",
        context={"organisations": organisations},
    )


def register() -> None:
    glance_figures.register("accounts", network_figures, order=10)
    country_sections.register("accounts", country_organisations, order=10)
