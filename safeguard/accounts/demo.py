"""The deterministic demo network: a Secretariat in Bangkok, 81 member organisations in 75
countries, partners, a Code company, and a login for every persona.

Everything it creates is marked ``is_demo`` and uses example.org addresses.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from safeguard.countries.models import Country
from safeguard.lib.registry import demo_loaders

from .models import Membership, Organisation, User

SEED = 2026
DEMO_PASSWORD = "safeguard-demo-2026"  # noqa: S105 (published demo login)
# A published secret: anyone can compute the demo codes, which is the point of a demo.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105
DOMAIN = "demo.example.org"

# 75 countries with a member organisation, across every region.
MEMBER_COUNTRIES = (  # noqa: SIM905 (a block of codes reads better than 75 lines)
    "AL AM AR AU AT BD BE BJ BO BR BF KH CM CA CL CN CO CR CI CZ DK DO EC EG SV FR GM DE GH GT "
    "HN IN ID IE IT JP JO KE KG LB LU MG MY MX MN MA NP NL NZ NI NG NO PK PE PH PL RO RU RW SN "
    "ZA LK SE CH TW TZ TH TG UG UA GB US UY VN ZM"
).split()
# Six of them have a second member (a national member and an affiliate).
SECOND_MEMBER = ("BR", "IN", "KE", "PH", "FR", "US")
NAME_PATTERNS = (
    "{country} Coalition against Child Exploitation",
    "Child Protection Network {country}",
    "{country} Alliance for Children's Rights",
    "Action for Children {country}",
    "{country} Centre for Child Safety",
)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    persona: str
    has_totp: bool


class DemoRefused(Exception):
    pass


def _user(email: str, full_name: str, *, totp: bool = False, **extra: object) -> User:
    # One Argon2 hash for all: hashing it a hundred times would take seconds for nothing.
    user = User.objects.create(email=email, password=_password_hash(), full_name=full_name, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if totp:
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)
    return user


@functools.cache
def _password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def holds_real_data() -> bool:
    return (
        Organisation.objects.filter(is_demo=False).exists()
        or User.objects.exclude(email__endswith=DOMAIN).exists()
    )


def is_demo_database() -> bool:
    return Organisation.objects.filter(is_demo=True).exists() and not holds_real_data()


@transaction.atomic
def demo_load() -> list[DemoLogin]:
    """Build the demo network once; a second run changes nothing. Refuses a real database."""
    if settings.PRODUCTION:
        raise DemoRefused("Demo data is never loaded with SAFEGUARD_ENV=production: its logins are public.")
    if holds_real_data():
        raise DemoRefused("This database holds data that is not demo data; demo data is not loaded here.")
    if not Organisation.objects.filter(is_demo=True).exists():
        _load_network()
    extra = [login for loader in demo_loaders.providers() for login in loader()]
    return demo_logins() + extra


def _load_network() -> None:
    rng = random.Random(SEED)  # noqa: S311 (reproducible demo names, not security)
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=[*MEMBER_COUNTRIES, "TH"])}

    secretariat = Organisation.objects.create(
        name="International Secretariat",
        slug="secretariat",
        kind=Organisation.Kind.SECRETARIAT,
        country=countries["TH"],
        city="Bangkok",
        is_demo=True,
    )
    members: list[Organisation] = []
    for iso2 in MEMBER_COUNTRIES:
        for n in range(2 if iso2 in SECOND_MEMBER else 1):
            country = countries[iso2]
            name = rng.choice(NAME_PATTERNS).format(country=country.name_en)
            if n:
                name = f"{name} (affiliate)"
            members.append(
                Organisation.objects.create(
                    name=name,
                    slug=slugify(f"{iso2}-{name}")[:80],
                    kind=Organisation.Kind.MEMBER,
                    country=country,
                    is_demo=True,
                )
            )
    company = Organisation.objects.create(
        name="Blue Lagoon Tours",
        slug="blue-lagoon-tours",
        kind=Organisation.Kind.COMPANY,
        country=countries["TH"],
        is_demo=True,
    )
    hotline = Organisation.objects.create(
        name="National Online Safety Hotline",
        slug="online-safety-hotline",
        kind=Organisation.Kind.PARTNER,
        partner_type=Organisation.PartnerType.HOTLINE,
        country=countries["PH"],
        is_demo=True,
    )

    def add(user: User, org: Organisation, role: str) -> None:
        Membership.objects.create(user=user, organisation=org, role=role)

    add(
        _user(f"admin@{DOMAIN}", "Sasithorn Demo", totp=True, is_staff=True, is_superuser=True),
        secretariat,
        "owner",
    )
    add(_user(f"staff@{DOMAIN}", "Somchai Demo", totp=True), secretariat, "editor")
    add(_user(f"researcher@{DOMAIN}", "Ana Demo", totp=True), secretariat, "viewer")
    # Shows the forced set-up: staff without a second factor must add one before anything else.
    add(_user(f"new-staff@{DOMAIN}", "New Staff Demo"), secretariat, "viewer")
    first = members[0]
    add(_user(f"owner@{DOMAIN}", "Member Owner", totp=True), first, "owner")
    add(_user(f"member-admin@{DOMAIN}", "Member Admin", totp=True), first, "admin")
    add(_user(f"editor@{DOMAIN}", "Member Editor"), first, "editor")
    add(_user(f"viewer@{DOMAIN}", "Member Viewer"), first, "viewer")
    for org in members[1:]:
        add(_user(f"contact@{org.slug[:40]}.{DOMAIN}", f"Contact {org.country.name_en}"), org, "editor")
    add(_user(f"company@{DOMAIN}", "Company Contact"), company, "editor")
    add(_user(f"hotline@{DOMAIN}", "Hotline Analyst"), hotline, "viewer")
    _user(f"outsider@{DOMAIN}", "Without Organisation")


def demo_logins() -> list[DemoLogin]:
    personas = [
        ("admin", "Secretariat owner and site administrator"),
        ("staff", "Secretariat staff (editor)"),
        ("researcher", "Secretariat staff (viewer)"),
        ("new-staff", "Secretariat staff who must still set up a second factor"),
        ("owner", "member organisation owner"),
        ("member-admin", "member organisation administrator"),
        ("editor", "member organisation editor"),
        ("viewer", "member organisation viewer"),
        ("company", "Code company contact"),
        ("hotline", "partner (hotline) viewer"),
        ("outsider", "signed-in user without an organisation"),
    ]
    with_totp = set(User.objects.filter(authenticator__type="totp").values_list("email", flat=True))
    return [
        DemoLogin(f"{local}@{DOMAIN}", label, f"{local}@{DOMAIN}" in with_totp) for local, label in personas
    ]
