from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from .models import Country

router = Router(tags=["countries"])


class RegionOut(Schema):
    m49: str
    name_en: str
    name_fr: str
    name_es: str


class CountryOut(Schema):
    iso2: str
    iso3: str
    numeric: str
    name_en: str
    name_fr: str
    name_es: str
    region: RegionOut | None
    sub_region: RegionOut | None
    intermediate_region: RegionOut | None


@router.get("/countries", response=list[CountryOut], summary="All countries and territories")
def list_countries(request: HttpRequest, region: str | None = None) -> QuerySet[Country]:
    """Every ISO 3166-1 country with its UN M49 placement; `region` filters by an M49 code."""
    countries = Country.objects.with_regions().order_by("iso2")
    if region:
        countries = countries.filter(
            Q(region__m49=region) | Q(sub_region__m49=region) | Q(intermediate_region__m49=region)
        )
    return countries


@router.get("/countries/{iso2}", response=CountryOut, summary="One country")
def get_country(request: HttpRequest, iso2: str) -> Country:
    return get_object_or_404(Country.objects.with_regions(), iso2=iso2.upper())
