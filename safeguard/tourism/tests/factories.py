"""Small ``make_<thing>`` helpers for The Code's tests."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from safeguard.accounts.models import Organisation
from safeguard.countries.models import Country
from safeguard.tourism import services
from safeguard.tourism.models import AnnualReport, FeeBand, Representative, Signatory, State

_counter = itertools.count(1)


def make_signatory(
    *,
    organisation: Organisation | None = None,
    state: str = State.ACTIVE,
    country: str = "KE",
    **overrides: Any,
) -> Signatory:
    n = next(_counter)
    defaults: dict[str, Any] = {
        "name": f"Company {n}",
        "slug": f"company-{n}",
        "country": Country.objects.get(iso2=country),
        "contact_name": "Contact",
        "contact_email": f"contact{n}@example.org",
        "sector": "tour_operator",
        "fee_band": FeeBand.objects.get(code="B"),
        "state": state,
        "organisation": organisation,
    }
    if state in (State.ACTIVE, State.SUSPENDED, State.LAPSED):
        defaults["member_since"] = timezone.localdate() - datetime.timedelta(days=200)
    if defaults["organisation"] is None and state not in (State.APPLIED, State.REFUSED):
        defaults["organisation"] = Organisation.objects.create(
            name=defaults["name"], slug=defaults["slug"], kind="company", country=defaults["country"]
        )
    defaults.update(overrides)
    return Signatory.objects.create(**defaults)


def make_representative(organisation: Organisation, *countries: str) -> Representative:
    rep, _ = Representative.objects.get_or_create(organisation=organisation)
    rep.countries.add(*Country.objects.filter(iso2__in=countries))
    return rep


def make_report(
    signatory: Signatory, *, deadline: datetime.date | None = None, **overrides: Any
) -> AnnualReport:
    deadline = deadline or timezone.localdate() + datetime.timedelta(days=100)
    report = services.report_open(signatory=signatory, deadline=deadline)
    for key, value in overrides.items():
        setattr(report, key, value)
    if overrides:
        report.save()
    return report


def fill_report(report: AnnualReport) -> None:
    report.answers.update(narrative="We did it.")
