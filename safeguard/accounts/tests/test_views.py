from django.core import mail
from django.core.exceptions import ValidationError

from safeguard.accounts import services
from safeguard.accounts.models import Membership, SecurityEvent
from safeguard.testing import PersonaTestCase, make_member


class DashboardTests(PersonaTestCase):
    def test_it_lists_the_users_organisations_and_roles(self) -> None:
        self.login(self.member_viewer)
        response = self.client.get("/my/")
        self.assertContains(response, "Kenya Member")
        self.assertContains(response, "viewer")
        self.assertNotContains(response, "Peru Member")

    def test_it_sends_anonymous_visitors_to_sign_in(self) -> None:
        response = self.client.get("/my/")
        self.assertRedirects(response, "/accounts/login/?next=/my/", fetch_redirect_response=False)

    def test_it_refuses_post(self) -> None:
        self.login(self.member_viewer)
        self.assertEqual(self.client.post("/my/").status_code, 405)


class OrganisationPageTests(PersonaTestCase):
    url = "/organisations/kenya-member/"

    def test_members_see_the_people_and_roles(self) -> None:
        self.login(self.member_viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "editor@example.org")
        self.assertNotContains(response, "Change role")

    def test_admins_get_role_forms(self) -> None:
        self.login(self.member_admin)
        self.assertContains(self.client.get(self.url), "Change role")

    def test_secretariat_staff_see_every_organisation(self) -> None:
        self.login(self.secretariat_admin)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_outsiders_get_404(self) -> None:
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_an_unknown_organisation_is_404(self) -> None:
        self.login(self.secretariat_admin)
        self.assertEqual(self.client.get("/organisations/nobody/").status_code, 404)

    def test_it_lists_people_in_a_fixed_number_of_queries(self) -> None:
        self.login(self.member_viewer)
        self.client.get(self.url)  # warm the session
        with self.assertNumQueries(5):
            self.client.get(self.url)


