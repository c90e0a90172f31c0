"""CSV rows for the exports: only what the person may see (the public: published items only)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .models import CapabilityAssessment, ReportingChannel

ASSESSMENT_HEADER = (
    "country", "capability", "capability_name", "level", "method", "confidence",
    "assessed_by", "assessed_on", "next_review_due", "visibility", "note",
)  # fmt: skip
CHANNEL_HEADER = (
    "country", "kind", "name", "url", "phone", "languages", "anonymous", "accepts", "audience",
    "hours", "priority", "international_fallback", "status", "visibility", "last_verified_on",
)  # fmt: skip


def assessment_rows(user: Any) -> Iterator[list[Any]]:
    assessments = (
        CapabilityAssessment.objects.visible_to(user)
        .select_related("country", "capability", "level")
        .order_by("country__iso2", "capability__code")
    )
    for a in assessments.iterator(chunk_size=2000):
        yield [
            a.country.iso2, a.capability.code, a.capability.name_en, a.level.code, a.method, a.confidence,
            a.assessed_by, a.assessed_on.isoformat(), a.next_review_due.isoformat(), a.visibility, a.note,
        ]  # fmt: skip


def channel_rows(user: Any) -> Iterator[list[Any]]:
    channels = (
        ReportingChannel.objects.visible_to(user)
        .select_related("country")
        .order_by("country__iso2", "kind", "priority", "name")
    )
    for c in channels.iterator(chunk_size=2000):
        yield [
            c.country.iso2 if c.country else "", c.kind, c.name, c.url, c.phone, c.languages,
            "yes" if c.anonymous else "no", c.accepts, c.audience, c.hours, c.priority,
            "yes" if c.is_international_fallback else "no", c.status, c.visibility,
            c.last_verified_on.isoformat() if c.last_verified_on else "",
        ]  # fmt: skip
