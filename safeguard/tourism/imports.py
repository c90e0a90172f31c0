"""CSV/XLSX import of existing members: the whole file is validated first, each bad row is
reported with its line number, nothing is written unless the file is clean (or the person asked
for the good rows), and importing the same file again changes nothing (natural key: the slug
made of the name and the country)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from safeguard.accounts.models import Organisation, User
from safeguard.countries.models import Country
from safeguard.lib.tabular import ValidatedTable, read_table, validate_table

from .models import FeeBand, Owner, Sector, Signatory, State, Transition

COLUMNS = (
    "name",
    "country",
    "city",
    "sector",
    "revenue_band",
    "member_since",
    "listed",
    "contact_email",
    "website",
)
REQUIRED = ("name", "country", "sector", "revenue_band", "member_since")


@dataclass(frozen=True)
class MemberRow:
    slug: str
    values: dict[str, Any]


def _row_validator() -> Any:
    countries = {c.iso2: c for c in Country.objects.all()}
    bands = {b.code: b for b in FeeBand.objects.all()}

    def validate(row: dict[str, str]) -> MemberRow:
        errors: dict[str, list[str]] = {}
        name = row.get("name", "")
        if not name:
            errors.setdefault("name", []).append(_("The name is missing."))
        country = countries.get(row.get("country", "").upper())
        if country is None:
            errors.setdefault("country", []).append(_("Unknown country code."))
        if row.get("sector") not in Sector.values:
            errors.setdefault("sector", []).append(_("Unknown sector."))
        band = bands.get(row.get("revenue_band", "").upper())
        if band is None:
            errors.setdefault("revenue_band", []).append(_("Unknown revenue band."))
        try:
            since = datetime.date.fromisoformat(row.get("member_since", ""))
        except ValueError:
            errors.setdefault("member_since", []).append(_("Write the date as YYYY-MM-DD."))
            since = None
        listed = row.get("listed", "yes").lower()
        if listed not in ("yes", "no", ""):
            errors.setdefault("listed", []).append(_("Write yes or no."))
        if errors:
            raise ValidationError(errors)
        return MemberRow(
            slug=slugify(f"{name}-{country.iso2}")[:80],
            values={
                "name": name,
                "country": country,
                "city": row.get("city", ""),
                "sector": row["sector"],
                "fee_band": band,
                "member_since": since,
                "listed": listed != "no",
                "contact_email": row.get("contact_email", ""),
                "website": row.get("website", ""),
                "contact_name": "",
            },
        )

    return validate


def members_validate(data: bytes, *, filename: str = "") -> ValidatedTable[MemberRow]:
    return validate_table(read_table(data, filename=filename, required=REQUIRED), _row_validator())


@transaction.atomic
def members_import(table: ValidatedTable[MemberRow], *, actor: User | None) -> tuple[int, int]:
    """Write the validated rows; returns (created, updated). Unchanged rows count as neither."""
    created = updated = 0
    for _line, row in table.rows:
        values = row.values
        signatory = Signatory.objects.filter(slug=row.slug).first()
        if signatory is None:
            organisation, _new = Organisation.objects.get_or_create(
                slug=row.slug,
                defaults={
                    "name": values["name"],
                    "kind": Organisation.Kind.COMPANY,
                    "country": values["country"],
                    "city": values["city"],
                    "website": values["website"],
                },
            )
            signatory = Signatory.objects.create(
                slug=row.slug,
                organisation=organisation,
                state=State.ACTIVE,
                owner=Owner.COMPANY,
                recognition="member",
                **values,
            )
            Transition.objects.create(
                signatory=signatory, to_state=State.ACTIVE, actor=actor, note="imported"
            )
            created += 1
            continue
        changed = [k for k, v in values.items() if getattr(signatory, k) != v]
        if changed:
            for key in changed:
                setattr(signatory, key, values[key])
            signatory.save(
                update_fields=[
                    ("fee_band" if k == "fee_band" else "country" if k == "country" else k) for k in changed
                ]
            )
            updated += 1
    return created, updated
