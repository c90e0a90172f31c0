"""Small ``make_<thing>`` helpers for the monitoring tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from safeguard.countries.models import Country
from safeguard.monitoring import services
from safeguard.monitoring.framework import ensure_current_framework
from safeguard.monitoring.models import Answer, Assessment, Citation, Edition, SubIndicator


def make_edition(slug: str = "2026", year: int = 2026) -> Edition:
    version = ensure_current_framework()
    edition, _ = Edition.objects.get_or_create(
        slug=slug,
        defaults={
            "title": f"Edition {year}",
            "year": year,
            "framework": version,
            "period_start": date(year - 2, 1, 1),
            "period_end": date(year - 1, 12, 31),
        },
    )
    return edition


def make_assessment(iso2: str = "KE", *, edition: Edition | None = None, **overrides: Any) -> Assessment:
    edition = edition or make_edition()
    return Assessment.objects.create(edition=edition, country=Country.objects.get(iso2=iso2), **overrides)


def sub(code: str, edition: Edition | None = None) -> SubIndicator:
    edition = edition or make_edition()
    return SubIndicator.objects.get(framework=edition.framework, code=code)


def put_answer(
    assessment: Assessment, code: str, value: str, *, cite: bool = True, coder: str = "a", **fields: Any
) -> Answer:
    """Write an answer directly (tests of the read side), with a citation when evidence is needed."""
    s = sub(code, assessment.edition)
    answer, _ = Answer.objects.update_or_create(
        assessment=assessment,
        sub_indicator=s,
        coder=coder,
        defaults={"value": value, "justification": fields.pop("justification", "Because."), **fields},
    )
    if cite and s.evidence and value in ("yes", "partial", "answered") and not answer.citations.exists():
        Citation.objects.create(
            answer=answer,
            kind="legal" if "LEG" in s.evidence else "document",
            title="Penal Code",
            pinpoint="art. 1",
            sha256="a" * 64,
        )
    return answer


def fill(assessment: Assessment, value: str = "yes") -> None:
    """Answer every sub-indicator (YNP with ``value``), with evidence, then recompute."""
    for s in SubIndicator.objects.filter(framework=assessment.edition.framework):
        kind = s.scoring_rule["kind"]
        if kind == "ynp":
            put_answer(assessment, s.code, value)
        elif kind == "treaty":
            put_answer(assessment, s.code, "ratified")
        elif kind == "checklist":
            put_answer(assessment, s.code, "answered", checked=list(range(s.elements)))
        elif kind in ("bands", "context"):
            put_answer(assessment, s.code, "answered", number=20)
        elif kind == "date_not_expired":
            put_answer(assessment, s.code, "answered", date=date(2030, 1, 1))
    services.scores_recompute([assessment])


def publish(assessment: Assessment, actor: Any) -> Assessment:
    for action in ("submit", "approve", "publish"):
        assessment = services.assessment_transition(assessment=assessment, actor=actor, action=action)
    return assessment
