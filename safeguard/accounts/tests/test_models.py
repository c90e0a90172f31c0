from django.db import IntegrityError, transaction
from django.test import TestCase

from safeguard.accounts.models import Membership, SecurityEvent, User
from safeguard.testing import make_organisation, make_user


class UserTests(TestCase):
    def test_it_stores_email_in_lower_case(self) -> None:
        user = User.objects.create_user("Ana.Person@Example.ORG", "a-long-password-1")
        self.assertEqual(user.email, "ana.person@example.org")

    def test_it_hashes_passwords_with_argon2_by_default(self) -> None:
        # Tests swap in a fast hasher, so this reads the settings module itself.
        from safeguard import settings as project_settings

        self.assertEqual(
            project_settings.PASSWORD_HASHERS[0], "django.contrib.auth.hashers.Argon2PasswordHasher"
        )


class OrganisationConstraintTests(TestCase):
    def test_it_allows_only_one_secretariat(self) -> None:
        make_organisation(kind="secretariat")
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_organisation(kind="secretariat")

    def test_a_partner_needs_a_partner_type(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_organisation(kind="partner")
        partner = make_organisation(kind="partner", partner_type="hotline")
        self.assertEqual(partner.get_partner_type_display(), "hotline")

    def test_only_a_partner_has_a_partner_type(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_organisation(kind="member", partner_type="hotline")

    def test_a_user_belongs_to_an_organisation_once(self) -> None:
        org, user = make_organisation(), make_user()
        Membership.objects.create(user=user, organisation=org, role="viewer")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Membership.objects.create(user=user, organisation=org, role="editor")

    def test_organisation_changes_are_kept_in_history(self) -> None:
        org = make_organisation(name="Before")
        org.name = "After"
        org.save()
        self.assertEqual([h.name for h in org.history.order_by("history_date")], ["Before", "After"])


class SecurityEventAppendOnlyTests(TestCase):
    def setUp(self) -> None:
        self.event = SecurityEvent.objects.create(kind=SecurityEvent.Kind.LOGIN)

    def test_it_refuses_to_save_an_existing_event(self) -> None:
        self.event.kind = SecurityEvent.Kind.LOGOUT
        with self.assertRaises(PermissionError):
            self.event.save()
        self.assertEqual(SecurityEvent.objects.get().kind, "login")

    def test_it_refuses_to_delete_an_event(self) -> None:
        with self.assertRaises(PermissionError):
            self.event.delete()
        with self.assertRaises(PermissionError):
            SecurityEvent.objects.all().delete()
        self.assertEqual(SecurityEvent.objects.count(), 1)

    def test_it_refuses_bulk_updates(self) -> None:
        with self.assertRaises(PermissionError):
            SecurityEvent.objects.update(kind="logout")

    def test_deleting_a_user_keeps_their_events_without_the_link(self) -> None:
        user = make_user()
        SecurityEvent.objects.create(kind=SecurityEvent.Kind.LOGIN, user=user)
        user.delete()
        self.assertEqual(SecurityEvent.objects.filter(kind="login", user__isnull=True).count(), 2)

    def test_the_database_refuses_changes_on_postgresql(self) -> None:
        from django.db import connection

        if connection.vendor != "postgresql":
            self.skipTest("the trigger exists on PostgreSQL only; SQLite relies on the model layer")
        from django.db import DatabaseError

        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE accounts_securityevent SET kind = 'logout'")
        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM accounts_securityevent")
        self.assertEqual(SecurityEvent.objects.get().kind, "login")


class SecurityEventBypassTests(TestCase):
    def test_the_base_manager_is_append_only_too(self) -> None:
        SecurityEvent.objects.create(kind=SecurityEvent.Kind.LOGIN)
        with self.assertRaises(PermissionError):
            SecurityEvent._base_manager.all().delete()
        with self.assertRaises(PermissionError):
            SecurityEvent._base_manager.update(kind="logout")
        self.assertEqual(SecurityEvent.objects.get().kind, "login")

    def test_it_refuses_upserts(self) -> None:
        event = SecurityEvent.objects.create(kind=SecurityEvent.Kind.LOGIN)
        with self.assertRaises(PermissionError):
            SecurityEvent.objects.bulk_create(
                [SecurityEvent(pk=event.pk, kind="logout")],
                update_conflicts=True,
                update_fields=["kind"],
                unique_fields=["id"],
            )

    def test_only_unlinking_is_allowed(self) -> None:
        user = make_user()
        SecurityEvent.objects.create(kind=SecurityEvent.Kind.LOGIN, user=user)
        with self.assertRaises(PermissionError):
            SecurityEvent.objects.update(user=make_user())
        self.assertEqual(SecurityEvent.objects.update(user=None), 1)
