"""Who may see or change what in the online-protection tracker and directory.

The public sees published items only. Secretariat staff see internal assessments and drafts;
Secretariat owners, administrators and editors change them (in the admin, imports and checks).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from safeguard.accounts.access import ROLE_RANK, is_secretariat_staff, secretariat_role
from safeguard.accounts.models import Membership


def may_see_internal(user: Any) -> bool:
    """Secretariat staff, whatever their role, read internal assessments and unpublished entries."""
    return is_secretariat_staff(user)


def may_edit_online(user: Any) -> bool:
    """Secretariat editors and above change the tracker and the directory."""
    role = secretariat_role(user)
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[Membership.Role.EDITOR]


def check_staff_page(user: Any, *, write: bool = False) -> None:
    """Staff pages (review lists, imports): 404 for everyone else, who need not know they exist."""
    if not (may_edit_online(user) if write else may_see_internal(user)):
        raise Http404
