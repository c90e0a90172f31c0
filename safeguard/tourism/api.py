"""Read API of the public directory and of certificate verification (no personal data)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from .directory import directory_search
from .models import Certificate, Signatory
from .services import certificate_status

router = Router(tags=["code"])


class MemberOut(Schema):
    name: str
    slug: str
    country: str
    city: str
    sector: str
    recognition: str
    member_since: datetime.date | None
    website: str

    @staticmethod
    def resolve_country(obj: Signatory) -> str:
        return obj.country.iso2


class CertificateOut(Schema):
    code: str
    company: str
    year: int
    valid_until: datetime.date
    status: str


@router.get("/members", response=list[MemberOut], summary="The Code's public directory")
@paginate(LimitOffsetPagination)
def list_code_members(
    request: HttpRequest,
    q: str = "",
    country: str = "",
    city: str = "",
    sector: str = "",
    recognition: str = "",
) -> object:
    """Active members that chose to be listed; filters as on the directory page."""
    return directory_search(q=q, country=country, city=city, sector=sector, recognition=recognition)


@router.get("/members/{slug}", response=MemberOut, summary="One listed Code member")
def get_code_member(request: HttpRequest, slug: str) -> Signatory:
    return get_object_or_404(Signatory.objects.listed().select_related("country"), slug=slug)


@router.get("/certificates/{code}", response=CertificateOut, summary="Verify a Code certificate")
def verify_code_certificate(request: HttpRequest, code: str) -> dict[str, object]:
    certificate = get_object_or_404(Certificate.objects.select_related("signatory"), code=code)
    return {
        "code": certificate.code,
        "company": certificate.signatory.name,
        "year": certificate.year,
        "valid_until": certificate.valid_until,
        "status": certificate_status(certificate),
    }
