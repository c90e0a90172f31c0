"""The whole journey from the browser: apply, plan, approval, invoice, payment, signature,
directory, report, review, recognition; then a missed report, suspension and a failed verification."""

from __future__ import annotations

import datetime
import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguard.accounts.models import Membership, User
from safeguard.testing import PersonaTestCase
from safeguard.tourism import services
from safeguard.tourism.models import (
    Agreement,
    AnnualReport,
    Certificate,
    FeeBand,
    Invoice,
    PartnerDiscount,
    Recognition,
    ReportStatus,
    Signatory,
    State,
    Transition,
)

from .factories import make_representative

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def application(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Sunrise Safaris",
        "country": "",
        "city": "Nairobi",
        "website": "https://sunrise.example.org",
        "contact_name": "Amina Otieno",
        "contact_email": "amina@sunrise.example.org",
        "sector": "tour_operator",
        "fee_band": str(FeeBand.objects.get(code="C").pk),
        "discount": str(PartnerDiscount.objects.get(code="PATA").pk),
        "properties": "1",
        "listed": "on",
    }
    data.update(overrides)
    return data


class JourneyTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_representative(cls.member_org, "KE")
        from safeguard.countries.models import Country

        cls.kenya = Country.objects.get(iso2="KE")

    def step(self, user: User, slug: str, step: str) -> None:
        self.login(user)
        response = self.client.post(f"/code/s/{slug}/step/", {"step": step})
        self.assertEqual(response.status_code, 302)

    def test_a_company_goes_from_application_to_recognised_member(self) -> None:
        # 1. A public application, without signing in.
        response = self.client.post("/code/apply/", application(country=str(self.kenya.pk)))
        self.assertRedirects(response, "/code/apply/thanks/")
        signatory = Signatory.objects.get(name="Sunrise Safaris")
        self.assertEqual((signatory.state, signatory.owner), (State.APPLIED, "manager"))
        self.assertIsNone(signatory.organisation)

        # 2. The Code manager accepts: the company's account is created, the contact gets a link.
        with self.captureOnCommitCallbacks(execute=True):
            self.step(self.secretariat_admin, signatory.slug, "accept")
        signatory.refresh_from_db()
        self.assertEqual(signatory.state, State.PLANNING)
        contact = User.objects.get(email="amina@sunrise.example.org")
        self.assertFalse(contact.has_usable_password())
        self.assertTrue(Membership.objects.filter(user=contact, organisation=signatory.organisation).exists())
        self.assertEqual(len(mail.outbox), 1)
        link = re.search(r"/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
        self.client.logout()
        self.assertEqual(
            self.client.get(link).status_code, 302
        )  # allauth stores the key, then shows the form

        # 3. The plan: submitting an empty plan is refused with a clear message.
        self.login(contact)
        response = self.client.post(f"/code/s/{signatory.slug}/step/", {"step": "submit_plan"}, follow=True)
        self.assertContains(response, "Describe the planned actions")
        items = list(signatory.plan_items.all())
        self.assertEqual(len(items), 6)
        data = {f"actions-{i.pk}": "We will do it." for i in items}
        self.assertEqual(self.client.post(f"/code/s/{signatory.slug}/plan/", data).status_code, 302)
        self.step(contact, signatory.slug, "submit_plan")

        # 4. The company may not approve its own plan; the manager does.
        self.login(contact)
        self.client.post(f"/code/s/{signatory.slug}/step/", {"step": "approve_plan"})
        signatory.refresh_from_db()
        self.assertEqual(signatory.state, State.PLAN_SUBMITTED)
        self.step(self.secretariat_admin, signatory.slug, "approve_plan")
        self.step(self.secretariat_admin, signatory.slug, "invoice")
        invoice = Invoice.objects.get(signatory=signatory)
        self.assertEqual(str(invoice.amount_eur), "600.00")  # EUR 800 less 25 % (PATA)
        self.step(self.secretariat_admin, signatory.slug, "mark_paid")

        # 5. The company signs: the signing is recorded, it becomes an active member.
        self.login(contact)
        response = self.client.post(
            f"/code/s/{signatory.slug}/sign/",
            {
                "signer_name": "Amina Otieno",
                "signer_title": "CEO",
                "signed_on": "2026-11-01",
                "confirm": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        signatory.refresh_from_db()
        self.assertEqual(signatory.state, State.ACTIVE)
        agreement = Agreement.objects.get(signatory=signatory)
        self.assertEqual(agreement.signed_by, contact)
        self.assertEqual(agreement.text_sha256, services.agreement_sha256())
        self.assertEqual(len(agreement.ip_hash), 64)
        states = list(signatory.transitions.order_by("created_at", "id").values_list("to_state", flat=True))
        self.assertEqual(
            states,
            [
                "applied",
                "planning",
                "plan_submitted",
                "plan_approved",
                "invoiced",
                "paid",
                "signed",
                "active",
            ],
        )
        self.assertTrue(all(t.actor_id for t in signatory.transitions.exclude(to_state="applied")))

        # 6. Listed in the directory, with a valid certificate.
        self.client.logout()
        self.assertContains(self.client.get("/code/?q=sunrise"), "Sunrise Safaris")
        certificate = Certificate.objects.get(signatory=signatory)
        self.assertContains(self.client.get(f"/code/verify/{certificate.code}/"), "Valid.")

        # 7. The annual report: saved as you go, with a policy PDF, then submitted.
        report = AnnualReport.objects.get(signatory=signatory)
        self.login(contact)
        url = f"/code/s/{signatory.slug}/reports/{report.year}/"
        answers = {a.criterion.number: a for a in report.answers.select_related("criterion")}
        for number, answer in answers.items():
            payload = {"answer": answer.pk, f"a{answer.pk}-narrative": f"Done {number}"}
            if number == 1:
                payload[f"a{answer.pk}-document"] = SimpleUploadedFile(
                    "policy.pdf", PDF_BYTES, "application/pdf"
                )
            if number == 2:
                payload |= {
                    f"a{answer.pk}-employees_total": "40",
                    f"a{answer.pk}-employees_trained": "30",
                    f"a{answer.pk}-training_by_language": "en: 20, sw: 10",
                }
            self.assertEqual(self.client.post(url, payload).status_code, 302)
        answers[2].refresh_from_db()
        self.assertEqual(
            (answers[2].trained_percent, answers[2].training_by_language), (75, {"en": 20, "sw": 10})
        )
        answers[1].refresh_from_db()
        self.assertTrue(answers[1].policy_document)
        document = self.client.get(f"{url}answers/{answers[1].pk}/document/")
        self.assertEqual(document["X-Content-Type-Options"], "nosniff")
        self.assertIn("attachment", document["Content-Disposition"])
        self.client.post(f"{url}submit/")
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.SUBMITTED)

        # 8. The representative reviews, with a comment, then the Secretariat accepts.
        self.login(self.member_editor)
        self.client.post(
            f"{url}answers/{answers[3].pk}/comment/", {f"c{answers[3].pk}-body": "Which suppliers?"}
        )
        self.assertEqual(answers[3].comments.get().author, self.member_editor)
        scores = {f"score-{a.pk}": "3" for a in answers.values()}
        self.client.post(f"{url}review/", {"decision": "approve", **scores})
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.REPRESENTATIVE_REVIEWED)
        self.login(self.secretariat_admin)
        self.client.post(f"{url}review/", {"decision": "approve", **scores})
        report.refresh_from_db()
        signatory.refresh_from_db()
        self.assertEqual((report.status, report.total_score), (ReportStatus.ACCEPTED, 18))
        self.assertEqual(signatory.recognition, Recognition.TOP_MEMBER)
        self.assertEqual(signatory.reports.count(), 2)  # the next year's self-assessment is open

        # 9. The next report is missed: reminders, then suspension, and the certificate fails.
        following = signatory.reports.get(status=ReportStatus.DRAFT)
        mail.outbox.clear()
        services.nightly_run(today=following.deadline - datetime.timedelta(days=7))
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("7 days", mail.outbox[0].subject)
        services.nightly_run(today=following.deadline + datetime.timedelta(days=31))
        signatory.refresh_from_db()
        self.assertEqual(signatory.state, State.SUSPENDED)
        self.assertTrue(Transition.objects.filter(signatory=signatory, to_state=State.SUSPENDED).exists())
        self.client.logout()
        response = self.client.get(f"/code/verify/{certificate.code}/")
        self.assertContains(response, "revoked")
        self.assertNotContains(self.client.get("/code/?q=sunrise"), "Sunrise Safaris")

    def test_orphanage_tourism_is_refused_and_nothing_is_stored(self) -> None:
        data = application(country=str(self.kenya.pk), sector="voluntourism", orphanage_programmes="on")
        response = self.client.post("/code/apply/", data)
        self.assertContains(response, "does not accept organisations that include orphanages")
        self.assertFalse(Signatory.objects.exists())

    def test_a_voluntourism_company_gets_the_extra_criteria_in_its_plan(self) -> None:
        self.client.post("/code/apply/", application(country=str(self.kenya.pk), sector="voluntourism"))
        signatory = Signatory.objects.get()
        self.assertTrue(signatory.voluntourism)
        self.step(self.secretariat_admin, signatory.slug, "accept")
        self.assertEqual(signatory.plan_items.filter(criterion__module="voluntourism").count(), 3)

    def test_an_invalid_transition_is_refused_with_a_message(self) -> None:
        self.client.post("/code/apply/", application(country=str(self.kenya.pk)))
        signatory = Signatory.objects.get()
        self.login(self.secretariat_admin)
        response = self.client.post(f"/code/s/{signatory.slug}/step/", {"step": "invoice"}, follow=True)
        self.assertContains(response, "is not possible while the signatory is")
        signatory.refresh_from_db()
        self.assertEqual(signatory.state, State.APPLIED)
        self.assertEqual(signatory.transitions.count(), 1)

    def test_an_existing_account_is_linked_without_a_password_link(self) -> None:
        self.client.post(
            "/code/apply/", application(country=str(self.kenya.pk), contact_email="company@example.org")
        )
        signatory = Signatory.objects.get()
        with self.captureOnCommitCallbacks(execute=True):
            self.step(self.secretariat_admin, signatory.slug, "accept")
        self.assertTrue(
            Membership.objects.filter(user=self.company_contact, organisation__slug=signatory.slug).exists()
        )
        self.assertNotIn("/accounts/password/reset/key/", mail.outbox[0].body)

    def test_a_returned_report_goes_back_to_the_company(self) -> None:
        from .factories import fill_report, make_report, make_signatory

        signatory = make_signatory(country="KE")
        report = make_report(signatory)
        fill_report(report)
        services.report_submit(
            report=report, actor=self.secretariat_admin, cap=services.Capacity(company_write=True)
        )
        self.login(self.member_editor)
        self.client.post(f"/code/s/{signatory.slug}/reports/{report.year}/review/", {"decision": "return"})
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.RETURNED)
        self.assertTrue(report.is_editable)

    def test_an_appeal_is_lodged_and_upheld(self) -> None:
        from .factories import make_signatory

        signatory = make_signatory(organisation=self.company_org, state=State.SUSPENDED, country="TH")
        self.login(self.company_contact)
        self.client.post(f"/code/s/{signatory.slug}/appeal/", {"reason": "We sent it by post."})
        appeal = signatory.appeals.get()
        self.assertEqual((appeal.decide_by - appeal.lodged_on).days, 90)
        self.assertEqual((appeal.acknowledge_by - appeal.lodged_on).days, 5)
        self.login(self.secretariat_admin)
        self.client.post(
            f"/code/s/{signatory.slug}/appeals/{appeal.pk}/decide/",
            {"uphold": "1", "decision": "Received in time."},
        )
        signatory.refresh_from_db()
        self.assertEqual(signatory.state, State.ACTIVE)
        self.assertEqual(signatory.certificates.filter(revoked_on__isnull=True).count(), 1)

    def test_the_certificate_pdf_has_the_code(self) -> None:
        from .factories import make_report, make_signatory

        signatory = make_signatory(organisation=self.company_org, country="TH")
        report = make_report(signatory)
        certificate = services.certificate_issue(signatory=signatory, valid_until=report.deadline)
        self.login(self.company_contact)
        response = self.client.get(f"/code/s/{signatory.slug}/certificate/{certificate.year}.pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        from io import BytesIO

        from pypdf import PdfReader

        text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
        self.assertIn(certificate.code, text)
        services.certificates_revoke(signatory_ids=[signatory.pk], reason="test")
        self.assertEqual(
            self.client.get(f"/code/s/{signatory.slug}/certificate/{certificate.year}.pdf").status_code, 404
        )

    def test_certificate_status_expires(self) -> None:
        from .factories import make_signatory

        signatory = make_signatory(country="KE")
        certificate = services.certificate_issue(signatory=signatory, valid_until=timezone.localdate())
        later = certificate.valid_until + datetime.timedelta(days=1)
        self.assertEqual(services.certificate_status(certificate, later), "expired")
