"""The read side: rankings, country reports and comparisons from published snapshots.

Pages, the API and the open-data exports all call these functions, so they show the same numbers.
Only published (or corrected) assessments appear, and always as their current snapshot.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db.models import QuerySet

from . import scoring
from .forms import VALUE_LABELS
from .framework import method_for
from .models import PUBLIC_STATES, Edition, FrameworkVersion, Indicator, Pillar, Snapshot, SubIndicator


def public_editions() -> list[Edition]:
    return list(
        Edition.objects.filter(assessments__state__in=PUBLIC_STATES)
        .distinct()
        .select_related("framework")
        .order_by("-year")
    )


def edition_or_latest(slug: str | None) -> Edition | None:
    editions = public_editions()
    if slug:
        return next((e for e in editions if e.slug == slug), None)
    return editions[0] if editions else None


def previous_edition(edition: Edition) -> Edition | None:
    return next((e for e in public_editions() if e.year < edition.year), None)


def current_snapshots(edition: Edition | None = None) -> QuerySet[Snapshot]:
    queryset = Snapshot.objects.filter(is_current=True, assessment__state__in=PUBLIC_STATES).select_related(
        "assessment__country", "assessment__edition"
    )
    if edition is not None:
        queryset = queryset.filter(assessment__edition=edition)
    return queryset


@dataclass
class RankRow:
    iso2: str
    country: str
    overall: float | None
    coverage: float
    band: str
    bridge: float | None
    pillars: dict[str, float | None]
    red_flags: list[str]
    rank: int | None = None
    rank_min: int | None = None
    rank_max: int | None = None
    change: float | None = None
    pillar_list: list[float | None] = field(default_factory=list)


@dataclass
class Ranking:
    edition: Edition
    rows: list[RankRow]
    pillar_codes: list[str]
    weights: dict[str, float]
    custom: bool = False
    previous: Edition | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def ranking(edition: Edition, weights: Mapping[str, float] | None = None) -> Ranking:
    """Every published country of the edition, ranked; rank range over the alternative weightings."""
    method = method_for(edition.framework)
    snapshots = current_snapshots(edition).defer("data")
    rows = [
        RankRow(
            iso2=s.assessment.country.iso2,
            country=s.assessment.country.name,
            overall=s.overall,
            coverage=s.coverage,
            band=s.band,
            bridge=s.bridge,
            pillars=s.pillars,
            red_flags=s.red_flags,
        )
        for s in snapshots
    ]
    penalties = {
        r.iso2: sum(float(f["penalty"]) for f in method.red_flags if f["code"] in r.red_flags) for r in rows
    }
    custom = weights is not None and dict(weights) != dict(method.pillar_weights)
    if custom:
        for row in rows:
            value = scoring.weighted_overall(row.pillars, weights)  # type: ignore[arg-type]
            cap = "C" if row.red_flags else ""
            row.overall = None if value is None else round(max(0.0, value - penalties[row.iso2]), 2)
            row.band = scoring.band_for(row.overall, method, cap=cap)
    ranks = scoring.ranks({r.iso2: r.overall for r in rows})
    ranges = scoring.rank_ranges({r.iso2: r.pillars for r in rows}, method, penalties)
    previous = previous_edition(edition)
    before = {}
    if previous is not None:
        before = dict(current_snapshots(previous).values_list("assessment__country__iso2", "bridge"))
    for row in rows:
        row.rank = ranks.get(row.iso2)
        row.rank_min, row.rank_max = ranges.get(row.iso2, (None, None))
        old = before.get(row.iso2)
        row.change = None if old is None or row.bridge is None else round(row.bridge - old, 2)
    pillar_codes = list(method.pillar_weights)
    for row in rows:
        row.pillar_list = [row.pillars.get(code) for code in pillar_codes]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.country))
    return Ranking(
        edition=edition,
        rows=rows,
        pillar_codes=pillar_codes,
        weights=dict(weights or method.pillar_weights),
        custom=custom,
        previous=previous,
    )


@lru_cache(maxsize=8)
def _tree_cached(framework_id: int, _stamp: str) -> list[dict[str, Any]]:
    pillars = list(Pillar.objects.filter(framework_id=framework_id).order_by("number"))
    indicators = list(
        Indicator.objects.filter(pillar__framework_id=framework_id).order_by("pillar__number", "position")
    )
    subs = list(SubIndicator.objects.filter(framework_id=framework_id).order_by("position"))
    tree = []
    for pillar in pillars:
        entry = {"code": pillar.code, "title": pillar.title, "weight": pillar.weight, "indicators": []}
        for indicator in indicators:
            if indicator.pillar_id != pillar.pk:
                continue
            entry["indicators"].append(
                {
                    "code": indicator.code,
                    "title": indicator.title,
                    "subs": [
                        {
                            "code": s.code,
                            "text": s.text,
                            "answer_type": s.answer_type,
                            "elements": s.elements,
                            "unit": s.unit,
                            "evidence": s.evidence,
                            "scored": s.is_scored,
                            "lineage": s.lineage_status,
                        }
                        for s in subs
                        if s.indicator_id == indicator.pk
                    ],
                }
            )
        tree.append(entry)
    return tree


def framework_tree(version: FrameworkVersion) -> list[dict[str, Any]]:
    """Pillars, indicators and sub-indicators as plain data (cached per loaded version)."""
    return _tree_cached(version.pk, version.loaded_at.isoformat())


def report_context(snapshot: Snapshot) -> dict[str, Any]:
    """The A4A-style report: each pillar with narrative, answers, numbered endnotes, priorities."""
    data = snapshot.data
    answers = {a["code"]: a for a in data["answers"]}
    endnotes: list[dict[str, Any]] = []
    pillars = []
    for pillar in framework_tree(snapshot.assessment.edition.framework):
        indicators = []
        for indicator in pillar["indicators"]:
            rows = []
            for sub in indicator["subs"]:
                answer = answers.get(sub["code"])
                notes = []
                for citation in (answer or {}).get("citations", []):
                    endnotes.append(citation)
                    notes.append(len(endnotes))
                label = VALUE_LABELS.get(answer["value"], answer["value"]) if answer else ""
                rows.append({"sub": sub, "answer": answer, "notes": notes, "label": label})
            indicators.append(
                {
                    "indicator": indicator,
                    "score": data["indicators"].get(indicator["code"]),
                    "rows": rows,
                    "priority": data["narratives"].get(f"priority:{indicator['code']}", ""),
                }
            )
        pillars.append(
            {
                "pillar": pillar,
                "score": data["pillars"].get(pillar["code"]),
                "narrative": data["narratives"].get(f"narrative:{pillar['code']}", ""),
                "indicators": indicators,
            }
        )
    priorities = [
        {"code": i["indicator"]["code"], "title": i["indicator"]["title"], "text": i["priority"]}
        for p in pillars
        for i in p["indicators"]
        if i["priority"]
    ]
    return {"pillars": pillars, "endnotes": endnotes, "priorities": priorities, "data": data}


def sub_meta(version: FrameworkVersion) -> dict[str, tuple[str, str, str]]:
    """code -> (pillar, indicator, answer type), for the exports."""
    return {
        code: (pillar, indicator, answer_type)
        for code, pillar, indicator, answer_type in SubIndicator.objects.filter(
            framework=version
        ).values_list("code", "indicator__pillar__code", "indicator__code", "answer_type")
    }


def iter_published(edition: Edition | None = None) -> Iterator[Snapshot]:
    """Current snapshots one by one (constant memory)."""
    return (
        current_snapshots(edition)
        .select_related("assessment__edition__framework")
        .order_by("assessment__edition__year", "assessment__country__iso2")
        .iterator(chunk_size=50)
    )
