from django.test import TestCase

from safeguard.testing import PersonaTestCase

from .. import services
from ..models import Campaign, Handover
from .helpers import make_action_page, make_campaign, make_chapter, make_petition
from .test_counting import confirmed


class PublicPageTests(TestCase):
    def test_the_list_shows_public_campaigns_in_a_fixed_number_of_queries(self) -> None:
        for _ in range(3):
            make_petition(make_campaign())
        make_campaign(status=Campaign.Status.DRAFT, name="Secret plan")
        with self.assertNumQueries(3):
            response = self.client.get("/campaigns/")
        self.assertContains(response, "Protect children")
        self.assertNotContains(response, "Secret plan")

    def test_a_draft_campaign_is_not_found(self) -> None:
        petition = make_petition(make_campaign(status=Campaign.Status.DRAFT))
        self.assertEqual(self.client.get(f"/campaigns/c/{petition.campaign.slug}/").status_code, 404)
        self.assertEqual(self.client.get(f"/campaigns/p/{petition.slug}/").status_code, 404)
        self.assertIsNone(services.public_petition_id(petition.slug))

    def test_the_petition_page_shows_the_text_in_the_visitor_language(self) -> None:
        petition = make_petition()
        response = self.client.get(f"/campaigns/p/{petition.slug}/", HTTP_ACCEPT_LANGUAGE="es")
        self.assertContains(response, "Proteger a la infancia")
        self.assertContains(response, 'name="website"')
        self.assertContains(response, 'name="form_token"')

    def test_signing_refuses_get(self) -> None:
        petition = make_petition()
        self.assertEqual(self.client.get(f"/campaigns/p/{petition.slug}/sign/").status_code, 405)

    def test_the_counts_json_has_the_country_breakdown_and_cache_headers(self) -> None:
        petition = make_petition()
        confirmed(petition, 2, iso2="KE")
        services.counts_fold()
        response = self.client.get(f"/api/v1/campaigns/petitions/{petition.slug}/counts")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual((data["total"], data["countries"][0]["country"]), (2, "KE"))
        self.assertEqual(response["Cache-Control"], "public, max-age=5")
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        self.assertEqual(self.client.get("/api/v1/campaigns/petitions/nope/counts").status_code, 404)
        listing = self.client.get("/api/v1/campaigns/").json()
        self.assertEqual(listing[0]["petitions"][0]["slug"], petition.slug)

    def test_embeds_may_be_framed_by_other_sites_and_nothing_else_may(self) -> None:
        petition = make_petition()
        for kind in ("counter", "sign"):
            response = self.client.get(f"/campaigns/embed/{petition.slug}/{kind}/")
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("X-Frame-Options", response)
            self.assertIn("frame-ancestors *", response["Content-Security-Policy"])
        page = self.client.get(f"/campaigns/p/{petition.slug}/")
        self.assertEqual(page["X-Frame-Options"], "DENY")
        self.assertIn("frame-ancestors 'none'", page["Content-Security-Policy"])
        self.assertContains(self.client.get(f"/campaigns/embed/{petition.slug}/sign/"), 'target="_top"')

    def test_the_home_page_shows_total_signatures_and_the_country_profile_the_campaign(self) -> None:
        petition = make_petition()
        make_chapter(petition.campaign, "KE")
        confirmed(petition, 3)
        services.counts_fold()
        self.assertContains(self.client.get("/"), "petition signatures")
        profile = self.client.get("/countries/ke/")
        self.assertContains(profile, petition.campaign.name)
        self.assertContains(profile, "3 signatures")

    def test_the_action_page_carries_the_member_branding(self) -> None:
        from safeguard.testing import make_organisation

        petition = make_petition()
        page = make_action_page(petition, make_organisation(name="Kenya Friends"), colour="crimson")
        response = self.client.get(f"/campaigns/a/{page.slug}/")
        self.assertContains(response, "brand-crimson")
        self.assertContains(response, "Share my email with Kenya Friends")


class HandoverTests(PersonaTestCase):
    def setUp(self) -> None:
        self.petition = make_petition()
        self.chapter = make_chapter(self.petition.campaign, "KE")
        confirmed(self.petition, 3)
        services.counts_fold()
        self.client.force_login(self.secretariat_admin)

    def test_the_pack_is_a_pdf_with_a_cover_letter_in_the_target_language(self) -> None:
        import io

        from pypdf import PdfReader

        target = self.chapter.targets.get()
        response = self.client.get(
            f"/campaigns/manage/chapters/{self.chapter.pk}/targets/{target.pk}/pack.pdf"
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        self.assertIn("Minister of Children", text)
        self.assertIn("Signatures", text)  # "Signatures par canal" when translated
        self.assertIn("3", text)

    def test_the_csv_is_streamed_without_emails_and_logged(self) -> None:
        from safeguard.accounts.models import SecurityEvent

        response = self.client.get(f"/campaigns/manage/chapters/{self.chapter.pk}/signatures.csv")
        body = b"".join(response.streaming_content).decode()
        self.assertIn("Signer 0", body)
        self.assertNotIn("@example.org", body)
        self.assertEqual(SecurityEvent.objects.filter(kind="export").count(), 1)

    def test_a_handover_is_recorded(self) -> None:
        target = self.chapter.targets.get()
        response = self.client.post(
            f"/campaigns/manage/chapters/{self.chapter.pk}/",
            {
                "target": target.pk,
                "handed_over_on": "2026-05-01",
                "official": "Deputy minister",
                "signatures": "3",
            },
        )
        self.assertRedirects(response, f"/campaigns/manage/chapters/{self.chapter.pk}/")
        self.assertEqual(Handover.objects.get().recorded_by, self.secretariat_admin)

    def test_members_do_not_reach_chapters(self) -> None:
        self.client.force_login(self.member_viewer)
        self.assertEqual(self.client.get(f"/campaigns/manage/chapters/{self.chapter.pk}/").status_code, 404)
