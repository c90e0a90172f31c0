from safeguard.accounts.models import Membership, Organisation, SecurityEvent
from safeguard.testing import PersonaTestCase, make_user


class AdminChangesAreLoggedTests(PersonaTestCase):
    def setUp(self) -> None:
        self.secretariat_admin.is_staff = self.secretariat_admin.is_superuser = True
        self.secretariat_admin.save()
        self.login(self.secretariat_admin)

    def organisation_form(
        self, memberships: list[dict[str, str]], org: Organisation | None = None
    ) -> dict[str, str]:
        org = org or self.member_org
        data = {
            "name": org.name,
            "slug": org.slug,
            "kind": org.kind,
            "partner_type": "",
            "country": str(org.country_id),
            "city": "",
            "website": "",
            "memberships-TOTAL_FORMS": str(len(memberships)),
            "memberships-INITIAL_FORMS": str(sum(1 for m in memberships if m.get("id"))),
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        }
        for i, membership in enumerate(memberships):
            for key, value in membership.items():
                data[f"memberships-{i}-{key}"] = value
            data[f"memberships-{i}-organisation"] = str(org.pk)
        return data

    def existing(self) -> list[dict[str, str]]:
        return [
            {"id": str(m.pk), "user": str(m.user_id), "role": m.role}
            for m in Membership.objects.filter(organisation=self.member_org).order_by("user__full_name", "pk")
        ]

    def test_a_role_changed_in_the_admin_goes_through_the_service(self) -> None:
        rows = self.existing()
        viewer = Membership.objects.get(user=self.member_viewer)
        for row in rows:
            if row["id"] == str(viewer.pk):
                row["role"] = "editor"
        url = f"/admin/accounts/organisation/{self.member_org.pk}/change/"
        response = self.client.post(url, self.organisation_form(rows))
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        self.assertEqual(Membership.objects.get(pk=viewer.pk).role, "editor")
        event = SecurityEvent.objects.get(kind="role_changed")
        self.assertEqual((event.user, event.actor), (self.member_viewer, self.secretariat_admin))

    def test_people_added_and_removed_in_the_admin_are_logged(self) -> None:
        newcomer = make_user("newcomer@example.org")
        rows = self.existing()
        viewer = Membership.objects.get(user=self.member_viewer)
        for row in rows:
            if row["id"] == str(viewer.pk):
                row["DELETE"] = "on"
        rows.append({"id": "", "user": str(newcomer.pk), "role": "viewer"})
        url = f"/admin/accounts/organisation/{self.member_org.pk}/change/"
        self.client.post(url, self.organisation_form(rows))
        self.assertFalse(Membership.objects.filter(pk=viewer.pk).exists())
        self.assertTrue(Membership.objects.filter(user=newcomer, organisation=self.member_org).exists())
        self.assertEqual(
            set(SecurityEvent.objects.filter(kind__startswith="role_").values_list("kind", flat=True)),
            {"role_revoked", "role_granted"},
        )

    def test_a_membership_cannot_be_moved_to_another_person(self) -> None:
        rows = self.existing()
        rows[0]["user"] = str(make_user().pk)
        url = f"/admin/accounts/organisation/{self.member_org.pk}/change/"
        response = self.client.post(url, self.organisation_form(rows))
        self.assertContains(response, "A membership cannot be moved to another person.")
        self.assertFalse(SecurityEvent.objects.filter(kind__startswith="role_").exists())

    def test_the_last_owner_cannot_be_removed_in_the_admin_either(self) -> None:
        owner = Membership.objects.get(user=self.secretariat_admin)
        url = f"/admin/accounts/organisation/{self.secretariat.pk}/change/"
        row = {"id": str(owner.pk), "user": str(owner.user_id), "role": "owner", "DELETE": "on"}
        data = self.organisation_form([row], org=self.secretariat)
        response = self.client.post(url, data, follow=True)
        self.assertContains(response, "An organisation needs at least one owner.")
        self.assertTrue(Membership.objects.filter(pk=owner.pk).exists())

    def test_site_access_changes_are_logged(self) -> None:
        user = self.member_editor
        data = {
            "email": user.email,
            "full_name": user.full_name,
            "language": "en",
            "is_active": "on",
            "is_staff": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        }
        response = self.client.post(f"/admin/accounts/user/{user.pk}/change/", data)
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        event = SecurityEvent.objects.get(kind="access_changed")
        self.assertEqual(event.detail, {"changed": ["is_staff"]})
        self.assertEqual(event.actor, self.secretariat_admin)
