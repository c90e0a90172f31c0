from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safeguard.lib.registry import render_country_sections

from .models import Country, Region


@require_GET
def country_list(request: HttpRequest) -> HttpResponse:
    countries = Country.objects.with_regions().ordered_by_name()
    query = request.GET.get("q", "").strip()[:100]
    region_code = request.GET.get("region", "")
    regions = list(Region.objects.filter(level=Region.Level.REGION))
    region = next((r for r in regions if r.m49 == region_code), None)
    if query:
        countries = countries.filter(
            Q(name_en__icontains=query)
            | Q(name_fr__icontains=query)
            | Q(name_es__icontains=query)
            | Q(iso2__iexact=query)
            | Q(iso3__iexact=query)
        )
    if region is not None:
        countries = countries.filter(region=region)
    return render(
        request,
        "countries/list.html",
        {"countries": countries, "regions": regions, "region": region, "query": query},
    )


@require_GET
def country_detail(request: HttpRequest, iso2: str) -> HttpResponse:
    if not iso2.islower():
        raise Http404
    try:
        country = Country.objects.with_regions().get(iso2=iso2.upper())
    except Country.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "countries/detail.html",
        {"country": country, "sections": render_country_sections(request, country)},
    )
