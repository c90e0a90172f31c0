from datetime import date, timedelta

from safeguard.network import services
from safeguard.network.models import MemberRecord, Status
from safeguard.network.standing import in_good_standing
from safeguard.testing import PersonaTestCase, make_organisation

from .factories import make_dues, make_obligation, make_record

DAY = date(2026, 6, 1)


class StandingTests(PersonaTestCase):
    def setUp(self) -> None:
        self.record = make_record(self.member_org, status=Status.FULL)

    def test_a_full_member_without_debts_is_in_good_standing(self) -> None:
        self.assertTrue(in_good_standing(self.record, on=DAY))
        self.assertTrue(in_good_standing(self.member_org, on=DAY))

    def test_an_organisation_without_a_record_never_is(self) -> None:
        self.assertFalse(in_good_standing(self.other_org, on=DAY))

    def test_unpaid_dues_count_only_after_the_grace_period(self) -> None:
        make_dues(self.record, year=2026, due_on=date(2026, 3, 31), grace_days=90)
        self.assertTrue(in_good_standing(self.record, on=date(2026, 6, 29)))  # grace ends 29 June
        self.assertFalse(in_good_standing(self.record, on=date(2026, 6, 30)))

    def test_paid_or_waived_dues_do_not_count(self) -> None:
        make_dues(self.record, year=2025, due_on=date(2025, 3, 31), state="paid", paid_on=date(2025, 3, 1))
        make_dues(
            self.record,
            year=2024,
            due_on=date(2024, 3, 31),
            state="waived",
            waiver_approved_by=self.secretariat_admin,
        )
        self.assertTrue(in_good_standing(self.record, on=DAY))

    def test_a_requested_waiver_does_not_protect_standing(self) -> None:
        make_dues(self.record, year=2025, due_on=date(2025, 3, 31), state="waiver_requested")
        self.assertFalse(in_good_standing(self.record, on=DAY))

    def test_an_obligation_unmet_after_its_grace_period_counts(self) -> None:
        obligation = make_obligation(self.record, due_on=date(2026, 1, 31), grace_days=90)
        self.assertFalse(in_good_standing(self.record, on=DAY))
        obligation.met_on = date(2026, 5, 1)
        obligation.save()
        self.assertTrue(in_good_standing(self.record, on=DAY))

    def test_status_decides_first(self) -> None:
        expected = {
            Status.PROVISIONAL: True,
            Status.FULL: True,
            Status.ARREARS: True,  # the grace period: dues decide
            Status.SUSPENDED: False,
            Status.WITHDRAWN: False,
            Status.EXPELLED: False,
            Status.APPLICANT: False,
        }
        for status, good in expected.items():
            org = make_organisation()
            record = make_record(org, status=status)
            with self.subTest(status=status):
                self.assertEqual(in_good_standing(record, on=DAY), good)

    def test_the_status_on_a_past_day_comes_from_the_history(self) -> None:
        services.member_status_change(
            record=self.record,
            to_status=Status.SUSPENDED,
            reason="x",
            actor=None,
            effective_on=date(2026, 2, 1),
        )
        services.member_status_change(
            record=MemberRecord.objects.get(pk=self.record.pk),
            to_status=Status.FULL,
            reason="y",
            actor=None,
            effective_on=date(2026, 4, 1),
        )
        self.assertTrue(in_good_standing(self.record, on=date(2026, 1, 15)))
        self.assertFalse(in_good_standing(self.record, on=date(2026, 3, 1)))
        self.assertTrue(in_good_standing(self.record, on=DAY))
        self.assertFalse(in_good_standing(self.record, on=date(2019, 12, 31)), "not yet a member")

    def test_an_active_override_decides_whatever_the_rules_say(self) -> None:
        make_dues(self.record, year=2025, due_on=date(2025, 3, 31))
        self.assertFalse(in_good_standing(self.record, on=DAY))
        services.standing_override_add(
            record=self.record,
            good_standing=True,
            reason="hardship",
            actor=self.secretariat_admin,
            starts_on=date(2026, 5, 1),
            expires_on=date(2026, 7, 1),
        )
        self.assertTrue(in_good_standing(self.record, on=DAY))
        self.assertFalse(in_good_standing(self.record, on=date(2026, 7, 2)), "expired")
        self.assertFalse(in_good_standing(self.record, on=date(2026, 4, 30)), "not started")

    def test_the_latest_override_wins(self) -> None:
        for good, start in ((True, date(2026, 1, 1)), (False, date(2026, 3, 1))):
            services.standing_override_add(
                record=self.record,
                good_standing=good,
                reason="r",
                actor=self.secretariat_admin,
                starts_on=start,
            )
        self.assertFalse(in_good_standing(self.record, on=DAY))

    def test_the_queryset_and_the_function_agree(self) -> None:
        late = make_record(make_organisation(), status=Status.FULL)
        make_dues(late, year=2025, due_on=date(2025, 3, 31))
        suspended = make_record(make_organisation(), status=Status.SUSPENDED)
        held = make_record(make_organisation(), status=Status.SUSPENDED)
        services.standing_override_add(
            record=held,
            good_standing=True,
            reason="r",
            actor=self.secretariat_admin,
            starts_on=DAY - timedelta(days=1),
        )
        good = set(MemberRecord.objects.in_good_standing(DAY).values_list("pk", flat=True))
        self.assertEqual(good, {self.record.pk, held.pk})
        for record in (self.record, late, suspended, held):
            self.assertEqual(in_good_standing(record, on=DAY), record.pk in good)

    def test_the_roll_takes_one_query_whatever_its_size(self) -> None:
        for _ in range(5):
            make_dues(make_record(make_organisation()), year=2025, due_on=date(2025, 3, 31))
        with self.assertNumQueries(1):
            self.assertEqual(len(list(MemberRecord.objects.in_good_standing(DAY))), 1)
