"""Writes with side effects for users, memberships and the security log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from safeguard.lib.net import client_ip

from . import access
from .models import Membership, Organisation, SecurityEvent, User

Role = Membership.Role


def security_event_record(
    *,
    kind: SecurityEvent.Kind,
    user: User | None = None,
    actor: User | None = None,
    organisation: Organisation | None = None,
    request: HttpRequest | None = None,
    **detail: Any,
) -> SecurityEvent:
    """Append one line to the security log."""
    return SecurityEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        actor=actor if actor is not None and actor.pk else None,
        organisation=organisation,
        ip_address=client_ip(request) if request is not None else None,
        detail=detail,
    )


def _lock_organisation(organisation: Organisation) -> Organisation:
    """Serialises every change of an organisation's people, so owner counts stay true."""
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _check_authority(
    *, actor: User, membership: Membership, old_role: str | None, new_role: str | None
) -> None:
    """The rules every change of a person's role obeys, whoever asks and from wherever.

    Only owners and administrators (of the organisation, or of the Secretariat) manage people;
    nobody hands out a role above their own; only owners touch ownership; nobody changes their
    own role, except an owner who steps down while another owner remains.
    """
    authority = access.role_authority(actor, membership.organisation)
    if authority not in access.ADMIN_ROLES:
        raise PermissionDenied
    if membership.user_id == actor.pk and not (old_role == Role.OWNER and new_role != Role.OWNER):
        raise ValidationError(_("You cannot change your own role."))
    rank = access.ROLE_RANK
    if any(role is not None and rank[role] > rank[authority] for role in (old_role, new_role)):
        raise ValidationError(_("Only an owner can grant or take away ownership."))
    if old_role == Role.OWNER and new_role != Role.OWNER:
        owners = Membership.objects.filter(organisation=membership.organisation, role=Role.OWNER).count()
        if owners == 1:
            raise ValidationError(_("An organisation needs at least one owner."))


@transaction.atomic
def membership_set_role(
    *, membership: Membership, role: str, actor: User, request: HttpRequest | None = None
) -> Membership:
    """Change a member's role, log it, and tell the member by email."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    _lock_organisation(membership.organisation)
    membership = Membership.objects.select_related("organisation", "user").get(pk=membership.pk)
    old_role = membership.role
    if old_role == role:
        return membership
    _check_authority(actor=actor, membership=membership, old_role=old_role, new_role=role)
    membership.role = role
    membership.save(update_fields=["role"])
    security_event_record(
        kind=SecurityEvent.Kind.ROLE_CHANGED,
        user=membership.user,
        actor=actor,
        organisation=membership.organisation,
        request=request,
        old_role=old_role,
        new_role=role,
    )
    from .tasks import send_role_changed_email

    transaction.on_commit(lambda: send_role_changed_email.enqueue(membership_id=membership.pk))
    return membership


@transaction.atomic
def membership_grant(
    *,
    user: User,
    organisation: Organisation,
    role: str,
    actor: User,
    request: HttpRequest | None = None,
) -> Membership:
    """Add a user to an organisation with a role, and log it."""
    _lock_organisation(organisation)
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(_("This person already belongs to the organisation."))
    membership = Membership(user=user, organisation=organisation, role=role)
    _check_authority(actor=actor, membership=membership, old_role=None, new_role=role)
    membership.save()
    security_event_record(
        kind=SecurityEvent.Kind.ROLE_GRANTED,
        user=user,
        actor=actor,
        organisation=organisation,
        request=request,
        role=role,
    )
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: User, request: HttpRequest | None = None) -> None:
    """Remove a user from an organisation, and log it; the last owner stays."""
    _lock_organisation(membership.organisation)
    membership = Membership.objects.select_related("organisation", "user").get(pk=membership.pk)
    _check_authority(actor=actor, membership=membership, old_role=membership.role, new_role=None)
    security_event_record(
        kind=SecurityEvent.Kind.ROLE_REVOKED,
        user=membership.user,
        actor=actor,
        organisation=membership.organisation,
        request=request,
        role=membership.role,
    )
    membership.delete()


def user_access_changes_record(
    *, user: User, actor: User, changed: list[str], request: HttpRequest | None = None
) -> None:
    """Log a change of site-wide access (staff, superuser, active, groups, permissions)."""
    if changed:
        security_event_record(
            kind=SecurityEvent.Kind.ACCESS_CHANGED,
            user=user,
            actor=actor,
            request=request,
            changed=sorted(changed),
        )
