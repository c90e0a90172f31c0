"""Companies see only their own data; representatives only their countries."""

from __future__ import annotations

from safeguard.testing import PersonaTestCase, make_member, make_organisation
from safeguard.tourism.models import State

from .factories import make_report, make_representative, make_signatory


class ScopeTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_representative(cls.member_org, "KE")
        cls.kenyan = make_signatory(name="Kenyan Safaris", country="KE")
        cls.peruvian = make_signatory(name="Peruvian Treks", country="PE")
        cls.own = make_signatory(name="Own Company", organisation=cls.company_org, country="TH")

    def test_a_company_sees_only_its_own_signatory(self) -> None:
        self.login(self.company_contact)
        self.assertEqual(self.client.get(f"/code/s/{self.own.slug}/").status_code, 200)
        self.assertEqual(self.client.get(f"/code/s/{self.kenyan.slug}/").status_code, 404)
        response = self.client.get("/code/manage/signatories/")
        self.assertContains(response, "Own Company")
        self.assertNotContains(response, "Kenyan Safaris")

    def test_a_representative_sees_only_its_countries(self) -> None:
        self.login(self.member_viewer)
        self.assertEqual(self.client.get(f"/code/s/{self.kenyan.slug}/").status_code, 200)
        self.assertEqual(self.client.get(f"/code/s/{self.peruvian.slug}/").status_code, 404)
        response = self.client.get("/code/manage/")
        self.assertContains(response, "Pipeline")
        response = self.client.get("/code/manage/signatories/")
        self.assertContains(response, "Kenyan Safaris")
        self.assertNotContains(response, "Peruvian Treks")

    def test_a_representative_viewer_may_not_review(self) -> None:
        report = make_report(self.kenyan, status="submitted")
        self.login(self.member_viewer)
        response = self.client.post(
            f"/code/s/{self.kenyan.slug}/reports/{report.year}/review/", {"decision": "return"}
        )
        self.assertEqual(response.status_code, 403)
        report.refresh_from_db()
        self.assertEqual(report.status, "submitted")

    def test_a_representative_may_not_edit_the_company_report(self) -> None:
        report = make_report(self.kenyan)
        answer = report.answers.first()
        self.login(self.member_editor)
        url = f"/code/s/{self.kenyan.slug}/reports/{report.year}/"
        response = self.client.post(url, {"answer": answer.pk, f"a{answer.pk}-narrative": "Not mine"})
        self.assertEqual(response.status_code, 403)
        answer.refresh_from_db()
        self.assertEqual(answer.narrative, "")

    def test_an_outsider_changes_nothing(self) -> None:
        signatory = make_signatory(name="Applicant", country="KE", state=State.APPLIED)
        self.login(self.outsider)
        response = self.client.post(f"/code/s/{signatory.slug}/step/", {"step": "accept"})
        self.assertEqual(response.status_code, 404)
        signatory.refresh_from_db()
        self.assertEqual(signatory.state, State.APPLIED)

    def test_a_representative_cannot_do_the_code_managers_steps(self) -> None:
        signatory = make_signatory(name="Applicant", country="KE", state=State.APPLIED)
        self.login(self.member_editor)
        self.client.post(f"/code/s/{signatory.slug}/step/", {"step": "accept"})
        signatory.refresh_from_db()
        self.assertEqual(signatory.state, State.APPLIED)

    def test_countries_with_members_but_no_representative_are_flagged(self) -> None:
        self.login(self.secretariat_admin)
        response = self.client.get("/code/manage/")
        gaps = [c.iso2 for c in response.context["gaps"]]
        self.assertIn("PE", gaps)
        self.assertIn("TH", gaps)
        self.assertNotIn("KE", gaps)

    def test_the_pipeline_list_uses_a_fixed_number_of_queries(self) -> None:
        for n in range(20):
            make_signatory(name=f"More {n}", country="KE")
        self.login(self.member_viewer)
        self.client.get("/code/manage/signatories/")
        with self.assertNumQueries(6):
            self.client.get("/code/manage/signatories/")

    def test_the_pipeline_export_is_logged(self) -> None:
        from safeguard.accounts.models import SecurityEvent

        self.login(self.member_viewer)
        response = self.client.get("/code/manage/signatories.csv")
        body = b"".join(response.streaming_content).decode()
        self.assertIn("Kenyan Safaris", body)
        self.assertNotIn("Peruvian Treks", body)
        self.assertTrue(SecurityEvent.objects.filter(kind="export", actor=self.member_viewer).exists())

    def test_a_second_company_member_without_a_write_role_reads_only(self) -> None:
        reader = make_member(self.company_org, "viewer")
        report = make_report(self.own)
        self.login(reader)
        self.assertEqual(self.client.get(f"/code/s/{self.own.slug}/reports/{report.year}/").status_code, 200)
        self.assertEqual(
            self.client.post(f"/code/s/{self.own.slug}/reports/{report.year}/submit/").status_code, 403
        )

    def test_an_organisation_elsewhere_sees_no_workspace(self) -> None:
        stranger = make_member(make_organisation(country="PE"), "editor")
        self.login(stranger)
        response = self.client.get("/code/manage/")
        self.assertContains(response, "You have no Code workspace")
