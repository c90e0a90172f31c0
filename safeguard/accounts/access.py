"""Who may see or change what, for users, organisations and memberships.

Every view asks these helpers; none repeats their logic. Outsiders get 404 (they must not learn
that a private object exists), read-only members get 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Membership, Organisation

ADMIN_ROLES = frozenset({Membership.Role.OWNER, Membership.Role.ADMIN})


def _memberships(user: Any) -> list[Membership]:
    """The user's memberships, fetched once per request object and cached on the user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_safeguard_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organisation"))
        user._safeguard_memberships = cached
    return cached


def membership_in(user: Any, organisation: Organisation) -> Membership | None:
    return next((m for m in _memberships(user) if m.organisation_id == organisation.pk), None)


def is_secretariat_staff(user: Any) -> bool:
    """A member of the International Secretariat, whatever the role."""
    return any(m.organisation.kind == Organisation.Kind.SECRETARIAT for m in _memberships(user))


def is_secretariat_editor(user: Any) -> bool:
    return any(
        m.organisation.kind == Organisation.Kind.SECRETARIAT and m.may_edit for m in _memberships(user)
    )


def is_member_of(user: Any, organisation: Organisation) -> bool:
    return membership_in(user, organisation) is not None


def may_view_organisation_private(user: Any, organisation: Organisation) -> bool:
    """Members of the organisation and Secretariat staff see its private pages."""
    return is_member_of(user, organisation) or is_secretariat_staff(user)


def may_edit_organisation(user: Any, organisation: Organisation) -> bool:
    """Its owners and administrators, and Secretariat staff who may edit, change an organisation."""
    membership = membership_in(user, organisation)
    if membership is not None and membership.role in ADMIN_ROLES:
        return True
    return is_secretariat_editor(user)


def requires_mfa(user: Any) -> bool:
    """Secretariat staff, organisation owners and administrators, and site admins need a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return any(
        m.organisation.kind == Organisation.Kind.SECRETARIAT or m.role in ADMIN_ROLES
        for m in _memberships(user)
    )


def get_organisation_for_user(user: Any, slug: str, *, write: bool = False) -> Organisation:
    """The organisation's private side: 404 for outsiders, 403 for members who may only read."""
    try:
        organisation = Organisation.objects.select_related("country").get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not may_view_organisation_private(user, organisation):
        raise Http404
    if write and not may_edit_organisation(user, organisation):
        raise PermissionDenied
    return organisation