class MembershipRoleTests(PersonaTestCase):
    def url(self, membership: Membership) -> str:
        return f"/organisations/kenya-member/members/{membership.pk}/role/"

    def viewer_membership(self) -> Membership:
        return Membership.objects.get(user=self.member_viewer)

    def test_an_admin_changes_a_role_and_it_is_logged_and_mailed(self) -> None:
        self.login(self.member_admin)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url(self.viewer_membership()), {"role": "editor"})
        self.assertRedirects(response, "/organisations/kenya-member/", fetch_redirect_response=False)
        self.assertEqual(self.viewer_membership().role, "editor")
        event = SecurityEvent.objects.get(kind="role_changed")
        self.assertEqual((event.user, event.actor), (self.member_viewer, self.member_admin))
        self.assertEqual(event.detail, {"old_role": "viewer", "new_role": "editor"})
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["viewer@example.org"])
        self.assertIn("Kenya Member", mail.outbox[0].subject)

    def test_the_mail_is_in_the_members_language(self) -> None:
        self.member_viewer.language = "fr"
        self.member_viewer.save()
        self.login(self.member_admin)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url(self.viewer_membership()), {"role": "editor"})
        self.assertIn("Votre rôle", mail.outbox[0].subject)

    def test_a_read_only_member_gets_403_and_nothing_changes(self) -> None:
        self.login(self.member_viewer)
        response = self.client.post(self.url(self.viewer_membership()), {"role": "admin"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.viewer_membership().role, "viewer")
        self.assertFalse(SecurityEvent.objects.filter(kind="role_changed").exists())

    def test_an_editor_may_not_change_roles(self) -> None:
        self.login(self.member_editor)
        response = self.client.post(self.url(self.viewer_membership()), {"role": "admin"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.viewer_membership().role, "viewer")

    def test_an_outsider_gets_404_and_nothing_changes(self) -> None:
        self.login(self.outsider)
        response = self.client.post(self.url(self.viewer_membership()), {"role": "admin"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.viewer_membership().role, "viewer")

    def test_anonymous_visitors_are_sent_to_sign_in(self) -> None:
        response = self.client.post(self.url(self.viewer_membership()), {"role": "admin"})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/accounts/login/"))
        self.assertEqual(self.viewer_membership().role, "viewer")

    def test_it_refuses_get(self) -> None:
        self.login(self.member_admin)
        self.assertEqual(self.client.get(self.url(self.viewer_membership())).status_code, 405)

    def test_it_rejects_an_unknown_role(self) -> None:
        self.login(self.member_admin)
        response = self.client.post(self.url(self.viewer_membership()), {"role": "emperor"}, follow=True)
        self.assertContains(response, "Choose one of the listed roles.")
        self.assertEqual(self.viewer_membership().role, "viewer")

    def test_a_membership_of_another_organisation_is_404(self) -> None:
        self.login(self.member_admin)
        other = Membership.objects.get(user=self.outsider)
        response = self.client.post(
            f"/organisations/kenya-member/members/{other.pk}/role/", {"role": "viewer"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Membership.objects.get(user=self.outsider).role, "editor")

    def test_only_an_owner_grants_ownership(self) -> None:
        self.login(self.member_admin)
        response = self.client.post(self.url(self.viewer_membership()), {"role": "owner"}, follow=True)
        self.assertContains(response, "Only an owner can grant or take away ownership.")
        self.assertEqual(self.viewer_membership().role, "viewer")

    def test_the_last_owner_cannot_step_down(self) -> None:
        owner = Membership.objects.get(user=self.secretariat_admin)
        self.login(self.secretariat_admin)
        response = self.client.post(
            f"/organisations/secretariat/members/{owner.pk}/role/", {"role": "admin"}, follow=True
        )
        self.assertContains(response, "An organisation needs at least one owner.")
        self.assertEqual(Membership.objects.get(pk=owner.pk).role, "owner")

    def test_secretariat_staff_may_change_roles_of_a_member_organisation(self) -> None:
        self.login(self.secretariat_admin)
        self.client.post(self.url(self.viewer_membership()), {"role": "editor"})
        self.assertEqual(self.viewer_membership().role, "editor")


class SecurityEventsPageTests(PersonaTestCase):
    url = "/security/events/"

    def test_secretariat_staff_read_the_log(self) -> None:
        SecurityEvent.objects.create(kind="login_failed", user=self.member_viewer, ip_address="192.0.2.1")
        self.login(self.secretariat_admin)
        response = self.client.get(self.url)
        self.assertContains(response, "viewer@example.org")
        self.assertContains(response, "192.0.2.1")

    def test_it_filters_by_kind(self) -> None:
        SecurityEvent.objects.create(kind="login_failed", user=self.member_viewer)
        SecurityEvent.objects.create(kind="role_changed", user=self.member_editor)
        self.login(self.secretariat_admin)
        response = self.client.get(self.url, {"kind": "role_changed"})
        self.assertContains(response, "editor@example.org")
        self.assertNotContains(response, "viewer@example.org")

    def test_members_get_404(self) -> None:
        self.login(self.member_admin)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_reads_a_page_of_events_in_a_fixed_number_of_queries(self) -> None:
        for _ in range(30):
            SecurityEvent.objects.create(kind="login", user=self.member_viewer, actor=self.member_viewer)
        self.login(self.secretariat_admin)
        self.client.get(self.url)
        with self.assertNumQueries(6):
            self.client.get(self.url)


class RoleAuthorityTests(PersonaTestCase):
    def membership(self, user) -> Membership:  # type: ignore[no-untyped-def]
        return Membership.objects.get(user=user)

    def test_a_secretariat_editor_cannot_promote_themselves(self) -> None:
        editor = make_member(self.secretariat, "editor", totp=True)
        own = self.membership(editor)
        self.login(editor)
        response = self.client.post(f"/organisations/secretariat/members/{own.pk}/role/", {"role": "admin"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.membership(editor).role, "editor")

    def test_a_secretariat_editor_cannot_manage_member_organisations(self) -> None:
        self.login(make_member(self.secretariat, "editor", totp=True))
        response = self.client.post(
            f"/organisations/kenya-member/members/{self.membership(self.member_viewer).pk}/role/",
            {"role": "admin"},
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.membership(self.member_viewer).role, "viewer")

    def test_nobody_changes_their_own_role(self) -> None:
        with self.assertRaisesMessage(ValidationError, "You cannot change your own role."):
            services.membership_set_role(
                membership=self.membership(self.member_admin), role="editor", actor=self.member_admin
            )

    def test_an_owner_may_step_down_while_another_owner_remains(self) -> None:
        other_owner = make_member(self.secretariat, "owner", totp=True)
        services.membership_set_role(membership=self.membership(other_owner), role="admin", actor=other_owner)
        self.assertEqual(self.membership(other_owner).role, "admin")

    def test_admins_do_not_see_a_role_form_for_themselves(self) -> None:
        self.login(self.member_admin)
        response = self.client.get("/organisations/kenya-member/")
        self.assertNotContains(response, f'id="role-{self.membership(self.member_admin).pk}"')
        self.assertContains(response, f'id="role-{self.membership(self.member_viewer).pk}"')

    def test_a_secretariat_viewer_cannot_read_the_security_log(self) -> None:
        self.login(make_member(self.secretariat, "viewer", totp=True))
        self.assertEqual(self.client.get("/security/events/").status_code, 404)
