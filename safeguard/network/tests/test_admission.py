from django.core import mail

from safeguard.accounts.models import Organisation
from safeguard.network.models import Application, MemberRecord, Status
from safeguard.network.standing import in_good_standing
from safeguard.testing import PersonaTestCase, make_member

from .factories import make_record, pdf, png


class AdmissionTests(PersonaTestCase):
    def setUp(self) -> None:
        make_record(self.other_org, status=Status.FULL)

    def apply(self, **overrides: object) -> object:
        data = {
            "name": "Nouvelle Association",
            "country": "SN",
            "city": "Dakar",
            "website": "https://example.org",
            "category": "1",
            "description": "Prevention in schools.",
            "contact_name": "Awa",
            "contact_email": "awa@example.org",
            "language": "fr",
            "statutes": pdf(),
            "safeguarding_policy": pdf(),
            "referees": [str(self.other_org.pk)],
        }
        from safeguard.countries.models import Country
        from safeguard.network.models import MembershipCategory

        data["country"] = str(Country.objects.get(iso2="SN").pk)
        data["category"] = str(MembershipCategory.objects.get(slug="national").pk)
        data.update(overrides)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post("/network/apply/", data)

    def step(self, action: str, application: Application, data: dict[str, str] | None = None) -> object:
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(f"/network/applications/{application.reference}/{action}/", data or {})

    def test_an_organisation_applies_is_reviewed_and_admitted(self) -> None:
        response = self.apply()
        self.assertRedirects(response, "/network/apply/thanks/")
        application = Application.objects.get()
        self.assertEqual(list(application.referees.all()), [self.other_org])
        self.assertFalse(Organisation.objects.filter(name="Nouvelle Association").exists())
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("Nous avons reçu votre candidature", mail.outbox[0].body)  # the applicant's language
        self.assertEqual(mail.outbox[0].to, ["awa@example.org"])

        self.login(self.secretariat_admin)
        self.step("advance", application)  # submitted -> due diligence
        self.step("advance", application)  # refused: checklist incomplete
        application.refresh_from_db()
        self.assertEqual(application.step, "due_diligence")
        self.step(
            "checklist",
            application,
            {f: "on" for f in ("dd_registration", "dd_statutes", "dd_policy", "dd_references")},
        )
        self.step("advance", application)
        self.step("advance", application)  # refused: no consultation summary
        application.refresh_from_db()
        self.assertEqual(application.step, "consultation")
        self.step("advance", application, {"note": "West Africa members support it."})
        self.step("recommend", application, {"recommendation": "admit", "note": "Board, 12 May"})
        self.step("decide", application, {"decision": "admit", "reasons": "Strong safeguarding practice."})

        application.refresh_from_db()
        self.assertEqual(application.step, "admitted")
        org = application.organisation
        self.assertEqual(org.kind, "member")
        record = MemberRecord.objects.get(organisation=org)
        self.assertEqual((record.status, record.region), (Status.PROVISIONAL, "africa"))
        self.assertEqual(
            list(record.status_changes.values_list("to_status", flat=True)), ["provisional", "applicant"]
        )
        self.assertEqual(org.network_documents.count(), 2)
        self.assertTrue(record.dues.exists())
        self.assertTrue(in_good_standing(record))
        self.assertEqual(len(mail.outbox), 5)  # received, due diligence, consultation, board, admitted
        self.assertIn("Strong safeguarding practice.", mail.outbox[-1].body)

        self.client.logout()
        self.assertContains(self.client.get("/network/"), "Nouvelle Association")
        self.assertContains(self.client.get("/countries/sn/"), "Nouvelle Association")
        slugs = [m["slug"] for m in self.client.get("/api/v1/network/members").json()]
        self.assertIn(org.slug, slugs)

    def test_a_rejected_applicant_gets_the_reasons_and_no_organisation(self) -> None:
        self.apply()
        application = Application.objects.get()
        Application.objects.filter(pk=application.pk).update(step="recommendation")
        self.login(self.secretariat_admin)
        self.step("recommend", application, {"recommendation": "reject"})
        self.step(
            "decide", application, {"decision": "reject", "reasons": "No safeguarding policy in force."}
        )
        application.refresh_from_db()
        self.assertEqual((application.step, application.organisation), ("rejected", None))
        self.assertIn("No safeguarding policy in force.", mail.outbox[-1].body)
        self.assertFalse(Organisation.objects.filter(name="Nouvelle Association").exists())

    def test_a_decision_needs_reasons_and_a_recommendation(self) -> None:
        self.apply()
        application = Application.objects.get()
        Application.objects.filter(pk=application.pk).update(step="recommendation")
        self.login(self.secretariat_admin)
        self.step("decide", application, {"decision": "admit", "reasons": "Fine."})
        self.step("recommend", application, {"recommendation": "admit"})
        self.step("decide", application, {"decision": "admit", "reasons": ""})
        application.refresh_from_db()
        self.assertEqual(application.step, "recommendation")

    def test_images_are_refused_whatever_their_name(self) -> None:
        response = self.apply(statutes=png("statutes.pdf"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Images and video are never accepted")
        self.assertFalse(Application.objects.exists())

    def test_only_the_secretariat_sees_applications_and_their_files(self) -> None:
        self.apply()
        application = Application.objects.get()
        urls = [
            "/network/applications/",
            f"/network/applications/{application.reference}/",
            f"/network/applications/{application.reference}/files/statutes/",
        ]
        for persona in (self.member_admin, self.outsider, self.company_contact):
            self.login(persona)
            for url in urls:
                self.assertEqual(self.client.get(url).status_code, 404, url)
        self.login(self.secretariat_admin)
        response = self.client.get(urls[2])
        self.assertEqual(
            response["Content-Disposition"],
            f'attachment; filename="application-{application.pk}-statutes.pdf"',
        )
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_secretariat_viewers_cannot_move_an_application(self) -> None:
        self.apply()
        application = Application.objects.get()
        self.login(make_member(self.secretariat, "viewer", totp=True))
        self.assertEqual(self.step("advance", application).status_code, 403)
        application.refresh_from_db()
        self.assertEqual(application.step, "submitted")
