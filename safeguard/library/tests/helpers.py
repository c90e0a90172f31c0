"""``make_<thing>`` helpers of the library tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from safeguard.countries.models import Country

from ..indexing import file_extract
from ..models import Access, ResourceFile, ResourceVersion
from ..pdfgen import build_pdf
from ..services import Submission, resource_submit, version_publish


def pdf_upload(pages: list[str], name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, build_pdf(pages), content_type="application/pdf")


def make_submission(
    user: Any,
    *,
    title: str = "Offenders on the move",
    pages: list[str] | None = None,
    language: str = "en",
    access: str = Access.PUBLIC,
    file_access: str = Access.PUBLIC,
    **overrides: Any,
) -> ResourceVersion:
    countries = overrides.pop("countries", [])
    data = Submission(
        title=title,
        title_language=overrides.pop("title_language", language if language in ("en", "fr", "es") else "en"),
        publisher=overrides.pop("publisher", "ECPAT International"),
        year=overrides.pop("year", 2020),
        resource_type=overrides.pop("resource_type", "research_report"),
        abstract=overrides.pop("abstract", ""),
        creators=overrides.pop(
            "creators", [("person", "Smith", "Jane"), ("organisation", "ECPAT International", "")]
        ),
        themes=overrides.pop("themes", ["travel_tourism"]),
        languages=[language],
        countries=[Country.objects.get(iso2=c) for c in countries],
        access=access,
        file_access=file_access,
        embargo_until=overrides.pop("embargo_until", None),
        restricted_to=overrides.pop("restricted_to", []),
        **overrides,
    )
    upload = pdf_upload(pages or ["A first page about child protection in travel and tourism."])
    version = resource_submit(user=user, organisation=None, data=data, upload=upload, kind="pdf")
    # setUpTestData runs before the fixture that makes tasks immediate: extract here when needed.
    for file in version.files.filter(extraction=ResourceFile.Extraction.PENDING):
        file_extract(file)
    return version


def make_published(user: Any, curator: Any, **kwargs: Any) -> ResourceVersion:
    version = make_submission(user, **kwargs)
    return version_publish(curator=curator, version=version)


def tomorrow() -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=1)
