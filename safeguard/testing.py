"""Shared test helpers: small ``make_<thing>`` functions and the personas of STYLE.md."""

from __future__ import annotations

import itertools
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.test import TestCase

from safeguard.accounts.models import Membership, Organisation, User
from safeguard.countries.models import Country

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_counter = itertools.count(1)


def make_user(email: str | None = None, *, totp: bool = False, **overrides: Any) -> User:
    email = email or f"person{next(_counter)}@example.org"
    user = User.objects.create(
        email=email, full_name=overrides.pop("full_name", email.split("@")[0]), **overrides
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if totp:
        TOTP.activate(user, TOTP_SECRET)
    return user


def make_organisation(**overrides: Any) -> Organisation:
    n = next(_counter)
    defaults: dict[str, Any] = {
        "name": f"Organisation {n}",
        "slug": f"organisation-{n}",
        "kind": Organisation.Kind.MEMBER,
        "country": Country.objects.get(iso2="KE"),
    }
    defaults.update(overrides)
    if isinstance(defaults["country"], str):
        defaults["country"] = Country.objects.get(iso2=defaults["country"])
    return Organisation.objects.create(**defaults)


def make_member(organisation: Organisation, role: str, *, totp: bool = False, **overrides: Any) -> User:
    user = make_user(totp=totp, **overrides)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


class PersonaTestCase(TestCase):
    """The shared personas, built once per test class.

    ``secretariat_admin`` and ``member_admin`` have a second factor, as the platform requires.
    """

    secretariat: Organisation
    member_org: Organisation
    other_org: Organisation
    company_org: Organisation
    secretariat_admin: User
    member_admin: User
    member_editor: User
    member_viewer: User
    outsider: User
    company_contact: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.secretariat = make_organisation(
            name="Secretariat", slug="secretariat", kind="secretariat", country="TH"
        )
        cls.member_org = make_organisation(name="Kenya Member", slug="kenya-member", country="KE")
        cls.other_org = make_organisation(name="Peru Member", slug="peru-member", country="PE")
        cls.company_org = make_organisation(
            name="Tour Company", slug="tour-company", kind="company", country="TH"
        )
        cls.secretariat_admin = make_member(
            cls.secretariat, "owner", totp=True, email="secretariat@example.org"
        )
        cls.member_admin = make_member(cls.member_org, "admin", totp=True, email="admin@example.org")
        cls.member_editor = make_member(cls.member_org, "editor", email="editor@example.org")
        cls.member_viewer = make_member(cls.member_org, "viewer", email="viewer@example.org")
        cls.outsider = make_member(cls.other_org, "editor", email="outsider@example.org")
        cls.company_contact = make_member(cls.company_org, "editor", email="company@example.org")

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)

    def login(self, user: User | None) -> None:
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
