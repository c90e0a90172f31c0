"""Read API of the online-protection app: published items for everyone, internal ones for staff."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from safeguard.countries.models import Country

from . import queries
from .models import CapabilityAssessment, FrameworkVersion, IndustryCommitment, PolicyInstrument

router = Router(tags=["online"])


class ChannelOut(Schema):
    kind: str
    name: str
    url: str
    phone: str
    languages: list[str]
    anonymous: bool
    accepts: list[str]
    audience: str
    hours: str
    status: str
    is_international_fallback: bool
    last_verified_on: date | None


class DirectoryOut(Schema):
    country: str
    has_hotline: bool
    channels: list[ChannelOut]


class AssessmentOut(Schema):
    country: str
    capability: str
    level: str
    level_rank: int
    method: str
    confidence: str
    assessed_by: str
    assessed_on: date
    next_review_due: date
    visibility: str
    evidence: list[EvidenceOut]


class EvidenceOut(Schema):
    kind: str
    title: str
    url: str
    citation: str
    accessed_on: date | None


class InstrumentOut(Schema):
    country: str
    kind: str
    title: str
    status: str
    adopted_on: date | None
    in_force_from: date | None
    expires_on: date | None
    url: str
    covers: list[str]


class CapabilityOut(Schema):
    code: str
    number: int
    domain: str
    name_en: str
    name_fr: str
    name_es: str
    maps_to: list[str]


class FrameworkVersionOut(Schema):
    framework: str
    version: str
    provisional: bool
    capabilities: list[CapabilityOut]


class CommitmentOut(Schema):
    company: str
    instrument: str
    stage: str
    is_implemented: bool
    endorsed_on: date
    stage_since: date


def _channel(channel: object) -> ChannelOut:
    return ChannelOut(
        kind=channel.kind,
        name=channel.name,
        url=channel.url,
        phone=channel.phone,
        languages=channel.language_codes,
        anonymous=channel.anonymous,
        accepts=[code for code in channel.accepts.split(",") if code],
        audience=channel.audience,
        hours=channel.hours,
        status=channel.status,
        is_international_fallback=channel.is_international_fallback,
        last_verified_on=channel.last_verified_on,
    )


class NotFound(Schema):
    detail: str


@router.get(
    "/where-to-report/{iso2}",
    response={200: DirectoryOut, 404: NotFound},
    summary="Where to report, for one country",
)
def online_where_to_report(request: HttpRequest, iso2: str) -> DirectoryOut:
    """The published services of a country in the order to contact them, with the international
    fallback where the country has no hotline. Identical for every caller."""
    country = get_object_or_404(Country, iso2=iso2.upper())
    directory = queries.directory_for(country)
    return DirectoryOut(
        country=country.iso2,
        has_hotline=directory.has_hotline,
        channels=[_channel(c) for c in directory.channels],
    )


@router.get("/assessments", response=list[AssessmentOut], summary="Capability assessments")
def online_list_assessments(request: HttpRequest, country: str | None = None) -> list[AssessmentOut]:
    """Published assessments (Secretariat staff also get internal ones); ``country`` is ISO2."""
    assessments = (
        CapabilityAssessment.objects.visible_to(request.user)
        .select_related("country", "capability", "level")
        .prefetch_related("evidence")
    )
    if country:
        assessments = assessments.filter(country__iso2=country.upper())
    return [
        AssessmentOut(
            country=a.country.iso2,
            capability=a.capability.code,
            level=a.level.code,
            level_rank=a.level.rank,
            method=a.method,
            confidence=a.confidence,
            assessed_by=a.assessed_by,
            assessed_on=a.assessed_on,
            next_review_due=a.next_review_due,
            visibility=a.visibility,
            evidence=[
                EvidenceOut(
                    kind=e.kind, title=e.title, url=e.url, citation=e.citation, accessed_on=e.accessed_on
                )
                for e in a.evidence.all()
            ],
        )
        for a in assessments
    ]


@router.get("/frameworks", response=list[FrameworkVersionOut], summary="Frameworks and their cross-walk")
def online_list_frameworks(request: HttpRequest) -> list[FrameworkVersionOut]:
    versions = FrameworkVersion.objects.select_related("framework").prefetch_related(
        "capabilities__domain", "capabilities__maps_to"
    )
    return [
        FrameworkVersionOut(
            framework=v.framework.code,
            version=v.version,
            provisional=v.provisional,
            capabilities=[
                CapabilityOut(
                    code=c.code,
                    number=c.number,
                    domain=c.domain.code,
                    name_en=c.name_en,
                    name_fr=c.name_fr,
                    name_es=c.name_es,
                    maps_to=[m.code for m in c.maps_to.all()],
                )
                for c in v.capabilities.all()
            ],
        )
        for v in versions
    ]


@router.get("/commitments", response=list[CommitmentOut], summary="Industry commitments by stage")
def online_list_commitments(request: HttpRequest) -> list[CommitmentOut]:
    """``is_implemented`` is true only from "implementing" on: endorsement is not implementation."""
    commitments = IndustryCommitment.objects.visible_to(request.user).select_related(
        "actor", "framework__framework", "instrument"
    )
    return [
        CommitmentOut(
            company=c.actor.name,
            instrument=c.instrument_name,
            stage=c.stage,
            is_implemented=c.is_implemented,
            endorsed_on=c.endorsed_on,
            stage_since=c.stage_since,
        )
        for c in commitments
    ]


@router.get("/instruments", response=list[InstrumentOut], summary="Strategies, laws and codes")
def online_list_instruments(request: HttpRequest, country: str | None = None) -> list[InstrumentOut]:
    """Published policy instruments (staff also get internal ones) and the capabilities they cover."""
    instruments = (
        PolicyInstrument.objects.visible_to(request.user).select_related("country").prefetch_related("covers")
    )
    if country:
        instruments = instruments.filter(country__iso2=country.upper())
    return [
        InstrumentOut(
            country=i.country.iso2,
            kind=i.kind,
            title=i.title,
            status=i.status,
            adopted_on=i.adopted_on,
            in_force_from=i.in_force_from,
            expires_on=i.expires_on,
            url=i.url,
            covers=[c.code for c in i.covers.all()],
        )
        for i in instruments
    ]
