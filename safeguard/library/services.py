"""Writes of the library: submit, publish, return, withdraw, change access, lift embargoes, count usage.

Every write that changes what search may show updates the index in its own transaction:
publication and withdrawal rebuild or drop a version's rows, access changes and embargo lifts
copy the new levels onto them (``indexing.index_access_refresh``).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from safeguard.accounts.models import Organisation
from safeguard.countries.models import Country, Region
from safeguard.lib.uploads import sha256_of

from .indexing import index_access_refresh, unindex_versions, version_index
from .models import (
    METADATA_ACCESS,
    Access,
    Creator,
    Resource,
    ResourceFile,
    ResourceVersion,
    UsageCount,
    VersionLanguage,
    VersionTheme,
)

# COUNTER-style robot filter: user agents of crawlers, monitors and scripted clients.
ROBOTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|python-requests|curl|wget|httpclient|"
    r"headless|preview|monitor|scrapy|feedfetcher|mediapartners",
    re.IGNORECASE,
)


@dataclass
class Submission:
    """Validated metadata of a new resource (from the upload form or the demo loader)."""

    title: str
    title_language: str
    publisher: str
    year: int
    resource_type: str
    abstract: str = ""
    creators: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, family/name, given)
    themes: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=lambda: ["en"])
    countries: list[Country] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    licence: str = "CC-BY-NC-4.0"
    isbn: str = ""
    doi: str = ""
    series: str = ""
    access: str = Access.PUBLIC
    file_access: str = Access.PUBLIC
    embargo_until: datetime.date | None = None
    restricted_to: list[Organisation] = field(default_factory=list)


# Paths of the library's own pages, never given to a resource.
RESERVED_SLUGS = frozenset({"oai", "submit", "review", "submissions", "files", "catalogue"})


def unique_slug(title: str) -> str:
    base = slugify(title)[:100].strip("-") or "resource"
    if base in RESERVED_SLUGS:
        base = f"{base}-resource"
    slug, n = base, 1
    while Resource.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def resource_submit(
    *, user: Any, organisation: Organisation | None, data: Submission, upload: UploadedFile, kind: str
) -> ResourceVersion:
    """Create a resource with its first version and file, awaiting a curator; extraction is queued."""
    from .tasks import extract_file_text

    with transaction.atomic():
        resource = Resource.objects.create(
            slug=unique_slug(data.title),
            access=data.access,
            organisation=organisation,
            created_by=user,
        )
        resource.restricted_to.set(data.restricted_to)
        version = ResourceVersion.objects.create(
            resource=resource,
            number=1,
            **{f"title_{data.title_language}": data.title, f"abstract_{data.title_language}": data.abstract},
            publisher=data.publisher,
            year=data.year,
            resource_type=data.resource_type,
            licence=data.licence,
            isbn=data.isbn,
            doi=data.doi,
            series=data.series,
            submitted_by=user,
        )
        _attach_metadata(version, data)
        file = _store_file(version, upload, kind, data)
        extract_file_text.enqueue(file.pk)
    return version


def _attach_metadata(version: ResourceVersion, data: Submission) -> None:
    Creator.objects.bulk_create(
        Creator(
            version=version,
            position=i,
            kind=kind,
            family_name=family if kind == Creator.Kind.PERSON else "",
            given_name=given if kind == Creator.Kind.PERSON else "",
            name=family if kind == Creator.Kind.ORGANISATION else "",
        )
        for i, (kind, family, given) in enumerate(data.creators)
    )
    VersionTheme.objects.bulk_create(
        VersionTheme(version=version, theme=t) for t in dict.fromkeys(data.themes)
    )
    VersionLanguage.objects.bulk_create(
        VersionLanguage(version=version, language=code, position=i)
        for i, code in enumerate(dict.fromkeys(data.languages))
    )
    version.countries.set(data.countries)
    version.regions.set(data.regions)


def _store_file(version: ResourceVersion, upload: UploadedFile, kind: str, data: Submission) -> ResourceFile:
    embargoed = data.file_access == Access.EMBARGOED
    file = ResourceFile(
        version=version,
        original_name=(upload.name or f"document.{kind}")[-200:],
        kind=kind,
        size=upload.size or 0,
        sha256=sha256_of(upload),
        access=data.file_access,
        embargo_until=data.embargo_until if embargoed else None,
        embargo_then=Access.MEMBERS if embargoed else "",
    )
    upload.seek(0)
    file.file.save(f"{kind}", ContentFile(upload.read()), save=False)
    file.save()
    return file


def version_publish(*, curator: Any, version: ResourceVersion) -> ResourceVersion:
    """Publish a submitted version: it becomes its resource's current version and is indexed."""
    with transaction.atomic():
        version = ResourceVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != ResourceVersion.Status.SUBMITTED:
            raise ValueError("Only a version awaiting review can be published.")
        now = timezone.now()
        ResourceVersion.objects.filter(pk=version.pk).update(
            status=ResourceVersion.Status.PUBLISHED, published_at=now, reviewed_by=curator
        )
        resource = version.resource
        previous = resource.current_version_id
        Resource.objects.filter(pk=resource.pk).update(current_version=version, datestamp=now)
        if previous:
            unindex_versions([previous])
        version.refresh_from_db()
        version_index(version)
    return version


