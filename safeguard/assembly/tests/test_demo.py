from django.test import TestCase

from safeguard.accounts.demo import _load_network
from safeguard.accounts.models import User
from safeguard.assembly import demo, services
from safeguard.assembly.models import Assembly, Ballot, Delegate, Motion, Poll, Proxy
from safeguard.network import demo as network_demo


class DemoTests(TestCase):
    def test_the_demo_assembly_can_be_walked_through_and_a_second_run_changes_nothing(self) -> None:
        _load_network()
        network_demo.load()
        demo.load()
        assembly = Assembly.objects.get(number=12)
        self.assertTrue(services.roll_verify(assembly))
        self.assertTrue(services.quorum_status(assembly).met)
        self.assertEqual(
            set(Delegate.objects.values_list("state", flat=True)), {"pending", "approved", "rejected"}
        )
        self.assertTrue(Proxy.objects.filter(revoked_at__isnull=False).exists())
        self.assertTrue(Proxy.objects.filter(revoked_at__isnull=True).exists())
        amendment_poll = Poll.objects.get(kind="amendment")
        self.assertEqual((amendment_poll.state, amendment_poll.majority), ("certified", "two_thirds"))
        self.assertTrue(amendment_poll.result["passed"])
        self.assertEqual(Motion.objects.get(number=1).state, "adopted")
        elections = Poll.objects.filter(kind="election")
        self.assertEqual(elections.count(), 6)
        self.assertEqual(set(elections.values_list("state", flat=True)), {"certified"})
        self.assertEqual(sum(len(p.result["elected"]) for p in elections), 11, [p.result for p in elections])
        for poll in Poll.objects.all():
            self.assertTrue(services.log_verify(poll).ok, poll)
        # The demo organisation's voting delegate can still cast the open vote on motion 2.
        viewer = User.objects.get(email="viewer@demo.example.org")
        open_poll = Poll.objects.get(state="open")
        self.assertEqual(len(services.voices_for(viewer, open_poll)), 1)
        self.assertEqual(Assembly.objects.get(number=13).roll_hash, "")  # left to take in the browser
        counts = [M.objects.count() for M in (Assembly, Ballot, Delegate, Proxy, Poll)]
        demo.load()
        self.assertEqual(counts, [M.objects.count() for M in (Assembly, Ballot, Delegate, Proxy, Poll)])
