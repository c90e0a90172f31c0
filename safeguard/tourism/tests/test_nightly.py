"""The nightly run: reminders at 90/60/30/7 days, overdue notices, grace, missed, suspension."""

from __future__ import annotations

import datetime
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from safeguard.testing import make_member
from safeguard.tourism import services
from safeguard.tourism.models import ReportStatus, State, Transition

from .factories import make_report, make_representative, make_signatory

DEADLINE = datetime.date(2027, 6, 30)


class NightlyTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.signatory = make_signatory(country="KE")
        make_member(cls.signatory.organisation, "editor", email="staff@company.example.org")
        cls.report = make_report(cls.signatory, deadline=DEADLINE)
        cls.certificate = services.certificate_issue(signatory=cls.signatory, valid_until=DEADLINE)

    def run_on(self, days_before: int) -> services.NightlyResult:
        return services.nightly_run(today=DEADLINE - datetime.timedelta(days=days_before))

    def test_it_reminds_at_90_60_30_and_7_days_once_each(self) -> None:
        sent = []
        for days_before in range(120, -1, -1):
            result = self.run_on(days_before)
            sent += [d for d, n in result.reminders.items() if n]
        self.assertEqual(sent, [90, 60, 30, 7])
        self.assertEqual(len(mail.outbox), 4)
        self.assertEqual(mail.outbox[0].to, ["staff@company.example.org"])

    def test_a_late_start_sends_only_the_nearest_reminder(self) -> None:
        self.assertEqual(self.run_on(20).reminders, {90: 0, 60: 0, 30: 1, 7: 0})
        self.assertEqual(self.run_on(20).reminders, {90: 0, 60: 0, 30: 0, 7: 0})

    def test_overdue_notifies_company_and_representative_once(self) -> None:
        rep_org = make_member(
            make_representative(
                __import__("safeguard.testing", fromlist=["make_organisation"]).make_organisation(
                    country="KE"
                ),
                "KE",
            ).organisation,
            "viewer",
            email="lcr@example.org",
        )
        self.assertTrue(rep_org)
        self.assertEqual(self.run_on(-1).overdue_notices, 1)
        self.assertEqual(self.run_on(-2).overdue_notices, 0)
        self.assertIn("lcr@example.org", mail.outbox[-1].to)
        self.signatory.refresh_from_db()
        self.assertEqual(self.signatory.state, State.ACTIVE)  # still in the grace period

    def test_after_the_grace_period_the_report_is_missed_and_the_member_suspended(self) -> None:
        result = self.run_on(-31)
        self.assertEqual((result.missed, result.suspended), (1, 1))
        self.report.refresh_from_db()
        self.signatory.refresh_from_db()
        self.assertEqual(self.report.status, ReportStatus.MISSED)
        self.assertEqual((self.signatory.state, self.signatory.missed_reports), (State.SUSPENDED, 1))
        self.assertTrue(Transition.objects.filter(signatory=self.signatory, to_state="suspended").exists())
        self.certificate.refresh_from_db()
        self.assertIsNotNone(self.certificate.revoked_on)
        self.assertEqual(services.certificate_status(self.certificate), "revoked")
        # A second run the same day changes nothing.
        self.assertEqual(self.run_on(-31).suspended, 0)

    def test_the_number_of_missed_reports_before_suspension_is_configurable(self) -> None:
        rules = {**services.reference.rules(), "missed_reports_before_suspension": 2}
        with mock.patch.object(services.reference, "rules", return_value=rules):
            result = self.run_on(-31)
        self.assertEqual((result.missed, result.suspended), (1, 0))
        self.signatory.refresh_from_db()
        self.assertEqual(self.signatory.state, State.ACTIVE)
        # The next period's report opened, so the clock keeps running.
        self.assertTrue(self.signatory.reports.filter(year=DEADLINE.year + 1).exists())

    def test_submitted_reports_are_neither_reminded_nor_suspended(self) -> None:
        self.report.status = ReportStatus.SUBMITTED
        self.report.save()
        self.assertEqual(self.run_on(7).reminders[7], 0)
        self.assertEqual(self.run_on(-40).suspended, 0)

    def test_the_command_prints_its_counts(self) -> None:
        from io import StringIO

        out = StringIO()
        call_command(
            "code_nightly", "--date", (DEADLINE - datetime.timedelta(days=7)).isoformat(), stdout=out
        )
        self.assertIn("7 d: 1", out.getvalue())
