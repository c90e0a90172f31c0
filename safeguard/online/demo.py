"""Demo data for online protection (loader order 60): actors, assessments for 45 countries,
channels for every member country, a few dozen companies' commitments.

National services are invented and live under example.org, each marked "(demo)". The two
international fallbacks are the real, public directories of INHOPE and Child Helpline
International. Deterministic (one seeded RNG) and idempotent (it returns early once loaded).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from safeguard.accounts.demo import MEMBER_COUNTRIES
from safeguard.countries.models import Country

from .frameworks import load_frameworks, read_data
from .models import (
    Capability,
    CapabilityAssessment,
    Evidence,
    FrameworkVersion,
    IndustryCommitment,
    MaturityLevel,
    Network,
    NetworkAffiliation,
    OnlineActor,
    PolicyInstrument,
    Published,
    ReportingChannel,
)

SEED = 2026_60
DIRECTORY_COUNTRIES = (*MEMBER_COUNTRIES, "TH")
# Countries with assessments: the first 45 of the directory (at least 40 are published).
ASSESSED = DIRECTORY_COUNTRIES[:45]
# Assessments of these stay internal (under review): never on a public page.
INTERNAL_ONLY = ("KH", "CM", "CA", "CL", "CN")
# No national hotline here: visitors see the international fallback.
NO_HOTLINE = ("BJ", "BF", "GM", "KG", "MG", "MN", "NP", "NI", "TG", "ZM", "LB", "HN")
LANGUAGES = {
    "FR": "fr",
    "BE": "fr,nl",
    "BJ": "fr",
    "BF": "fr",
    "CM": "fr,en",
    "CA": "en,fr",
    "CI": "fr",
    "LU": "fr,de",
    "MG": "fr",
    "MA": "ar,fr",
    "SN": "fr",
    "TG": "fr",
    "CH": "de,fr,it",
    "AR": "es",
    "BO": "es",
    "CL": "es",
    "CO": "es",
    "CR": "es",
    "DO": "es",
    "EC": "es",
    "SV": "es",
    "GT": "es",
    "HN": "es",
    "MX": "es",
    "NI": "es",
    "PE": "es",
    "UY": "es",
    "BR": "pt",
    "DE": "de",
    "AT": "de",
    "IT": "it",
    "NL": "nl",
    "JP": "ja",
    "TH": "th",
    "EG": "ar",
    "JO": "ar",
    "LB": "ar,fr",
}
NETWORKS = (
    ("inhope", "INHOPE", "https://www.inhope.org/"),
    ("chi", "Child Helpline International", "https://childhelplineinternational.org/"),
    ("vgt", "Virtual Global Taskforce", "https://virtualglobaltaskforce.com/"),
    ("gsma-alliance", "GSMA Mobile Alliance against Child Sexual Abuse Content", "https://www.gsma.com/"),
)
COMPANY_WORDS = (
    (
        "Northwind",
        "Bluebird",
        "Cobalt",
        "Lumen",
        "Harbour",
        "Meridian",
        "Sparrow",
        "Orbit",
        "Tundra",
        "Pioneer",
        "Quartz",
        "Redwood",
        "Summit",
        "Vertex",
        "Willow",
    ),
    ("Telecom", "Mobile", "Networks", "Cloud", "Social", "Search", "Games", "Messaging"),
)


def load() -> list[Any]:
    if OnlineActor.objects.filter(is_demo=True).exists():
        return []
    with transaction.atomic():
        _load()
    return []


def _load() -> None:
    rng = random.Random(SEED)  # noqa: S311 (reproducible demo, not security)
    today = timezone.localdate()
    if not Capability.objects.exists():
        load_frameworks(read_data(), lambda name: apps.get_model("online", name))
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=DIRECTORY_COUNTRIES)}
    networks = {
        code: Network.objects.get_or_create(code=code, defaults={"name": name, "website": url})[0]
        for code, name, url in NETWORKS
    }
    actors = _actors(countries)
    _affiliations(rng, actors, networks)
    _channels(rng, today, countries, actors)
    _assessments(rng, today, countries)
    instruments = _instruments(rng, today, countries, actors)
    _commitments(rng, today, countries, instruments)


def _actors(countries: dict[str, Country]) -> dict[tuple[str, str], OnlineActor]:
    kinds = (
        ("hotline", "Internet Hotline"),
        ("helpline", "Child Helpline"),
        ("police_unit", "Police Cybercrime Unit"),
        ("ministry", "Ministry of Digital Affairs"),
    )
    rows = [
        OnlineActor(
            name=f"{country.name_en} {label} (demo)",
            slug=f"demo-{iso2.lower()}-{kind.replace('_', '-')}",
            kind=kind,
            country=country,
            website=f"https://{kind.replace('_', '-')}.{iso2.lower()}.example.org/",
            is_demo=True,
        )
        for iso2, country in sorted(countries.items())
        for kind, label in kinds
        if not (kind == "hotline" and iso2 in NO_HOTLINE)
    ]
    OnlineActor.objects.bulk_create(rows)
    return {
        (a.country.iso2, a.kind): a
        for a in OnlineActor.objects.filter(is_demo=True).select_related("country")
    }


def _affiliations(
    rng: random.Random, actors: dict[tuple[str, str], OnlineActor], networks: dict[str, Network]
) -> None:
    network_for = {"hotline": "inhope", "helpline": "chi", "police_unit": "vgt"}
    rows = []
    for (_iso2, kind), actor in sorted(actors.items()):
        code = network_for.get(kind)
        if code is None or (code == "vgt" and rng.random() < 0.7):
            continue
        rows.append(
            NetworkAffiliation(actor=actor, network=networks[code], since=date(rng.randint(2000, 2022), 1, 1))
        )
    NetworkAffiliation.objects.bulk_create(rows)


def _channel(country: Country, kind: str, name: str, url: str, **extra: Any) -> ReportingChannel:
    return ReportingChannel(
        country=country, kind=kind, name=name, url=url, visibility=Published.PUBLISHED, **extra
    )


def _channels(rng: random.Random, today: date, countries: dict[str, Country], actors: dict) -> None:
    K = ReportingChannel.Kind
    rows = [
        ReportingChannel(
            kind=K.HOTLINE,
            name="INHOPE: find the hotline for your country",
            url="https://www.inhope.org/",
            languages="en",
            anonymous=True,
            accepts="csam",
            is_international_fallback=True,
            visibility=Published.PUBLISHED,
            last_verified_on=today - timedelta(days=20),
            priority=1,
            source="INHOPE member list",
            note_en="The international network of hotlines lists where to report.",
            note_fr="Le réseau international des hotlines indique où faire un signalement.",
            note_es="La red internacional de líneas de denuncia indica dónde denunciar.",
        ),
        ReportingChannel(
            kind=K.HELPLINE,
            name="Child Helpline International: find a child helpline",
            url="https://childhelplineinternational.org/",
            languages="en",
            audience="children",
            is_international_fallback=True,
            visibility=Published.PUBLISHED,
            last_verified_on=today - timedelta(days=20),
            priority=2,
            source="Child Helpline International",
        ),
    ]
    for iso2, country in sorted(countries.items()):
        host = iso2.lower()
        languages = LANGUAGES.get(iso2, "en")

        def common(languages: str = languages) -> dict[str, Any]:
            roll = rng.random()
            return {
                "languages": languages,
                "status": "unverified" if roll < 0.06 else "active",
                "last_verified_on": today
                - timedelta(days=rng.randint(200, 400) if roll > 0.9 else rng.randint(5, 170)),
                "source": "Demo data",
            }

        rows.append(
            _channel(
                country,
                K.EMERGENCY,
                f"{country.name_en} police emergency line (demo)",
                f"https://police.{host}.example.org/emergency",
                hours="24/7",
                **common(),
            )
        )
        if iso2 not in NO_HOTLINE:
            rows.append(
                _channel(
                    country,
                    K.HOTLINE,
                    actors[(iso2, "hotline")].name,
                    f"https://hotline.{host}.example.org/report",
                    actor=actors[(iso2, "hotline")],
                    anonymous=True,
                    accepts="csam,grooming,sextortion",
                    **common(),
                )
            )
        if rng.random() < 0.7:
            rows.append(
                _channel(
                    country,
                    K.POLICE_ONLINE,
                    f"{country.name_en} police online report (demo)",
                    f"https://police.{host}.example.org/report-online",
                    actor=actors[(iso2, "police_unit")],
                    accepts="csam,grooming,sextortion,ncii,trafficking",
                    **common(),
                )
            )
        rows.append(
            _channel(
                country,
                K.HELPLINE,
                actors[(iso2, "helpline")].name,
                f"https://helpline.{host}.example.org/",
                actor=actors[(iso2, "helpline")],
                audience="children",
                anonymous=True,
                hours="24/7",
                accepts="grooming,sextortion,other",
                **common(),
            )
        )
        if rng.random() < 0.3:
            rows.append(
                _channel(
                    country,
                    K.OFFENDER_PREVENTION,
                    f"{country.name_en} prevention line (demo)",
                    f"https://prevention.{host}.example.org/",
                    anonymous=True,
                    **common(),
                )
            )
    ReportingChannel.objects.bulk_create(rows)


def _assessments(rng: random.Random, today: date, countries: dict[str, Country]) -> None:
    version = FrameworkVersion.objects.get(framework__code="mnr", version="2015")
    capabilities = list(Capability.objects.filter(framework_version=version))
    levels = list(MaturityLevel.objects.filter(framework_version=version).order_by("rank"))
    methods = list(CapabilityAssessment.Method.values)
    confidences = list(CapabilityAssessment.Confidence.values)
    rows = []
    for iso2 in ASSESSED:
        base = rng.randint(1, 4)
        assessed_on = today - timedelta(days=rng.randint(30, 500))
        for capability in capabilities:
            rank = max(0, min(5, base + rng.choice((-2, -1, 0, 0, 1))))
            if rng.random() < 0.08:
                rank = 0
            internal = iso2 in INTERNAL_ONLY or rng.random() < 0.05
            rows.append(
                CapabilityAssessment(
                    country=countries[iso2],
                    capability=capability,
                    level=levels[rank],
                    method=rng.choice(methods),
                    confidence=rng.choice(confidences),
                    assessed_by="Secretariat research team (demo)",
                    assessed_on=assessed_on,
                    next_review_due=assessed_on + timedelta(days=365),
                    visibility=Published.INTERNAL if internal else Published.PUBLISHED,
                    note="Internal draft: to be checked with the member." if internal else "",
                )
            )
    CapabilityAssessment.objects.bulk_create(rows)
    legislation = {
        a.country_id: a for a in CapabilityAssessment.objects.filter(capability__code="MNR-2015-3")
    }
    Evidence.objects.bulk_create(
        Evidence(
            assessment=assessment,
            kind=Evidence.Kind.LAW,
            title="Child Online Protection Act (demo)",
            url=f"https://legislation.{assessment.country.iso2.lower()}.example.org/child-online-protection",
            accessed_on=assessment.assessed_on,
        )
        for assessment in CapabilityAssessment.objects.filter(
            pk__in=[a.pk for a in legislation.values()]
        ).select_related("country")
    )


def _instruments(
    rng: random.Random, today: date, countries: dict[str, Country], actors: dict
) -> list[PolicyInstrument]:
    K, S = PolicyInstrument.Kind, PolicyInstrument.Status
    templates = (
        (
            K.STRATEGY,
            "National Child Online Protection Strategy (demo)",
            ("MNR-2015-1", "MNR-2015-2", "MNR-2015-13"),
        ),
        (K.LAW, "Child Online Protection Act (demo)", ("MNR-2015-3", "MNR-2015-17", "MNR-2015-21")),
        (K.CODE_OF_CONDUCT, "Internet Industry Code of Conduct (demo)", ("MNR-2015-16", "MNR-2015-19")),
    )
    capabilities = {c.code: c for c in Capability.objects.filter(code__startswith="MNR-2015-")}
    created = []
    for iso2 in ASSESSED:
        for kind, title, covers in templates:
            if rng.random() < 0.35:
                continue
            adopted = today - timedelta(days=rng.randint(100, 3000))
            instrument = PolicyInstrument.objects.create(
                country=countries[iso2],
                kind=kind,
                title=f"{countries[iso2].name_en} {title}",
                lead_body=actors[(iso2, "ministry")],
                status=rng.choice((S.ADOPTED, S.IN_FORCE, S.IN_FORCE, S.DRAFT)),
                adopted_on=adopted,
                in_force_from=adopted + timedelta(days=90),
                url=f"https://gov.{iso2.lower()}.example.org/online-protection",
                visibility=Published.INTERNAL if iso2 in INTERNAL_ONLY else Published.PUBLISHED,
            )
            instrument.covers.set([capabilities[code] for code in covers])
            created.append(instrument)
    return created


def _commitments(rng: random.Random, today: date, countries: dict[str, Country], instruments: list) -> None:
    frameworks = list(FrameworkVersion.objects.filter(framework__kind="industry"))
    codes = [i for i in instruments if i.kind == PolicyInstrument.Kind.CODE_OF_CONDUCT]
    names = sorted({f"{a} {b}" for a in COMPANY_WORDS[0] for b in COMPANY_WORDS[1]})
    rng.shuffle(names)
    stages = list(IndustryCommitment.Stage.values)
    iso2s = sorted(countries)
    for n, name in enumerate(names[:36]):
        home = countries[iso2s[n % len(iso2s)]]
        company = OnlineActor.objects.create(
            name=f"{name} (demo)",
            slug=f"demo-company-{n + 1}",
            kind=OnlineActor.Kind.COMPANY,
            country=home,
            website=f"https://company{n + 1}.example.org/",
            is_demo=True,
        )
        targets = [{"framework": f} for f in rng.sample(frameworks, rng.randint(1, len(frameworks)))]
        local = [i for i in codes if i.country_id == home.pk]
        if local:
            targets.append({"instrument": local[0]})
        for target in targets:
            endorsed = today - timedelta(days=rng.randint(200, 2500))
            commitment = IndustryCommitment.objects.create(
                actor=company,
                stage=rng.choice(stages),
                endorsed_on=endorsed,
                stage_since=endorsed + timedelta(days=rng.randint(0, 150)),
                evidence_url=f"https://company{n + 1}.example.org/child-safety",
                visibility=Published.INTERNAL if rng.random() < 0.1 else Published.PUBLISHED,
                **target,
            )
            commitment.countries.set(
                [target["instrument"].country]
                if "instrument" in target
                else [home, *rng.sample(list(countries.values()), 3)]
            )
