"""Read queries shared by pages, the API and the CSV exports (one query code, every output)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from safeguard.countries.models import Country, Region

from .models import (
    Capability,
    CapabilityAssessment,
    Domain,
    FrameworkVersion,
    IndustryCommitment,
    OnlineActor,
    PolicyInstrument,
    ReportingChannel,
)

Kind = ReportingChannel.Kind
# Ranks at or below this are a gap ("not started" or "building").
GAP_RANK = 2


# Where to report ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelGroup:
    kind: str
    label: str
    channels: list[ReportingChannel]


@dataclass(frozen=True)
class Directory:
    """The ordered services of one country, and the international fallback when it has no hotline."""

    country: Country
    groups: list[ChannelGroup]
    fallbacks: list[ReportingChannel]

    @property
    def has_hotline(self) -> bool:
        return any(group.kind == Kind.HOTLINE for group in self.groups)

    @property
    def channels(self) -> list[ReportingChannel]:
        return [channel for group in self.groups for channel in group.channels] + self.fallbacks


def _sort_key(channel: ReportingChannel) -> tuple[int, int, str]:
    return (channel.kind_rank, channel.priority, channel.name)


def directory_for(country: Country) -> Directory:
    """Published channels of ``country`` in the page's order: emergency, hotline, police online,
    helpline, offender prevention; then the international fallback if there is no hotline.

    One query; identical for every visitor (only published items, nothing about who asks).
    """
    rows = sorted(
        ReportingChannel.objects.shown().filter(Q(country=country) | Q(is_international_fallback=True)),
        key=_sort_key,
    )
    national = [c for c in rows if c.country_id == country.pk]
    groups = [
        ChannelGroup(kind, str(label), [c for c in national if c.kind == kind])
        for kind, label in Kind.choices
    ]
    groups = [group for group in groups if group.channels]
    has_hotline = any(group.kind == Kind.HOTLINE for group in groups)
    fallbacks = [] if has_hotline else [c for c in rows if c.country_id is None]
    return Directory(country=country, groups=groups, fallbacks=fallbacks)


def directory_countries() -> QuerySet[Country]:
    """Every country: the lookup works for all, with the fallback where we know of no service."""
    return Country.objects.ordered_by_name().only("iso2", "name_en", "name_fr", "name_es")


# Tracker -----------------------------------------------------------------------------------------


def backbone_version() -> FrameworkVersion | None:
    """The framework version of the heat map: the current Model National Response."""
    return (
        FrameworkVersion.objects.select_related("framework")
        .filter(framework__code="mnr", is_current=True)
        .first()
    )


@dataclass
class HeatRow:
    capability: Capability
    assessment: CapabilityAssessment | None


@dataclass
class HeatDomain:
    domain: Domain
    rows: list[HeatRow] = field(default_factory=list)


def heat_map(country: Country, user: Any, version: FrameworkVersion | None = None) -> list[HeatDomain]:
    """The capabilities of ``version`` by domain, each with the assessment ``user`` may see."""
    version = version or backbone_version()
    if version is None:
        return []
    assessments = {
        a.capability_id: a
        for a in CapabilityAssessment.objects.visible_to(user)
        .filter(country=country, capability__framework_version=version)
        .select_related("level")
        .prefetch_related("evidence")
    }
    domains: dict[int, HeatDomain] = {}
    for capability in Capability.objects.filter(framework_version=version).select_related("domain"):
        entry = domains.setdefault(capability.domain_id, HeatDomain(capability.domain))
        entry.rows.append(HeatRow(capability, assessments.get(capability.pk)))
    return sorted(domains.values(), key=lambda d: d.domain.order)


def instruments_for(country: Country, user: Any) -> QuerySet[PolicyInstrument]:
    return (
        PolicyInstrument.objects.visible_to(user)
        .filter(country=country)
        .select_related("lead_body")
        .prefetch_related("covers")
    )


def actors_for(country: Country) -> QuerySet[OnlineActor]:
    """The country's hotlines, helplines, police units, regulators, ministries and companies,
    each with its network affiliations (INHOPE, Child Helpline International, VGT...)."""
    return (
        OnlineActor.objects.filter(country=country)
        .prefetch_related("affiliations__network")
        .order_by("kind", "name")
    )


def commitments_for(country: Country, user: Any) -> QuerySet[IndustryCommitment]:
    return (
        IndustryCommitment.objects.visible_to(user)
        .filter(countries=country)
        .select_related("actor", "framework__framework", "instrument")
    )


@dataclass(frozen=True)
class CountrySummary:
    country: Country
    assessed: int
    mean_rank: float | None
    gaps: int

    @property
    def map_level(self) -> int | None:
        return None if self.mean_rank is None else round(self.mean_rank)


def country_summaries(user: Any, version: FrameworkVersion | None = None) -> list[CountrySummary]:
    """Per country with visible assessments: how many, mean level (unknown left out), gaps."""
    version = version or backbone_version()
    if version is None:
        return []
    ranks: dict[int, list[int]] = defaultdict(list)
    for country_id, rank in (
        CapabilityAssessment.objects.visible_to(user)
        .filter(capability__framework_version=version)
        .values_list("country_id", "level__rank")
    ):
        ranks[country_id].append(rank)
    countries = Country.objects.filter(pk__in=ranks).ordered_by_name()
    result = []
    for country in countries:
        known = [rank for rank in ranks[country.pk] if rank > 0]
        result.append(
            CountrySummary(
                country=country,
                assessed=len(ranks[country.pk]),
                mean_rank=sum(known) / len(known) if known else None,
                gaps=sum(1 for rank in known if rank <= GAP_RANK),
            )
        )
    return result


@dataclass
class RegionGaps:
    region: Region
    countries: int = 0
    cells: dict[int, tuple[int, int]] = field(default_factory=dict)  # domain id -> (gaps, assessed)


def regional_gaps(user: Any) -> tuple[list[Domain], list[RegionGaps]]:
    """Per UN region and domain of the backbone framework: assessments that are gaps / all known."""
    version = backbone_version()
    if version is None:
        return [], []
    domains = list(Domain.objects.filter(framework_version=version))
    rows = (
        CapabilityAssessment.objects.visible_to(user)
        .filter(capability__framework_version=version, level__rank__gt=0)
        .values_list("country__region_id", "country_id", "capability__domain_id", "level__rank")
    )
    assessed: Counter[tuple[int, int]] = Counter()
    gaps: Counter[tuple[int, int]] = Counter()
    countries: dict[int, set[int]] = defaultdict(set)
    for region_id, country_id, domain_id, rank in rows:
        if region_id is None:
            continue
        countries[region_id].add(country_id)
        assessed[(region_id, domain_id)] += 1
        gaps[(region_id, domain_id)] += rank <= GAP_RANK
    result = []
    for region in Region.objects.filter(pk__in=countries).order_by("name_en"):
        entry = RegionGaps(region, len(countries[region.pk]))
        entry.cells = {d.pk: (gaps[(region.pk, d.pk)], assessed[(region.pk, d.pk)]) for d in domains}
        result.append(entry)
    return domains, result


def countries_without_hotline() -> list[Country]:
    """Countries in the directory (any published channel) with no published national hotline."""
    shown = ReportingChannel.objects.shown().filter(country__isnull=False)
    with_hotline = shown.filter(kind=Kind.HOTLINE).values("country_id")
    return list(
        Country.objects.filter(pk__in=shown.values("country_id"))
        .exclude(pk__in=with_hotline)
        .with_regions()
        .ordered_by_name()
    )


def stale_channels(today: date | None = None) -> QuerySet[ReportingChannel]:
    return ReportingChannel.objects.stale(today).select_related("country").order_by("last_verified_on")


def unverified_channels() -> QuerySet[ReportingChannel]:
    return (
        ReportingChannel.objects.filter(status=ReportingChannel.Status.UNVERIFIED)
        .select_related("country")
        .order_by("country__iso2", "name")
    )


def commitments_by_company(user: Any) -> list[tuple[Any, list[IndustryCommitment]]]:
    """Commitments grouped by company, each with its stage (endorsed is never implemented)."""
    grouped: dict[int, tuple[Any, list[IndustryCommitment]]] = {}
    for commitment in IndustryCommitment.objects.visible_to(user).select_related(
        "actor__country", "framework__framework", "instrument__country"
    ):
        grouped.setdefault(commitment.actor_id, (commitment.actor, []))[1].append(commitment)
    return sorted(grouped.values(), key=lambda item: item[0].name)


def stage_counts(user: Any) -> list[tuple[str, str, int]]:
    counts = Counter(IndustryCommitment.objects.visible_to(user).values_list("stage", flat=True))
    return [(value, str(label), counts[value]) for value, label in IndustryCommitment.Stage.choices]


@dataclass(frozen=True)
class RegionFreshness:
    region: Region
    entries: int
    unverified: int
    stale: int


def directory_freshness(today: date | None = None) -> list[RegionFreshness]:
    """Per UN region: published entries, how many are unverified, how many are due for re-verification."""
    shown = list(
        ReportingChannel.objects.shown()
        .filter(country__region__isnull=False)
        .values_list("country__region_id", "status", "last_verified_on")
    )
    probe = ReportingChannel()
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for region_id, status, verified in shown:
        probe.last_verified_on = verified
        entry = counts[region_id]
        entry[0] += 1
        entry[1] += status == ReportingChannel.Status.UNVERIFIED
        entry[2] += probe.is_stale(today)
    regions = Region.objects.filter(pk__in=counts).order_by("name_en")
    return [RegionFreshness(region, *counts[region.pk]) for region in regions]
