"""Small ``make_<thing>`` helpers for the network tests."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from safeguard.accounts.models import Organisation
from safeguard.network.demo import DEMO_PDF
from safeguard.network.models import (
    CountryCoverage,
    Dues,
    MemberRecord,
    MembershipCategory,
    Obligation,
    Status,
    StatusChange,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


def png(name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="application/pdf")


def make_record(
    organisation: Organisation,
    *,
    status: str = Status.FULL,
    category: str = "national",
    since: date | None = None,
    **overrides: Any,
) -> MemberRecord:
    """A member record whose history leads to ``status`` (one change from nothing, ``since``)."""
    since = since or date(2020, 1, 1)
    record = MemberRecord.objects.create(
        organisation=organisation,
        category=MembershipCategory.objects.get(slug=category),
        region=overrides.pop("region", "africa"),
        status=status,
        member_since=since,
        **overrides,
    )
    StatusChange.objects.create(
        record=record, from_status="", to_status=status, effective_on=since, reason="set up"
    )
    CountryCoverage.objects.create(
        record=record, country=organisation.country, role="primary", start_date=since
    )
    return record


def make_dues(
    record: MemberRecord, *, year: int, due_on: date, grace_days: int = 90, **overrides: Any
) -> Dues:
    values: dict[str, Any] = {
        "amount": Decimal("250.00"),
        "currency": "EUR",
        "due_on": due_on,
        "grace_ends_on": due_on + timedelta(days=grace_days),
    }
    values.update(overrides)
    return Dues.objects.create(record=record, year=year, **values)


def make_obligation(
    record: MemberRecord, *, due_on: date, grace_days: int = 90, **overrides: Any
) -> Obligation:
    values: dict[str, Any] = {
        "kind": Obligation.Kind.ANNUAL_REPORT,
        "due_on": due_on,
        "grace_ends_on": due_on + timedelta(days=grace_days),
    }
    values.update(overrides)
    return Obligation.objects.create(record=record, **values)
