from datetime import timedelta

from django.core import mail
from django.utils import timezone

from safeguard.testing import PersonaTestCase

from .. import services
from ..models import CountDelta, Invalidation, Signature
from .helpers import make_petition, make_signatures
from .test_counting import confirmed


class InvalidationTests(PersonaTestCase):
    def setUp(self) -> None:
        self.petition = make_petition()
        confirmed(self.petition, 5, iso2="KE")
        confirmed(self.petition, 3, iso2="PE")
        services.counts_fold()
        self.url = f"/campaigns/manage/p/{self.petition.slug}/invalidate/"
        self.client.force_login(self.secretariat_admin)

    def total(self) -> int:
        return services.petition_counts(self.petition.pk)["total"]

    def test_preview_counts_without_changing_anything(self) -> None:
        response = self.client.post(self.url, {"country": "PE", "action": "preview"})
        self.assertContains(response, "3 signatures match")
        self.assertEqual(Invalidation.objects.count(), 0)
        self.assertEqual(CountDelta.objects.count(), 0)

    def test_running_needs_a_reason(self) -> None:
        response = self.client.post(self.url, {"country": "PE", "action": "run"})
        self.assertContains(response, "Write why")
        self.assertEqual(Invalidation.objects.count(), 0)

    def test_it_invalidates_with_progress_and_undo_puts_everything_back(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, {"country": "PE", "action": "run", "reason": "Bot burst"})
        invalidation = Invalidation.objects.get()
        self.assertRedirects(response, f"/campaigns/manage/invalidations/{invalidation.pk}/")
        self.assertEqual((invalidation.state, invalidation.matched, invalidation.processed), ("done", 3, 3))
        services.counts_fold()
        self.assertEqual(self.total(), 5)
        self.assertEqual(Signature.objects.filter(status="invalidated").count(), 3)
        self.client.post(f"/campaigns/manage/invalidations/{invalidation.pk}/undo/")
        services.counts_fold()
        self.assertEqual(self.total(), 8)
        self.assertEqual(Signature.objects.filter(status="confirmed").count(), 8)
        invalidation.refresh_from_db()
        self.assertEqual((invalidation.state, invalidation.undone_by), ("undone", self.secretariat_admin))
        self.assertEqual(services.counts_recount().drift, [])

    def test_read_only_staff_and_members_cannot_invalidate(self) -> None:
        self.client.force_login(self.member_admin)
        self.assertEqual(
            self.client.post(self.url, {"country": "PE", "action": "run", "reason": "x"}).status_code, 404
        )
        self.assertEqual(Signature.objects.filter(status="invalidated").count(), 0)


class AlarmTests(PersonaTestCase):
    def test_a_country_far_above_its_population_share_raises_an_alarm(self) -> None:
        petition = make_petition()
        confirmed(petition, 150, iso2="VA")
        confirmed(petition, 150, iso2="IN")
        services.counts_fold()
        alarms = services.country_share_alarms(petition.pk)
        self.assertEqual([a.iso2 for a in alarms], ["VA"])
        self.client.force_login(self.secretariat_admin)
        self.assertContains(
            self.client.get(f"/campaigns/manage/p/{petition.slug}/"), "times its share of population"
        )

    def test_trending_ips_and_domains_are_reported_and_mailed(self) -> None:
        petition = make_petition()
        make_signatures(
            petition,
            60,
            email_domain="burst.example",
            ip_hash="a" * 32,
            created_at=timezone.now() - timedelta(minutes=5),
        )
        trends = services.trending(petition.pk, threshold=50)
        self.assertEqual({(t.kind, t.count) for t in trends}, {("ip", 60), ("domain", 60)})
        with (
            self.settings(ADMINS=[("Ops", "ops@example.org")]),
            self.assertLogs("safeguard.campaigns", "WARNING"),
        ):
            services.trending_alert(threshold=50, notify_above=55)
        self.assertEqual(mail.outbox[0].to, ["ops@example.org"])
