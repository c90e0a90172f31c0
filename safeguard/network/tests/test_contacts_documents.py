from safeguard.network.models import Contact, MemberDocument
from safeguard.testing import PersonaTestCase, make_member, make_organisation

from .factories import make_record, pdf, png

ORG = "/network/organisations/kenya-member/"


class ContactTests(PersonaTestCase):
    def setUp(self) -> None:
        make_record(self.member_org)

    def add(self, **overrides: str) -> object:
        data = {"name": "Wanjiru", "email": "w@example.org", "role": "delegate", "start_date": "2026-01-01"}
        data.update(overrides)
        return self.client.post(ORG + "contacts/add/", data)

    def test_an_organisation_admin_manages_its_own_people(self) -> None:
        self.login(self.member_admin)
        self.assertRedirects(self.add(), ORG)
        contact = Contact.objects.get()
        response = self.client.post(
            f"{ORG}contacts/{contact.pk}/",
            {
                "name": "Wanjiru",
                "email": "w@example.org",
                "role": "delegate",
                "start_date": "2026-01-01",
                "end_date": "2026-06-30",
            },
        )
        self.assertRedirects(response, ORG)
        contact.refresh_from_db()
        self.assertEqual(str(contact.end_date), "2026-06-30")
        self.assertEqual(contact.history.count(), 2)
        self.assertEqual(contact.history.first().history_user, self.member_admin)

    def test_the_end_cannot_come_before_the_start(self) -> None:
        self.login(self.member_admin)
        response = self.add(end_date="2025-01-01")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Contact.objects.exists())

    def test_editors_and_viewers_are_refused_outsiders_do_not_see_it(self) -> None:
        for persona, status in ((self.member_editor, 403), (self.member_viewer, 403), (self.outsider, 404)):
            self.login(persona)
            self.assertEqual(self.add().status_code, status)
        self.assertFalse(Contact.objects.exists())

    def test_a_contact_of_another_organisation_is_not_found(self) -> None:
        contact = Contact.objects.create(
            organisation=self.other_org, name="x", email="x@example.org", role="finance"
        )
        self.login(self.member_admin)
        self.assertEqual(self.client.get(f"{ORG}contacts/{contact.pk}/").status_code, 404)

    def test_the_public_sees_no_contact(self) -> None:
        Contact.objects.create(
            organisation=self.member_org, name="Secret Person", email="s@example.org", role="finance"
        )
        self.assertNotContains(self.client.get("/network/members/kenya-member/"), "Secret Person")
        self.assertEqual(self.client.get(ORG).status_code, 302)
        self.login(self.secretariat_admin)
        self.assertContains(self.client.get(ORG), "Secret Person")


class DocumentTests(PersonaTestCase):
    def setUp(self) -> None:
        make_record(self.member_org)

    def upload(self, file: object, visibility: str = "private") -> object:
        data = {"title": "Statutes 2026", "kind": "statutes", "visibility": visibility, "file": file}
        return self.client.post(ORG + "documents/add/", data)

    def test_an_admin_uploads_a_pdf_and_images_are_refused(self) -> None:
        self.login(self.member_admin)
        self.assertEqual(self.upload(png()).status_code, 200)
        self.assertFalse(MemberDocument.objects.exists())
        self.assertRedirects(self.upload(pdf()), ORG)
        document = MemberDocument.objects.get()
        self.assertEqual(document.uploaded_by, self.member_admin)
        self.assertEqual(len(document.sha256), 64)

    def test_downloads_follow_the_visibility(self) -> None:
        self.login(self.member_admin)
        for visibility in ("public", "network", "private"):
            self.upload(pdf(), visibility)
        docs = {d.visibility: f"/network/documents/{d.pk}/" for d in MemberDocument.objects.all()}
        network_member = make_member(make_organisation(), "viewer")
        expected = {
            None: {"public": 200, "network": 404, "private": 404},
            self.company_contact: {"public": 200, "network": 404, "private": 404},
            network_member: {"public": 200, "network": 200, "private": 404},
            self.member_viewer: {"public": 200, "network": 200, "private": 200},
            self.secretariat_admin: {"public": 200, "network": 200, "private": 200},
        }
        for persona, statuses in expected.items():
            self.login(persona)
            for visibility, status in statuses.items():
                response = self.client.get(docs[visibility])
                self.assertEqual(response.status_code, status, (persona, visibility))
                if status == 200:
                    self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                    self.assertTrue(response["Content-Disposition"].startswith("attachment"))

    def test_editors_cannot_upload(self) -> None:
        self.login(self.member_editor)
        self.assertEqual(self.upload(pdf()).status_code, 403)
        self.assertFalse(MemberDocument.objects.exists())