def version_return(*, curator: Any, version: ResourceVersion, note: str) -> ResourceVersion:
    """Send a submission back to its contributor with the curator's note."""
    with transaction.atomic():
        if version.status != ResourceVersion.Status.SUBMITTED:
            raise ValueError("Only a version awaiting review can be returned.")
        version.status = ResourceVersion.Status.REJECTED
        version.review_note = note
        version.reviewed_by = curator
        version.save(update_fields=["status", "review_note", "reviewed_by"])
    return version


def resource_withdraw(*, curator: Any, resource: Resource) -> Resource:
    """Take a resource down; OAI-PMH keeps declaring it as deleted (deletedRecord persistent)."""
    with transaction.atomic():
        now = timezone.now()
        Resource.objects.filter(pk=resource.pk).update(withdrawn_at=now, datestamp=now)
        unindex_versions(list(resource.versions.values_list("pk", flat=True)))
        resource.refresh_from_db()
    return resource


def resource_access_change(
    *, curator: Any, resource: Resource, access: str, restricted_to: list[Organisation] | None = None
) -> Resource:
    """Change who may see a resource's metadata (and, when restricted, which organisations)."""
    if access not in {a.value for a in METADATA_ACCESS}:
        raise ValueError("Metadata access is public, members or restricted.")
    with transaction.atomic():
        Resource.objects.filter(pk=resource.pk).update(access=access, datestamp=timezone.now())
        if restricted_to is not None:
            resource.restricted_to.set(restricted_to)
        index_access_refresh([resource.pk])
        resource.refresh_from_db()
    return resource


def file_access_change(
    *, curator: Any, file: ResourceFile, access: str, embargo_until: datetime.date | None = None
) -> ResourceFile:
    """Change who may read a file; an embargo needs its end date and opens to members."""
    embargoed = access == Access.EMBARGOED
    if embargoed and embargo_until is None:
        raise ValueError("An embargo needs the date it ends.")
    with transaction.atomic():
        file.access = access
        file.embargo_until = embargo_until if embargoed else None
        file.embargo_then = Access.MEMBERS if embargoed else ""
        file.save(update_fields=["access", "embargo_until", "embargo_then"])
        Resource.objects.filter(pk=file.version.resource_id).update(datestamp=timezone.now())
        index_access_refresh([file.version.resource_id])
    return file


def embargoes_lift(*, today: datetime.date | None = None) -> int:
    """Open every file whose embargo has ended to its planned access level; returns how many."""
    today = today or timezone.localdate()
    with transaction.atomic():
        files = ResourceFile.objects.select_for_update().filter(
            access=Access.EMBARGOED, embargo_until__lte=today
        )
        resource_ids = set(files.values_list("version__resource_id", flat=True))  # takes the row locks
        lifted = files.update(access=F("embargo_then"), embargo_until=None, embargo_then="")
        Resource.objects.filter(pk__in=resource_ids).update(datestamp=timezone.now())
        index_access_refresh(resource_ids)
    return lifted


def is_robot(user_agent: str) -> bool:
    return not user_agent or bool(ROBOTS.search(user_agent))


def usage_record(*, resource: Resource, kind: str, user_agent: str) -> bool:
    """Count one view or download for this month unless a robot asked; no address is kept."""
    if is_robot(user_agent):
        return False
    month = timezone.localdate().replace(day=1)
    with transaction.atomic():
        row, created = UsageCount.objects.get_or_create(
            resource=resource, month=month, kind=kind, defaults={"count": 1}
        )
        if not created:
            UsageCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
    return True
