"""Import of an existing member list (CSV or XLSX).

The whole file is validated first; each bad row is reported with its line number. Nothing is
written unless the file is clean, or the person asked for the good rows only. The natural key is
the organisation's ``slug``: a second run of the same file changes nothing (no row is saved when
nothing differs, so not even the history grows).

Columns: ``name``, ``slug``, ``country`` (ISO alpha-2), ``category`` (category code),
``status``, ``member_since`` (YYYY-MM-DD, optional), ``website`` (optional), ``region``
(optional: taken from the country), ``registration_number`` (optional).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from safeguard.accounts.models import Organisation, User
from safeguard.countries.models import Country
from safeguard.lib.tabular import RowError, read_table, validate_table

from . import services
from .models import (
    TRANSITIONS,
    CountryCoverage,
    MemberRecord,
    MembershipCategory,
    Region,
    Status,
    StatusChange,
)

REQUIRED = ("name", "slug", "country", "category", "status")


@dataclass(frozen=True)
class MemberRow:
    name: str
    slug: str
    country: Country
    category: MembershipCategory
    status: str
    member_since: date | None
    website: str
    region: str
    registration_number: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False


class _RowValidator:
    def __init__(self) -> None:
        self.countries = {c.iso2: c for c in Country.objects.all()}
        self.categories = {c.slug: c for c in MembershipCategory.objects.all()}
        self.records = {r.organisation.slug: r for r in MemberRecord.objects.select_related("organisation")}
        self.other_slugs = set(
            Organisation.objects.exclude(kind=Organisation.Kind.MEMBER).values_list("slug", flat=True)
        )
        self.seen: set[str] = set()

    def __call__(self, row: dict[str, str]) -> MemberRow:
        errors: dict[str, list[str]] = {}

        def fail(column: str, message: str) -> None:
            errors.setdefault(column, []).append(message)

        name, slug = row.get("name", ""), row.get("slug", "").lower()
        if not name:
            fail("name", _("The name is missing."))
        try:
            validate_slug(slug)
        except ValidationError:
            fail("slug", _("Use only letters, digits, hyphens and underscores."))
        if slug in self.seen:
            fail("slug", _("This slug appears twice in the file."))
        if slug in self.other_slugs:
            fail("slug", _("This slug belongs to an organisation that is not a member."))
        self.seen.add(slug)
        country = self.countries.get(row.get("country", "").upper())
        if country is None:
            fail("country", _("Unknown country code."))
        category = self.categories.get(row.get("category", ""))
        if category is None:
            fail(
                "category",
                _("Unknown category; use one of: %(codes)s.") % {"codes": ", ".join(sorted(self.categories))},
            )
        status = row.get("status", "")
        if status not in Status.values:
            fail("status", _("Unknown status; use one of: %(codes)s.") % {"codes": ", ".join(Status.values)})
        elif slug in self.records:
            current = self.records[slug].status
            if status != current and status not in TRANSITIONS[current]:
                fail(
                    "status",
                    _("The member cannot go from %(from)s to %(to)s.") % {"from": current, "to": status},
                )
        member_since = None
        if row.get("member_since"):
            try:
                member_since = date.fromisoformat(row["member_since"])
            except ValueError:
                fail("member_since", _("Write the date as YYYY-MM-DD."))
        website = row.get("website", "")
        if website:
            try:
                URLValidator(schemes=["http", "https"])(website)
            except ValidationError:
                fail("website", _("Not a web address."))
        region = row.get("region", "")
        if region and region not in Region.values:
            fail("region", _("Unknown region; use one of: %(codes)s.") % {"codes": ", ".join(Region.values)})
        if errors:
            raise ValidationError(errors)
        return MemberRow(
            name=name,
            slug=slug,
            country=country,  # type: ignore[arg-type]
            category=category,  # type: ignore[arg-type]
            status=status,
            member_since=member_since,
            website=website,
            region=region or services.region_for_country(country),  # type: ignore[arg-type]
            registration_number=row.get("registration_number", ""),
        )


def _set(obj: Any, values: dict[str, Any]) -> bool:
    changed = [key for key, value in values.items() if getattr(obj, key) != value]
    for key in changed:
        setattr(obj, key, values[key])
    return bool(changed)


def _apply(row: MemberRow, actor: User | None) -> str:
    """Create or update one member; returns "created", "updated" or "unchanged"."""
    org = Organisation.objects.filter(slug=row.slug).first()
    org_values = {"name": row.name, "country": row.country, "website": row.website}
    if org is None:
        org = Organisation.objects.create(slug=row.slug, kind=Organisation.Kind.MEMBER, **org_values)
        record = MemberRecord.objects.create(
            organisation=org,
            category=row.category,
            region=row.region,
            status=row.status,
            member_since=row.member_since,
            registration_number=row.registration_number,
        )
        StatusChange.objects.create(
            record=record,
            from_status="",
            to_status=row.status,
            effective_on=row.member_since or date.today(),
            reason=_("Imported from the member list."),
            changed_by=actor,
        )
        CountryCoverage.objects.create(
            record=record,
            country=row.country,
            role=CountryCoverage.Role.PRIMARY,
            start_date=row.member_since or date.today(),
        )
        return "created"
    changed = False
    if _set(org, org_values):
        org.save()
        changed = True
    record = org.member_record
    if _set(
        record,
        {
            "category": row.category,
            "region": row.region,
            "member_since": row.member_since or record.member_since,
            "registration_number": row.registration_number,
        },
    ):
        record.save()
        changed = True
    if record.status != row.status:
        services.member_status_change(
            record=record, to_status=row.status, reason=_("Imported from the member list."), actor=actor
        )
        changed = True
    return "updated" if changed else "unchanged"


def member_list_import(
    data: bytes, *, filename: str = "", good_rows_only: bool = False, actor: User | None = None
) -> ImportReport:
    """Validate the whole file, then write it (all of it, or the good rows when asked)."""
    table = validate_table(read_table(data, filename=filename, required=REQUIRED), _RowValidator())
    report = ImportReport(errors=table.errors)
    if not table.is_clean and not good_rows_only:
        return report
    with transaction.atomic():
        for _line, row in table.rows:
            outcome = _apply(row, actor)
            setattr(report, outcome, getattr(report, outcome) + 1)
    report.written = True
    return report
