from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from safeguard.accounts.demo import DEMO_TOTP_SECRET
from safeguard.accounts.models import Membership, Organisation, User
from safeguard.testing import make_user


class LoadedDemoTests(TestCase):
    """The whole demo (every app's loader) is built once for these tests: it takes seconds."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.out = StringIO()
        call_command("demo_load", stdout=cls.out)

    def test_it_builds_the_network_the_mission_describes(self) -> None:
        secretariat = Organisation.objects.get(kind="secretariat")
        self.assertEqual((secretariat.city, secretariat.country.iso2), ("Bangkok", "TH"))
        members = Organisation.objects.members()
        self.assertEqual(members.count(), 81)
        self.assertEqual(members.values("country").distinct().count(), 75)
        self.assertFalse(Organisation.objects.filter(is_demo=False).exists())
        roles = set(Membership.objects.values_list("role", flat=True))
        self.assertEqual(roles, {"owner", "admin", "editor", "viewer"})
        self.assertIn("DEMO DATA", self.out.getvalue())
        self.assertIn("viewer@demo.example.org", self.out.getvalue())

    def test_a_second_run_changes_nothing(self) -> None:
        first = list(Organisation.objects.order_by("slug").values_list("slug", "name"))
        users = User.objects.count()
        call_command("demo_load", stdout=StringIO())
        self.assertEqual(list(Organisation.objects.order_by("slug").values_list("slug", "name")), first)
        self.assertEqual(User.objects.count(), users)

    def test_the_printed_logins_work(self) -> None:
        # The demo was built before the suite's fast hasher was switched on for this test.
        hashers = [f"django.contrib.auth.hashers.{name}PasswordHasher" for name in ("Argon2", "MD5")]
        with self.settings(PASSWORD_HASHERS=hashers):
            response = self.client.post(
                "/accounts/login/", {"login": "viewer@demo.example.org", "password": "safeguard-demo-2026"}
            )
        self.assertRedirects(response, "/my/", fetch_redirect_response=False)

    def test_second_factor_logins_have_recovery_codes_and_new_staff_has_none(self) -> None:
        from allauth.mfa.models import Authenticator

        admin = Authenticator.objects.filter(user__email="admin@demo.example.org")
        self.assertEqual(set(admin.values_list("type", flat=True)), {"totp", "recovery_codes"})
        self.assertFalse(Authenticator.objects.filter(user__email="new-staff@demo.example.org").exists())

    def test_demo_totp_prints_a_code_the_demo_secret_accepts(self) -> None:
        from allauth.mfa.totp.internal.auth import validate_totp_code

        out = StringIO()
        call_command("demo_totp", stdout=out)
        self.assertTrue(validate_totp_code(DEMO_TOTP_SECRET, out.getvalue().strip()))

    def test_demo_totp_refuses_a_database_with_real_data_too(self) -> None:
        make_user("real.person@ngo.example")
        with self.assertRaises(CommandError):
            call_command("demo_totp", stdout=StringIO())


class DemoRefusalTests(TestCase):
    def test_it_refuses_production_whatever_the_database_holds(self) -> None:
        with self.settings(PRODUCTION=True), self.assertRaisesMessage(CommandError, "never loaded"):
            call_command("demo_load", stdout=StringIO())
        self.assertFalse(User.objects.exists())

    def test_it_refuses_a_database_with_real_data(self) -> None:
        make_user("real.person@ngo.example")
        with self.assertRaisesMessage(CommandError, "not demo data"):
            call_command("demo_load", stdout=StringIO())
        self.assertFalse(Organisation.objects.exists())

    def test_demo_totp_refuses_a_database_without_demo_data(self) -> None:
        with self.assertRaises(CommandError):
            call_command("demo_totp", stdout=StringIO())
