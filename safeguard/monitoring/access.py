"""Who may see or change an assessment.

- Published reports, scores and open data are public.
- An assessment's workspace (drafts, answers, reviews) is seen by the member organisations of
  that country and by Secretariat staff; everyone else gets 404.
- Drafting (answers, evidence, submitting) is for editors and above of a member organisation of
  that country, and for Secretariat staff who may edit ("researchers").
- Review decisions (return, approve, right of reply, publish, corrections, imports) are for
  Secretariat staff who may edit.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguard.accounts.access import ROLE_RANK, secretariat_role
from safeguard.accounts.models import Membership, Organisation

from .models import Assessment

Role = Membership.Role
WRITE_ROLES = frozenset({Role.OWNER, Role.ADMIN, Role.EDITOR})


def _member_memberships(user: Any) -> list[tuple[int, str]]:
    """(country id, role) of the user's member organisations, cached on the user for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_monitoring_member_roles", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, organisation__kind=Organisation.Kind.MEMBER).values_list(
                "organisation__country_id", "role"
            )
        )
        user._monitoring_member_roles = cached
    return cached


def member_role_for_country(user: Any, country_id: int) -> str | None:
    """The user's highest role in a member organisation based in that country."""
    roles = [role for country, role in _member_memberships(user) if country == country_id]
    return max(roles, key=lambda role: ROLE_RANK[role], default=None)


def member_country_ids(user: Any) -> set[int]:
    return {country for country, _ in _member_memberships(user)}


def may_review(user: Any) -> bool:
    return secretariat_role(user) in WRITE_ROLES


def may_see_workspace(user: Any) -> bool:
    """Anyone who could work on some assessment: Secretariat staff and member organisations' staff."""
    return secretariat_role(user) is not None or bool(member_country_ids(user))


def may_view_assessment(user: Any, assessment: Assessment) -> bool:
    return (
        secretariat_role(user) is not None or member_role_for_country(user, assessment.country_id) is not None
    )


def may_draft_assessment(user: Any, assessment: Assessment) -> bool:
    if may_review(user):
        return True
    return member_role_for_country(user, assessment.country_id) in WRITE_ROLES


def get_assessment_for_user(user: Any, pk: int, *, write: bool = False, review: bool = False) -> Assessment:
    """The assessment's workspace: 404 for outsiders, 403 for those who may only read."""
    try:
        assessment = Assessment.objects.select_related("edition__framework", "country").get(pk=pk)
    except Assessment.DoesNotExist:
        raise Http404 from None
    if not may_view_assessment(user, assessment):
        raise Http404
    if write and not may_draft_assessment(user, assessment):
        raise PermissionDenied
    if review and not may_review(user):
        raise PermissionDenied
    return assessment


def visible_assessments(user: Any):
    queryset = Assessment.objects.select_related("edition", "country")
    if secretariat_role(user) is not None:
        return queryset
    return queryset.filter(country_id__in=member_country_ids(user))
