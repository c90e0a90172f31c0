"""Demo library: 500 resources over every type, language and access level, with real PDFs.

Every resource gets a generated PDF (``pdfgen``, milliseconds each). The first
``EXTRACTED`` files go through the real extraction (pypdf); for the rest the page text we
generated is stored directly, which is what extraction would find, to keep the load fast.
Everything is bulk-created, then indexed in one pass.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from safeguard.accounts.models import Organisation, User
from safeguard.countries.models import Country

from .indexing import UnitText, file_extract, new_unit, version_bits, write_unit_texts
from .models import (
    Access,
    Creator,
    Licence,
    PageText,
    Relation,
    Resource,
    ResourceFile,
    ResourceType,
    ResourceVersion,
    SearchUnit,
    Theme,
    VersionLanguage,
    VersionTheme,
)
from .pdfgen import build_pdf
from .text import search_language

SEED = 8050
COUNT = 500
EXTRACTED = 24
# Stable demo URLs used by the browser suite.
SHOWCASE_SLUG = "offenders-on-the-move-global-study"
MEMBERS_SLUG = "members-briefing-on-livestreamed-abuse"

SUBJECTS = {
    "en": [
        "child protection in travel and tourism",
        "online sexual exploitation of children",
        "trafficking of children across borders",
        "legal reform on grooming offences",
        "support services for child victims",
        "prevention programmes in schools",
        "the participation of young people in policy",
        "research methods with survivors",
    ],
    "fr": [
        "la protection de l'enfance dans le voyage et le tourisme",
        "l'exploitation sexuelle des enfants en ligne",
        "la traite des enfants à travers les frontières",
        "la réforme législative sur la sollicitation d'enfants",
        "les services d'aide aux enfants victimes",
        "les programmes de prévention dans les écoles",
        "la participation des jeunes aux politiques publiques",
        "les méthodes de recherche avec les survivants",
    ],
    "es": [
        "la protección de la infancia en los viajes y el turismo",
        "la explotación sexual de niños y niñas en línea",
        "la trata de niños a través de las fronteras",
        "la reforma legal sobre el acoso sexual en línea",
        "los servicios de apoyo a las víctimas infantiles",
        "los programas de prevención en las escuelas",
        "la participación de los jóvenes en las políticas",
        "los métodos de investigación con sobrevivientes",
    ],
    "pt": [
        "a proteção da criança no turismo",
        "a exploração sexual de crianças na internet",
        "o tráfico de crianças entre fronteiras",
        "a reforma legal sobre aliciamento",
        "os serviços de apoio às vítimas",
        "os programas de prevenção nas escolas",
        "a participação de jovens nas políticas",
        "os métodos de pesquisa com sobreviventes",
    ],
}
SENTENCES = {
    "en": [
        "This chapter reviews {subject} in {country}.",
        "Interviews with {n} practitioners show how hotels, airlines and tour operators respond.",
        "The evidence points to gaps in reporting, training and cooperation with the police.",
        "Governments should adopt national action plans and fund specialised services.",
        "Data collected in {year} confirm that offenders travel to places with weak oversight.",
        "Children and young people asked for safer online spaces and trusted adults.",
    ],
    "fr": [
        "Ce chapitre examine {subject} en {country}.",
        "Des entretiens avec {n} professionnels montrent comment les hôtels et les voyagistes réagissent.",
        "Les résultats montrent des lacunes dans le signalement, la formation et la coopération policière.",
        "Les gouvernements devraient adopter des plans d'action nationaux"
        " et financer des services spécialisés.",
        "Les données recueillies en {year} confirment que les agresseurs voyagent"
        " vers des lieux peu contrôlés.",
        "Les enfants et les jeunes demandent des espaces en ligne plus sûrs et des adultes de confiance.",
    ],
    "es": [
        "Este capítulo examina {subject} en {country}.",
        "Las entrevistas con {n} profesionales muestran cómo responden hoteles y agencias de viajes.",
        "La evidencia señala carencias en la denuncia, la formación y la cooperación con la policía.",
        "Los gobiernos deberían adoptar planes de acción nacionales y financiar servicios especializados.",
        "Los datos recogidos en {year} confirman que los agresores viajan a lugares con poca vigilancia.",
        "Los niños, niñas y jóvenes pidieron espacios en línea más seguros y adultos de confianza.",
    ],
    "pt": [
        "Este capítulo analisa {subject} em {country}.",
        "Entrevistas com {n} profissionais mostram como hotéis e agências respondem.",
        "As evidências apontam lacunas na denúncia, na formação e na cooperação com a polícia.",
        "Os governos devem adotar planos de ação nacionais e financiar serviços especializados.",
        "Os dados recolhidos em {year} confirmam que os agressores viajam"
        " para locais com pouca fiscalização.",
        "Crianças e jovens pediram espaços online mais seguros e adultos de confiança.",
    ],
}
TITLE_PATTERNS = {
    "en": ["{Subject}: a study in {country}", "Guide to {subject}", "{Subject} — lessons from {country}"],
    "fr": ["{Subject} : une étude en {country}", "Guide sur {subject}", "{Subject} — leçons de {country}"],
    "es": ["{Subject}: un estudio en {country}", "Guía sobre {subject}", "{Subject}: lecciones de {country}"],
    "pt": ["{Subject}: um estudo em {country}", "Guia sobre {subject}", "{Subject}: lições de {country}"],
}
FAMILY_NAMES = [
    "Okafor",
    "Dupont",
    "García",
    "Nguyen",
    "Silva",
    "Kamau",
    "Suzuki",
    "Haddad",
    "Mendoza",
    "Laurent",
]
GIVEN_NAMES = ["Amina", "Jean", "Lucía", "Minh", "Rafael", "Wanjiru", "Aiko", "Omar", "Sofía", "Claire"]
THEMES_BY_SUBJECT = list(Theme.values)


def _country_name(country: Country, language: str) -> str:
    return (
        getattr(country, f"name_{language}", country.name_en)
        if language in ("en", "fr", "es")
        else country.name_en
    )


def _pages(rng: random.Random, language: str, subject: str, country: str, year: int, count: int) -> list[str]:
    text_language = language if language in SENTENCES else "en"
    pages = []
    for number in range(1, count + 1):
        sentences = rng.sample(SENTENCES[text_language], 4)
        body = " ".join(
            s.format(subject=subject, country=country, n=rng.randint(8, 90), year=year) for s in sentences
        )
        pages.append(f"{number}. {body}")
    return pages


def _access_plan(n: int) -> tuple[str, str]:
    """(metadata access, file access) cycling through every combination we support."""
    plan = [
        (Access.PUBLIC, Access.PUBLIC),
        (Access.PUBLIC, Access.PUBLIC),
        (Access.PUBLIC, Access.PUBLIC),
        (Access.PUBLIC, Access.PUBLIC),
        (Access.PUBLIC, Access.PUBLIC),
        (Access.PUBLIC, Access.PUBLIC),
        (Access.PUBLIC, Access.MEMBERS),
        (Access.PUBLIC, Access.EMBARGOED),
        (Access.MEMBERS, Access.MEMBERS),
        (Access.RESTRICTED, Access.RESTRICTED),
        (Access.PUBLIC, Access.RESTRICTED),
    ]
    return plan[n % len(plan)]


def load() -> list[Any]:
    if Resource.objects.filter(is_demo=True).exists():
        return []
    files = build_corpus(COUNT, seed=SEED)
    for file in files[:EXTRACTED]:
        file_extract(file)
    contributor = User.objects.filter(email="editor@demo.example.org").first()
    _submissions(contributor, random.Random(SEED))  # noqa: S311 - reproducible demo data
    return []


def build_corpus(count: int, *, seed: int, prefix: str = "demo", pdfs: bool = True) -> list[ResourceFile]:
    """``count`` published resources with page text, indexed; PDFs written when ``pdfs``.

    The benchmark corpus (bench/library) uses this with ``pdfs=False``: page text only.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    members = list(Organisation.objects.filter(kind=Organisation.Kind.MEMBER, is_demo=True).order_by("pk"))
    curator = User.objects.filter(email="admin@demo.example.org").first()
    contributor = User.objects.filter(email="editor@demo.example.org").first()
    countries = list(
        Country.objects.with_regions().filter(organisations__in=members).distinct().order_by("iso2")
    )
    if not countries:
        countries = list(Country.objects.with_regions().order_by("iso2")[:40])
    now = timezone.now()
    languages = ["en", "fr", "es", "en", "fr", "es", "en", "pt", "th", "ru"]
    types = list(ResourceType.values)
    with transaction.atomic():
        plans = []
        for n in range(count):
            language = languages[n % len(languages)]
            text_language = language if language in SUBJECTS else "en"
            subject_index = rng.randrange(len(SUBJECTS["en"]))
            subject = SUBJECTS[text_language][subject_index]
            country = countries[rng.randrange(len(countries))]
            year = rng.randint(2005, 2026)
            title_language = text_language if text_language in ("en", "fr", "es") else "en"
            pattern = rng.choice(TITLE_PATTERNS[text_language])
            title = pattern.format(
                subject=subject,
                Subject=subject[0].upper() + subject[1:],
                country=_country_name(country, text_language),
            )
            if n == 0:
                title, language, text_language, title_language = (
                    "Offenders on the move: global study",
                    "en",
                    "en",
                    "en",
                )
            if n == 8:
                title = "Members' briefing on livestreamed abuse"
            metadata_access, file_access = _access_plan(n)
            pages = _pages(
                rng, text_language, subject, _country_name(country, text_language), year, rng.randint(2, 6)
            )
            if n == 0:
                pages = [*pages, *_pages(rng, "en", subject, country.name_en, year, 10)]
                pages[11] = (
                    "12. Offenders increasingly use informal homestays and short-term rentals, "
                    "where no registration of guests is required."
                )
            plans.append(
                {
                    "n": n,
                    "slug": SHOWCASE_SLUG if n == 0 else MEMBERS_SLUG if n == 8 else f"{prefix}-{n:03d}",
                    "language": language,
                    "text_language": text_language,
                    "title": title,
                    "title_language": title_language,
                    "subject_index": subject_index,
                    "country": country,
                    "year": year,
                    "type": types[n % len(types)],
                    "access": metadata_access,
                    "file_access": file_access,
                    "pages": pages,
                    "restricted": members[n % len(members)] if members else None,
                }
            )
        resources = Resource.objects.bulk_create(
            Resource(
                slug=p["slug"],
                access=p["access"],
                organisation=members[p["n"] % len(members)] if members else None,
                created_by=contributor,
                datestamp=now,
                is_demo=True,
            )
            for p in plans
        )
        versions = ResourceVersion.objects.bulk_create(
            ResourceVersion(
                resource=resource,
                number=1,
                status=ResourceVersion.Status.PUBLISHED,
                published_at=now,
                **{f"title_{p['title_language']}": p["title"]},
                **{
                    f"abstract_{p['title_language']}": " ".join(p["pages"][0].split()[1:40]),
                },
                publisher="ECPAT International" if p["n"] % 3 else p["country"].name_en + " network member",
                year=p["year"],
                resource_type=p["type"],
                licence=Licence.values[p["n"] % len(Licence.values)],
                isbn=f"978-92-{p['n']:05d}-00-0" if p["n"] % 5 == 0 else "",
                series="ECPAT Journal" if p["type"] == ResourceType.JOURNAL_ISSUE else "",
                submitted_by=contributor,
                reviewed_by=curator,
            )
            for resource, p in zip(resources, plans, strict=True)
        )
        _metadata(rng, versions, plans)
        files = _files(versions, plans, pdfs=pdfs)
        Resource.objects.bulk_update(
            [_set_current(r, v) for r, v in zip(resources, versions, strict=True)],
            ["current_version"],
            batch_size=500,
        )
        Resource.restricted_to.through.objects.bulk_create(
            Resource.restricted_to.through(resource=resource, organisation=p["restricted"])
            for resource, p in zip(resources, plans, strict=True)
            if Access.RESTRICTED in (p["access"], p["file_access"]) and p["restricted"] is not None
        )
        # A translation relation and a few submissions waiting for the curator.
        Relation.objects.create(version=versions[3], kind=Relation.Kind.TRANSLATION_OF, target=resources[0])
        _index(versions, files, plans)
    return files


