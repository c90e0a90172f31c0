"""Read-only public JSON API of country monitoring (the same query code as the pages)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from . import reports
from .models import Edition, FrameworkVersion

router = Router(tags=["monitoring"])


class EditionOut(Schema):
    slug: str
    title: str
    year: int
    framework_version: str
    period_start: str
    period_end: str


class RankOut(Schema):
    country: str
    name: str
    rank: int | None
    rank_min: int | None
    rank_max: int | None
    score: float | None
    band: str
    coverage: float
    bridge_score: float | None
    pillars: dict[str, float | None]
    red_flags: list[str]


@router.get("/editions", response=list[EditionOut], summary="Editions with published assessments")
def monitoring_editions(request: HttpRequest) -> list[EditionOut]:
    return [
        EditionOut(
            slug=e.slug,
            title=e.title,
            year=e.year,
            framework_version=e.framework.version,
            period_start=e.period_start.isoformat(),
            period_end=e.period_end.isoformat(),
        )
        for e in reports.public_editions()
    ]


@router.get("/editions/{slug}/scores", response=list[RankOut], summary="Ranking of an edition")
def monitoring_scores(request: HttpRequest, slug: str) -> list[RankOut]:
    edition = reports.edition_or_latest(slug)
    if edition is None:
        raise Http404
    return [
        RankOut(
            country=r.iso2,
            name=r.country,
            rank=r.rank,
            rank_min=r.rank_min,
            rank_max=r.rank_max,
            score=r.overall,
            band=r.band,
            coverage=r.coverage,
            bridge_score=r.bridge,
            pillars=r.pillars,
            red_flags=r.red_flags,
        )
        for r in reports.ranking(edition).rows
    ]


@router.get(
    "/editions/{slug}/countries/{iso2}", summary="One published assessment: answers, citations, scores"
)
def monitoring_assessment(request: HttpRequest, slug: str, iso2: str) -> dict[str, Any]:
    snapshot = (
        reports.current_snapshots()
        .filter(assessment__edition__slug=slug, assessment__country__iso2=iso2.upper())
        .first()
    )
    if snapshot is None:
        raise Http404
    return {"country": iso2.upper(), "edition": slug, "version": snapshot.version, **snapshot.data}


@router.get("/frameworks/{version}", summary="A framework version: pillars, indicators, sub-indicators")
def monitoring_framework(request: HttpRequest, version: str) -> dict[str, Any]:
    framework = FrameworkVersion.objects.filter(version=version).first()
    if framework is None:
        raise Http404
    return {
        "version": framework.version,
        "title": framework.title,
        "parameters": framework.parameters,
        "pillars": reports.framework_tree(framework),
        "editions": list(Edition.objects.filter(framework=framework).values_list("slug", flat=True)),
    }
