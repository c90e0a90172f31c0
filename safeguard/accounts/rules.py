"""`rules` predicates and permissions for templates and `user.has_perm`, built on `access`."""

import rules

from . import access


@rules.predicate
def is_secretariat_staff(user) -> bool:  # type: ignore[no-untyped-def]
    return access.is_secretariat_staff(user)


@rules.predicate
def is_member_of_organisation(user, organisation) -> bool:  # type: ignore[no-untyped-def]
    return organisation is not None and access.is_member_of(user, organisation)


@rules.predicate
def may_edit_organisation(user, organisation) -> bool:  # type: ignore[no-untyped-def]
    return organisation is not None and access.may_edit_organisation(user, organisation)


rules.add_perm("accounts.view_organisation_private", is_member_of_organisation | is_secretariat_staff)
rules.add_perm("accounts.change_organisation_roles", may_edit_organisation)
rules.add_perm("accounts.view_security_events", is_secretariat_staff)
