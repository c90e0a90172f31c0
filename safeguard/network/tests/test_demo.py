from django.test import TestCase
from django.utils import timezone

from safeguard.accounts.demo import _load_network
from safeguard.network import demo
from safeguard.network.models import Application, Dues, MemberRecord, Obligation, Status, SupportRequest
from safeguard.network.standing import in_good_standing


class DemoTests(TestCase):
    def test_the_demo_covers_every_status_and_a_second_run_changes_nothing(self) -> None:
        _load_network()
        demo.load()
        statuses = set(MemberRecord.objects.values_list("status", flat=True))
        self.assertEqual(statuses, set(Status.values))
        self.assertEqual(MemberRecord.objects.count(), 81)
        today = timezone.localdate()
        self.assertTrue(Dues.objects.filter(state="due", grace_ends_on__lt=today).exists(), "arrears")
        self.assertTrue(
            Obligation.objects.filter(met_on__isnull=True, grace_ends_on__lt=today).exists(), "overdue"
        )
        self.assertTrue(SupportRequest.objects.open().exists())
        self.assertEqual(
            set(Application.objects.values_list("step", flat=True)),
            {"submitted", "due_diligence", "consultation", "recommendation", "rejected"},
        )
        first = MemberRecord.objects.order_by("organisation_id").first()
        self.assertTrue(in_good_standing(first), "the personas' organisation is in good standing")
        counts = [M.objects.count() for M in (MemberRecord, Dues, Obligation, SupportRequest, Application)]
        demo.load()
        self.assertEqual(
            counts, [M.objects.count() for M in (MemberRecord, Dues, Obligation, SupportRequest, Application)]
        )
