"""The core flow: a member uploads, a curator publishes, search finds page 12 — and nothing leaks."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from safeguard.testing import PersonaTestCase

from ..models import Access, PageText, Resource, ResourceFile, ResourceVersion, SearchUnit
from ..search import Criteria, search
from .helpers import make_published, pdf_upload

PAGE_12 = "Les agresseurs itinérants exploitent les failles du contrôle des hébergements informels."


def fourteen_pages() -> list[str]:
    pages = [
        f"Page {n}. Introduction générale sur la protection de l'enfance, chapitre {n}." for n in range(1, 15)
    ]
    pages[11] = PAGE_12
    return pages


class UploadPublishSearchTests(PersonaTestCase):
    def upload_form(self, **overrides: object) -> dict:
        data = {
            "file": pdf_upload(fourteen_pages(), "rapport.pdf"),
            "title": "Agresseurs en mouvement",
            "title_language": "fr",
            "abstract": "Étude régionale sur les voyages et le tourisme.",
            "authors": "Dupont, Marie",
            "corporate_authors": "ECPAT France",
            "publisher": "ECPAT France",
            "year": "2021",
            "resource_type": "research_report",
            "themes": ["travel_tourism"],
            "languages": ["fr"],
            "licence": "CC-BY-NC-4.0",
            "access": "public",
            "file_access": "public",
        }
        data.update(overrides)
        return data

    def test_a_member_uploads_a_curator_publishes_and_page_12_is_found_in_french(self) -> None:
        self.login(self.member_editor)
        response = self.client.post("/library/submit/", self.upload_form())
        version = ResourceVersion.objects.get()
        self.assertRedirects(response, f"/library/submissions/{version.pk}/")
        file = ResourceFile.objects.get()
        self.assertEqual((file.extraction, file.page_count, file.extracted_with), ("done", 14, "pypdf"))
        self.assertEqual(PageText.objects.get(file=file, number=12).text, PAGE_12)
        # Not yet published: nobody finds it, not even its contributor.
        self.assertEqual(search(self.member_editor, Criteria(q="agresseurs itinérants")).total, 0)
        self.assertEqual(self.client.get(f"/library/{version.resource.slug}/").status_code, 404)

        self.login(self.secretariat_admin)
        self.assertContains(self.client.get("/library/review/"), "Agresseurs en mouvement")
        response = self.client.post(f"/library/submissions/{version.pk}/", {"action": "publish"})
        self.assertRedirects(response, f"/library/{version.resource.slug}/")

        self.login(None)
        response = self.client.get("/library/", {"q": '"agresseurs itinérants exploitent"', "language": "fr"})
        self.assertContains(response, "Agresseurs en mouvement")
        self.assertContains(response, "Found on page 12")
        self.assertContains(response, "<mark>")
        # Stemmed in French: another form of the words finds the same page.
        results = search(None_user(), Criteria(q="agresseur hébergement informel", language="fr"))
        self.assertEqual([(h.version.pk, h.page_number) for h in results.hits], [(version.pk, 12)])
        # The language facet counts it as French.
        language_facet = next(f for f in results.facets if f.key == "language")
        self.assertEqual([(b.value, b.count) for b in language_facet.buckets], [("fr", 1)])
        # And the English filter does not find it.
        self.assertEqual(search(None_user(), Criteria(q="agresseurs", language="en")).total, 0)

    def test_images_are_refused_and_nothing_is_stored(self) -> None:
        self.login(self.member_editor)
        png = SimpleUploadedFile(
            "report.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="application/pdf"
        )
        response = self.client.post("/library/submit/", self.upload_form(file=png))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Images and video are never accepted")
        self.assertFalse(Resource.objects.exists())

    def test_viewers_companies_and_anonymous_cannot_upload(self) -> None:
        for persona, status in (("member_viewer", 403), ("company_contact", 403), ("anonymous", 302)):
            self.login(self.persona(persona))
            response = self.client.post("/library/submit/", self.upload_form())
            self.assertEqual(response.status_code, status, persona)
        self.assertFalse(Resource.objects.exists())

    def test_a_member_cannot_publish_and_an_outsider_cannot_see_a_submission(self) -> None:
        self.login(self.member_editor)
        self.client.post("/library/submit/", self.upload_form())
        version = ResourceVersion.objects.get()
        self.login(self.member_admin)
        self.assertEqual(self.client.get(f"/library/submissions/{version.pk}/").status_code, 404)
        self.login(self.member_editor)
        self.assertEqual(
            self.client.post(f"/library/submissions/{version.pk}/", {"action": "publish"}).status_code, 403
        )
        version.refresh_from_db()
        self.assertEqual(version.status, "submitted")

    def test_a_curator_returns_a_submission_with_a_note(self) -> None:
        self.login(self.member_editor)
        self.client.post("/library/submit/", self.upload_form())
        version = ResourceVersion.objects.get()
        self.login(self.secretariat_admin)
        response = self.client.post(f"/library/submissions/{version.pk}/", {"action": "return", "note": ""})
        self.assertEqual(response.status_code, 200)
        self.client.post(f"/library/submissions/{version.pk}/", {"action": "return", "note": "Add the year."})
        version.refresh_from_db()
        self.assertEqual((version.status, version.review_note), ("rejected", "Add the year."))

    def test_a_published_version_never_changes(self) -> None:
        version = make_published(self.member_editor, self.secretariat_admin)
        version.title_en = "Changed"
        with self.assertRaises(ValueError):
            version.save()

    def test_the_embargo_needs_a_future_date_and_restricted_needs_organisations(self) -> None:
        self.login(self.member_editor)
        response = self.client.post(
            "/library/submit/",
            self.upload_form(file_access="embargoed", access="public", embargo_until="2000-01-01"),
        )
        self.assertContains(response, "in the future")
        response = self.client.post(
            "/library/submit/", self.upload_form(access="restricted", file_access="restricted")
        )
        self.assertContains(response, "Name the organisations")
        self.assertFalse(Resource.objects.exists())


def None_user():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


class IndexTests(PersonaTestCase):
    def test_the_index_holds_one_metadata_row_and_one_row_per_file_of_current_versions(self) -> None:
        version = make_published(self.member_editor, self.secretariat_admin)
        units = SearchUnit.objects.filter(version=version)
        self.assertEqual(sorted(u.file_id is None for u in units), [False, True])
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM library_fts")
                self.assertEqual(cursor.fetchone()[0], 2)

    def test_access_levels_are_the_expected_choices(self) -> None:
        self.assertEqual(Access.values, ["public", "members", "restricted", "embargoed"])
