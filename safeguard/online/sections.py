"""What this app adds to shared pages: the country profile section and a home-page figure."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from safeguard.lib.registry import GlanceFigure, ProfileSection

from . import queries
from .models import ReportingChannel


def country_section(request: HttpRequest, country: Any) -> ProfileSection:
    version = queries.backbone_version()
    heat_map = queries.heat_map(country, request.user, version)
    return ProfileSection(
        key="online",
        title=_("Online protection"),
        template="online/_section.html",
        context={
            "country": country,
            "version": version,
            "heat_map": heat_map,
            "assessed": any(row.assessment for block in heat_map for row in block.rows),
            "instruments": list(queries.instruments_for(country, request.user)),
            "commitments": list(queries.commitments_for(country, request.user)),
            "directory": queries.directory_for(country),
        },
    )


def glance(request: HttpRequest) -> list[GlanceFigure]:
    count = (
        ReportingChannel.objects.shown().filter(country__isnull=False).values("country_id").distinct().count()
    )
    return [
        GlanceFigure("online-directory-countries", _("countries in the where-to-report directory"), count)
    ]
