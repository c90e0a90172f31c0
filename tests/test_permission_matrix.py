"""Every URL pattern x every persona x method has an expected status.

The table below is the public contract of who may reach what. A URL pattern without an entry
fails ``test_every_url_pattern_has_an_entry``, so a new page cannot ship without deciding who
sees it. Admin routes are generated from the admin registry with one rule: only site staff
get in, everyone else is sent to sign in.
"""

from __future__ import annotations

from django.contrib import admin

from safeguard.accounts.models import Membership, SecurityEvent
from safeguard.testing import PersonaTestCase

from .matrix import PERSONAS, Entry, app_test_modules, every, signed_in, staff, with_totp
from .urlwalk import iter_url_patterns

# Each app declares its own rows in <app>/tests/matrix.py: entries(case) and ADMIN_RIGHTS.
APP_MATRICES = app_test_modules("matrix")

# What site staff may do with each model in the admin: (add, change, delete). Reference data,
# logs and task results are read-only; axes' lockout records may be cleared, not created.
EDITABLE = (True, True, True)
CLEARABLE = (False, True, True)
READ_ONLY = (False, False, False)
ADMIN_RIGHTS = {
    "auth.group": EDITABLE,
    "account.emailaddress": EDITABLE,
    "mfa.authenticator": EDITABLE,
    "axes.accessattempt": CLEARABLE,
    "axes.accesslog": CLEARABLE,
    "axes.accessfailurelog": CLEARABLE,
    "django_tasks_database.dbtaskresult": READ_ONLY,
    "countries.region": READ_ONLY,
    "countries.country": READ_ONLY,
    "accounts.user": EDITABLE,
    "accounts.organisation": EDITABLE,
    "accounts.securityevent": READ_ONLY,
}
for _module in APP_MATRICES:
    ADMIN_RIGHTS.update(_module.ADMIN_RIGHTS)


class PermissionMatrixTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.viewer_membership = Membership.objects.get(user=cls.member_viewer)
        SecurityEvent.objects.create(kind="login", user=cls.member_viewer)

    def matrix(self) -> dict[str, Entry]:
        role_url = f"/organisations/kenya-member/members/{self.viewer_membership.pk}/role/"
        private = dict(outsider=404, company_contact=404)
        entries = {
            "home": Entry("/", every(200), every(405)),
            "healthz": Entry("/healthz", every(200), every(405)),
            "security-txt": Entry("/.well-known/security.txt", every(200), every(405)),
            "countries:list": Entry("/countries/", every(200), every(405)),
            "countries:detail": Entry("/countries/ke/", every(200), every(405)),
            "accounts:dashboard": Entry("/my/", signed_in(200), signed_in(405)),
            "accounts:organisation": Entry(
                "/organisations/kenya-member/", signed_in(200, **private), signed_in(405)
            ),
            "accounts:membership-role": Entry(
                role_url,
                signed_in(405),
                signed_in(302, member_viewer=403, member_editor=403, **private),
                {"role": "viewer"},
            ),
            "accounts:security-events": Entry(
                "/security/events/", signed_in(404, secretariat_admin=200), signed_in(405)
            ),
            # allauth: signed-in users are sent on from the sign-in and sign-up pages.
            "account_login": Entry("/accounts/login/", every(302, anonymous=200), every(302, anonymous=200)),
            "account_logout": Entry("/accounts/logout/", every(200, anonymous=302), every(302)),
            "account_inactive": Entry("/accounts/inactive/", every(200), every(405)),
            "account_signup": Entry(
                "/accounts/signup/", every(302, anonymous=200), every(302, anonymous=200)
            ),
            "account_reauthenticate": Entry("/accounts/reauthenticate/", signed_in(302), signed_in(302)),
            "account_request_reauthentication_code": Entry(
                "/accounts/reauthenticate/code/", signed_in(200), signed_in(200)
            ),
            "account_confirm_reauthentication_code": Entry(
                "/accounts/reauthenticate/code/confirm/", signed_in(302), signed_in(302)
            ),
            "account_email": Entry("/accounts/email/", signed_in(200), signed_in(302)),
            "account_email_verification_sent": Entry("/accounts/confirm-email/", every(200), every(405)),
            "account_change_password": Entry("/accounts/password/change/", signed_in(302), signed_in(302)),
            "account_set_password": Entry("/accounts/password/set/", signed_in(302), signed_in(302)),
            "account_reset_password": Entry("/accounts/password/reset/", every(200), every(200)),
            "account_confirm_login_code": Entry("/accounts/login/code/confirm/", every(302), every(302)),
            "account_confirm_email": Entry("/accounts/confirm-email/not-a-key/", every(200), every(404)),
            "account_reset_password_from_key_done": Entry(
                "/accounts/password/reset/key/done/", every(200), every(405)
            ),
            "account_reset_password_from_key": Entry(
                "/accounts/password/reset/key/1-not-a-key/", every(200), every(200)
            ),
            "account_reset_password_done": Entry("/accounts/password/reset/done/", every(200), every(405)),
            # Second-factor pages: those without a factor (or without recovery codes) get 404.
            "mfa_index": Entry("/accounts/2fa/", signed_in(200), signed_in(405)),
            "mfa_authenticate": Entry("/accounts/2fa/authenticate/", every(302), every(302)),
            "mfa_reauthenticate": Entry(
                "/accounts/2fa/reauthenticate/",
                signed_in(302, **with_totp(200)),
                signed_in(302, **with_totp(200)),
            ),
            "mfa_activate_totp": Entry("/accounts/2fa/totp/activate/", signed_in(302), signed_in(302)),
            "mfa_deactivate_totp": Entry(
                "/accounts/2fa/totp/deactivate/",
                signed_in(404, **with_totp(302)),
                signed_in(404, **with_totp(302)),
            ),
            "mfa_view_recovery_codes": Entry("/accounts/2fa/recovery-codes/", signed_in(404), signed_in(405)),
            "mfa_generate_recovery_codes": Entry(
                "/accounts/2fa/recovery-codes/generate/", signed_in(302), signed_in(302)
            ),
            "mfa_download_recovery_codes": Entry(
                "/accounts/2fa/recovery-codes/download/", signed_in(404), signed_in(404)
            ),
            "set_language": Entry("/i18n/setlang/", every(302), every(302), {"language": "fr", "next": "/"}),
            "api:api-root": Entry("/api/v1/", every(404), every(404)),
            # django-ninja answers any method on its schema and docs views; both only read.
            "api:openapi-json": Entry("/api/v1/openapi.json", every(200), every(200)),
            "api:openapi-view": Entry("/api/v1/docs", every(200), every(200)),
            "api:list_countries": Entry("/api/v1/countries", every(200), every(405)),
            "api:get_country": Entry("/api/v1/countries/ke", every(200), every(405)),
        }
        for module in APP_MATRICES:
            entries.update(module.entries(self))
        entries.update(self.admin_entries())
        return entries

    def admin_entries(self) -> dict[str, Entry]:
        """Staff only: everyone else is sent to sign in, for every admin route and method."""
        outside = post_outside = staff(200)
        entries = {
            "admin:index": Entry("/admin/", outside, post_outside),
            # Admin sign-in goes through allauth; signed-in non-staff are refused outright.
            "admin:login": Entry(
                "/admin/login/",
                every(403, anonymous=302, secretariat_admin=302),
                every(403, anonymous=302, secretariat_admin=200),
            ),
            "admin:logout": Entry(
                "/admin/logout/", every(302, secretariat_admin=405), every(302, secretariat_admin=200)
            ),
            "admin:password_change": Entry("/admin/password_change/", outside, post_outside),
            "admin:password_change_done": Entry(
                "/admin/password_change/done/", outside, every(302, secretariat_admin=405)
            ),
            "admin:autocomplete": Entry(
                "/admin/autocomplete/", every(302, secretariat_admin=403), every(302, secretariat_admin=405)
            ),
            "admin:jsi18n": Entry("/admin/jsi18n/", outside, every(302, secretariat_admin=405)),
            "admin:view_on_site": Entry(
                f"/admin/r/{self._content_type_id()}/{self.member_org.pk}/",
                every(302, secretariat_admin=302),
                every(302, secretariat_admin=302),
            ),
            "<unnamed admin/(?P<url>.*)$>": Entry(
                "/admin/no-such-page/", every(302, secretariat_admin=404), every(302, secretariat_admin=404)
            ),
        }
        entries["admin:app_list"] = Entry("/admin/accounts/", outside, post_outside)
        self.assertEqual(
            {model._meta.label_lower for model in admin.site._registry},
            set(ADMIN_RIGHTS),
            "declare every admin",
        )
        for model in admin.site._registry:
            app, name = model._meta.app_label, model._meta.model_name
            obj = model._default_manager.first()
            can_add, can_change, can_delete = ADMIN_RIGHTS[model._meta.label_lower]
            pk = obj.pk if obj is not None else 0
            # A missing object sends staff back to the index; a read-only admin refuses writes.
            change_get = 200 if obj is not None else 302
            change_post = 403 if not can_change else change_get
            delete = 403 if not can_delete else (200 if obj is not None else 302)
            base = f"/admin/{app}/{name}/"
            entries[f"admin:{app}_{name}_changelist"] = Entry(base, outside, post_outside)
            entries[f"admin:{app}_{name}_add"] = Entry(
                f"{base}add/", staff(200 if can_add else 403), staff(200 if can_add else 403)
            )
            entries[f"admin:{app}_{name}_change"] = Entry(
                f"{base}{pk}/change/", staff(change_get), staff(change_post)
            )
            entries[f"admin:{app}_{name}_history"] = Entry(
                f"{base}{pk}/history/", staff(change_get), staff(change_get)
            )
            entries[f"admin:{app}_{name}_delete"] = Entry(f"{base}{pk}/delete/", staff(delete), staff(delete))
            entries[f"<unnamed admin/{app}/{name}/<path:object_id>/>"] = Entry(
                f"{base}{pk}/", every(302), every(302)
            )
        user_pk = self.member_viewer.pk
        entries["admin:auth_user_password_change"] = Entry(
            f"/admin/accounts/user/{user_pk}/password/", staff(200), staff(200)
        )
        history = self.member_org.history.first()
        entries["admin:accounts_organisation_simple_history"] = Entry(
            f"/admin/accounts/organisation/{self.member_org.pk}/history/{history.history_id}/",
            staff(200),
            staff(200),
        )
        return entries

    def _content_type_id(self) -> int:
        from django.contrib.contenttypes.models import ContentType

        return ContentType.objects.get_for_model(self.member_org).pk

    def test_every_url_pattern_has_an_entry(self) -> None:
        matrix = self.matrix()
        missing = sorted({name for name, _ in iter_url_patterns()} - set(matrix))
        self.assertEqual(missing, [], "URL patterns without a permission-matrix entry")

    def test_each_persona_gets_the_expected_status(self) -> None:
        self.secretariat_admin.is_staff = self.secretariat_admin.is_superuser = True
        self.secretariat_admin.save()
        failures = []
        for name, entry in sorted(self.matrix().items()):
            for method, expected in (("GET", entry.get), ("POST", entry.post)):
                for persona in PERSONAS:
                    self.login(self.persona(persona))
                    send = self.client.get if method == "GET" else self.client.post
                    status = send(entry.url, entry.data if method == "POST" else None).status_code
                    if status != expected[persona]:
                        want = expected[persona]
                        failures.append(
                            f"{name} {method} {entry.url} as {persona}: {status}, expected {want}"
                        )
        self.assertEqual(failures, [], "\n" + "\n".join(failures))

    def test_people_who_need_a_second_factor_reach_nothing_else_without_one(self) -> None:
        """Every page outside allauth's account pages and the language switch sends them to set up."""
        from safeguard.testing import make_member, make_user

        without_factor = [make_member(self.secretariat, "viewer"), make_user(is_staff=True)]
        reached = []
        for name, entry in sorted(self.matrix().items()):
            if name.startswith(("account_", "mfa_")) or name == "set_language":
                continue
            for user in without_factor:
                self.login(user)
                for send in (self.client.get, self.client.post):
                    response = send(entry.url)
                    location = response.get("Location", "")
                    if not (
                        response.status_code == 302 and location.startswith("/accounts/2fa/totp/activate/")
                    ):
                        reached.append(f"{name} {entry.url} as {user}: {response.status_code} {location}")
        self.assertEqual(reached, [], "\n" + "\n".join(reached))
