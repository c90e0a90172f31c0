"""The roll, proxies, quorum, secret ballots, the register and the hash-chained log."""

from __future__ import annotations

import threading
import unittest

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import TestCase, TransactionTestCase

from safeguard.assembly import services
from safeguard.assembly.models import Ballot, DelegationLog, Entitlement, LogEntry, Poll, VoterRegister
from safeguard.network.models import Status
from safeguard.network.tests.factories import make_record
from safeguard.testing import PersonaTestCase, make_member, make_organisation

from .factories import entitlement, make_assembly, make_voting_delegate


def raw_update(sql: str, params: list[str]) -> None:
    """Tamper as someone with direct database access would; on PostgreSQL the append-only
    trigger refuses it, so the tamperer (a superuser) switches triggers off first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


class RollTests(PersonaTestCase):
    def setUp(self) -> None:
        make_record(self.member_org)
        make_record(self.other_org, region="americas")
        self.affiliate = make_organisation(name="Affiliate")
        make_record(self.affiliate, category="affiliate")
        self.suspended = make_organisation(name="Suspended")
        make_record(self.suspended, status=Status.SUSPENDED)
        self.assembly = make_assembly()

    def test_the_roll_has_one_entitlement_per_voting_member_in_good_standing(self) -> None:
        self.assertEqual(services.roll_snapshot(assembly=self.assembly), 2)
        orgs = set(Entitlement.objects.values_list("organisation__slug", flat=True))
        self.assertEqual(orgs, {"kenya-member", "peru-member"})
        self.assertEqual(set(Entitlement.objects.values_list("weight", flat=True)), {1})
        self.assembly.refresh_from_db()
        self.assertEqual(len(self.assembly.roll_hash), 64)
        self.assertTrue(services.roll_verify(self.assembly))

    def test_later_membership_changes_do_not_alter_the_roll(self) -> None:
        services.roll_snapshot(assembly=self.assembly)
        self.assembly.refresh_from_db()
        record = self.other_org.member_record
        record.region = "europe"
        record.status = Status.SUSPENDED
        record.save()
        make_record(make_organisation(name="Late joiner"))
        self.assertEqual(Entitlement.objects.count(), 2)
        self.assertEqual(entitlement(self.assembly, self.other_org).region, "americas")
        self.assertTrue(services.roll_verify(self.assembly))
        with self.assertRaises(ValidationError):
            services.roll_snapshot(assembly=self.assembly)

    def test_the_roll_is_not_taken_before_its_record_date(self) -> None:
        from datetime import timedelta

        from django.utils import timezone

        self.assembly.record_date = timezone.localdate() + timedelta(days=1)
        self.assembly.save()
        with self.assertRaisesMessage(ValidationError, "record date"):
            services.roll_snapshot(assembly=self.assembly)
        self.assertFalse(Entitlement.objects.exists())

    def test_a_changed_entitlement_fails_verification(self) -> None:
        services.roll_snapshot(assembly=self.assembly)
        self.assembly.refresh_from_db()
        Entitlement.objects.filter(organisation=self.member_org).update(weight=3)
        self.assertFalse(services.roll_verify(self.assembly))


class VotingSetup(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_record(cls.member_org)
        make_record(cls.other_org, region="americas")
        cls.third_org = make_organisation(name="Ghana Member", slug="ghana-member", country="GH")
        make_record(cls.third_org)
        cls.fourth_org = make_organisation(name="Nepal Member", slug="nepal-member", country="NP")
        make_record(cls.fourth_org, region="south_asia")
        cls.assembly = make_assembly(proxy_cap=1)
        services.roll_snapshot(assembly=cls.assembly)
        cls.third_user = make_member(cls.third_org, "viewer")
        cls.fourth_user = make_member(cls.fourth_org, "viewer")

    def setUp(self) -> None:
        self.assembly.refresh_from_db()
        self.kenya = entitlement(self.assembly, self.member_org)
        self.peru = entitlement(self.assembly, self.other_org)
        self.ghana = entitlement(self.assembly, self.third_org)
        self.nepal = entitlement(self.assembly, self.fourth_org)

    def motion_poll(self, majority: str = "two_thirds") -> Poll:
        from safeguard.assembly.models import Motion

        motion = services.motion_submit(
            assembly=self.assembly, submitter=self.member_org, title="Motion", text="Text", language="en"
        )
        Motion.objects.filter(pk=motion.pk).update(state="debated")
        motion.refresh_from_db()
        poll = services.motion_poll_create(motion=motion, majority=majority, base="cast")
        return services.poll_open(poll=poll)


class ProxyAndQuorumTests(VotingSetup):
    def test_the_quorum_counts_present_and_proxied_votes(self) -> None:
        make_voting_delegate(self.assembly, self.member_org, self.member_viewer)
        quorum = services.quorum_status(self.assembly)
        self.assertEqual(
            (quorum.entitled, quorum.present, quorum.proxied, quorum.needed, quorum.met), (4, 1, 0, 2, False)
        )
        services.proxy_grant(
            assembly=self.assembly, principal=self.ghana, holder=self.kenya, actor=self.member_admin
        )
        quorum = services.quorum_status(self.assembly)
        self.assertEqual((quorum.present, quorum.proxied, quorum.met), (1, 1, True))

    def test_an_absent_delegate_does_not_count(self) -> None:
        make_voting_delegate(self.assembly, self.member_org, self.member_viewer, present=False)
        self.assertEqual(services.quorum_status(self.assembly).present, 0)

    def test_the_cap_per_holder_is_enforced_with_a_clear_message(self) -> None:
        services.proxy_grant(assembly=self.assembly, principal=self.ghana, holder=self.kenya, actor=None)
        with self.assertRaisesMessage(ValidationError, "already holds 1 proxies"):
            services.proxy_grant(assembly=self.assembly, principal=self.peru, holder=self.kenya, actor=None)

    def test_the_allowed_targets_are_enforced(self) -> None:
        self.assembly.proxy_targets = "same_region"
        self.assembly.save()
        with self.assertRaisesMessage(ValidationError, "same region"):
            services.proxy_grant(assembly=self.assembly, principal=self.nepal, holder=self.kenya, actor=None)
        services.proxy_grant(assembly=self.assembly, principal=self.ghana, holder=self.kenya, actor=None)

    def test_no_chains_and_no_self_proxy(self) -> None:
        services.proxy_grant(assembly=self.assembly, principal=self.ghana, holder=self.kenya, actor=None)
        with self.assertRaises(ValidationError):
            services.proxy_grant(assembly=self.assembly, principal=self.kenya, holder=self.peru, actor=None)
        with self.assertRaises(ValidationError):
            services.proxy_grant(assembly=self.assembly, principal=self.peru, holder=self.ghana, actor=None)
        with self.assertRaises(ValidationError):
            services.proxy_grant(assembly=self.assembly, principal=self.peru, holder=self.peru, actor=None)

    def test_every_grant_and_revocation_is_logged(self) -> None:
        proxy = services.proxy_grant(
            assembly=self.assembly, principal=self.ghana, holder=self.kenya, actor=self.member_admin
        )
        services.proxy_revoke(proxy=proxy, actor=self.secretariat_admin)
        log = list(DelegationLog.objects.values_list("action", "actor__email"))
        self.assertEqual(log, [("grant", "admin@example.org"), ("revoke", "secretariat@example.org")])

    def test_the_principal_cannot_vote_while_its_proxy_stands_and_the_holder_casts_both(self) -> None:
        make_voting_delegate(self.assembly, self.member_org, self.member_viewer)
        make_voting_delegate(self.assembly, self.third_org, self.third_user)
        proxy = services.proxy_grant(
            assembly=self.assembly, principal=self.ghana, holder=self.kenya, actor=None
        )
        poll = self.motion_poll()
        self.assertEqual(services.voices_for(self.third_user, poll), [])
        with self.assertRaises(ValidationError):
            services.ballot_cast(
                poll=poll, user=self.third_user, entitlement_ids=[self.ghana.pk], choices=["no"]
            )
        voices = services.voices_for(self.member_viewer, poll)
        self.assertEqual(
            [(v.entitlement, v.by_proxy) for v in voices], [(self.kenya, False), (self.ghana, True)]
        )
        trackers = services.ballot_cast(
            poll=poll,
            user=self.member_viewer,
            entitlement_ids=[self.kenya.pk, self.ghana.pk],
            choices=["yes"],
        )
        self.assertEqual(len(trackers), 2)
        self.assertEqual(Ballot.objects.filter(poll=poll).count(), 2)
        self.assertEqual(
            set(VoterRegister.objects.filter(poll=poll).values_list("entitlement_id", "by_proxy")),
            {(self.kenya.pk, False), (self.ghana.pk, True)},
        )
        services.proxy_revoke(proxy=proxy, actor=None)
        with self.assertRaisesMessage(ValidationError, "already revoked"):
            services.proxy_revoke(proxy=proxy, actor=None)


class BallotTests(VotingSetup):
    def setUp(self) -> None:
        super().setUp()
        make_voting_delegate(self.assembly, self.member_org, self.member_viewer)
        make_voting_delegate(self.assembly, self.third_org, self.third_user)
        make_voting_delegate(self.assembly, self.fourth_org, self.fourth_user)
        self.poll = self.motion_poll()

    def cast(self, user: object, ent: Entitlement, choice: str) -> str:
        return services.ballot_cast(poll=self.poll, user=user, entitlement_ids=[ent.pk], choices=[choice])[0]

    def test_a_second_vote_from_the_same_entitlement_is_refused(self) -> None:
        self.cast(self.member_viewer, self.kenya, "yes")
        with self.assertRaisesMessage(ValidationError, "already cast"):
            self.cast(self.member_viewer, self.kenya, "no")
        self.assertEqual(Ballot.objects.count(), 1)
        self.assertEqual(LogEntry.objects.count(), 1)

    def test_the_tracker_shows_on_the_bulletin_as_counted(self) -> None:
        tracker = self.cast(self.member_viewer, self.kenya, "yes")
        self.assertTrue(services.tracker_counted(self.poll, tracker))
        self.assertTrue(services.tracker_counted(self.poll, tracker.lower()))
        self.assertFalse(services.tracker_counted(self.poll, "0" * 20))
        self.assertEqual(services.organisations_that_voted(self.poll), ["Kenya Member"])

    def test_two_thirds_of_votes_cast_adopts_after_two_tellers(self) -> None:
        self.cast(self.member_viewer, self.kenya, "yes")
        self.cast(self.third_user, self.ghana, "yes")
        self.cast(self.fourth_user, self.nepal, "no")
        poll = services.poll_close(poll=self.poll)
        self.assertEqual((poll.result["yes"], poll.result["no"], poll.result["passed"]), (2, 1, True))
        self.assertEqual(poll.motion.state, "voted")
        services.poll_confirm(poll=poll, teller=self.secretariat_admin)
        with self.assertRaisesMessage(ValidationError, "second teller"):
            services.poll_confirm(poll=poll, teller=self.secretariat_admin)
        poll.refresh_from_db()
        self.assertEqual(poll.state, "closed")
        second = make_member(self.secretariat, "editor")
        poll = services.poll_confirm(poll=poll, teller=second)
        self.assertEqual(poll.state, "certified")
        poll.motion.refresh_from_db()
        self.assertEqual(poll.motion.state, "adopted")

    def test_the_log_chains_every_ballot_and_verifies(self) -> None:
        for user, ent in (
            (self.member_viewer, self.kenya),
            (self.third_user, self.ghana),
            (self.fourth_user, self.nepal),
        ):
            self.cast(user, ent, "yes")
        check = services.log_verify(self.poll)
        self.assertEqual((check.ok, check.entries), (True, 3))
        entries = list(LogEntry.objects.filter(poll=self.poll))
        self.assertEqual(entries[0].previous_hash, services.GENESIS)
        self.assertEqual(entries[1].previous_hash, entries[0].entry_hash)

    def test_the_log_refuses_update_and_delete(self) -> None:
        from safeguard.assembly.models import AppendOnly

        self.cast(self.member_viewer, self.kenya, "yes")
        entry = LogEntry.objects.get()
        entry.ballot_digest = "0" * 64
        with self.assertRaises(AppendOnly):
            entry.save()
        with self.assertRaises(AppendOnly):
            entry.delete()

    def test_a_tampered_entry_is_named_by_verification(self) -> None:
        for user, ent in (
            (self.member_viewer, self.kenya),
            (self.third_user, self.ghana),
            (self.fourth_user, self.nepal),
        ):
            self.cast(user, ent, "yes")
        raw_update(
            "UPDATE assembly_logentry SET ballot_digest = %s WHERE poll_id = %s AND position = 2",
            ["f" * 64, self.poll.pk.hex if connection.vendor == "sqlite" else str(self.poll.pk)],
        )
        check = services.log_verify(self.poll)
        self.assertEqual((check.ok, check.broken_at, check.reason), (False, 2, "hash"))
        services.poll_close(poll=self.poll)
        with self.assertRaisesMessage(ValidationError, "does not verify"):
            services.poll_confirm(poll=self.poll, teller=self.secretariat_admin)

    @unittest.skipUnless(connection.vendor == "postgresql", "the database trigger exists on PostgreSQL only")
    def test_postgresql_refuses_to_change_a_ballot_or_log_entry(self) -> None:
        from django.db import DatabaseError

        self.cast(self.member_viewer, self.kenya, "yes")
        for table in ("assembly_ballot", "assembly_logentry", "assembly_voterregister"):
            with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)

    def test_a_changed_ballot_is_detected(self) -> None:
        self.cast(self.member_viewer, self.kenya, "yes")
        raw_update("UPDATE assembly_ballot SET choices = %s", ['["no"]'])
        check = services.log_verify(self.poll)
        self.assertEqual((check.ok, check.broken_at, check.reason), (False, 1, "ballots"))

    def test_nothing_stored_links_a_ballot_to_its_voter(self) -> None:
        """Every column of the ballot and log tables, read raw: no voter, entitlement,
        organisation, user, time or sequence; and the keys are random, so ordering by them
        does not follow the register."""
        self.cast(self.member_viewer, self.kenya, "yes")
        self.cast(self.third_user, self.ghana, "no")
        self.cast(self.fourth_user, self.nepal, "abstain")
        with connection.cursor() as cursor:
            ballot_columns = [
                c.name for c in connection.introspection.get_table_description(cursor, "assembly_ballot")
            ]
            log_columns = [
                c.name for c in connection.introspection.get_table_description(cursor, "assembly_logentry")
            ]
            register_columns = [
                c.name
                for c in connection.introspection.get_table_description(cursor, "assembly_voterregister")
            ]
            cursor.execute("SELECT * FROM assembly_ballot")
            ballot_rows = cursor.fetchall()
            cursor.execute("SELECT * FROM assembly_logentry")
            log_rows = cursor.fetchall()
        self.assertEqual(sorted(ballot_columns), ["choices", "id", "poll_id", "tracker_digest", "weight"])
        self.assertEqual(
            sorted(log_columns), ["ballot_digest", "entry_hash", "id", "poll_id", "position", "previous_hash"]
        )
        self.assertEqual(
            sorted(register_columns), ["by_proxy", "entitlement_id", "id", "poll_id", "voted_on"]
        )
        # The values: nothing equals an identifier of a voter, their organisation or user.
        identifiers = set()
        for ent in (self.kenya, self.ghana, self.nepal):
            identifiers |= {
                str(ent.pk),
                str(ent.organisation_id),
                ent.organisation.slug,
                ent.organisation.name,
            }
        for user in (self.member_viewer, self.third_user, self.fourth_user):
            identifiers |= {str(user.pk), user.email}
        identifiers |= {str(r) for r in VoterRegister.objects.values_list("id", flat=True)}
        identifiers |= {r.hex for r in VoterRegister.objects.values_list("id", flat=True)}
        # The weight (1 for everyone) and the log position (the chain's order) are numbers that
        # can equal some primary key by chance; every other value is compared in full.
        rows = [dict(zip(ballot_columns, r, strict=True)) for r in ballot_rows]
        rows += [dict(zip(log_columns, r, strict=True)) for r in log_rows]
        for row in rows:
            for column, value in row.items():
                if column in ("weight", "position"):
                    continue
                text = str(value)
                leaked = [i for i in identifiers if i == text or (len(i) >= 8 and i in text)]
                self.assertEqual(leaked, [], f"{column} of {row}")
        # Ballot keys are random UUIDs (version 4), not a sequence.
        self.assertEqual({b.id.version for b in Ballot.objects.all()}, {4})
        self.assertEqual({r.id.version for r in VoterRegister.objects.all()}, {4})


class NominationTests(VotingSetup):
    def test_eligibility_needs_a_voting_member_in_good_standing_of_the_region(self) -> None:
        from .factories import make_position

        position = make_position(
            self.assembly, groups=[("Africa", ["africa"], 2), ("Americas", ["americas"], 1)]
        )
        africa, americas = position.seat_groups.all()
        services.candidate_nominate(seat_group=africa, organisation=self.member_org, name="A", statement="S")
        with self.assertRaisesMessage(ValidationError, "another region"):
            services.candidate_nominate(
                seat_group=africa, organisation=self.other_org, name="B", statement="S"
            )
        affiliate = make_organisation(name="Aff")
        make_record(affiliate, category="affiliate")
        with self.assertRaisesMessage(ValidationError, "voting member in good standing"):
            services.candidate_nominate(seat_group=americas, organisation=affiliate, name="C", statement="S")


@unittest.skipUnless(
    connection.vendor == "postgresql", "the concurrency test needs PostgreSQL (set DATABASE_URL)"
)
class ConcurrentVoteTests(TransactionTestCase):
    """Two devices submit the same entitlement's vote at once: exactly one ballot is stored."""

    # Reload the reference data (countries) that a previous transactional test flushed.
    serialized_rollback = True

    def test_two_concurrent_submissions_store_one_ballot(self) -> None:
        from safeguard.network.models import MembershipCategory  # noqa: F401 (seeded by migrations)

        org = make_organisation(name="Kenya", slug="kenya")
        make_record(org)
        user = make_member(org, "viewer")
        assembly = make_assembly()
        services.roll_snapshot(assembly=assembly)
        make_voting_delegate(assembly, org, user)
        ent = entitlement(assembly, org)
        from safeguard.assembly.models import Motion

        motion = services.motion_submit(assembly=assembly, submitter=org, title="M", text="T", language="en")
        Motion.objects.filter(pk=motion.pk).update(state="debated")
        motion.refresh_from_db()
        poll = services.poll_open(
            poll=services.motion_poll_create(motion=motion, majority="simple", base="cast")
        )
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def submit(choice: str) -> None:
            try:
                barrier.wait()
                services.ballot_cast(poll=poll, user=user, entitlement_ids=[ent.pk], choices=[choice])
                outcomes.append("stored")
            except ValidationError:
                outcomes.append("refused")
            finally:
                connection.close()

        threads = [threading.Thread(target=submit, args=(c,)) for c in ("yes", "no")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sorted(outcomes), ["refused", "stored"])
        self.assertEqual(Ballot.objects.filter(poll=poll).count(), 1)
        self.assertEqual(VoterRegister.objects.filter(poll=poll).count(), 1)
        self.assertEqual(LogEntry.objects.filter(poll=poll).count(), 1)


