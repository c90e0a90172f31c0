from datetime import date, timedelta

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from safeguard.testing import PersonaTestCase

from .. import services
from ..models import Handover, Invalidation
from .helpers import last_token, make_action_page, make_chapter, make_petition, no_rate_limits, sign_data


def every_text_in_the_database() -> str:
    """All text of every table, to look for a trace of a person."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                chunks.append(" ".join(str(value) for value in row if value is not None))
    return "\n".join(chunks).lower()


class AnonymisationTests(PersonaTestCase):
    def test_it_removes_every_trace_of_a_signer_and_the_counts_stay(self) -> None:
        no_rate_limits()
        petition = make_petition()
        page = make_action_page(petition, self.member_org)
        self.client.post(
            f"/campaigns/a/{page.slug}/sign/",
            sign_data(
                "Zenobia.Quartz+p@gmail.com",
                name="Zenobia Quartzfield",
                consent_news="on",
                consent_share="on",
            ),
        )
        services.signatures_process()
        self.client.post(f"/campaigns/confirm/{last_token('Zenobia.Quartz+p@gmail.com')}/")
        services.counts_fold()
        from .. import identity

        traces = ["zenobia", "quartz", identity.email_hmac("zenobiaquartz@gmail.com")]
        text = every_text_in_the_database()
        self.assertTrue(all(trace.lower() in text for trace in traces[:2]))
        self.assertEqual(services.petition_counts(petition.pk)["total"], 1)

        chapter = make_chapter(petition.campaign, "KE")
        Handover.objects.create(
            chapter=chapter,
            target=chapter.targets.get(),
            handed_over_on=date.today() - timedelta(days=200),
            official="Minister",
            signatures=1,
        )
        Invalidation.objects.create(
            petition=petition,
            conditions={"name_contains": "Quartzfield"},
            reason="check",
            created_by=self.secretariat_admin,
        )
        call_command("campaigns_anonymise", stdout=open("/dev/null", "w"))  # noqa: SIM115
        text = every_text_in_the_database()
        for trace in traces:
            self.assertNotIn(trace.lower(), text)
        services.counts_fold()
        self.assertEqual(services.petition_counts(petition.pk)["total"], 1)
        self.assertEqual(services.counts_recount().drift, [])
        petition.campaign.refresh_from_db()
        self.assertIsNotNone(petition.campaign.anonymised_at)

    def test_retention_is_counted_from_the_last_handover(self) -> None:
        petition = make_petition()
        chapter = make_chapter(petition.campaign, "KE")
        self.assertIsNone(services.campaign_retention_due(petition.campaign))
        Handover.objects.create(
            chapter=chapter,
            target=chapter.targets.get(),
            handed_over_on=date(2026, 1, 1),
            official="M",
            signatures=0,
        )
        self.assertEqual(services.campaign_retention_due(petition.campaign), date(2026, 7, 3))
        self.assertEqual(services.anonymise_due(today=date(2026, 7, 2)), [])
        self.assertEqual(len(services.anonymise_due(today=date(2026, 7, 3))), 1)
        self.assertLess(timezone.now().year, 3000)

    def test_member_organisations_see_emails_only_with_consent(self) -> None:
        no_rate_limits()
        petition = make_petition()
        page = make_action_page(petition, self.member_org)
        for email, share in (("shared@example.org", "on"), ("private@example.org", "")):
            self.client.post(f"/campaigns/a/{page.slug}/sign/", sign_data(email, consent_share=share))
        services.signatures_process()
        for email in ("shared@example.org", "private@example.org"):
            self.client.post(f"/campaigns/confirm/{last_token(email)}/")
        self.client.force_login(self.member_viewer)
        response = self.client.get(f"/campaigns/a/{page.slug}/signers/")
        self.assertContains(response, "shared@example.org")
        self.assertNotContains(response, "private@example.org")
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(f"/campaigns/a/{page.slug}/signers/").status_code, 404)