def _set_current(resource: Resource, version: ResourceVersion) -> Resource:
    resource.current_version = version
    return resource


def _metadata(rng: random.Random, versions: list[ResourceVersion], plans: list[dict[str, Any]]) -> None:
    creators, themes, languages, countries, regions = [], [], [], [], []
    for version, p in zip(versions, plans, strict=True):
        person = rng.randrange(len(FAMILY_NAMES))
        creators.append(
            Creator(
                version=version,
                position=0,
                kind=Creator.Kind.PERSON,
                family_name=FAMILY_NAMES[person],
                given_name=GIVEN_NAMES[person],
            )
        )
        creators.append(
            Creator(version=version, position=1, kind=Creator.Kind.ORGANISATION, name="ECPAT International")
        )
        picked = {THEMES_BY_SUBJECT[p["subject_index"]], rng.choice(THEMES_BY_SUBJECT)}
        themes += [VersionTheme(version=version, theme=t) for t in sorted(picked)]
        codes = [p["language"]] if p["language"] in ("en", "fr", "es", "pt") else [p["language"], "en"]
        languages += [VersionLanguage(version=version, language=c, position=i) for i, c in enumerate(codes)]
        countries.append(ResourceVersion.countries.through(resourceversion=version, country=p["country"]))
        for region in {p["country"].region, p["country"].sub_region} - {None}:
            regions.append(ResourceVersion.regions.through(resourceversion=version, region=region))
    Creator.objects.bulk_create(creators)
    VersionTheme.objects.bulk_create(themes)
    VersionLanguage.objects.bulk_create(languages)
    ResourceVersion.countries.through.objects.bulk_create(countries)
    ResourceVersion.regions.through.objects.bulk_create(regions)


