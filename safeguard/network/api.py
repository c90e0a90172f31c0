"""Read API of the public member directory (the same query code as the page)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from safeguard.countries.models import Country

from . import directory
from .models import MemberRecord, MembershipCategory

router = Router(tags=["network"])


class MemberOut(Schema):
    name: str
    slug: str
    country: str
    region: str
    category: str
    website: str
    member_since: date | None
    countries_covered: list[str]


def _out(record: MemberRecord) -> MemberOut:
    org = record.organisation
    return MemberOut(
        name=org.name,
        slug=org.slug,
        country=org.country.iso2,
        region=record.region,
        category=record.category.slug,
        website=org.website,
        member_since=record.member_since,
        countries_covered=sorted(c.country.iso2 for c in record.current_coverage),
    )


@router.get("/members", response=list[MemberOut], summary="The public member directory")
def list_members(
    request: HttpRequest,
    q: str = "",
    country: str = "",
    region: str = "",
    category: str = "",
) -> list[MemberOut]:
    """Listed members (provisional, full, in arrears, suspended); filters as on the page:
    `q` (name contains), `country` (ISO2: based or working there), `region`, `category` (code)."""
    country_obj = Country.objects.filter(iso2=country.upper()).first() if country else None
    category_obj = MembershipCategory.objects.filter(slug=category).first() if category else None
    if (country and country_obj is None) or (category and category_obj is None):
        return []  # an unknown code matches no member
    records = directory.search(q=q[:100], country=country_obj, region=region, category=category_obj)
    return [_out(r) for r in records]


@router.get("/members/{slug}", response=MemberOut, summary="One member of the directory")
def get_member(request: HttpRequest, slug: str) -> MemberOut:
    record = get_object_or_404(directory.search(), organisation__slug=slug)
    return _out(record)
