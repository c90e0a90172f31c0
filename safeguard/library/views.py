from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguard.lib.tabular import csv_response

from . import access, citations, services
from .catalogue import CATALOGUE_HEADER, catalogue_rows
from .forms import ReviewForm, SearchForm, UploadForm
from .models import PageText, Resource, ResourceFile, ResourceVersion, UsageCount
from .oai import Provider
from .search import search as run_search

EXPORTS = {
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib", citations.bibtex),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris", citations.ris),
    "csl-json": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json", citations.csl_json),
}


FACET_LABELS = {
    "resource_type": gettext_lazy("Type"),
    "theme": gettext_lazy("Theme"),
    "country": gettext_lazy("Country"),
    "region": gettext_lazy("Region"),
    "language": gettext_lazy("Language"),
    "year": gettext_lazy("Year"),
    "access": gettext_lazy("Access"),
}


def _with(params: QueryDict, **changes: str | int | None) -> str:
    query = params.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    return "?" + query.urlencode()


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    criteria = form.criteria()
    results = run_search(request.user, criteria)
    facets = [
        {
            "key": facet.key,
            "label": FACET_LABELS[facet.key],
            "buckets": [
                (bucket, _with(request.GET, **{facet.key: "" if bucket.selected else bucket.value}))
                for bucket in facet.buckets
            ],
        }
        for facet in results.facets
        if facet.buckets
    ]
    pages = {}
    if criteria.page > 1:
        pages["previous"] = _with(request.GET, page=criteria.page - 1)
    if criteria.page < results.pages:
        pages["next"] = _with(request.GET, page=criteria.page + 1)
    return render(
        request,
        "library/search.html",
        {
            "form": form,
            "results": results,
            "facets": facets,
            "pages": pages,
            "may_upload": access.may_upload(request.user),
            "is_curator": access.is_curator(request.user),
        },
    )


def _landing_context(request: HttpRequest, resource: Resource) -> dict:
    version = (
        ResourceVersion.objects.filter(pk=resource.current_version_id)
        .prefetch_related("creators", "themes", "languages", "countries", "regions", "relations__target")
        .select_related("resource")
        .get()
    )
    files = list(version.files.all())
    readable = set(access.readable_files(request.user).filter(version=version).values_list("pk", flat=True))
    url = request.build_absolute_uri(resource.get_absolute_url())
    first_pdf = next((f for f in files if f.pk in readable and f.kind == "pdf"), None)
    preview = PageText.objects.filter(file=first_pdf, number=1).first() if first_pdf else None
    usage = dict(
        UsageCount.objects.filter(resource=resource).values_list("kind").annotate(total=Sum("count"))
    )
    return {
        "resource": resource,
        "version": version,
        "files": [(f, f.pk in readable) for f in files],
        "citations": citations.formatted(version, url, (get_language() or "en")[:2]),
        "highwire": citations.highwire_tags(
            version, url, request.build_absolute_uri(first_pdf.get_absolute_url()) if first_pdf else None
        ),
        "json_ld": citations.json_ld(version, url),
        "preview": preview,
        "usage": usage,
        "is_curator": access.is_curator(request.user),
        "older_versions": resource.versions.filter(status=ResourceVersion.Status.PUBLISHED).exclude(
            pk=version.pk
        ),
    }


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = access.get_resource_for_user(request.user, slug)
    services.usage_record(
        resource=resource, kind=UsageCount.Kind.VIEW, user_agent=request.headers.get("User-Agent", "")
    )
    return render(request, "library/detail.html", _landing_context(request, resource))


@require_GET
def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404
    resource = access.get_resource_for_user(request.user, slug)
    content_type, extension, build = EXPORTS[fmt]
    version = ResourceVersion.objects.prefetch_related("creators", "languages").get(
        pk=resource.current_version_id
    )
    body = build(version, request.build_absolute_uri(resource.get_absolute_url()))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{resource.slug}.{extension}"'
    return response


@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        file = access.get_file_for_user(request.user, pk)
    except PermissionDenied:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    services.usage_record(
        resource=file.version.resource,
        kind=UsageCount.Kind.DOWNLOAD,
        user_agent=request.headers.get("User-Agent", ""),
    )
    response = FileResponse(file.file.open("rb"), as_attachment=True, filename=file.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    access.check_upload(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        version = services.resource_submit(
            user=request.user,
            organisation=access.contributing_organisation(request.user),
            data=form.submission(),
            upload=form.cleaned_data["file"],
            kind=form.kind,
        )
        messages.success(request, _("Thank you. A curator will review the resource before it is published."))
        return redirect("library:submission", pk=version.pk)
    return render(request, "library/upload.html", {"form": form})


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    access.check_curator(request.user)
    submissions = (
        ResourceVersion.objects.filter(status=ResourceVersion.Status.SUBMITTED)
        .select_related("resource__organisation", "submitted_by")
        .prefetch_related(Prefetch("files", queryset=ResourceFile.objects.order_by("pk")))
        .order_by("submitted_at")
    )
    return render(request, "library/review_queue.html", {"submissions": submissions})


@login_required
@require_http_methods(["GET", "POST"])
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    version = access.get_submission_for_user(request.user, pk, review=request.method == "POST")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if version.status != ResourceVersion.Status.SUBMITTED:
            messages.error(request, _("This version has already been reviewed."))
        elif form.cleaned_data["action"] == "publish":
            services.version_publish(curator=request.user, version=version)
            messages.success(request, _("Published."))
            return redirect(version.resource)
        else:
            services.version_return(curator=request.user, version=version, note=form.cleaned_data["note"])
            messages.success(request, _("Returned to the contributor."))
        return redirect("library:submission", pk=version.pk)
    files = version.files.all()
    return render(
        request,
        "library/submission.html",
        {"version": version, "files": files, "form": form, "is_curator": access.is_curator(request.user)},
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    resource = access.get_resource_for_user(request.user, slug)
    access.check_curator(request.user)
    services.resource_withdraw(curator=request.user, resource=resource)
    messages.success(request, _("The resource was withdrawn. Harvesters are told it is deleted."))
    return redirect("library:search")


@csrf_exempt  # OAI-PMH allows POST from harvesters; it only reads
@require_http_methods(["GET", "POST"])
def oai(request: HttpRequest) -> HttpResponse:
    return HttpResponse(Provider(request).respond(), content_type="text/xml; charset=utf-8")


@require_GET
def catalogue_csv(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri(reverse("library:search"))
    return csv_response("library-catalogue.csv", CATALOGUE_HEADER, catalogue_rows(request.user, base))