_ = (TestCase, transaction)


class ElectionTests(VotingSetup):
    """Reserved regional seats, "vote for up to N", and the stated tie rule."""

    def setUp(self) -> None:
        super().setUp()
        from .factories import make_position

        make_voting_delegate(self.assembly, self.member_org, self.member_viewer)
        make_voting_delegate(self.assembly, self.third_org, self.third_user)
        make_voting_delegate(self.assembly, self.fourth_org, self.fourth_user)
        self.position = make_position(
            self.assembly, groups=[("Africa", ["africa"], 1)], tie_rule="runoff", regional_electorate=True
        )
        self.group = self.position.seat_groups.get()
        for org, name in ((self.member_org, "Amina"), (self.third_org, "Kwame")):
            services.candidate_nominate(seat_group=self.group, organisation=org, name=name, statement="S")

    def open_poll(self) -> Poll:
        (poll,) = services.election_polls_create(position=self.position)
        return services.poll_open(poll=poll)

    def test_only_the_regions_members_vote_for_its_reserved_seats(self) -> None:
        poll = self.open_poll()
        self.assertEqual(services.voices_for(self.fourth_user, poll), [])  # Nepal is South Asia
        self.assertEqual(len(services.voices_for(self.member_viewer, poll)), 1)

    def test_more_marks_than_seats_are_refused(self) -> None:
        poll = self.open_poll()
        keys = list(poll.options.values_list("key", flat=True))
        with self.assertRaisesMessage(ValidationError, "Vote for up to 1"):
            services.ballot_cast(
                poll=poll, user=self.member_viewer, entitlement_ids=[self.kenya.pk], choices=keys
            )

    def test_a_tie_under_the_runoff_rule_opens_a_runoff_between_the_tied(self) -> None:
        poll = self.open_poll()
        first, second = poll.options.values_list("key", flat=True)
        services.ballot_cast(
            poll=poll, user=self.member_viewer, entitlement_ids=[self.kenya.pk], choices=[first]
        )
        services.ballot_cast(
            poll=poll, user=self.third_user, entitlement_ids=[self.ghana.pk], choices=[second]
        )
        poll = services.poll_close(poll=poll)
        self.assertTrue(poll.result["runoff"])
        self.assertEqual(poll.result["elected"], [])
        services.poll_confirm(poll=poll, teller=self.secretariat_admin)
        services.poll_confirm(poll=poll, teller=make_member(self.secretariat, "editor"))
        runoff = Poll.objects.get(runoff_of=poll)
        self.assertEqual(sorted(runoff.options.values_list("key", flat=True)), sorted([first, second]))
        self.assertEqual((runoff.state, runoff.max_choices), ("draft", 1))

    def test_a_tie_under_the_lot_rule_is_drawn_and_recorded(self) -> None:
        self.position.tie_rule = "lot"
        self.position.save()
        poll = self.open_poll()
        first, second = poll.options.values_list("key", flat=True)
        services.ballot_cast(
            poll=poll, user=self.member_viewer, entitlement_ids=[self.kenya.pk], choices=[first]
        )
        services.ballot_cast(
            poll=poll, user=self.third_user, entitlement_ids=[self.ghana.pk], choices=[second]
        )
        poll = services.poll_close(poll=poll)
        self.assertEqual(sorted(poll.result["lot"]), sorted([first, second]))
        self.assertEqual(poll.result["elected"], poll.result["lot"][:1])


class MotionWorkflowTests(VotingSetup):
    def test_the_transition_table_refuses_skipping_steps(self) -> None:
        motion = services.motion_submit(
            assembly=self.assembly, submitter=self.member_org, title="M", text="T", language="en"
        )
        with self.assertRaisesMessage(ValidationError, "cannot go from"):
            services.motion_transition(motion=motion, to="adopted")
        with self.assertRaisesMessage(ValidationError, "statutes ask for 2"):
            services.motion_transition(motion=motion, to="admissible")
        services.motion_support(motion=motion, organisation=self.other_org)
        services.motion_transition(motion=motion, to="admissible")
        with self.assertRaisesMessage(ValidationError, "after its debate"):
            services.poll_open(
                poll=services.motion_poll_create(motion=motion, majority="simple", base="cast")
            )

    def test_no_motion_after_the_deadline(self) -> None:
        from datetime import timedelta

        with self.assertRaisesMessage(ValidationError, "deadline"):
            services.motion_submit(
                assembly=self.assembly,
                submitter=self.member_org,
                title="M",
                text="T",
                language="en",
                now=self.assembly.motion_deadline + timedelta(seconds=1),
            )
