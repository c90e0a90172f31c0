from django.test import override_settings

from safeguard.accounts.models import SecurityEvent, User
from safeguard.testing import PersonaTestCase, make_member

PASSWORD = "correct horse battery staple"


class SignInTests(PersonaTestCase):
    def setUp(self) -> None:
        self.person = make_member(self.member_org, "viewer", email="ana@example.org")
        self.person.set_password(PASSWORD)
        self.person.save()

    def sign_in(self, password: str, email: str = "ana@example.org"):  # type: ignore[no-untyped-def]
        return self.client.post("/accounts/login/", {"login": email, "password": password})

    def test_it_signs_in_with_email_and_logs_the_event(self) -> None:
        response = self.sign_in(PASSWORD)
        self.assertRedirects(response, "/my/", fetch_redirect_response=False)
        event = SecurityEvent.objects.get(kind="login")
        self.assertEqual(event.user, self.person)
        self.assertEqual(event.ip_address, "127.0.0.1")

    def test_the_email_is_case_insensitive(self) -> None:
        response = self.sign_in(PASSWORD, email="ANA@example.org")
        self.assertEqual(response.status_code, 302)

    def test_a_failed_sign_in_is_logged_against_the_account(self) -> None:
        response = self.sign_in("wrong password")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(SecurityEvent.objects.get(kind="login_failed").user, self.person)

    def test_a_failed_sign_in_for_an_unknown_address_keeps_no_address(self) -> None:
        self.sign_in("whatever", email="nobody@example.org")
        event = SecurityEvent.objects.get(kind="login_failed")
        self.assertIsNone(event.user)
        self.assertNotIn("nobody", str(event.detail))

    @override_settings(AXES_FAILURE_LIMIT=3)
    def test_it_locks_out_after_repeated_failures(self) -> None:
        for _ in range(3):
            self.sign_in("wrong password")
        response = self.sign_in(PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Too many failed sign-ins", status_code=429)
        self.assertTrue(SecurityEvent.objects.filter(kind="locked_out").exists())
        self.assertFalse(SecurityEvent.objects.filter(kind="login").exists())

    def test_open_sign_up_is_closed(self) -> None:
        response = self.client.post(
            "/accounts/signup/", {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}
        )
        self.assertFalse(User.objects.filter(email="new@example.org").exists())
        self.assertContains(response, "Sign Up Closed")

    def test_the_sign_in_page_does_not_invite_to_sign_up_while_it_is_closed(self) -> None:
        response = self.client.get("/accounts/login/")
        self.assertNotContains(response, "/accounts/signup/")
        self.assertContains(response, "Accounts are created by the Secretariat")
        with self.settings(SAFEGUARD_OPEN_SIGNUP=True):
            self.assertContains(self.client.get("/accounts/login/"), "/accounts/signup/")

    def test_sign_out_is_logged(self) -> None:
        self.client.force_login(self.person)
        self.client.post("/accounts/logout/")
        self.assertTrue(SecurityEvent.objects.filter(kind="logout", user=self.person).exists())


class SecondFactorTests(PersonaTestCase):
    def test_staff_without_a_second_factor_are_sent_to_set_one_up(self) -> None:
        staff = make_member(self.secretariat, "viewer")
        self.login(staff)
        for url in ["/my/", "/security/events/", "/organisations/kenya-member/", "/countries/", "/admin/"]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertTrue(response["Location"].startswith("/accounts/2fa/totp/activate/"), url)

    def test_organisation_admins_without_a_second_factor_are_sent_too(self) -> None:
        admin = make_member(self.member_org, "admin")
        self.login(admin)
        response = self.client.get("/organisations/kenya-member/")
        self.assertRedirects(
            response,
            "/accounts/2fa/totp/activate/?next=%2Forganisations%2Fkenya-member%2F",
            fetch_redirect_response=False,
        )

    def test_the_set_up_page_itself_is_reachable(self) -> None:
        self.login(make_member(self.secretariat, "viewer"))
        response = self.client.get("/accounts/2fa/totp/activate/", follow=True)
        # allauth first asks for the password again (a fresh sign-in), then shows the set-up.
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.redirect_chain[-1][0].startswith("/accounts/reauthenticate/"))

    def test_staff_with_a_second_factor_reach_staff_pages(self) -> None:
        self.login(self.secretariat_admin)
        self.assertEqual(self.client.get("/security/events/").status_code, 200)

    def test_editors_and_viewers_need_no_second_factor(self) -> None:
        self.login(self.member_editor)
        self.assertEqual(self.client.get("/my/").status_code, 200)

    def test_staff_set_up_a_second_factor_and_then_reach_staff_pages(self) -> None:
        from allauth.mfa.totp.internal.auth import (
            format_hotp_value,
            hotp_value,
            yield_hotp_counters_from_time,
        )

        staff = make_member(self.secretariat, "admin", email="new.staff@example.org")
        staff.set_password(PASSWORD)
        staff.save()
        response = self.client.post(
            "/accounts/login/", {"login": staff.email, "password": PASSWORD}, follow=True
        )
        # Sent to set up the factor; allauth first asks for the password once more.
        self.assertTrue(response.redirect_chain[-1][0].startswith("/accounts/reauthenticate/"))
        response = self.client.post(response.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
        self.assertEqual(response.request["PATH_INFO"], "/accounts/2fa/totp/activate/")
        secret = self.client.session["mfa.totp.secret"]
        counter = list(yield_hotp_counters_from_time())[len(list(yield_hotp_counters_from_time())) // 2]
        code = format_hotp_value(hotp_value(secret, counter))
        with self.captureOnCommitCallbacks(execute=True):  # allauth signals after the commit
            response = self.client.post("/accounts/2fa/totp/activate/", {"code": code})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            set(SecurityEvent.objects.filter(kind="mfa_enabled").values_list("detail__type", flat=True)),
            {"totp", "recovery_codes"},
        )
        self.assertEqual(self.client.get("/security/events/").status_code, 200)


class ProxyAddressTests(PersonaTestCase):
    @override_settings(PROXY_COUNT=1)
    def test_lockout_and_log_use_the_client_address_behind_a_proxy(self) -> None:
        person = make_member(self.member_org, "viewer", email="bo@example.org")
        person.set_password(PASSWORD)
        person.save()
        with self.settings(AXES_FAILURE_LIMIT=2):
            for _ in range(2):
                self.client.post(
                    "/accounts/login/",
                    {"login": "bo@example.org", "password": "wrong"},
                    HTTP_X_FORWARDED_FOR="203.0.113.9",
                )
            # Another client behind the same proxy is not locked out by the first one's failures.
            response = self.client.post(
                "/accounts/login/",
                {"login": "bo@example.org", "password": PASSWORD},
                HTTP_X_FORWARDED_FOR="198.51.100.20",
            )
        self.assertEqual(response.status_code, 302)
        addresses = set(SecurityEvent.objects.values_list("ip_address", flat=True))
        self.assertEqual(addresses, {"203.0.113.9", "198.51.100.20"})
