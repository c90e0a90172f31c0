"""Who may see or change what at the Assembly.

- The Secretariat runs the assembly: its editors and above take the roll, sit on the credentials
  committee, open and close votes, act as tellers, check delegates in and edit the minutes
  (with the chair). Its viewers read everything.
- A member's owners and administrators name its delegates and give or revoke its proxy.
- Delegates check themselves in and vote; every signed-in person of a network organisation
  reads the assembly's working pages. The public sees the assembly, the bulletin and certified
  results.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguard.accounts import access as accounts_access
from safeguard.accounts.access import ADMIN_ROLES
from safeguard.accounts.models import Membership, Organisation
from safeguard.network import access as network_access

from .models import Assembly, Delegate, Motion, Poll, Position


def is_staff(user: Any) -> bool:
    return network_access.is_staff(user)


def may_run(user: Any) -> bool:
    """Secretariat editors and above run the assembly."""
    return network_access.may_manage_network(user)


def may_chair(user: Any, assembly: Assembly) -> bool:
    return may_run(user) or (user.is_authenticated and assembly.chair_id == user.pk)


def check_runner(user: Any) -> None:
    """404 for everyone outside the Secretariat, 403 for its viewers."""
    network_access.check_manager(user)


def check_staff(user: Any) -> None:
    network_access.check_staff(user)


def memberships(user: Any) -> list[Membership]:
    """The user's memberships with their organisations, fetched once per request."""
    return accounts_access._memberships(user)


def is_network_person(user: Any) -> bool:
    """A person of a member organisation or of the Secretariat."""
    return any(
        m.organisation.kind in (Organisation.Kind.MEMBER, Organisation.Kind.SECRETARIAT)
        for m in memberships(user)
    )


def check_network_person(user: Any) -> None:
    if not is_network_person(user):
        raise Http404


def administered_members(user: Any) -> list[Organisation]:
    """Member organisations whose owner or administrator ``user`` is."""
    return [
        m.organisation
        for m in memberships(user)
        if m.organisation.kind == Organisation.Kind.MEMBER and m.role in ADMIN_ROLES
    ]


def get_assembly(number: int) -> Assembly:
    try:
        return Assembly.objects.get(number=number)
    except Assembly.DoesNotExist:
        raise Http404 from None


def get_delegation_for_user(
    user: Any, number: int, slug: str, *, write: bool = False
) -> tuple[Assembly, Organisation]:
    """A member's delegation page: its people and the Secretariat read it; its owners and
    administrators (and Secretariat editors) change it."""
    assembly = get_assembly(number)
    try:
        organisation = Organisation.objects.get(slug=slug, kind=Organisation.Kind.MEMBER)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not (accounts_access.is_member_of(user, organisation) or is_staff(user)):
        raise Http404
    if write and not (organisation in administered_members(user) or may_run(user)):
        raise PermissionDenied
    return assembly, organisation


def get_delegate_for_runner(user: Any, pk: int) -> Delegate:
    check_runner(user)
    try:
        return Delegate.objects.select_related("assembly", "organisation", "user").get(pk=pk)
    except Delegate.DoesNotExist:
        raise Http404 from None


def get_letter_for_user(user: Any, pk: int) -> Delegate:
    """A credentials letter: the Secretariat and the delegate's own organisation."""
    try:
        delegate = Delegate.objects.select_related("organisation").get(pk=pk)
    except Delegate.DoesNotExist:
        raise Http404 from None
    if (
        not (is_staff(user) or accounts_access.is_member_of(user, delegate.organisation))
        or not delegate.credentials
    ):
        raise Http404
    return delegate


def get_motion(number: int, motion_number: int) -> Motion:
    try:
        return Motion.objects.select_related("assembly", "submitter").get(
            assembly__number=number, number=motion_number
        )
    except Motion.DoesNotExist:
        raise Http404 from None


def get_poll(pk: Any) -> Poll:
    try:
        return Poll.objects.select_related("assembly", "motion", "amendment", "seat_group__position").get(
            pk=pk
        )
    except Poll.DoesNotExist:
        raise Http404 from None


def get_position(number: int, pk: int) -> Position:
    try:
        return Position.objects.select_related("assembly").get(assembly__number=number, pk=pk)
    except Position.DoesNotExist:
        raise Http404 from None
