"""Read-side queries shared by the directory page, its API, the CSV export, the country profile
section, the home page figures and the support dashboard: one query code for every output."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from safeguard.countries.models import Country
from safeguard.lib.registry import GlanceFigure, ProfileSection

from .models import LISTED_STATUSES, CountryCoverage, MemberRecord, MembershipCategory, Region, SupportRequest


def current_coverage(on: Any = None) -> QuerySet[CountryCoverage]:
    on = on or timezone.localdate()
    return CountryCoverage.objects.filter(start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )


def search(
    *,
    q: str = "",
    country: Country | None = None,
    region: str = "",
    category: MembershipCategory | None = None,
) -> QuerySet[MemberRecord]:
    """The listed members matching the filters, with what the directory shows prefetched."""
    records = (
        MemberRecord.objects.listed()
        .select_related("organisation", "organisation__country", "category")
        .prefetch_related(
            Prefetch(
                "coverage",
                queryset=current_coverage().select_related("country"),
                to_attr="current_coverage",
            )
        )
        .order_by("organisation__name")
    )
    if q:
        records = records.filter(organisation__name__icontains=q)
    if country is not None:
        records = records.filter(
            Q(organisation__country=country)
            | Q(pk__in=current_coverage().filter(country=country).values("record"))
        )
    if region:
        records = records.filter(region=region)
    if category is not None:
        records = records.filter(category=category)
    return records


def covered_countries() -> dict[str, int]:
    """ISO2 code -> number of listed members covering the country today."""
    counts: dict[str, int] = {}
    rows = (
        current_coverage()
        .filter(record__status__in=LISTED_STATUSES)
        .order_by()
        .values_list("country__iso2", "record_id")
        .distinct()
    )
    for iso2, _record_id in rows:
        counts[iso2] = counts.get(iso2, 0) + 1
    return counts


def coverage_map() -> dict[str, Any]:
    """The directory's map data: covered countries (level 3), gaps (level 0, no member)."""
    from safeguard.lib.worldmap import map_legend, world_map

    covered = covered_countries()
    countries = list(Country.objects.ordered_by_name().only("iso2", "name_en", "name_fr", "name_es"))
    levels = {c.iso2: 3 if c.iso2 in covered else 0 for c in countries}
    labels = {
        c.iso2: (
            _("%(country)s: %(n)s member(s)") % {"country": c.name, "n": covered[c.iso2]}
            if c.iso2 in covered
            else _("%(country)s: no member") % {"country": c.name}
        )
        for c in countries
    }
    svg = world_map(levels, title=_("Countries covered by the network's members"), labels=labels)
    legend = map_legend(
        [(3, _("covered by a member")), (0, _("no member (gap)")), (None, _("not a country of the list"))]
    )
    return {
        "svg": svg,
        "legend": legend,
        "covered": [(c, covered[c.iso2]) for c in countries if c.iso2 in covered],
        "gaps": [c for c in countries if c.iso2 not in covered],
    }


def directory_countries() -> QuerySet[Country]:
    """The countries the directory's filter offers: those where a listed member works."""
    covering = current_coverage().filter(record__status__in=LISTED_STATUSES).values("country")
    return Country.objects.filter(pk__in=covering).ordered_by_name()


def members_in_country(country: Country) -> list[MemberRecord]:
    return list(
        MemberRecord.objects.listed()
        .filter(pk__in=current_coverage().filter(country=country).values("record"))
        .select_related("organisation", "category")
        .order_by("organisation__name")
    )


def country_section(request: HttpRequest, country: Any) -> ProfileSection | None:
    """The country profile's list of the members working in the country."""
    return ProfileSection(
        key="network-members",
        title=_("Members of the network working here"),
        template="network/_country_members.html",
        context={"records": members_in_country(country)},
    )


def glance(request: HttpRequest) -> list[GlanceFigure]:
    """Home page: admitted members and the countries they cover (replaces the accounts figures)."""
    return [
        GlanceFigure(
            "member-organisations", _("member organisations"), MemberRecord.objects.listed().count()
        ),
        GlanceFigure("member-countries", _("countries covered by a member"), len(covered_countries())),
    ]


EXPORT_HEADER = [
    "organisation",
    "slug",
    "country",
    "region",
    "category",
    "status",
    "member_since",
    "website",
    "registration_number",
    "countries_covered",
]


def export_rows() -> Iterator[list[Any]]:
    records = (
        MemberRecord.objects.select_related("organisation", "organisation__country", "category")
        .prefetch_related(
            Prefetch(
                "coverage", queryset=current_coverage().select_related("country"), to_attr="current_coverage"
            )
        )
        .order_by("organisation__name")
    )
    for record in records.iterator(chunk_size=500):
        org = record.organisation
        yield [
            org.name,
            org.slug,
            org.country.iso2,
            record.region,
            record.category.slug,
            record.status,
            record.member_since.isoformat() if record.member_since else "",
            org.website,
            record.registration_number,
            " ".join(sorted(c.country.iso2 for c in record.current_coverage)),
        ]


def support_by_region() -> list[dict[str, Any]]:
    """Open requests and the median days to resolution, per region (the support dashboard)."""
    rows = SupportRequest.objects.values_list(
        "organisation__member_record__region", "state", "created_at", "resolved_at"
    )
    stats: dict[str, dict[str, Any]] = {
        value: {"open": 0, "durations": []} for value, _label in Region.choices
    }
    for region, state, created_at, resolved_at in rows:
        entry = stats.setdefault(region or "", {"open": 0, "durations": []})
        if state == SupportRequest.State.RESOLVED and resolved_at is not None:
            entry["durations"].append((resolved_at - created_at).total_seconds() / 86400)
        else:
            entry["open"] += 1
    labels = dict(Region.choices)
    return [
        {
            "region": labels.get(region, _("no region")),
            "open": entry["open"],
            "resolved": len(entry["durations"]),
            "median_days": round(statistics.median(entry["durations"]), 1) if entry["durations"] else None,
        }
        for region, entry in stats.items()
    ]
