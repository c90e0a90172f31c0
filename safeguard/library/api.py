"""Read API of the library: search and records. Access is the pages' own (session-signed users
see members' resources; the public sees public ones), through the same search interface."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from .access import get_resource_for_user, readable_files
from .models import ResourceVersion
from .search import Criteria, search

router = Router(tags=["library"])


class CreatorOut(Schema):
    kind: str
    name: str


class FileOut(Schema):
    id: int
    name: str
    format: str
    size: int
    pages: int
    access: str
    download_url: str | None


class ResourceOut(Schema):
    slug: str
    title: str
    title_en: str
    title_fr: str
    title_es: str
    abstract: str
    resource_type: str
    year: int
    publisher: str
    creators: list[CreatorOut]
    languages: list[str]
    themes: list[str]
    countries: list[str]
    licence: str
    isbn: str
    doi: str
    access: str
    url: str


class HitOut(ResourceOut):
    page: int | None
    snippet: str


class SearchOut(Schema):
    total: int
    page: int
    results: list[HitOut]


class ResourceDetailOut(ResourceOut):
    files: list[FileOut]


def _out(request: HttpRequest, version: ResourceVersion) -> dict:
    resource = version.resource
    return {
        "slug": resource.slug,
        "title": version.title,
        "title_en": version.title_en,
        "title_fr": version.title_fr,
        "title_es": version.title_es,
        "abstract": version.abstract,
        "resource_type": version.resource_type,
        "year": version.year,
        "publisher": version.publisher,
        "creators": [{"kind": c.kind, "name": str(c)} for c in version.creators.all()],
        "languages": [lang.language for lang in version.languages.all()],
        "themes": [t.theme for t in version.themes.all()],
        "countries": [c.iso2 for c in version.countries.all()],
        "licence": version.licence,
        "isbn": version.isbn,
        "doi": version.doi,
        "access": resource.access,
        "url": request.build_absolute_uri(resource.get_absolute_url()),
    }


@router.get("/resources", response=SearchOut, summary="Search the library")
def library_search(
    request: HttpRequest,
    q: str = "",
    resource_type: str = "",
    theme: str = "",
    country: str = "",
    region: str = "",
    language: str = "",
    year: int | None = None,
    page: int = 1,
) -> dict:
    """Ranked results with the page where the text was found and a highlighted snippet (HTML)."""
    criteria = Criteria(
        q=q[:200],
        resource_type=resource_type,
        theme=theme,
        country=country.upper()[:2],
        region=region[:3],
        language=language,
        year=year,
        page=max(1, min(page, 500)),
    )
    results = search(request.user, criteria, facets=False)
    hits = [
        _out(request, hit.version) | {"page": hit.page_number, "snippet": str(hit.snippet)}
        for hit in results.hits
    ]
    return {"total": results.total, "page": criteria.page, "results": hits}


@router.get("/resources/{slug}", response=ResourceDetailOut, summary="One resource")
def library_resource(request: HttpRequest, slug: str) -> dict:
    resource = get_resource_for_user(request.user, slug)
    version = ResourceVersion.objects.prefetch_related(
        "creators", "languages", "themes", "countries", "files"
    ).get(pk=resource.current_version_id)
    readable = set(readable_files(request.user).filter(version=version).values_list("pk", flat=True))
    files = [
        {
            "id": f.pk,
            "name": f.original_name,
            "format": f.kind,
            "size": f.size,
            "pages": f.page_count,
            "access": f.access,
            "download_url": request.build_absolute_uri(f.get_absolute_url()) if f.pk in readable else None,
        }
        for f in version.files.all()
    ]
    return _out(request, version) | {"files": files}


__all__ = ["router"]
