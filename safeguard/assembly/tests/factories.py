"""Small ``make_<thing>`` helpers for the assembly tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from safeguard.accounts.models import Organisation
from safeguard.assembly import services
from safeguard.assembly.models import Assembly, Delegate, Entitlement, Position, SeatGroup
from safeguard.network.demo import DEMO_PDF

START = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def letter() -> SimpleUploadedFile:
    return SimpleUploadedFile("letter.pdf", DEMO_PDF, content_type="application/pdf")


def make_assembly(**overrides: Any) -> Assembly:
    values: dict[str, Any] = {
        "number": 12,
        "title": "Twelfth International Assembly",
        "starts_at": START,
        "ends_at": START + timedelta(days=2),
        "time_zone": "Asia/Bangkok",
        "record_date": date(2026, 10, 1),
        "motion_deadline": START + timedelta(days=365),
        "min_supporters": 2,
        "status": Assembly.Status.OPEN,
    }
    values.update(overrides)
    return Assembly.objects.create(**values)


def make_voting_delegate(
    assembly: Assembly, organisation: Organisation, user: Any, *, present: bool = True
) -> Delegate:
    """An accredited voting delegate, checked in unless ``present`` is False."""
    delegate = services.delegate_name(
        assembly=assembly,
        organisation=organisation,
        user=user,
        is_voting=True,
        credentials=letter(),
        actor=None,
    )
    services.delegate_decide(delegate=delegate, approve=True, reason="", actor=None)
    if present:
        services.delegate_check_in(delegate=delegate, mode="online")
    return delegate


def entitlement(assembly: Assembly, organisation: Organisation) -> Entitlement:
    return Entitlement.objects.get(assembly=assembly, organisation=organisation)


def make_position(
    assembly: Assembly, *, groups: list[tuple[str, list[str], int]], **overrides: Any
) -> Position:
    values: dict[str, Any] = {
        "title": "Representative Committee",
        "nominations_open": START - timedelta(days=60),
        "nominations_close": START + timedelta(days=400),
    }
    values.update(overrides)
    position = Position.objects.create(assembly=assembly, **values)
    for label, regions, seats in groups:
        SeatGroup.objects.create(position=position, label=label, regions=regions, seats=seats)
    return position
