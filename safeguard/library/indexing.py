"""Text extraction (pypdf, then pdfminer.six) and the search index rows built from it.

The index holds only current published versions. Each version has one metadata row and one row
per file with text. Who may match a row is decided when searching (``access.searchable_units``)
from the access levels copied onto it, so the index never changes when someone's rights change;
it changes when a file's text, a version's publication, or a resource's or file's access level
changes — ``index_access_refresh`` is called by those services in their own transaction.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from .models import (
    LANGUAGE_BITS,
    THEME_BITS,
    PageText,
    Resource,
    ResourceFile,
    ResourceVersion,
    SearchUnit,
    VersionLanguage,
    VersionTheme,
)
from .text import pg_config, search_language, stem_text

log = logging.getLogger(__name__)
FTS_TABLE = "library_fts"


def _clean(text: str) -> str:
    # PostgreSQL text cannot hold NUL; form feeds end pdfminer pages.
    return text.replace("\x00", "").replace("\x0c", "").strip()


def extract_pages_pypdf(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [_clean(page.extract_text() or "") for page in reader.pages]


def extract_pages_pdfminer(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage

    count = sum(1 for _ in PDFPage.get_pages(io.BytesIO(data)))
    return [_clean(extract_text(io.BytesIO(data), page_numbers=[i])) for i in range(count)]


def extract_pages(data: bytes) -> tuple[list[str], str]:
    """The text of each page and the tool that found it: pypdf first, pdfminer.six when it fails."""
    try:
        pages = extract_pages_pypdf(data)
        if any(pages):
            return pages, "pypdf"
    except Exception:
        log.warning("pypdf could not read a library file; trying pdfminer.six", exc_info=True)
    return extract_pages_pdfminer(data), "pdfminer.six"


def file_extract(file: ResourceFile) -> ResourceFile:
    """Extract and store a file's text per page, then refresh the index of its version."""
    if file.kind != "pdf":
        file.extraction = ResourceFile.Extraction.UNSUPPORTED
        file.save(update_fields=["extraction"])
        return file
    with file.file.open("rb") as handle:
        data = handle.read()
    try:
        pages, tool = extract_pages(data)
    except Exception:
        log.exception("Text extraction failed for library file %s", file.pk)
        file.extraction = ResourceFile.Extraction.FAILED
        file.save(update_fields=["extraction"])
        return file
    with transaction.atomic():
        PageText.objects.filter(file=file).delete()
        PageText.objects.bulk_create(
            PageText(file=file, number=n, text=text) for n, text in enumerate(pages, start=1)
        )
        file.page_count = len(pages)
        file.extracted_with = tool
        file.extraction = ResourceFile.Extraction.DONE if any(pages) else ResourceFile.Extraction.NO_TEXT
        file.save(update_fields=["page_count", "extracted_with", "extraction"])
        version_index(file.version)
    return file


@dataclass(frozen=True)
class UnitText:
    unit_id: int
    language: str
    title: str
    abstract: str
    body: str


def _titles(version: ResourceVersion) -> tuple[str, str]:
    titles = " ".join(t for t in (version.title_en, version.title_fr, version.title_es) if t)
    abstracts = " ".join(a for a in (version.abstract_en, version.abstract_fr, version.abstract_es) if a)
    return titles, abstracts


def version_language(version: ResourceVersion) -> str:
    first = version.languages.order_by("position").values_list("language", flat=True).first()
    return search_language(first or "en")


def unindex_versions(version_ids: list[int]) -> None:
    units = list(SearchUnit.objects.filter(version_id__in=version_ids).values_list("pk", flat=True))
    if connection.vendor == "sqlite" and units:
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk in units])  # noqa: S608
    SearchUnit.objects.filter(pk__in=units).delete()


