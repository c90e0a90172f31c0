"""Demo campaigns: one modelled on the 2009-2012 campaign against the trafficking of children
(7,044,278 signatures online and in shops, chapters in 40 countries, handovers to governments and
the UN Human Rights Council, signers' data anonymised after the handover), and one open petition
with a member organisation's action page to sign now.

Deterministic (``random.Random(SEED)``), idempotent (returns at once when the demo exists) and
fast: rows go in with ``bulk_create`` and the counters are rebuilt once from the rows.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeguard.accounts.models import Membership, Organisation
from safeguard.countries.models import Country

from . import identity, services
from .models import (
    ActionPage,
    Campaign,
    CountryChapter,
    Handover,
    Invalidation,
    Milestone,
    PaperBatch,
    Petition,
    PetitionText,
    Signature,
    Target,
)

SEED = 2009
TOTAL = 7_044_278
ONLINE_ROWS = 3000
OPEN_ROWS = 300
DEMO_TOKEN = "demo-confirm-token-for-the-browser-suite-0001"  # noqa: S105 (a published demo link)
DEMO_SIGNER = "demo-signer@demo.example.org"
CHAPTER_COUNTRIES = (  # noqa: SIM905
    "AR AU AT BD BE BJ BO BR BF KH CM CA CL CO CR CI DK DO EC EG FR DE GH GT IN ID IE IT "
    "JP KE MX NP NL PE PH ZA CH TH GB US"
).split()
FRENCH = {"BE", "BJ", "BF", "CM", "CI", "FR", "CH"}
SPANISH = {"AR", "BO", "CL", "CO", "CR", "DO", "EC", "GT", "MX", "PE"}
FIRST = ("Ana", "Ben", "Chloé", "David", "Emma", "Fatou", "Gabriel", "Hana", "Ines", "Jon", "Kofi", "Lucía")
LAST = ("Silva", "Martin", "Nguyen", "Okafor", "García", "Dubois", "Khan", "Smith", "Rossi", "Sato")

TEXTS = {
    "stop-trafficking": {
        "en": (
            "Stop sex trafficking of children and young people",
            "We call on our government to take continuous action to protect children and young "
            "people from sex trafficking: community-based prevention, international standards "
            "in national law, and specialised services for those who survived it.",
        ),
        "fr": (
            "Stop à la traite des enfants et des jeunes à des fins sexuelles",
            "Nous demandons à notre gouvernement d'agir sans relâche pour protéger les enfants et "
            "les jeunes de la traite à des fins sexuelles : prévention dans les communautés, "
            "normes internationales dans la loi nationale et services spécialisés pour les "
            "victimes.",
        ),
        "es": (
            "Alto a la trata sexual de niñas, niños y jóvenes",
            "Pedimos a nuestro gobierno que actúe de forma continua para proteger a niñas, niños y "
            "jóvenes de la trata con fines sexuales: prevención en las comunidades, normas "
            "internacionales en la ley nacional y servicios especializados para las víctimas.",
        ),
    },
    "safe-online": {
        "en": (
            "Keep children safe online",
            "We ask every government to require online services to design for children's safety "
            "and to fund the hotlines that take down abuse material.",
        ),
        "fr": (
            "Protéger les enfants en ligne",
            "Nous demandons à chaque gouvernement d'exiger des services en ligne qu'ils soient "
            "conçus pour la sécurité des enfants et de financer les lignes de signalement.",
        ),
        "es": (
            "Proteger a la infancia en internet",
            "Pedimos a cada gobierno que exija a los servicios en línea un diseño seguro para la "
            "infancia y que financie las líneas de denuncia.",
        ),
    },
}


def _texts(petition: Petition, key: str) -> None:
    PetitionText.objects.bulk_create(
        PetitionText(
            petition=petition,
            language=language,
            title=title,
            body=body,
        )
        for language, (title, body) in TEXTS[key].items()
    )


def _aware(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randrange(8, 20), rng.randrange(60), tzinfo=UTC)


def load() -> list[Any]:
    if Campaign.objects.filter(slug="stop-trafficking-2009").exists():
        return []
    with transaction.atomic():
        _load()
    return []


def _load() -> None:
    rng = random.Random(SEED)  # noqa: S311 (reproducible demo data)
    secretariat = Organisation.objects.get(slug="secretariat")
    members = list(Organisation.objects.members().select_related("country").order_by("pk"))
    by_country = {}
    for member in members:
        by_country.setdefault(member.country.iso2, member)
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=[*CHAPTER_COUNTRIES, "GB"])}
    viewer_org = (
        Membership.objects.filter(user__email="viewer@demo.example.org")
        .select_related("organisation__country")
        .first()
    )
    first_member = viewer_org.organisation if viewer_org else members[0]
    retailer, _ = Organisation.objects.get_or_create(
        slug="high-street-beauty",
        defaults={
            "name": "High Street Beauty (retail partner)",
            "kind": Organisation.Kind.PARTNER,
            "partner_type": Organisation.PartnerType.INDUSTRY,
            "country": countries["GB"],
            "is_demo": True,
        },
    )

    # The open petition comes first so that its demo signer is signature number 1 (stable links).
    current = Campaign.objects.create(
        slug="online-safety-2026",
        name="Keep children safe online",
        summary="A campaign of the network for safety by design and funded hotlines.",
        owner=secretariat,
        status=Campaign.Status.OPEN,
        starts_on=date(2026, 1, 15),
        goal=100_000,
    )
    open_petition = Petition.objects.create(campaign=current, slug="safe-online", goal=100_000)
    _texts(open_petition, "safe-online")
    page = ActionPage.objects.create(
        petition=open_petition,
        organisation=first_member,
        slug="member-safe-online",
        language="en",
        country=first_member.country,
        headline=f"{first_member.country.name_en} says: keep children safe online",
        intro="Our organisation brings this petition to our parliament.",
        colour=ActionPage.Colour.TEAL,
    )
    Signature.objects.create(
        petition=open_petition,
        action_page=page,
        country=first_member.country,
        name="Demo Signer",
        email=DEMO_SIGNER,
        email_hmac=identity.email_hmac(DEMO_SIGNER),
        email_domain="demo.example.org",
        consent_count=True,
        consent_version="1",
        token_hash=identity.token_hash(DEMO_TOKEN),
        token_expires_at=timezone.now() + timedelta(days=3650),
        processed=True,
        mails_sent=1,
    )
    recent = timezone.now() - timedelta(days=30)
    Signature.objects.bulk_create(
        Signature(
            petition=open_petition,
            action_page=page if n % 3 == 0 else None,
            country=countries[rng.choice(CHAPTER_COUNTRIES)] if n % 3 else first_member.country,
            status=Signature.Status.CONFIRMED,
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            email=f"signer{n}@demo.example.org",
            email_hmac=identity.email_hmac(f"signer{n}@demo.example.org"),
            email_domain="demo.example.org",
            consent_count=True,
            consent_news=n % 2 == 0,
            consent_share=n % 6 == 0,
            consent_version="1",
            processed=True,
            mails_sent=1,
            created_at=recent + timedelta(minutes=n * 7),
            confirmed_at=recent + timedelta(minutes=n * 7 + 3),
        )
        for n in range(OPEN_ROWS)
    )
    Milestone.objects.bulk_create(
        Milestone(petition=open_petition, threshold=t) for t in (1_000, 10_000, 100_000)
    )

    old = Campaign.objects.create(
        slug="stop-trafficking-2009",
        name="Stop sex trafficking of children and young people",
        summary=(
            "A three-year campaign with a retail partner: petitions in shops and online, handed "
            "over to governments country by country and to the UN Human Rights Council."
        ),
        owner=secretariat,
        status=Campaign.Status.CLOSED,
        starts_on=date(2009, 8, 1),
        ends_on=date(2012, 6, 30),
        goal=7_000_000,
    )
    old.partners.add(retailer)
    petition = Petition.objects.create(campaign=old, slug="stop-trafficking", goal=7_000_000, is_open=False)
    _texts(petition, "stop-trafficking")

    chapters = []
    for iso2 in CHAPTER_COUNTRIES:
        language = "fr" if iso2 in FRENCH else "es" if iso2 in SPANISH else "en"
        chapters.append(
            CountryChapter(
                campaign=old,
                country=countries[iso2],
                lead=by_country.get(iso2),
                threshold=50_000,
                languages=language if language == "en" else f"{language},en",
            )
        )
    chapters = CountryChapter.objects.bulk_create(chapters)
    targets = Target.objects.bulk_create(
        Target(
            chapter=chapter,
            kind=Target.Kind.MINISTER,
            name=f"Minister of Social Affairs of {chapter.country.name_en}",
            office="Ministry of Social Affairs",
            language=chapter.languages.split(",")[0],
        )
        for chapter in chapters
    )
    swiss = next(c for c in chapters if c.country.iso2 == "CH")
    un_target = Target.objects.create(
        chapter=swiss,
        kind=Target.Kind.UN_BODY,
        name="UN Human Rights Council",
        office="Geneva",
        language="en",
    )

    # Online: real (anonymised) rows. Paper: tallies from shops, adding up to the real total.
    start = date(2009, 9, 1)
    online = []
    for n in range(ONLINE_ROWS):
        chapter = chapters[n % len(chapters)]
        day = start + timedelta(days=rng.randrange(900))
        when = _aware(day, rng)
        online.append(
            Signature(
                petition=petition,
                country=chapter.country,
                language=chapter.languages.split(",")[0],
                status=Signature.Status.CONFIRMED,
                consent_count=True,
                consent_version="1",
                processed=True,
                anonymised=True,
                created_at=when,
                confirmed_at=when,
            )
        )
    Signature.objects.bulk_create(online, batch_size=1000)
    paper_total = TOTAL - ONLINE_ROWS
    weights = [rng.randint(5, 60) for _ in chapters]
    shares = [paper_total * w // sum(weights) for w in weights]
    shares[0] += paper_total - sum(shares)
    batches = []
    for chapter, share in zip(chapters, shares, strict=True):
        first_half = share // 2
        for part, tally in enumerate((first_half, share - first_half)):
            day = date(2010 + part, rng.randrange(1, 12), rng.randrange(1, 28))
            batches.append(
                PaperBatch(
                    petition=petition,
                    kind=PaperBatch.Kind.TALLY,
                    state=PaperBatch.State.APPROVED,
                    country=chapter.country,
                    language=chapter.languages.split(",")[0],
                    place=f"Shops in {chapter.country.name_en} ({part + 1})",
                    collector="Retail partner staff",
                    collected_on=day,
                    sheet_refs=f"BOX-{chapter.country.iso2}-{part + 1:02d}",
                    tally=tally,
                    approved_at=_aware(day, rng),
                )
            )
    PaperBatch.objects.bulk_create(batches)

    handovers = []
    for chapter, target in list(zip(chapters, targets, strict=True))[:12]:
        handovers.append(
            Handover(
                chapter=chapter,
                target=target,
                handed_over_on=date(2011, 3 + len(handovers) % 9, 10 + len(handovers)),
                official=f"Deputy minister of {chapter.country.name_en}",
                signatures=0,
            )
        )
    Handover.objects.bulk_create(handovers)
    Handover.objects.create(
        chapter=swiss,
        target=un_target,
        handed_over_on=date(2012, 6, 19),
        official="President of the Human Rights Council",
        signatures=TOTAL,
        notes="All signatures, worldwide.",
    )
    Milestone.objects.bulk_create(
        Milestone(petition=petition, threshold=t, reached_at=timezone.now())
        for t in (1_000_000, 5_000_000, 7_000_000)
    )
    Campaign.objects.filter(pk=old.pk).update(anonymised_at=datetime(2013, 1, 1, tzinfo=UTC))

    # A keyed paper batch waiting for approval on the open petition, and an undone invalidation.
    PaperBatch.objects.create(
        petition=open_petition,
        kind=PaperBatch.Kind.KEYED,
        country=first_member.country,
        language="en",
        place="Community fair",
        collector="Member volunteers",
        collected_on=date(2026, 2, 14),
        sheet_refs="FAIR-01..FAIR-04",
        source_name="fair-sheets.csv",
        rows_valid=40,
    )
    admin = Membership.objects.filter(user__email="admin@demo.example.org").select_related("user").first()
    if admin is not None:
        Invalidation.objects.create(
            petition=open_petition,
            conditions={"email_domain": "spam.example"},
            reason="Burst from one domain, checked and found genuine: undone.",
            state=Invalidation.State.UNDONE,
            created_by=admin.user,
            undone_by=admin.user,
            undone_at=timezone.now(),
        )

    for p in (petition, open_petition):
        services.counters_rebuild(p.pk)
    # Handover numbers are what the counters said for that country at the time.
    counts = {c["country"]: c["total"] for c in services.petition_counts(petition.pk)["countries"]}
    for handover in Handover.objects.filter(chapter__campaign=old, signatures=0).select_related(
        "chapter__country"
    ):
        handover.signatures = counts.get(handover.chapter.country.iso2, 0)
        handover.save(update_fields=["signatures"])
