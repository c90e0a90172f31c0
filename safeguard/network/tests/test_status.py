from django.core.exceptions import ValidationError

from safeguard.countries.models import Country
from safeguard.network import services
from safeguard.network.models import (
    CountryCoverage,
    MemberDocument,
    MemberRecord,
    MembershipCategory,
    Status,
    StatusChange,
)
from safeguard.testing import PersonaTestCase, make_member

from .factories import make_record, pdf

URL = "/network/organisations/kenya-member/status/"


class StatusServiceTests(PersonaTestCase):
    def setUp(self) -> None:
        self.record = make_record(self.member_org, status=Status.PROVISIONAL)

    def test_an_allowed_change_is_recorded_with_who_and_why(self) -> None:
        change = services.member_status_change(
            record=self.record,
            to_status=Status.FULL,
            reason="Ratified by the Assembly",
            actor=self.secretariat_admin,
        )
        self.record.refresh_from_db()
        self.assertEqual(self.record.status, Status.FULL)
        self.assertEqual(
            (change.from_status, change.to_status, change.reason, change.changed_by),
            (Status.PROVISIONAL, Status.FULL, "Ratified by the Assembly", self.secretariat_admin),
        )
        self.assertEqual(self.record.history.count(), 2)

    def test_a_change_outside_the_table_is_refused_with_a_clear_message(self) -> None:
        services.member_status_change(record=self.record, to_status=Status.EXPELLED, reason="r", actor=None)
        with self.assertRaisesMessage(ValidationError, "cannot go from “expelled” to “full member”"):
            services.member_status_change(
                record=MemberRecord.objects.get(pk=self.record.pk),
                to_status=Status.FULL,
                reason="r",
                actor=None,
            )
        self.assertEqual(MemberRecord.objects.get(pk=self.record.pk).status, Status.EXPELLED)
        self.assertEqual(StatusChange.objects.filter(record=self.record).count(), 2)

    def test_a_reason_is_required(self) -> None:
        with self.assertRaises(ValidationError):
            services.member_status_change(record=self.record, to_status=Status.FULL, reason="  ", actor=None)
        self.assertEqual(MemberRecord.objects.get(pk=self.record.pk).status, Status.PROVISIONAL)

    def test_the_document_must_be_the_members(self) -> None:
        document = MemberDocument.objects.create(
            organisation=self.other_org, kind="decision", title="t", sha256="x"
        )
        with self.assertRaises(ValidationError):
            services.member_status_change(
                record=self.record, to_status=Status.FULL, reason="r", actor=None, document=document
            )


class StatusViewTests(PersonaTestCase):
    def setUp(self) -> None:
        self.record = make_record(self.member_org, status=Status.FULL)

    def post(self, follow: bool = False, **data: object) -> object:
        payload = {"status-to_status": "suspended", "status-reason": "Missed two annual reports"}
        payload.update(data)
        return self.client.post(URL, payload, follow=follow)

    def test_the_secretariat_changes_a_status_with_a_document(self) -> None:
        self.login(self.secretariat_admin)
        response = self.post(**{"status-document": pdf()})
        self.assertRedirects(response, "/network/organisations/kenya-member/")
        change = StatusChange.objects.get(record=self.record, to_status="suspended")
        self.assertEqual(change.document.kind, "decision")
        page = self.client.get("/network/organisations/kenya-member/")
        self.assertContains(page, "Missed two annual reports")

    def test_an_invalid_transition_shows_the_message_and_changes_nothing(self) -> None:
        self.login(self.secretariat_admin)
        response = self.post(**{"status-to_status": "applicant"}, follow=True)
        self.assertContains(response, "cannot go from")
        self.assertEqual(MemberRecord.objects.get(pk=self.record.pk).status, Status.FULL)

    def test_members_cannot_change_their_own_status(self) -> None:
        for persona in (self.member_admin, self.member_viewer, self.outsider):
            self.login(persona)
            self.assertEqual(self.post().status_code, 404)
        self.assertEqual(MemberRecord.objects.get(pk=self.record.pk).status, Status.FULL)

    def test_secretariat_viewers_are_refused(self) -> None:
        self.login(make_member(self.secretariat, "viewer", totp=True))
        self.assertEqual(self.post().status_code, 403)

    def test_the_history_is_shown_to_the_secretariat_only(self) -> None:
        services.member_status_change(
            record=self.record, to_status="arrears", reason="Dues late xyz", actor=None
        )
        self.login(self.member_admin)
        self.assertNotContains(self.client.get("/network/organisations/kenya-member/"), "Dues late xyz")
        self.login(self.secretariat_admin)
        self.assertContains(self.client.get("/network/organisations/kenya-member/"), "Dues late xyz")

    def test_an_override_needs_a_reason(self) -> None:
        self.login(self.secretariat_admin)
        url = "/network/organisations/kenya-member/override/"
        self.client.post(url, {"override-good_standing": "0", "override-reason": ""})
        self.assertFalse(self.record.overrides.exists())
        self.client.post(url, {"override-good_standing": "0", "override-reason": "Audit pending"})
        override = self.record.overrides.get()
        self.assertEqual((override.good_standing, override.author), (False, self.secretariat_admin))


class RecordAndCoverageTests(PersonaTestCase):
    def setUp(self) -> None:
        self.record = make_record(self.member_org, status=Status.FULL)
        self.org_url = "/network/organisations/kenya-member/"

    def test_the_secretariat_changes_the_category_and_it_is_in_the_history(self) -> None:
        self.login(self.secretariat_admin)
        affiliate = MembershipCategory.objects.get(slug="affiliate")
        response = self.client.post(
            self.org_url + "record/",
            {"category": affiliate.pk, "region": "africa", "registration_number": "R-1"},
        )
        self.assertRedirects(response, self.org_url)
        self.record.refresh_from_db()
        self.assertEqual(self.record.category, affiliate)
        self.assertEqual(self.record.history.first().history_user, self.secretariat_admin)

    def test_coverage_is_added_and_ended_with_one_current_primary(self) -> None:
        self.login(self.secretariat_admin)
        uganda = Country.objects.get(iso2="UG")
        data = {
            "coverage-country": uganda.pk,
            "coverage-role": "secondary",
            "coverage-start_date": "2026-01-01",
        }
        self.client.post(self.org_url + "coverage/", data)
        coverage = CountryCoverage.objects.get(record=self.record, country=uganda)
        response = self.client.post(
            self.org_url + "coverage/", {**data, "coverage-role": "primary"}, follow=True
        )
        self.assertContains(response, "already covers this country")
        tanzania = Country.objects.get(iso2="TZ")
        data.update({"coverage-country": tanzania.pk, "coverage-role": "primary"})
        self.assertContains(
            self.client.post(self.org_url + "coverage/", data, follow=True), "End the current primary"
        )
        self.client.post(f"/network/coverage/{coverage.pk}/end/")
        coverage.refresh_from_db()
        self.assertIsNotNone(coverage.end_date)
        self.assertEqual(coverage.history.count(), 2)

    def test_members_cannot_touch_their_record_or_coverage(self) -> None:
        primary = self.record.coverage.get()
        for persona in (self.member_admin, self.outsider):
            self.login(persona)
            self.assertEqual(self.client.get(self.org_url + "record/").status_code, 404)
            self.assertEqual(self.client.post(f"/network/coverage/{primary.pk}/end/").status_code, 404)
        primary.refresh_from_db()
        self.assertIsNone(primary.end_date)