def version_bits(version_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(theme bits, language bits) of each version, two queries for any number of versions."""
    ids = list(version_ids)
    masks: dict[int, list[int]] = {pk: [0, 0] for pk in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for version_id, theme in VersionTheme.objects.filter(version_id__in=chunk).values_list(
            "version_id", "theme"
        ):
            masks[version_id][0] |= THEME_BITS.get(theme, 0)
        for version_id, language in VersionLanguage.objects.filter(version_id__in=chunk).values_list(
            "version_id", "language"
        ):
            masks[version_id][1] |= LANGUAGE_BITS.get(language, 0)
    return {pk: (themes, languages) for pk, (themes, languages) in masks.items()}


def new_unit(
    version: ResourceVersion,
    resource_access: str,
    bits: tuple[int, int],
    language: str,
    file: ResourceFile | None = None,
) -> SearchUnit:
    """An unsaved index row of ``version`` (and ``file``) with its filter and facet columns."""
    return SearchUnit(
        version=version,
        file=file,
        language=language,
        resource_id=version.resource_id,
        resource_access=resource_access,
        file_access=file.access if file is not None else "",
        resource_type=version.resource_type,
        year=version.year,
        theme_bits=bits[0],
        language_bits=bits[1],
    )


def version_index(version: ResourceVersion, bits: tuple[int, int] | None = None) -> None:
    """Rebuild the index rows of ``version``: present only while it is its resource's current one.

    ``bits`` (from ``version_bits``) saves its two queries when many versions are indexed."""
    unindex_versions([version.pk])
    resource = version.resource
    resource.refresh_from_db(fields=["current_version", "withdrawn_at", "access"])
    if resource.current_version_id != version.pk or resource.withdrawn_at is not None:
        return
    language = version_language(version)
    if bits is None:
        bits = version_bits([version.pk])[version.pk]
    title, abstract = _titles(version)
    meta = new_unit(version, resource.access, bits, language)
    meta.save()
    texts = [UnitText(meta.pk, language, title, abstract, "")]
    files = version.files.filter(extraction=ResourceFile.Extraction.DONE)
    for file in files:
        body = "\n".join(file.pages.order_by("number").values_list("text", flat=True))
        unit = new_unit(version, resource.access, bits, language, file)
        unit.save()
        texts.append(UnitText(unit.pk, language, title, abstract, body))
    write_unit_texts(texts)


def index_access_refresh(resource_ids: Iterable[int]) -> int:
    """Copy the current access levels of these resources and their files onto their index rows.

    Call it in the transaction that changes a resource's or a file's access (or lifts an
    embargo): the next search, in any session, sees the new level. Returns the rows updated.
    """
    return SearchUnit.objects.filter(resource_id__in=list(resource_ids)).update(
        resource_access=Subquery(Resource.objects.filter(pk=OuterRef("resource_id")).values("access")[:1]),
        file_access=Coalesce(
            Subquery(ResourceFile.objects.filter(pk=OuterRef("file_id")).values("access")[:1]), Value("")
        ),
    )


def index_drift() -> list[int]:
    """Index rows that disagree with their sources (expected: none). Used by tests and checks."""
    current = ResourceVersion.objects.current().values("pk")
    wrong = SearchUnit.objects.filter(
        ~Q(version__in=current)
        | ~Q(resource_id=F("version__resource_id"))
        | ~Q(resource_access=F("resource__access"))
        | ~Q(resource_type=F("version__resource_type"))
        | ~Q(year=F("version__year"))
        | Q(file__isnull=False) & ~Q(file_access=F("file__access"))
    )
    drift = set(wrong.values_list("pk", flat=True))
    rows = list(SearchUnit.objects.values_list("pk", "version_id", "theme_bits", "language_bits"))
    bits = version_bits({version_id for _, version_id, _, _ in rows})
    drift |= {pk for pk, version_id, themes, languages in rows if bits[version_id] != (themes, languages)}
    return sorted(drift)


def write_unit_texts(texts: list[UnitText]) -> None:
    """Store index text for existing SearchUnit rows on the current database backend."""
    if not texts:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                "UPDATE library_searchunit SET search_vector ="
                " setweight(to_tsvector(%s::regconfig, %s), 'A')"
                " || setweight(to_tsvector(%s::regconfig, %s), 'B')"
                " || setweight(to_tsvector(%s::regconfig, %s), 'C') WHERE id = %s",
                [
                    (
                        pg_config(t.language),
                        t.title,
                        pg_config(t.language),
                        t.abstract,
                        pg_config(t.language),
                        t.body,
                        t.unit_id,
                    )
                    for t in texts
                ],
            )
        else:
            # Rows left behind by a cascade delete could hold a reused id: clear them first.
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(t.unit_id,) for t in texts])  # noqa: S608
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, abstract, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
                [
                    (
                        t.unit_id,
                        stem_text(t.title, t.language),
                        stem_text(t.abstract, t.language),
                        stem_text(t.body, t.language),
                    )
                    for t in texts
                ],
            )


def reindex_all() -> int:
    """Rebuild every index row from stored page text (no extraction); returns versions indexed."""
    versions = list(ResourceVersion.objects.current().select_related("resource"))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
    SearchUnit.objects.all().delete()
    bits = version_bits(version.pk for version in versions)
    for version in versions:
        version_index(version, bits[version.pk])
    return len(versions)
