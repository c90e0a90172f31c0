"""Writes with side effects for users, memberships and the security log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .models import Membership, Organisation, SecurityEvent, User


def client_ip(request: HttpRequest | None) -> str | None:
    """The client address as the proxy chain reports it (axes knows the configured proxy count)."""
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


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
        ip_address=client_ip(request),
        detail=detail,
    )


def _owner_count(organisation: Organisation) -> int:
    return Membership.objects.filter(organisation=organisation, role=Membership.Role.OWNER).count()


@transaction.atomic
def membership_set_role(
    *, membership: Membership, role: str, actor: User, request: HttpRequest | None = None
) -> Membership:
    """Change a member's role, log it, and tell the member by email.

    An organisation always keeps at least one owner, and only owners hand out ownership.
    """
    membership = (
        Membership.objects.select_for_update().select_related("organisation", "user").get(pk=membership.pk)
    )
    if role not in Membership.Role.values:
        raise ValidationError(_("Unknown role."))
    old_role = membership.role
    if old_role == role:
        return membership
    actor_membership = Membership.objects.filter(user=actor, organisation=membership.organisation).first()
    actor_is_owner = actor_membership is not None and actor_membership.role == Membership.Role.OWNER
    touches_ownership = Membership.Role.OWNER in {old_role, role}
    if touches_ownership and not actor_is_owner and not actor.is_superuser:
        raise ValidationError(_("Only an owner can grant or take away ownership."))
    if old_role == Membership.Role.OWNER and _owner_count(membership.organisation) == 1:
        raise ValidationError(_("An organisation needs at least one owner."))
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
    *, user: User, organisation: Organisation, role: str, actor: User | None = None
) -> Membership:
    """Add a user to an organisation with a role (idempotent: an existing membership is kept)."""
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    if created:
        security_event_record(
            kind=SecurityEvent.Kind.ROLE_GRANTED,
            user=user,
            actor=actor,
            organisation=organisation,
            role=role,
        )
    return membership
