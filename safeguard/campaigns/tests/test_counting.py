import unittest
from unittest import mock

from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import TestCase

from safeguard.countries.models import Country
from safeguard.testing import PersonaTestCase

from .. import services
from ..models import CountDelta, CounterShard, Milestone, Signature
from .helpers import make_chapter, make_petition, make_signatures


def confirmed(petition, n: int, *, iso2: str = "KE", start: int = 0, **extra) -> list[Signature]:
    country = Country.objects.get(iso2=iso2)
    rows = []
    for i in range(start, start + n):
        signature = Signature.objects.create(
            petition=petition,
            country=country,
            name=f"Signer {i}",
            email=f"s{i}-{iso2}@example.org",
            email_hmac=f"{iso2}{i:062d}",
            consent_count=True,
            processed=True,
            **extra,
        )
        services._delta_for(signature, +1).save()
        signature.status = "confirmed"
        signature.save()
        rows.append(signature)
    return rows


class CountingTests(TestCase):
    def setUp(self) -> None:
        self.petition = make_petition()

    def total(self) -> int:
        return services.petition_counts(self.petition.pk)["total"]

    def test_folding_moves_deltas_into_shards_per_country_channel_and_language(self) -> None:
        confirmed(self.petition, 3, iso2="KE")
        confirmed(self.petition, 2, iso2="PE")
        self.assertEqual(services.counts_fold(), 5)
        self.assertEqual(CountDelta.objects.count(), 0)
        counts = services.petition_counts(self.petition.pk)
        self.assertEqual((counts["online"], counts["paper"], counts["total"]), (5, 0, 5))
        self.assertEqual([(c["country"], c["total"]) for c in counts["countries"]], [("KE", 3), ("PE", 2)])

    def test_public_counts_are_cached_and_at_most_a_fold_behind(self) -> None:
        confirmed(self.petition, 2)
        services.counts_fold()
        self.assertEqual(self.total(), 2)
        confirmed(self.petition, 1, start=10)
        self.assertEqual(self.total(), 2)  # cached, and not folded yet
        services.counts_fold()  # the fold clears the petition's cache entry
        self.assertEqual(self.total(), 3)
        with self.assertNumQueries(0):
            self.total()

    def test_a_killed_fold_changes_nothing_and_the_next_run_leaves_no_drift(self) -> None:
        confirmed(self.petition, 4)
        killed = mock.patch.object(CounterShard.objects, "get_or_create", side_effect=SystemExit("killed"))
        with killed, self.assertRaises(SystemExit):
            services.counts_fold()
        self.assertEqual(CountDelta.objects.count(), 4)  # the deletion was rolled back with the rest
        self.assertEqual(CounterShard.objects.count(), 0)
        services.counts_fold()
        self.assertEqual(self.total(), 4)
        self.assertEqual(services.counts_recount().drift, [])

    def test_the_recount_alerts_admins_and_repairs_drift(self) -> None:
        confirmed(self.petition, 3)
        services.counts_fold()
        CounterShard.objects.update(count=7)
        cache.clear()
        with (
            self.settings(ADMINS=[("Ops", "ops@example.org")]),
            self.assertLogs("safeguard.campaigns", "ERROR"),
        ):
            result = services.counts_recount()
        self.assertEqual(len(result.drift), 1)
        self.assertEqual((result.drift[0].counted, result.drift[0].actual), (7, 3))
        self.assertEqual(mail.outbox[0].to, ["ops@example.org"])
        self.assertEqual(self.total(), 3)
        self.assertEqual(services.counts_recount().drift, [])

    def test_unfolded_deltas_are_not_drift(self) -> None:
        confirmed(self.petition, 2)
        self.assertEqual(services.counts_recount().drift, [])

    def test_quarantined_invalidated_pending_and_removed_never_count(self) -> None:
        country = Country.objects.get(iso2="KE")
        for n, status in enumerate(["pending", "quarantined", "invalidated", "removed"]):
            Signature.objects.create(
                petition=self.petition, country=country, status=status, email_hmac=f"x{n}", consent_count=True
            )
        confirmed(self.petition, 1)
        services.counts_fold()
        self.assertEqual(self.total(), 1)
        services.counts_recount()
        self.assertEqual(self.total(), 1)

    def test_the_fold_command_runs_once_and_in_a_loop(self) -> None:
        confirmed(self.petition, 2)
        call_command("campaigns_fold_counts", stdout=mock.Mock())
        self.assertEqual(self.total(), 2)
        confirmed(self.petition, 1, start=5)
        with mock.patch("safeguard.campaigns.services.time.sleep"):
            call_command("campaigns_fold_counts", "--loop", "--stop-after", "0.01", stdout=mock.Mock())
        self.assertEqual(self.total(), 3)


class MilestoneTests(PersonaTestCase):
    def test_a_milestone_mails_organisers_and_the_signers_who_asked_once(self) -> None:
        petition = make_petition()
        petition.campaign.owner = self.secretariat
        petition.campaign.save()
        chapter = make_chapter(petition.campaign, "PE")
        Milestone.objects.create(petition=petition, threshold=3)
        Milestone.objects.create(petition=petition, chapter=chapter, threshold=1)
        Milestone.objects.create(petition=petition, threshold=100)
        confirmed(petition, 2, consent_news=True)
        confirmed(petition, 1, iso2="PE", consent_news=False)
        with self.captureOnCommitCallbacks(execute=True):
            services.counts_fold()
        reached = set(Milestone.objects.filter(reached_at__isnull=False).values_list("threshold", flat=True))
        self.assertEqual(reached, {3, 1})
        recipients = sorted(m.to[0] for m in mail.outbox)
        # organisers twice (two milestones), the two signers who asked once (the country one is PE's)
        self.assertEqual(recipients.count("secretariat@example.org"), 2)
        self.assertIn("s0-KE@example.org", recipients)
        self.assertNotIn("s0-PE@example.org", recipients)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            services.counts_fold()
        self.assertEqual(mail.outbox, [])


class OutboxWorkerTests(TestCase):
    def test_one_run_drains_full_batches_and_stops_at_the_first_short_one(self) -> None:
        make_signatures(make_petition(), 5)
        real = services.signatures_process
        with (
            mock.patch.object(services, "OUTBOX_BATCH", 2),
            mock.patch.object(
                services, "signatures_process", side_effect=lambda: real(batch_size=2)
            ) as calls,
        ):
            call_command("campaigns_worker")
        # 2 + 2 + 1: the short third batch ends the run, without a fourth, empty query.
        self.assertEqual(calls.call_count, 3)
        self.assertFalse(Signature.objects.filter(processed=False).exists())
        self.assertEqual(len(mail.outbox), 5)

    @unittest.skipUnless(connection.vendor == "postgresql", "the query plan checked is PostgreSQL's")
    def test_the_outbox_query_reads_the_outbox_index_not_every_processed_row(self) -> None:
        petition = make_petition()
        make_signatures(petition, 3)
        make_signatures(petition, 3000, processed=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE campaigns_signature")
        plan = services.outbox_rows(services.OUTBOX_BATCH).explain()
        self.assertIn("sig_outbox", plan)
        self.assertEqual(len(services.outbox_rows(services.OUTBOX_BATCH)), 3)
