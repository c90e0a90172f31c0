"""The public side: directory, member check, criteria, verification, CSV export and read API."""

from __future__ import annotations

from django.test import TestCase

from safeguard.tourism.models import Certificate, CriteriaVersion, Criterion, Signatory, State

from .factories import make_signatory


class DirectoryTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.listed = make_signatory(
            name="Coral Bay Hotels", country="TH", city="Phuket", sector="accommodation"
        )
        cls.top = make_signatory(name="Jade Tours", country="KE", city="Nairobi", recognition="top_member")
        cls.hidden = make_signatory(name="Coral Secret Travel", country="TH", listed=False)
        cls.applicant = make_signatory(name="Coral Applicant", country="TH", state=State.APPLIED)
        cls.formula = make_signatory(name="=HYPERLINK(1)", country="TH")

    def test_it_lists_only_active_members_that_chose_to_be_listed(self) -> None:
        response = self.client.get("/code/?q=coral")
        self.assertContains(response, "Coral Bay Hotels")
        self.assertNotContains(response, "Coral Secret Travel")
        self.assertNotContains(response, "Coral Applicant")

    def test_it_filters_by_country_city_sector_and_recognition(self) -> None:
        self.assertContains(self.client.get("/code/?country=KE"), "Jade Tours")
        self.assertNotContains(self.client.get("/code/?country=KE"), "Coral Bay")
        self.assertContains(self.client.get("/code/?city=phuket"), "Coral Bay")
        self.assertNotContains(self.client.get("/code/?sector=accommodation"), "Jade Tours")
        response = self.client.get("/code/?recognition=top_member")
        self.assertContains(response, "Jade Tours")
        self.assertNotContains(response, "Coral Bay")

    def test_the_directory_page_uses_a_fixed_number_of_queries(self) -> None:
        for n in range(30):
            make_signatory(name=f"Extra {n}", country="TH")
        self.client.get("/code/")  # warm the content types and caches
        with self.assertNumQueries(3):
            self.client.get("/code/")

    def test_the_member_check_answers_yes_and_no(self) -> None:
        self.assertContains(self.client.get("/code/check/?name=jade"), "Jade Tours")
        self.assertContains(self.client.get("/code/check/?name=nobody"), "No listed member has this name")
        self.assertNotContains(self.client.get("/code/check/?name=secret"), "Coral Secret")

    def test_the_member_page_is_404_for_an_unlisted_member(self) -> None:
        self.assertEqual(self.client.get(f"/code/members/{self.listed.slug}/").status_code, 200)
        self.assertEqual(self.client.get(f"/code/members/{self.hidden.slug}/").status_code, 404)

    def test_the_csv_export_is_formula_safe_and_honours_listing(self) -> None:
        response = self.client.get("/code/members.csv")
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        self.assertIn("Coral Bay Hotels", body)
        self.assertNotIn("Coral Secret", body)
        self.assertIn("'=HYPERLINK(1)", body)

    def test_the_api_lists_and_filters_members(self) -> None:
        data = self.client.get("/api/v1/code/members?country=KE").json()
        self.assertEqual([m["name"] for m in data["items"]], ["Jade Tours"])
        self.assertEqual(data["items"][0]["country"], "KE")
        self.assertNotIn("contact_email", data["items"][0])
        self.assertEqual(self.client.get(f"/api/v1/code/members/{self.hidden.slug}").status_code, 404)

    def test_verification_says_valid_revoked_or_unknown(self) -> None:
        certificate = Certificate.objects.create(
            signatory=self.listed, year=2026, code="TC-TH-2026-1", valid_until="2099-01-01"
        )
        self.assertContains(self.client.get("/code/verify/TC-TH-2026-1/"), "Valid.")
        self.assertEqual(self.client.get("/api/v1/code/certificates/TC-TH-2026-1").json()["status"], "valid")
        Signatory.objects.filter(pk=self.listed.pk).update(state=State.SUSPENDED)
        self.assertContains(self.client.get("/code/verify/TC-TH-2026-1/"), "revoked")
        self.assertEqual(
            self.client.get("/api/v1/code/certificates/TC-TH-2026-1").json()["status"], "revoked"
        )
        self.assertContains(self.client.get("/code/verify/nope/"), "Unknown code.", status_code=404)
        self.assertEqual(certificate.get_absolute_url(), "/code/verify/TC-TH-2026-1/")


class CriteriaDataTests(TestCase):
    def test_the_data_migration_loads_three_versions_of_six_criteria(self) -> None:
        self.assertEqual(list(CriteriaVersion.objects.values_list("year", flat=True)), [2024, 2018, 2012])
        for version in CriteriaVersion.objects.all():
            self.assertEqual(version.criteria.filter(module="core").count(), 6)
        current = CriteriaVersion.objects.get(is_current=True)
        self.assertEqual(current.year, 2024)
        self.assertIn("voluntourism", current.criteria.get(module="core", number=1).title_en)
        self.assertTrue(
            current.criteria.filter(module="voluntourism", refuses_orphanage_tourism=True).exists()
        )

    def test_loading_again_changes_nothing(self) -> None:
        from django.core.management import call_command

        before = list(Criterion.objects.values_list("pk", "title_en"))
        call_command("code_load_criteria", stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.assertEqual(list(Criterion.objects.values_list("pk", "title_en")), before)

    def test_the_criteria_page_shows_the_rubric_and_fees(self) -> None:
        response = self.client.get("/code/criteria/")
        self.assertContains(response, "Top Member")
        self.assertContains(response, "2000")

    def test_criteria_titles_follow_the_language(self) -> None:
        from django.utils import translation

        criterion = Criterion.objects.get(version__is_current=True, module="core", number=2)
        with translation.override("fr"):
            self.assertTrue(criterion.title.startswith("Former"))