def _files(versions: list[ResourceVersion], plans: list[dict[str, Any]], *, pdfs: bool) -> list[ResourceFile]:
    files = []
    for version, p in zip(versions, plans, strict=True):
        data = build_pdf(p["pages"], title=p["title"]) if pdfs else "\n".join(p["pages"]).encode()
        digest = hashlib.sha256(data).hexdigest()
        path = f"library/demo/{p['slug']}-{digest[:12]}.pdf"
        name = default_storage.save(path, ContentFile(data)) if pdfs else path
        embargoed = p["file_access"] == Access.EMBARGOED
        files.append(
            ResourceFile(
                version=version,
                file=name,
                original_name=f"{p['slug']}.pdf",
                kind="pdf",
                size=len(data),
                sha256=digest,
                access=p["file_access"],
                embargo_until=datetime.date(2027, 6, 30) if embargoed else None,
                embargo_then=Access.MEMBERS if embargoed else "",
                extraction=ResourceFile.Extraction.DONE,
                page_count=len(p["pages"]),
                extracted_with="generated",
            )
        )
    files = ResourceFile.objects.bulk_create(files)
    PageText.objects.bulk_create(
        PageText(file=file, number=i, text=text)
        for file, p in zip(files, plans, strict=True)
        for i, text in enumerate(p["pages"], start=1)
    )
    return files


