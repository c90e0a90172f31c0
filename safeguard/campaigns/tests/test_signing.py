from datetime import timedelta

from django.core import mail
from django.test import TestCase, override_settings
from django.utils import timezone

from .. import services
from ..models import BlockRule, CountDelta, RateLimit, Signature
from .helpers import CONFIRM, DATA, REMOVE, last_token, make_petition, no_rate_limits, sign_data


class SigningTests(TestCase):
    def setUp(self) -> None:
        self.petition = make_petition()
        self.sign_url = f"/campaigns/p/{self.petition.slug}/sign/"

    def sign(self, email: str, ip: str = "198.51.100.1", **extra: object) -> object:
        return self.client.post(self.sign_url, sign_data(email, **extra), REMOTE_ADDR=ip)

    def count(self) -> int:
        services.counts_fold()
        return services.petition_counts(self.petition.pk)["total"]

    def test_signing_writes_one_row_and_returns_at_once_without_mail(self) -> None:
        response = self.sign("ada@example.org")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], f"/campaigns/p/{self.petition.slug}/thanks/")
        signature = Signature.objects.get()
        self.assertEqual(signature.status, "pending")
        self.assertFalse(signature.processed)
        self.assertEqual(signature.consent_version, "1")
        self.assertEqual(len(ip := signature.ip_hash), 32)
        self.assertNotIn("198.51", ip)
        self.assertEqual(mail.outbox, [])
        self.assertEqual(CountDelta.objects.count(), 0)

    def test_the_job_mails_a_confirmation_with_remove_and_not_me_links(self) -> None:
        self.sign("ada@example.org")
        result = services.signatures_process()
        self.assertEqual(result.mailed, 1)
        body = mail.outbox[0].body
        self.assertRegex(body, CONFIRM)
        self.assertRegex(body, REMOVE)
        self.assertIn("?not_me=1", body)
        self.assertRegex(body, DATA)
        signature = Signature.objects.get()
        self.assertTrue(signature.processed)
        self.assertNotIn(last_token("ada@example.org"), signature.token_hash)  # only the hash is stored

    def test_opening_the_link_does_not_confirm_only_the_button_does(self) -> None:
        self.sign("ada@example.org")
        services.signatures_process()
        token = last_token("ada@example.org")
        page = self.client.get(f"/campaigns/confirm/{token}/")
        self.assertContains(page, 'method="post"')
        self.assertEqual(Signature.objects.get().status, "pending")
        self.assertEqual(self.count(), 0)
        confirmed = self.client.post(f"/campaigns/confirm/{token}/")
        self.assertEqual(confirmed.status_code, 200)
        self.assertEqual(self.count(), 1)
        again = self.client.post(f"/campaigns/confirm/{token}/")
        self.assertEqual(again.status_code, 200)
        self.assertEqual(self.count(), 1)
        self.assertEqual(CountDelta.objects.count(), 0)

    def test_an_expired_or_unknown_token_confirms_nothing(self) -> None:
        self.sign("ada@example.org")
        services.signatures_process()
        token = last_token("ada@example.org")
        Signature.objects.update(token_expires_at=timezone.now() - timedelta(seconds=1))
        self.assertEqual(self.client.post(f"/campaigns/confirm/{token}/").status_code, 404)
        self.assertEqual(self.client.post("/campaigns/confirm/not-a-token/").status_code, 404)
        self.assertEqual(self.client.get("/campaigns/confirm/not-a-token/").status_code, 404)
        self.assertEqual(self.count(), 0)

    def test_a_duplicate_in_another_spelling_resends_the_mail_at_most_five_times(self) -> None:
        no_rate_limits()
        for n in range(8):
            spelling = "ada.lovelace@gmail.com" if n % 2 else f"Ada.Love.Lace+{n}@googlemail.com"
            self.assertEqual(self.sign(spelling).status_code, 303)
            services.signatures_process()
        self.assertEqual(Signature.objects.count(), 1)
        self.assertEqual(len(mail.outbox), services.MAX_MAILS_PER_SIGNATURE)
        self.assertEqual(Signature.objects.get().mails_sent, 5)

    def test_the_latest_mailed_token_confirms(self) -> None:
        no_rate_limits()
        self.sign("bo@example.org")
        services.signatures_process()
        self.sign("bo@example.org")
        services.signatures_process()
        self.client.post(f"/campaigns/confirm/{last_token('bo@example.org')}/")
        self.assertEqual(self.count(), 1)

    def test_an_unconfirmed_signature_is_never_counted(self) -> None:
        self.sign("ada@example.org")
        services.signatures_process()
        self.assertEqual(self.count(), 0)

    def test_the_honeypot_and_the_form_clock_quarantine_silently_and_send_no_mail(self) -> None:
        no_rate_limits()
        bot = self.sign("bot1@example.org", website="http://spam.example")
        fast = self.sign("bot2@example.org", age=0)
        forged = self.client.post(self.sign_url, {**sign_data("bot3@example.org"), "form_token": "x"})
        for response in (bot, fast, forged):
            self.assertEqual(response.status_code, 303)
        services.signatures_process()
        self.assertEqual(
            sorted(Signature.objects.values_list("status_reason", flat=True)),
            ["form-clock", "form-clock", "honeypot"],
        )
        self.assertEqual(set(Signature.objects.values_list("status", flat=True)), {"quarantined"})
        self.assertEqual(mail.outbox, [])

    def test_a_burst_from_one_ip_is_quarantined_and_never_counted_even_when_confirmed(self) -> None:
        for n in range(4):
            self.sign(f"p{n}@example.org", ip="203.0.113.9")
        services.signatures_process()
        statuses = list(Signature.objects.order_by("pk").values_list("status", flat=True))
        self.assertEqual(statuses, ["pending", "quarantined", "quarantined", "quarantined"])
        for n in range(4):  # the quarantined get the same mail and the same page: bots learn nothing
            response = self.client.post(f"/campaigns/confirm/{last_token(f'p{n}@example.org')}/")
            self.assertEqual(response.status_code, 200)
        self.assertEqual(self.count(), 1)

    def test_rate_limits_are_read_from_the_database_at_run_time(self) -> None:
        RateLimit.objects.update(is_active=False)
        RateLimit.objects.create(scope="domain", max_count=2, period_seconds=600)
        for n in range(3):
            self.sign(f"p{n}@burst.example", ip=f"198.51.{n}.1")
        services.signatures_process()
        self.assertEqual(
            Signature.objects.filter(status="quarantined", status_reason="rate-domain").count(), 1
        )

    def test_an_approved_paper_batch_does_not_count_against_online_limits(self) -> None:
        from safeguard.countries.models import Country

        from .. import paper

        RateLimit.objects.update(is_active=False)
        RateLimit.objects.create(scope="domain", max_count=2, period_seconds=600)
        RateLimit.objects.create(scope="country", max_count=2, period_seconds=600)
        rows = [(f"Paper {n}", f"paper{n}@burst.example") for n in range(5)]
        batch, report = paper.batch_create_keyed(
            petition=self.petition,
            data={
                "country": Country.objects.get(iso2="KE"),
                "language": "en",
                "place": "Shop",
                "collector": "Team",
                "collected_on": timezone.localdate(),
                "sheet_refs": "",
            },
            content=paper.sample_csv(rows),
            filename="paper.csv",
            actor=None,
        )
        assert batch is not None, report.errors
        paper.batch_approve(batch=batch, actor=None)
        self.sign("online@burst.example")  # Kenya, the same domain: the first online signer
        services.signatures_process()
        self.assertEqual(Signature.objects.get(channel="online").status, "pending")

    def test_blocked_domains_and_networks_are_quarantined(self) -> None:
        no_rate_limits()
        BlockRule.objects.create(kind="domain", pattern="*.spam.example")
        BlockRule.objects.create(kind="network", pattern="192.0.2.0/24")
        self.sign("a@mx.spam.example")
        self.sign("b@example.org", ip="192.0.2.44")
        self.sign("c@example.org")
        services.signatures_process()
        self.assertEqual(
            dict(Signature.objects.values_list("email", "status_reason")),
            {"a@mx.spam.example": "blocked-domain", "b@example.org": "blocked-network", "c@example.org": ""},
        )

    def test_a_bad_form_is_shown_again_and_writes_nothing(self) -> None:
        response = self.client.post(self.sign_url, sign_data("not-an-email", consent_count=""))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Signature.objects.count(), 0)

    def test_a_name_with_a_link_or_a_formula_is_refused(self) -> None:
        for name in ("=HYPERLINK(1)", "visit www.spam.example"):
            self.assertEqual(self.sign("x@example.org", name=name).status_code, 400)
        self.assertEqual(Signature.objects.count(), 0)

    def test_a_closed_petition_refuses_signatures(self) -> None:
        self.petition.is_open = False
        self.petition.save()
        self.assertEqual(self.sign("ada@example.org").status_code, 400)
        self.assertEqual(Signature.objects.count(), 0)

    def test_each_language_signs_and_gets_its_mail_in_that_language(self) -> None:
        no_rate_limits()
        for language in ("en", "fr", "es"):
            self.client.cookies["django_language"] = language
            self.sign(f"{language}@example.org", HTTP_ACCEPT_LANGUAGE=language)
        services.signatures_process()
        self.assertEqual(
            dict(Signature.objects.values_list("email", "language")),
            {"en@example.org": "en", "fr@example.org": "fr", "es@example.org": "es"},
        )
        subjects = {m.to[0]: m.subject for m in mail.outbox}
        self.assertIn("Protéger les enfants", subjects["fr@example.org"])
        self.assertIn("Proteger a la infancia", subjects["es@example.org"])

    def test_mails_of_one_batch_each_carry_their_own_signers_links_in_their_language(self) -> None:
        # The body is rendered once per petition and language; the links are filled in per signer.
        no_rate_limits()
        emails = {"a@example.org": "fr", "b@example.org": "fr", "c@example.org": "en", "d@example.org": "fr"}
        for email, language in emails.items():
            self.client.cookies["django_language"] = language
            self.sign(email, HTTP_ACCEPT_LANGUAGE=language)
        self.assertEqual(services.signatures_process().mailed, 4)
        bodies = {m.to[0]: m.body for m in mail.outbox}
        self.assertIn("Merci", bodies["a@example.org"])
        self.assertNotIn("Merci", bodies["c@example.org"])
        self.assertNotIn("\x00", "".join(bodies.values()))
        tokens = {email: last_token(email) for email in emails}
        self.assertEqual(len(set(tokens.values())), 4)
        self.assertEqual(len({last_token(email, REMOVE) for email in emails}), 4)
        self.assertEqual(len({last_token(email, DATA) for email in emails}), 4)
        for email, token in tokens.items():
            self.assertEqual(self.client.post(f"/campaigns/confirm/{token}/").status_code, 200)
            self.assertEqual(Signature.objects.get(email=email).status, "confirmed")
        self.assertEqual(self.count(), 4)

    def test_the_signer_removes_the_signature_and_it_stops_counting(self) -> None:
        self.sign("ada@example.org")
        services.signatures_process()
        self.client.post(f"/campaigns/confirm/{last_token('ada@example.org')}/")
        self.assertEqual(self.count(), 1)
        link = last_token("ada@example.org", REMOVE)
        self.assertEqual(self.client.get(f"/campaigns/remove/{link}/").status_code, 200)
        self.assertEqual(self.count(), 1)  # GET changes nothing
        self.assertEqual(self.client.post(f"/campaigns/remove/{link}/").status_code, 200)
        self.assertEqual(self.count(), 0)
        signature = Signature.objects.get()
        self.assertEqual(
            (signature.status, signature.email, signature.name, signature.email_hmac),
            ("removed", "", "", None),
        )
        self.assertEqual(self.client.post(f"/campaigns/remove/{link}/").status_code, 404)

    def test_this_was_not_me_removes_a_pending_signature(self) -> None:
        self.sign("ada@example.org")
        services.signatures_process()
        link = last_token("ada@example.org", REMOVE)
        self.client.post(f"/campaigns/remove/{link}/", {"not_me": "1"})
        self.assertEqual(Signature.objects.get().status_reason, "not-me")

    def test_the_signer_gets_a_copy_of_their_data(self) -> None:
        self.sign("ada@example.org", consent_news="on")
        services.signatures_process()
        link = last_token("ada@example.org", DATA)
        self.assertContains(self.client.get(f"/campaigns/my-data/{link}/"), "ada@example.org")
        response = self.client.get(f"/campaigns/my-data/{link}/?format=json")
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertTrue(response.json()["consents"]["keep_me_informed"])
        self.assertEqual(self.client.get("/campaigns/my-data/forged/").status_code, 404)

    @override_settings(PROXY_COUNT=1)
    def test_the_client_ip_comes_from_the_trusted_proxy_only(self) -> None:
        self.client.post(
            self.sign_url,
            sign_data("ada@example.org"),
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.50",
        )
        from .. import identity

        self.assertEqual(Signature.objects.get().ip_hash, identity.ip_hashes("203.0.113.50")[0])
