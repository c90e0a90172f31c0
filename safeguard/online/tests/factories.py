"""Small ``make_<thing>`` helpers for the online app's tests."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from safeguard.countries.models import Country
from safeguard.online.models import (
    Capability,
    CapabilityAssessment,
    FrameworkVersion,
    IndustryCommitment,
    MaturityLevel,
    OnlineActor,
    PolicyInstrument,
    Published,
    ReportingChannel,
)

_counter = itertools.count(1)


def country(iso2: str) -> Country:
    return Country.objects.get(iso2=iso2)


def make_channel(**overrides: Any) -> ReportingChannel:
    n = next(_counter)
    values: dict[str, Any] = {
        "country": country("KE"),
        "kind": ReportingChannel.Kind.HOTLINE,
        "name": f"Service {n}",
        "url": f"https://service{n}.example.org/",
        "visibility": Published.PUBLISHED,
        "last_verified_on": date.today() - timedelta(days=10),
    }
    values.update(overrides)
    if isinstance(values["country"], str):
        values["country"] = country(values["country"])
    return ReportingChannel.objects.create(**values)


def capability(code: str = "MNR-2015-1") -> Capability:
    return Capability.objects.get(code=code)


def level(code: str, version: FrameworkVersion | None = None) -> MaturityLevel:
    version = version or capability().framework_version
    return MaturityLevel.objects.get(framework_version=version, code=code)


def make_assessment(**overrides: Any) -> CapabilityAssessment:
    values: dict[str, Any] = {
        "country": country("KE"),
        "capability": capability(),
        "level": level("developing"),
        "method": CapabilityAssessment.Method.DESK_REVIEW,
        "confidence": CapabilityAssessment.Confidence.MEDIUM,
        "assessed_by": "Research team",
        "assessed_on": date(2026, 1, 10),
        "next_review_due": date(2027, 1, 10),
        "visibility": Published.PUBLISHED,
    }
    values.update(overrides)
    for key in ("country",):
        if isinstance(values[key], str):
            values[key] = country(values[key])
    if isinstance(values["capability"], str):
        values["capability"] = capability(values["capability"])
    if isinstance(values["level"], str):
        values["level"] = level(values["level"], values["capability"].framework_version)
    return CapabilityAssessment.objects.create(**values)


def make_actor(**overrides: Any) -> OnlineActor:
    n = next(_counter)
    values: dict[str, Any] = {"name": f"Actor {n}", "slug": f"actor-{n}", "kind": OnlineActor.Kind.COMPANY}
    values.update(overrides)
    return OnlineActor.objects.create(**values)


def make_instrument(**overrides: Any) -> PolicyInstrument:
    n = next(_counter)
    values: dict[str, Any] = {
        "country": country("KE"),
        "kind": PolicyInstrument.Kind.STRATEGY,
        "title": f"Strategy {n}",
        "status": PolicyInstrument.Status.IN_FORCE,
        "visibility": Published.PUBLISHED,
    }
    values.update(overrides)
    return PolicyInstrument.objects.create(**values)


def make_commitment(**overrides: Any) -> IndustryCommitment:
    values: dict[str, Any] = {
        "stage": IndustryCommitment.Stage.ENDORSED,
        "endorsed_on": date(2024, 1, 1),
        "stage_since": date(2024, 1, 1),
        "visibility": Published.PUBLISHED,
    }
    values.update(overrides)
    if "actor" not in values:
        values["actor"] = make_actor()
    if "framework" not in values and "instrument" not in values:
        values["framework"] = FrameworkVersion.objects.get(framework__code="voluntary-principles")
    countries = values.pop("countries", [country("KE")])
    commitment = IndustryCommitment.objects.create(**values)
    commitment.countries.set(countries)
    return commitment
