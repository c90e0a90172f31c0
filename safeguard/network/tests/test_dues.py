from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from safeguard.network import services
from safeguard.network.models import Dues, MemberDocument, MemberRecord, Obligation, Status
from safeguard.network.standing import in_good_standing
from safeguard.testing import PersonaTestCase, make_member, make_organisation

from .factories import make_dues, make_obligation, make_record


class DuesTests(PersonaTestCase):
    def setUp(self) -> None:
        self.record = make_record(self.member_org, annual_budget_eur=50_000)

    def test_the_band_follows_the_category_rule(self) -> None:
        self.assertEqual(services.band_for(self.record).code, "budget-a")
        self.record.annual_budget_eur = 5_000_000
        self.assertEqual(services.band_for(self.record).code, "budget-c")
        affiliate = make_record(make_organisation(country="FR"), category="affiliate")
        self.assertEqual(services.band_for(affiliate).code, "income-high")

    def test_mid_year_admission_is_pro_rated(self) -> None:
        self.assertEqual(
            services.prorate(Decimal("1200"), admitted_on=date(2026, 10, 15), year=2026),
            (Decimal("300.00"), True),
        )
        self.assertEqual(
            services.prorate(Decimal("1200"), admitted_on=date(2025, 10, 15), year=2026),
            (Decimal("1200"), False),
        )
        self.record.member_since = date(2026, 7, 1)
        dues = services.dues_assess(record=self.record, year=2026)
        self.assertEqual((dues.amount, dues.prorated, dues.currency), (Decimal("125.00"), True, "EUR"))
        self.assertEqual(services.dues_assess(record=self.record, year=2026), dues, "idempotent")

    def test_a_waiver_needs_the_approval_of_a_secretariat_admin(self) -> None:
        dues = make_dues(self.record, year=2025, due_on=date(2025, 3, 31))
        self.login(self.member_admin)
        self.client.post(f"/network/dues/{dues.pk}/waiver/", {"note": "Funding cut"})
        dues.refresh_from_db()
        self.assertEqual(dues.state, "waiver_requested")
        self.assertFalse(in_good_standing(self.record, on=date(2026, 1, 1)))
        staff_editor = make_member(self.secretariat, "editor", totp=True)
        with self.assertRaises(PermissionDenied):
            services.dues_waiver_decide(dues=dues, approve=True, actor=staff_editor)
        self.login(self.secretariat_admin)
        self.client.post(f"/network/dues/{dues.pk}/waiver/decide/", {"approve": "1"})
        dues.refresh_from_db()
        self.assertEqual((dues.state, dues.waiver_approved_by), ("waived", self.secretariat_admin))
        self.assertTrue(in_good_standing(self.record, on=date(2026, 1, 1)))

    def test_members_cannot_mark_their_dues_paid(self) -> None:
        dues = make_dues(self.record, year=2025, due_on=date(2025, 3, 31))
        for persona, status in ((self.member_admin, 404), (self.outsider, 404)):
            self.login(persona)
            self.assertEqual(self.client.post(f"/network/dues/{dues.pk}/paid/").status_code, status)
        self.login(self.secretariat_admin)
        self.client.post(f"/network/dues/{dues.pk}/paid/")
        self.assertEqual(Dues.objects.get(pk=dues.pk).state, "paid")


class DailyJobTests(PersonaTestCase):
    def test_reminders_escalation_and_arrears(self) -> None:
        record = make_record(self.member_org, status=Status.FULL)
        on = date(2026, 6, 1)
        soon = make_obligation(record, due_on=on + timedelta(days=10))
        late = make_obligation(record, due_on=on - timedelta(days=3), kind="audited_accounts")
        make_obligation(record, due_on=on + timedelta(days=60), kind="statutes")
        dues = make_dues(record, year=2026, due_on=date(2026, 3, 31))

        result = services.network_daily(on=on)
        self.assertEqual((result.reminded, result.escalated, result.to_arrears), (1, 1, 1))
        self.assertIsNotNone(Obligation.objects.get(pk=soon.pk).reminded_at)
        self.assertIsNotNone(Obligation.objects.get(pk=late.pk).escalated_at)
        recipients = [m.to[0] for m in mail.outbox]
        self.assertIn("admin@example.org", recipients)
        self.assertIn("secretariat@example.org", recipients, "escalation reaches the Secretariat")
        record.refresh_from_db()
        self.assertEqual(record.status, Status.ARREARS)
        self.assertIsNone(record.status_changes.first().changed_by)

        again = services.network_daily(on=on)
        self.assertEqual((again.reminded, again.escalated, again.to_arrears), (0, 0, 0), "each once")

        services.dues_mark_paid(dues=dues, paid_on=on, actor=self.secretariat_admin)
        out = StringIO()
        call_command("network_daily", "--on", "2026-06-02", stdout=out)
        self.assertIn("back to full 1", out.getvalue())
        self.assertEqual(MemberRecord.objects.get(pk=record.pk).status, Status.FULL)

    def test_an_override_holds_the_status(self) -> None:
        record = make_record(self.member_org, status=Status.FULL)
        make_dues(record, year=2026, due_on=date(2026, 3, 31))
        services.standing_override_add(
            record=record,
            good_standing=True,
            reason="plan",
            actor=self.secretariat_admin,
            starts_on=date(2026, 1, 1),
        )
        self.assertEqual(services.network_daily(on=date(2026, 6, 1)).to_arrears, 0)

    def test_documents_expiring_soon_are_reminded_once(self) -> None:
        make_record(self.member_org)
        MemberDocument.objects.create(
            organisation=self.member_org,
            kind="safeguarding_policy",
            title="Policy 2024",
            sha256="x",
            valid_from=date(2024, 6, 1),
            valid_until=date(2026, 6, 20),
        )
        self.assertEqual(services.network_daily(on=date(2026, 6, 1)).documents_expiring, 1)
        self.assertIn("Policy 2024", mail.outbox[-1].subject)
        self.assertEqual(mail.outbox[-1].to, ["admin@example.org"])
        self.assertEqual(services.network_daily(on=date(2026, 6, 2)).documents_expiring, 0)
