"""Who may see or change what, for users, organisations and memberships.

Every view asks these helpers; none repeats their logic. Outsiders get 404 (they must not learn
that a private object exists), members without the right get 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Membership, Organisation

Role = Membership.Role
ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3, Role.OWNER: 4}
ADMIN_ROLES = frozenset({Role.OWNER, Role.ADMIN})


def _memberships(user: Any) -> list[Membership]:
    """The user's memberships, fetched once and cached on the user object (one per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_safeguard_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organisation"))
        user._safeguard_memberships = cached
    return cached


def membership_in(user: Any, organisation: Organisation) -> Membership | None:
    return next((m for m in _memberships(user) if m.organisation_id == organisation.pk), None)


def secretariat_role(user: Any) -> str | None:
    """The user's role in the International Secretariat, or None for everyone else."""
    return next(
        (m.role for m in _memberships(user) if m.organisation.kind == Organisation.Kind.SECRETARIAT),
        None,
    )


def is_secretariat_staff(user: Any) -> bool:
    """A member of the International Secretariat, whatever the role."""
    return secretariat_role(user) is not None


def is_secretariat_admin(user: Any) -> bool:
    return secretariat_role(user) in ADMIN_ROLES


def is_member_of(user: Any, organisation: Organisation) -> bool:
    return membership_in(user, organisation) is not None


def may_view_organisation_private(user: Any, organisation: Organisation) -> bool:
    """Members of the organisation and Secretariat staff see its private pages."""
    return is_member_of(user, organisation) or is_secretariat_staff(user)


def may_edit_organisation(user: Any, organisation: Organisation) -> bool:
    """Its owners and administrators, and Secretariat staff who may edit, change its profile."""
    membership = membership_in(user, organisation)
    if membership is not None and membership.role in ADMIN_ROLES:
        return True
    return secretariat_role(user) in {Role.OWNER, Role.ADMIN, Role.EDITOR}


def role_authority(user: Any, organisation: Organisation) -> str | None:
    """The highest role ``user`` acts with when managing the people of ``organisation``.

    Their own role there counts; Secretariat owners and administrators act as administrators
    of every organisation; site superusers act as owners.
    """
    if getattr(user, "is_superuser", False) and user.is_active:
        return Role.OWNER
    candidates = []
    membership = membership_in(user, organisation)
    if membership is not None:
        candidates.append(membership.role)
    if is_secretariat_admin(user):
        candidates.append(Role.ADMIN)
    return max(candidates, key=lambda role: ROLE_RANK[role], default=None)


def may_manage_roles(user: Any, organisation: Organisation) -> bool:
    return role_authority(user, organisation) in ADMIN_ROLES


def may_read_security_log(user: Any) -> bool:
    """The security log names people and addresses: Secretariat owners and administrators only."""
    return is_secretariat_admin(user)


def requires_mfa(user: Any) -> bool:
    """Secretariat staff, organisation owners and administrators, and site staff need a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return any(
        m.organisation.kind == Organisation.Kind.SECRETARIAT or m.role in ADMIN_ROLES
        for m in _memberships(user)
    )


def get_organisation_for_user(
    user: Any, slug: str, *, write: bool = False, manage_roles: bool = False
) -> Organisation:
    """The organisation's private side: 404 for outsiders, 403 for members without the right."""
    try:
        organisation = Organisation.objects.select_related("country").get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not may_view_organisation_private(user, organisation):
        raise Http404
    if write and not may_edit_organisation(user, organisation):
        raise PermissionDenied
    if manage_roles and not may_manage_roles(user, organisation):
        raise PermissionDenied
    return organisation


def check_security_log_access(user: Any) -> None:
    """404 for everyone who may not read the log: its existence is no secret, its content is."""
    if not may_read_security_log(user):
        raise Http404