def _index(versions: list[ResourceVersion], files: list[ResourceFile], plans: list[dict[str, Any]]) -> None:
    units = []
    bits = version_bits(v.pk for v in versions)
    for version, file, p in zip(versions, files, plans, strict=True):
        language = search_language(p["language"])
        units.append(new_unit(version, p["access"], bits[version.pk], language))
        units.append(new_unit(version, p["access"], bits[version.pk], language, file))
    units = SearchUnit.objects.bulk_create(units, batch_size=2000)
    texts = []
    for i, p in enumerate(plans):
        meta, body = units[2 * i], units[2 * i + 1]
        abstract = " ".join(p["pages"][0].split()[1:40])
        texts.append(UnitText(meta.pk, meta.language, p["title"], abstract, ""))
        texts.append(UnitText(body.pk, body.language, p["title"], abstract, "\n".join(p["pages"])))
    write_unit_texts(texts)


def _submissions(contributor: User | None, rng: random.Random) -> None:
    """Three submissions awaiting review, so the curator's queue has work."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .services import Submission, resource_submit

    if contributor is None:
        return
    for n, title in enumerate(
        ["Draft: safe travel checklist", "Projet : guide pour les hôtels", "Borrador: informe regional"]
    ):
        language = ("en", "fr", "es")[n]
        pages = _pages(rng, language, SUBJECTS[language][n], "Kenya", 2026, 2)
        version = resource_submit(
            user=contributor,
            organisation=Organisation.objects.filter(memberships__user=contributor).first(),
            data=Submission(
                title=title,
                title_language=language,
                publisher="ECPAT International",
                year=2026,
                resource_type=ResourceType.POLICY_BRIEF,
                creators=[("organisation", "ECPAT International", "")],
                languages=[language],
            ),
            upload=SimpleUploadedFile("draft.pdf", build_pdf(pages), content_type="application/pdf"),
            kind="pdf",
        )
        for file in version.files.all():
            file_extract(file)
