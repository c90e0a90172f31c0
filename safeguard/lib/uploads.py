"""Checks for every uploaded document: the type comes from the content, never from the name.

The platform never stores images or video (the one rule above all), so those are refused
whatever they are called. Files go to the default storage under ``MEDIA_ROOT``, which is
outside the web root and has no URL: apps serve them through a permission-checked view.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DocumentKind:
    key: str
    label: str
    content_type: str
    extension: str


PDF = DocumentKind("pdf", "PDF", "application/pdf", "pdf")
DOCX = DocumentKind(
    "docx", "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
)
XLSX = DocumentKind(
    "xlsx", "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
)
PPTX = DocumentKind(
    "pptx", "PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"
)
ODT = DocumentKind("odt", "OpenDocument text", "application/vnd.oasis.opendocument.text", "odt")
ODS = DocumentKind("ods", "OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", "ods")
OFFICE = (DOCX, XLSX, PPTX, ODT, ODS)
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Leading bytes of image and video formats: refused even where a document kind would match.
_MEDIA_SIGNATURES = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG",
    b"GIF8",
    b"BM",
    b"II*\x00",  # TIFF
    b"MM\x00*",
    b"\x1aE\xdf\xa3",  # Matroska / WebM
    b"RIFF",  # AVI, WAV, WebP
    b"OggS",
    b"FLV",
)
_OPC_MAIN_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
_ODF_MIMETYPES = {"odt": ODT.content_type, "ods": ODS.content_type}


def _head(upload: UploadedFile, size: int = 64) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def is_image_or_video(head: bytes) -> bool:
    # ISO base media (MP4, MOV, HEIC, AVIF) carries "ftyp" at offset 4.
    return head.startswith(_MEDIA_SIGNATURES) or head[4:8] == b"ftyp"


def sniff(upload: UploadedFile) -> DocumentKind | None:
    """The kind of document ``upload`` holds, judged by its bytes; None when it is none of ours."""
    head = _head(upload)
    if is_image_or_video(head):
        return None
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                    return next((k for k in (ODT, ODS) if k.content_type == mimetype), None)
                for key, part in _OPC_MAIN_PARTS.items():
                    if part in names:
                        return next(k for k in OFFICE if k.key == key)
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
    return None


def validate_document(
    upload: UploadedFile,
    *,
    kinds: tuple[DocumentKind, ...] = (PDF,),
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> DocumentKind:
    """Return the document's kind, or raise a ValidationError that says what is accepted."""
    accepted = ", ".join(kind.label for kind in kinds)
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    if is_image_or_video(_head(upload)):
        raise ValidationError(
            _("Images and video are never accepted on this platform. Accepted: %(accepted)s."),
            code="media",
            params={"accepted": accepted},
        )
    kind = sniff(upload)
    if kind not in kinds:
        raise ValidationError(
            _("This file is not a valid document of an accepted type. Accepted: %(accepted)s."),
            code="type",
            params={"accepted": accepted},
        )
    return kind


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
