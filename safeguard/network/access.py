"""Who may see or change what in the network app.

Built on ``safeguard.accounts.access``: outsiders get 404 for private objects, members without the
right get 403. Every view asks these helpers; none repeats their logic.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguard.accounts import access as accounts_access
from safeguard.accounts.access import ROLE_RANK, Role
from safeguard.accounts.models import Membership, Organisation

from .models import Application, MemberDocument, MemberRecord, SupportRequest


def is_staff(user: Any) -> bool:
    """Secretariat staff of any role: they see everything of the network."""
    return accounts_access.is_secretariat_staff(user)


def may_manage_network(user: Any) -> bool:
    """Secretariat editors and above review applications, change statuses, triage support."""
    role = accounts_access.secretariat_role(user)
    return role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[Role.EDITOR]


def check_staff(user: Any) -> None:
    """Secretariat pages: 404 for everyone else (they need not know the page exists)."""
    if not is_staff(user):
        raise Http404


def check_manager(user: Any) -> None:
    """Secretariat writes: 404 for non-staff, 403 for Secretariat viewers."""
    check_staff(user)
    if not may_manage_network(user):
        raise PermissionDenied


def _role_in(user: Any, organisation: Organisation) -> str | None:
    membership = accounts_access.membership_in(user, organisation)
    return membership.role if membership is not None else None


def get_member_organisation_for_user(user: Any, slug: str, *, write: str = "") -> Organisation:
    """A member organisation's private network pages.

    ``write`` is what the user wants to do: "" (read), "edit" (contacts, documents: the
    organisation's owners and administrators, Secretariat editors) or "ask" (support requests:
    the organisation's editors and above, Secretariat editors).
    """
    try:
        organisation = Organisation.objects.select_related("country").get(
            slug=slug, kind=Organisation.Kind.MEMBER
        )
    except Organisation.DoesNotExist:
        raise Http404 from None
    own_role = _role_in(user, organisation)
    if own_role is None and not is_staff(user):
        raise Http404
    if write:
        needed = Role.ADMIN if write == "edit" else Role.EDITOR
        own_ok = own_role is not None and ROLE_RANK[Role(own_role)] >= ROLE_RANK[needed]
        if not (own_ok or may_manage_network(user)):
            raise PermissionDenied
    return organisation


def may_edit_member(user: Any, organisation: Organisation) -> bool:
    own_role = _role_in(user, organisation)
    return (
        own_role is not None and ROLE_RANK[Role(own_role)] >= ROLE_RANK[Role.ADMIN]
    ) or may_manage_network(user)


def may_ask_support(user: Any, organisation: Organisation) -> bool:
    own_role = _role_in(user, organisation)
    return (
        own_role is not None and ROLE_RANK[Role(own_role)] >= ROLE_RANK[Role.EDITOR]
    ) or may_manage_network(user)


def get_record_for_staff(user: Any, slug: str, *, write: bool = False) -> MemberRecord:
    """A member record's Secretariat page (status, history, overrides, dues)."""
    check_manager(user) if write else check_staff(user)
    try:
        return MemberRecord.objects.select_related("organisation", "organisation__country", "category").get(
            organisation__slug=slug
        )
    except MemberRecord.DoesNotExist:
        raise Http404 from None


def get_application_for_user(user: Any, reference: Any, *, write: bool = False) -> Application:
    """Applications are the Secretariat's: 404 for everyone else, 403 for its viewers' writes."""
    check_manager(user) if write else check_staff(user)
    try:
        return Application.objects.select_related("country", "category", "organisation").get(
            reference=reference
        )
    except Application.DoesNotExist:
        raise Http404 from None


def may_see_document(user: Any, document: MemberDocument) -> bool:
    visibility = document.visibility
    if visibility == MemberDocument.Visibility.PUBLIC:
        return True
    if is_staff(user) or accounts_access.is_member_of(user, document.organisation):
        return True
    if visibility == MemberDocument.Visibility.NETWORK:
        return (
            bool(user.is_authenticated)
            and Membership.objects.filter(user=user, organisation__kind=Organisation.Kind.MEMBER).exists()
        )
    return False


def get_document_for_user(user: Any, pk: int) -> MemberDocument:
    try:
        document = MemberDocument.objects.select_related("organisation").get(pk=pk)
    except MemberDocument.DoesNotExist:
        raise Http404 from None
    if not may_see_document(user, document):
        raise Http404
    return document


def get_support_request_for_user(user: Any, pk: int, *, write: bool = False) -> SupportRequest:
    """A support request: its organisation's members and Secretariat staff read it; its
    organisation's editors and Secretariat editors write in its thread."""
    try:
        support = SupportRequest.objects.select_related(
            "organisation", "organisation__country", "assigned_to"
        ).get(pk=pk)
    except SupportRequest.DoesNotExist:
        raise Http404 from None
    if not (is_staff(user) or accounts_access.is_member_of(user, support.organisation)):
        raise Http404
    if write and not may_ask_support(user, support.organisation):
        raise PermissionDenied
    return support
