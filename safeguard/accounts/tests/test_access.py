from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguard.accounts import access
from safeguard.testing import PersonaTestCase, make_member


class AccessHelperTests(PersonaTestCase):
    def test_outsiders_get_404_for_a_private_organisation(self) -> None:
        with self.assertRaises(Http404):
            access.get_organisation_for_user(self.outsider, "kenya-member")

    def test_read_only_members_get_403_for_writes(self) -> None:
        self.assertEqual(
            access.get_organisation_for_user(self.member_viewer, "kenya-member"), self.member_org
        )
        with self.assertRaises(PermissionDenied):
            access.get_organisation_for_user(self.member_viewer, "kenya-member", write=True)

    def test_admins_and_secretariat_editors_may_write(self) -> None:
        for user in (self.member_admin, self.secretariat_admin):
            self.assertEqual(
                access.get_organisation_for_user(user, "kenya-member", write=True), self.member_org
            )

    def test_a_secretariat_viewer_reads_but_does_not_write(self) -> None:
        viewer = make_member(self.secretariat, "viewer")
        self.assertTrue(access.may_view_organisation_private(viewer, self.member_org))
        self.assertFalse(access.may_edit_organisation(viewer, self.member_org))

    def test_an_inactive_user_has_no_memberships(self) -> None:
        self.member_admin.is_active = False
        self.assertFalse(access.is_member_of(self.member_admin, self.member_org))

    def test_who_needs_a_second_factor(self) -> None:
        self.assertTrue(access.requires_mfa(self.secretariat_admin))
        self.assertTrue(access.requires_mfa(self.member_admin))
        self.assertFalse(access.requires_mfa(self.member_editor))
        self.assertFalse(access.requires_mfa(self.company_contact))

    def test_rules_permissions_follow_the_helpers(self) -> None:
        self.assertTrue(self.member_viewer.has_perm("accounts.view_organisation_private", self.member_org))
        self.assertFalse(self.outsider.has_perm("accounts.view_organisation_private", self.member_org))
        self.assertTrue(self.member_admin.has_perm("accounts.change_organisation_roles", self.member_org))
        self.assertFalse(self.member_editor.has_perm("accounts.change_organisation_roles", self.member_org))
        self.assertTrue(self.secretariat_admin.has_perm("accounts.view_security_events"))
        self.assertFalse(self.member_admin.has_perm("accounts.view_security_events"))
