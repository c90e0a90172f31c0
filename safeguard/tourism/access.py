"""Who may see or change what in The Code.

Three kinds of people reach a signatory's private side:
- the company: people of its own organisation (editors and above write, viewers read);
- its Local Code Representative: people of an organisation that represents The Code in the
  signatory's country (editors and above review, viewers read);
- the Secretariat: staff read everything; editors and above act as the Code manager and finance.

Everyone else gets 404; those who may read but not do the thing asked get 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from safeguard.accounts import access as accounts_access
from safeguard.accounts.models import Membership

from .models import Representative, Signatory

WRITE_ROLES = frozenset({Membership.Role.OWNER, Membership.Role.ADMIN, Membership.Role.EDITOR})


@dataclass(frozen=True)
class Capacity:
    """What one person may do with one signatory."""

    company: bool = False
    company_write: bool = False
    representative: bool = False
    representative_write: bool = False
    staff: bool = False
    staff_write: bool = False

    @property
    def read(self) -> bool:
        return self.company or self.representative or self.staff

    @property
    def reviewer(self) -> bool:
        return self.representative or self.staff


def _memberships(user: Any) -> list[Membership]:
    return accounts_access._memberships(user)


def representative_countries(user: Any, *, write: bool = False) -> set[int]:
    """Country ids the user's organisations represent The Code in (cached on the user)."""
    key = "_code_rep_countries_w" if write else "_code_rep_countries"
    cached = getattr(user, key, None)
    if cached is not None:
        return cached
    org_ids = [m.organisation_id for m in _memberships(user) if not write or m.role in WRITE_ROLES]
    countries = (
        set(
            Representative.countries.through.objects.filter(
                representative__organisation_id__in=org_ids
            ).values_list("country_id", flat=True)
        )
        if org_ids
        else set()
    )
    if getattr(user, "is_authenticated", False):
        setattr(user, key, countries)
    return countries


def is_staff_writer(user: Any) -> bool:
    """Secretariat editors and above act as the Code manager and finance."""
    return accounts_access.secretariat_role(user) in WRITE_ROLES


def is_representative(user: Any) -> bool:
    return bool(representative_countries(user))


def capacity(user: Any, signatory: Signatory) -> Capacity:
    membership = next(
        (
            m
            for m in _memberships(user)
            if signatory.organisation_id and m.organisation_id == signatory.organisation_id
        ),
        None,
    )
    staff = accounts_access.is_secretariat_staff(user)
    return Capacity(
        company=membership is not None,
        company_write=membership is not None and membership.role in WRITE_ROLES,
        representative=signatory.country_id in representative_countries(user),
        representative_write=signatory.country_id in representative_countries(user, write=True),
        staff=staff,
        staff_write=is_staff_writer(user),
    )


def visible_signatories(user: Any) -> QuerySet[Signatory]:
    """The signatories whose private side the user may read."""
    if accounts_access.is_secretariat_staff(user):
        return Signatory.objects.all()
    org_ids = [m.organisation_id for m in _memberships(user)]
    return Signatory.objects.filter(
        Q(organisation_id__in=org_ids) | Q(country_id__in=representative_countries(user))
    )


def get_signatory_for_user(user: Any, slug: str, *, need: str = "read") -> tuple[Signatory, Capacity]:
    """The signatory and what the user may do: 404 for outsiders, 403 when ``need`` is not met.

    ``need`` is one of read, company_write, reviewer_write (representative or Secretariat
    writer), staff_write.
    """
    try:
        signatory = Signatory.objects.select_related("country", "fee_band", "organisation", "discount").get(
            slug=slug
        )
    except Signatory.DoesNotExist:
        raise Http404 from None
    cap = capacity(user, signatory)
    if not cap.read:
        raise Http404
    allowed = {
        "read": True,
        "company_write": cap.company_write,
        "reviewer_write": cap.representative_write or cap.staff_write,
        "staff_write": cap.staff_write,
        "any_write": cap.company_write or cap.representative_write or cap.staff_write,
    }[need]
    if not allowed:
        raise PermissionDenied
    return signatory, cap


def check_staff_writer(user: Any) -> None:
    """Secretariat pages that change many signatories at once (import): 404 for everyone else."""
    if not is_staff_writer(user):
        raise Http404
