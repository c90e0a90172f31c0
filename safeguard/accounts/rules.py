"""`rules` predicates and permissions for templates and `user.has_perm`, built on `access`."""

from __future__ import annotations

from typing import Any

import rules

from . import access
from .models import Organisation


@rules.predicate
def is_secretariat_staff(user: Any) -> bool:
    return access.is_secretariat_staff(user)


@rules.predicate
def is_member_of_organisation(user: Any, organisation: Organisation | None) -> bool:
    return organisation is not None and access.is_member_of(user, organisation)


@rules.predicate
def may_manage_roles(user: Any, organisation: Organisation | None) -> bool:
    return organisation is not None and access.may_manage_roles(user, organisation)


@rules.predicate
def may_read_security_log(user: Any) -> bool:
    return access.may_read_security_log(user)


rules.add_perm("accounts.view_organisation_private", is_member_of_organisation | is_secretariat_staff)
rules.add_perm("accounts.change_organisation_roles", may_manage_roles)
rules.add_perm("accounts.view_security_events", may_read_security_log)
