"""Small ``make_<thing>`` helpers for the campaigns tests."""

from __future__ import annotations

import itertools
import re
import time
from datetime import date
from typing import Any

from django.core import mail

from safeguard.accounts.models import Organisation
from safeguard.countries.models import Country

from .. import identity
from ..models import (
    ActionPage,
    Campaign,
    CountryChapter,
    Petition,
    PetitionText,
    RateLimit,
    Signature,
    Target,
)

_n = itertools.count(1)


def make_campaign(**overrides: Any) -> Campaign:
    n = next(_n)
    owner = overrides.pop("owner", None) or Organisation.objects.filter(kind="secretariat").first()
    if owner is None:
        owner = Organisation.objects.create(
            name=f"Secretariat {n}",
            slug=f"sec-{n}",
            kind="secretariat",
            country=Country.objects.get(iso2="TH"),
        )
    defaults: dict[str, Any] = {
        "slug": f"campaign-{n}",
        "name": f"Campaign {n}",
        "owner": owner,
        "status": Campaign.Status.OPEN,
        "starts_on": date(2026, 1, 1),
    }
    defaults.update(overrides)
    return Campaign.objects.create(**defaults)


def make_petition(campaign: Campaign | None = None, **overrides: Any) -> Petition:
    n = next(_n)
    campaign = campaign or make_campaign()
    petition = Petition.objects.create(
        campaign=campaign, slug=overrides.pop("slug", f"petition-{n}"), **overrides
    )
    for language, title in (
        ("en", "Protect children"),
        ("fr", "Protéger les enfants"),
        ("es", "Proteger a la infancia"),
    ):
        PetitionText.objects.create(petition=petition, language=language, title=title, body=f"{title}.")
    return petition


def make_chapter(campaign: Campaign, iso2: str = "KE", **overrides: Any) -> CountryChapter:
    chapter = CountryChapter.objects.create(
        campaign=campaign, country=Country.objects.get(iso2=iso2), **overrides
    )
    Target.objects.create(chapter=chapter, kind="minister", name="Minister of Children", language="fr")
    return chapter


def make_action_page(petition: Petition, organisation: Organisation, **overrides: Any) -> ActionPage:
    n = next(_n)
    defaults: dict[str, Any] = {
        "slug": f"page-{n}",
        "language": "en",
        "country": organisation.country,
        "headline": f"Action page {n}",
    }
    defaults.update(overrides)
    return ActionPage.objects.create(petition=petition, organisation=organisation, **defaults)


def make_signatures(petition: Petition, count: int, *, iso2: str = "KE", **fields: Any) -> list[Signature]:
    """``count`` rows written directly (no job, no counts), each with its own email and hash."""
    country = Country.objects.get(iso2=iso2)
    first = next(_n) * 100_000
    return Signature.objects.bulk_create(
        Signature(
            petition=petition,
            country=country,
            name=f"Signer {i}",
            email=f"s{i}@example.org",
            email_hmac=f"{i:064d}",
            consent_count=True,
            **fields,
        )
        for i in range(first, first + count)
    )


def no_rate_limits() -> None:
    RateLimit.objects.update(is_active=False)


def sign_data(
    email: str, *, country: str = "KE", name: str = "Ada Signer", age: float = 10, **extra: Any
) -> dict:
    data = {
        "name": name,
        "email": email,
        "country": country,
        "consent_count": "on",
        "form_token": identity.form_token(time.time() - age),
        "website": "",
    }
    data.update(extra)
    return data


CONFIRM = re.compile(r"/campaigns/confirm/([^/\s]+)/")
REMOVE = re.compile(r"/campaigns/remove/([^/\s?]+)/")
DATA = re.compile(r"/campaigns/my-data/([^/\s]+)/")


def last_token(to: str, pattern: re.Pattern[str] = CONFIRM) -> str:
    for message in reversed(mail.outbox):
        if to in message.to:
            found = pattern.search(message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no mail with a link to {to}")
