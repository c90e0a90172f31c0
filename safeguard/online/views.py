from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguard.countries.models import Country
from safeguard.lib.tabular import TableError, csv_response
from safeguard.lib.worldmap import world_map

from . import exports, queries
from .access import check_staff_page, may_see_internal
from .forms import ImportForm
from .models import Capability, FrameworkVersion, ReportingChannel
from .services import channel_verify, table_import

DIRECTORY_MAX_AGE = 300


def _country_or_404(iso2: str) -> Country:
    if not iso2.islower() or len(iso2) != 2:
        raise Http404
    return get_object_or_404(Country.objects.with_regions(), iso2=iso2.upper())


def _directory_response(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """The lookup pages: the same for everyone, cacheable, and no referrer to the services."""
    response = render(request, template, context)
    response["Referrer-Policy"] = "no-referrer"
    patch_cache_control(response, max_age=DIRECTORY_MAX_AGE, private=True)
    return response


@require_GET
def where_to_report(request: HttpRequest) -> HttpResponse:
    """The country lookup: a GET form that only sends a country code, then the country's page."""
    code = request.GET.get("country", "")
    if len(code) == 2 and Country.objects.filter(iso2=code.upper()).exists():
        return redirect("online:where-to-report-country", iso2=code.lower())
    context = {"countries": queries.directory_countries(), "unknown_choice": bool(code)}
    return _directory_response(request, "online/where_to_report.html", context)


@require_GET
def where_to_report_country(request: HttpRequest, iso2: str) -> HttpResponse:
    country = _country_or_404(iso2)
    context = {
        "directory": queries.directory_for(country),
        "countries": queries.directory_countries(),
        "country": country,
    }
    return _directory_response(request, "online/where_to_report_country.html", context)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    version = queries.backbone_version()
    summaries = queries.country_summaries(request.user, version)
    levels = {s.country.iso2: s.map_level for s in summaries if s.map_level is not None}
    labels = {s.country.iso2: s.country.name for s in summaries}
    return render(
        request,
        "online/index.html",
        {
            "summaries": summaries,
            "version": version,
            # No ``links``: inside role="img" they fail axe (nested-interactive); the table links.
            "map": world_map(levels, title=_("Mean maturity by country"), labels=labels),
            "internal": may_see_internal(request.user),
        },
    )


@require_GET
def country(request: HttpRequest, iso2: str) -> HttpResponse:
    country = _country_or_404(iso2)
    user = request.user
    version = queries.backbone_version()
    return render(
        request,
        "online/country.html",
        {
            "country": country,
            "heat_map": queries.heat_map(country, user, version),
            "version": version,
            "instruments": queries.instruments_for(country, user),
            "actors": queries.actors_for(country),
            "commitments": queries.commitments_for(country, user),
            "directory": queries.directory_for(country),
            "internal": may_see_internal(user),
        },
    )


@require_GET
def frameworks(request: HttpRequest) -> HttpResponse:
    versions = FrameworkVersion.objects.select_related("framework").prefetch_related(
        "domains", "maturity_levels"
    )
    return render(request, "online/frameworks.html", {"versions": versions})


@require_GET
def framework_version(request: HttpRequest, code: str, version: str) -> HttpResponse:
    framework_version = get_object_or_404(
        FrameworkVersion.objects.select_related("framework"), framework__code=code, version=version
    )
    capabilities = (
        Capability.objects.filter(framework_version=framework_version)
        .select_related("domain")
        .prefetch_related(
            "maps_to__framework_version__framework", "mapped_from__framework_version__framework"
        )
    )
    return render(
        request,
        "online/framework_version.html",
        {
            "fv": framework_version,
            "capabilities": capabilities,
            "levels": framework_version.maturity_levels.all(),
        },
    )


@require_GET
def regions(request: HttpRequest) -> HttpResponse:
    domains, gaps = queries.regional_gaps(request.user)
    rows = [(entry, [entry.cells[d.pk] for d in domains]) for entry in gaps]
    return render(
        request,
        "online/regions.html",
        {
            "domains": domains,
            "rows": rows,
            "without_hotline": queries.countries_without_hotline(),
            "freshness": queries.directory_freshness(),
        },
    )


@require_GET
def commitments(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "online/commitments.html",
        {
            "companies": queries.commitments_by_company(request.user),
            "stages": queries.stage_counts(request.user),
        },
    )


@require_GET
def export_assessments(request: HttpRequest) -> StreamingHttpResponse:
    return csv_response(
        "online-assessments.csv", exports.ASSESSMENT_HEADER, exports.assessment_rows(request.user)
    )


@require_GET
def export_channels(request: HttpRequest) -> StreamingHttpResponse:
    return csv_response("online-channels.csv", exports.CHANNEL_HEADER, exports.channel_rows(request.user))


@login_required
@require_GET
def review(request: HttpRequest) -> HttpResponse:
    check_staff_page(request.user)
    return render(
        request,
        "online/review.html",
        {"stale": queries.stale_channels(), "unverified": queries.unverified_channels()},
    )


@login_required
@require_POST
def channel_verify_view(request: HttpRequest, pk: int) -> HttpResponse:
    check_staff_page(request.user, write=True)
    channel = get_object_or_404(ReportingChannel, pk=pk)
    channel_verify(channel=channel, user=request.user)
    messages.success(request, _("%(name)s is marked as verified today.") % {"name": channel.name})
    return HttpResponseRedirect(reverse("online:review"))


@login_required
@require_http_methods(["GET", "POST"])
def import_table(request: HttpRequest) -> HttpResponse:
    check_staff_page(request.user, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = table_import(
                kind=form.cleaned_data["kind"],
                data=upload.read(),
                filename=upload.name,
                good_rows_only=form.cleaned_data["good_rows_only"],
            )
        except TableError as exc:
            form.add_error("file", exc)
    return render(request, "online/import.html", {"form": form, "result": result})
