"""The one rule above all: no model can hold a report, and no upload takes images or video."""

from __future__ import annotations

import io

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import SimpleTestCase

from safeguard.lib import uploads
from safeguard.lib.tabular import TableError
from safeguard.online.services import table_import
from safeguard.testing import PersonaTestCase
from tests.urlwalk import iter_url_patterns

MEDIA_SAMPLES = {
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64,
    "png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    "gif": b"GIF89a" + b"\x00" * 64,
    "webp": b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 64,
    "mp4": b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64,
    "webm": b"\x1aE\xdf\xa3" + b"\x00" * 64,
    "tiff": b"II*\x00" + b"\x00" * 64,
}


class NoModelCanHoldAReportTests(SimpleTestCase):
    def test_no_model_in_the_project_has_an_image_field(self) -> None:
        image_fields = [
            f"{model._meta.label}.{field.name}"
            for model in apps.get_models()
            for field in model._meta.get_fields()
            if isinstance(field, models.ImageField)
        ]
        self.assertEqual(image_fields, [])

    def test_the_online_app_has_no_file_or_binary_field(self) -> None:
        found = [
            f"{model._meta.label}.{field.name}"
            for model in apps.get_app_config("online").get_models()
            for field in model._meta.get_fields()
            if isinstance(field, (models.FileField, models.BinaryField))
        ]
        self.assertEqual(found, [])

    def test_file_fields_elsewhere_belong_to_vetted_document_apps(self) -> None:
        """Documents only (PDF, office) uploaded by signed-in staff and members: library,
        monitoring, tourism and network keep evidence and reports, the assembly keeps delegates'
        credentials letters (PDF, checked by content); nothing public holds files."""
        vetted = {
            "library",
            "monitoring",
            "tourism",
            "network",
            "assembly",
            "campaigns",
            "accounts",
            "django_tasks_database",
        }
        outside = [
            f"{model._meta.label}.{field.name}"
            for model in apps.get_models()
            for field in model._meta.get_fields()
            if isinstance(field, models.FileField) and model._meta.app_label not in vetted
        ]
        self.assertEqual(outside, [])

    def test_no_online_model_has_a_field_for_reported_content(self) -> None:
        """A channel keeps the address of a *service*; nothing is named for what a person saw."""
        suspicious = (
            "content",
            "description",
            "reported",
            "screenshot",
            "evidence_file",
            "attachment",
            "message",
        )
        found = [
            f"{model._meta.label}.{field.name}"
            for model in apps.get_app_config("online").get_models()
            for field in model._meta.get_fields()
            if any(word in field.name for word in suspicious)
        ]
        self.assertEqual(found, [])


class UploadsRefuseMediaTests(SimpleTestCase):
    def test_every_document_kind_refuses_images_and_video(self) -> None:
        kinds = (uploads.PDF, *uploads.OFFICE)
        for name, data in MEDIA_SAMPLES.items():
            upload = SimpleUploadedFile(f"report.{name}", data)
            for kind in kinds:
                with self.subTest(media=name, kind=kind.key):
                    with self.assertRaises(ValidationError) as caught:
                        uploads.validate_document(upload, kinds=(kind,))
                    self.assertEqual(caught.exception.code, "media")

    def test_a_disguised_image_is_refused_whatever_its_name(self) -> None:
        upload = SimpleUploadedFile("report.pdf", MEDIA_SAMPLES["jpeg"], content_type="application/pdf")
        with self.assertRaises(ValidationError):
            uploads.validate_document(upload)


class OnlineImportRefusesMediaTests(PersonaTestCase):
    def test_the_table_import_refuses_images_and_video(self) -> None:
        for name, data in MEDIA_SAMPLES.items():
            with self.subTest(media=name), self.assertRaises(TableError):
                table_import(kind="channels", data=data, filename=f"x.{name}")

    def test_the_import_page_refuses_an_image(self) -> None:
        self.login(self.secretariat_admin)
        upload = io.BytesIO(MEDIA_SAMPLES["png"])
        upload.name = "channels.csv"
        response = self.client.post("/online/import/", {"kind": "channels", "file": upload})
        self.assertContains(response, "Images and video are never accepted")


class NoPublicWritesTests(PersonaTestCase):
    """Nothing in the online app takes text from the public: every write is staff-only."""

    def test_every_online_address_refuses_a_post_from_the_public(self) -> None:
        counted = list(apps.get_app_config("online").get_models())
        before = {m: m._default_manager.count() for m in counted}
        paths = [
            "/online/", "/online/where-to-report/", "/online/where-to-report/ke/", "/online/countries/ke/",
            "/online/frameworks/", "/online/frameworks/mnr/2015/", "/online/regions/", "/online/commitments/",
            "/online/export/assessments.csv", "/online/export/channels.csv", "/online/review/",
            "/online/channels/1/verify/", "/online/import/",
        ]  # fmt: skip
        names = [name for name, _route in iter_url_patterns() if name.startswith("online:")]
        self.assertEqual(len(names), len(paths), "a new online page needs a row here")
        for persona in (
            "anonymous",
            "member_viewer",
            "member_editor",
            "member_admin",
            "outsider",
            "company_contact",
        ):
            self.login(self.persona(persona))
            for path in paths:
                data = {
                    "kind": "channels",
                    "url": "https://x.example.org",
                    "note": "text",
                    "file": io.BytesIO(b"a"),
                }
                status = self.client.post(path, data).status_code
                self.assertIn(status, (302, 403, 404, 405), f"POST {path} as {persona}")
        self.assertEqual({m: m._default_manager.count() for m in counted}, before)
