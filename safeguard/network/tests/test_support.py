from datetime import timedelta

from django.core import mail
from django.utils import timezone

from safeguard.network.directory import support_by_region
from safeguard.network.models import SupportMessage, SupportRequest
from safeguard.testing import PersonaTestCase, make_member

from .factories import make_record


class SupportTests(PersonaTestCase):
    def setUp(self) -> None:
        make_record(self.member_org, region="africa")
        make_record(self.other_org, region="americas")

    def ask(self) -> object:
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                "/network/organisations/kenya-member/support/new/",
                {
                    "topic": "safeguarding",
                    "subject": "Policy review",
                    "priority": "high",
                    "description": "Help",
                },
            )

    def test_a_member_asks_and_the_secretariat_triages_answers_and_resolves(self) -> None:
        self.login(self.member_editor)
        response = self.ask()
        support = SupportRequest.objects.get()
        self.assertRedirects(response, f"/network/support/{support.pk}/")
        self.assertEqual(mail.outbox[-1].to, ["secretariat@example.org"])

        self.login(self.secretariat_admin)
        self.client.post(
            f"/network/support/{support.pk}/triage/",
            {"priority": "normal", "assigned_to": str(self.secretariat_admin.pk)},
        )
        support.refresh_from_db()
        self.assertEqual((support.state, support.assigned_to), ("triaged", self.secretariat_admin))
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/network/support/{support.pk}/", {"body": "Here is our template."})
        self.assertEqual(SupportMessage.objects.get().author, self.secretariat_admin)
        self.assertIn("editor@example.org", {r for m in mail.outbox for r in m.to})
        self.client.post(f"/network/support/{support.pk}/triage/", {"priority": "normal", "resolve": "on"})
        support.refresh_from_db()
        self.assertEqual(support.state, "resolved")
        self.assertIsNotNone(support.resolved_at)

    def test_viewers_read_but_cannot_ask_outsiders_see_nothing(self) -> None:
        self.login(self.member_editor)
        self.ask()
        support = SupportRequest.objects.get()
        self.login(self.member_viewer)
        self.assertEqual(self.ask().status_code, 403)
        self.assertEqual(self.client.get(f"/network/support/{support.pk}/").status_code, 200)
        self.assertEqual(self.client.post(f"/network/support/{support.pk}/", {"body": "x"}).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.get(f"/network/support/{support.pk}/").status_code, 404)
        self.assertEqual(self.client.post(f"/network/support/{support.pk}/", {"body": "x"}).status_code, 404)
        self.login(self.member_admin)
        self.assertEqual(
            self.client.post(f"/network/support/{support.pk}/triage/", {"priority": "low"}).status_code, 404
        )
        self.assertEqual(SupportRequest.objects.count(), 1)
        self.assertFalse(SupportMessage.objects.exists())

    def test_only_staff_can_be_assigned(self) -> None:
        support = SupportRequest.objects.create(
            organisation=self.member_org, topic="other", subject="s", description="d"
        )
        self.login(self.secretariat_admin)
        self.client.post(
            f"/network/support/{support.pk}/triage/",
            {"priority": "low", "assigned_to": str(self.outsider.pk)},
        )
        support.refresh_from_db()
        self.assertIsNone(support.assigned_to)

    def test_the_dashboard_shows_open_requests_and_median_resolution_by_region(self) -> None:
        now = timezone.now()
        for days in (2, 4, 10):
            SupportRequest.objects.create(
                organisation=self.member_org,
                topic="other",
                subject="s",
                description="d",
                state="resolved",
                created_at=now - timedelta(days=20),
                resolved_at=now - timedelta(days=20 - days),
            )
        SupportRequest.objects.create(
            organisation=self.other_org, topic="other", subject="open one", description="d"
        )
        rows = {row["region"]: row for row in support_by_region()}
        self.assertEqual((rows["Africa"]["resolved"], rows["Africa"]["median_days"]), (3, 4.0))
        self.assertEqual((rows["Americas"]["open"], rows["Americas"]["median_days"]), (1, None))
        self.login(self.secretariat_admin)
        with self.assertNumQueries(6):
            response = self.client.get("/network/support/")
        self.assertContains(response, "open one")
        self.login(make_member(self.member_org, "owner", totp=True))
        self.assertEqual(self.client.get("/network/support/").status_code, 404)
