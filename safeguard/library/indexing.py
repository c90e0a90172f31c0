"""Text extraction (pypdf, then pdfminer.six) and the search index rows built from it.

The index holds only current published versions. Each version has one metadata row and one row
per file with text; access is decided when searching (see ``access.searchable_units``), so the
index never needs rebuilding when someone's rights change — only when a file's text or a
version's publication changes.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from django.db import connection, transaction

from .models import PageText, ResourceFile, ResourceVersion, SearchUnit
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


def version_index(version: ResourceVersion) -> None:
    """Rebuild the index rows of ``version``: present only while it is its resource's current one."""
    unindex_versions([version.pk])
    resource = version.resource
    resource.refresh_from_db(fields=["current_version", "withdrawn_at"])
    if resource.current_version_id != version.pk or resource.withdrawn_at is not None:
        return
    language = version_language(version)
    title, abstract = _titles(version)
    texts = [
        UnitText(
            SearchUnit.objects.create(version=version, language=language).pk, language, title, abstract, ""
        )
    ]
    files = version.files.filter(extraction=ResourceFile.Extraction.DONE)
    for file in files:
        body = "\n".join(file.pages.order_by("number").values_list("text", flat=True))
        unit = SearchUnit.objects.create(version=version, file=file, language=language)
        texts.append(UnitText(unit.pk, language, title, abstract, body))
    write_unit_texts(texts)


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
    for version in versions:
        version_index(version)
    return len(versions)
