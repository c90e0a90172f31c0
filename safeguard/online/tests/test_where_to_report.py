"""The "where to report" lookup: the right order, the fallback, and the hard rule (no intake)."""

from __future__ import annotations

from html.parser import HTMLParser

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from safeguard.accounts.models import SecurityEvent
from safeguard.online.models import ReportingChannel
from safeguard.testing import PersonaTestCase

from .factories import make_channel

K = ReportingChannel.Kind
LANGUAGES = ("en", "fr", "es")
READS = ("SELECT", "SAVEPOINT", "RELEASE")


class Tags(HTMLParser):
    """Every start tag with its attributes, and which form (by index) each one sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None], int | None]] = []
        self.forms: list[dict[str, str | None]] = []
        self._form: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append(attributes)
            self._form = len(self.forms) - 1
        self.tags.append((tag, attributes, self._form))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None

    def named(self, *names: str) -> list[tuple[str, dict[str, str | None], int | None]]:
        return [t for t in self.tags if t[0] in names]


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


class DirectoryTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Created out of order on purpose: the page orders by kind, then priority.
        cls.helpline = make_channel(kind=K.HELPLINE, name="Kenya Helpline", accepts="grooming")
        cls.prevention = make_channel(kind=K.OFFENDER_PREVENTION, name="Kenya Prevention")
        cls.police = make_channel(kind=K.POLICE_ONLINE, name="Kenya Police Online")
        cls.hotline2 = make_channel(kind=K.HOTLINE, name="Kenya Second Hotline", priority=20)
        cls.hotline = make_channel(
            kind=K.HOTLINE,
            name="Kenya Hotline",
            priority=1,
            anonymous=True,
            languages="en,sw",
            accepts="csam",
        )
        cls.emergency = make_channel(kind=K.EMERGENCY, name="Kenya Emergency", url="", phone="+254 999")
        cls.unverified = make_channel(kind=K.HELPLINE, name="Kenya Old Helpline", status="unverified")
        cls.inactive = make_channel(kind=K.HOTLINE, name="Kenya Closed Hotline", status="inactive")
        cls.internal = make_channel(kind=K.HOTLINE, name="Kenya Draft Hotline", visibility="internal")
        cls.fallback = make_channel(
            country=None,
            kind=K.HOTLINE,
            name="International Hotline Directory",
            is_international_fallback=True,
        )
        cls.peru_helpline = make_channel(country="PE", kind=K.HELPLINE, name="Peru Helpline")


class OrderAndFallbackTests(DirectoryTestCase):
    def test_the_lookup_form_sends_the_visitor_to_the_country_page(self) -> None:
        response = self.client.get("/online/where-to-report/?country=ke")
        self.assertRedirects(response, "/online/where-to-report/ke/")

    def test_an_unknown_country_code_shows_the_form_again(self) -> None:
        response = self.client.get("/online/where-to-report/?country=zz")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "We do not know that country code")

    def test_codes_are_lower_case_in_addresses(self) -> None:
        self.assertEqual(self.client.get("/online/where-to-report/KE/").status_code, 404)
        self.assertEqual(self.client.get("/online/where-to-report/zz/").status_code, 404)

    def test_services_come_in_the_order_to_contact_them(self) -> None:
        html = self.client.get("/online/where-to-report/ke/").content.decode()
        names = [
            "Kenya Emergency",
            "Kenya Hotline",
            "Kenya Second Hotline",
            "Kenya Police Online",
            "Kenya Helpline",
            "Kenya Old Helpline",
            "Kenya Prevention",
        ]
        positions = [html.index(f"<h4>{name}</h4>") for name in names]
        self.assertEqual(positions, sorted(positions))

    def test_a_country_with_a_hotline_gets_no_fallback(self) -> None:
        response = self.client.get("/online/where-to-report/ke/")
        self.assertNotContains(response, "International Hotline Directory")

    def test_a_country_without_a_hotline_gets_the_international_fallback(self) -> None:
        response = self.client.get("/online/where-to-report/pe/")
        self.assertContains(response, "No national hotline listed")
        self.assertContains(response, "International Hotline Directory")
        self.assertContains(response, "Peru Helpline")

    def test_a_country_with_nothing_listed_still_gets_advice_and_the_fallback(self) -> None:
        response = self.client.get("/online/where-to-report/fr/")
        self.assertContains(response, "call your local emergency number")
        self.assertContains(response, "International Hotline Directory")

    def test_unverified_entries_are_shown_with_a_warning(self) -> None:
        response = self.client.get("/online/where-to-report/ke/")
        self.assertContains(response, "Kenya Old Helpline")
        self.assertContains(response, "Warning: we could not confirm this entry recently", count=1)

    def test_withdrawn_and_unpublished_entries_are_not_shown(self) -> None:
        for persona in ("anonymous", "secretariat_admin"):
            self.login(self.persona(persona))
            response = self.client.get("/online/where-to-report/ke/")
            self.assertNotContains(response, "Kenya Closed Hotline")
            self.assertNotContains(response, "Kenya Draft Hotline")

    def test_the_guidance_says_not_to_download_screenshot_or_forward(self) -> None:
        for path in ("/online/where-to-report/", "/online/where-to-report/ke/"):
            response = self.client.get(path)
            self.assertContains(response, "Do not download, screenshot, copy, forward or keep the material")

    def test_details_of_each_service_are_shown(self) -> None:
        response = self.client.get("/online/where-to-report/ke/")
        self.assertContains(response, "Anonymous reports possible")
        self.assertContains(response, "child sexual abuse material")
        self.assertContains(response, 'href="tel:+254999"')

    def test_the_page_answers_in_three_queries(self) -> None:
        with self.assertNumQueries(3):  # the country, the country list, the channels
            self.client.get("/online/where-to-report/ke/")


class HardRuleTests(DirectoryTestCase):
    """No field that can carry content or an address; no embedded form; nothing logged per visitor."""

    def report_pages(self) -> list[str]:
        return ["/online/where-to-report/", "/online/where-to-report/ke/", "/online/where-to-report/pe/"]

    def assert_lookup_only(self, html: str, where: str) -> None:
        page = parse(html)
        self.assertEqual(page.named("textarea", "iframe", "frame", "embed", "object"), [], where)
        for form in page.forms:
            self.assertNotEqual(form.get("enctype"), "multipart/form-data", where)
        for _tag, attrs, form_index in page.named("input", "select", "button"):
            self.assertNotEqual(attrs.get("type"), "file", where)
            self.assertNotEqual(attrs.get("type"), "url", where)
            self.assertIsNotNone(form_index, f"{where}: a field outside any form")
        for index, form in enumerate(page.forms):
            fields = [(t, a) for t, a, f in page.named("input", "select", "textarea") if f == index]
            if form.get("action") == "/i18n/setlang/":
                # The footer's language switch: the language, where to return, Django's CSRF token.
                self.assertEqual(
                    sorted(a.get("name") for _t, a in fields),
                    ["csrfmiddlewaretoken", "language", "next"],
                    where,
                )
                self.assertTrue(all(a.get("type") == "hidden" for t, a in fields if t == "input"), where)
            else:
                self.assertEqual(form.get("method"), "get", where)
                self.assertEqual(form.get("action"), "/online/where-to-report/", where)
                self.assertEqual([(t, a.get("name")) for t, a in fields], [("select", "country")], where)

    def test_report_pages_hold_no_field_but_the_country_select_in_every_language(self) -> None:
        for language in LANGUAGES:
            for path in self.report_pages():
                with translation.override(language):
                    response = self.client.get(path, HTTP_ACCEPT_LANGUAGE=language)
                self.assertEqual(response["Content-Language"], language)
                self.assert_lookup_only(response.content.decode(), f"{path} [{language}]")

    def test_the_check_catches_an_intake_field(self) -> None:
        """The parser is not blind: a textarea, a URL field or an upload would fail the test."""
        for bad in (
            '<form method="get" action="/online/where-to-report/"><textarea name="x"></textarea></form>',
            '<form method="get" action="/online/where-to-report/"><input type="url" name="u"></form>',
            '<form method="post" enctype="multipart/form-data"><input type="file" name="f"></form>',
            '<iframe src="https://hotline.example.org/form"></iframe>',
        ):
            with self.assertRaises(AssertionError):
                self.assert_lookup_only(bad, "bad")

    def test_links_to_services_are_plain_outbound_links_without_referrer(self) -> None:
        html = self.client.get("/online/where-to-report/ke/").content.decode()
        links = [a for _t, a, _f in parse(html).named("a") if (a.get("href") or "").startswith("https://")]
        self.assertGreaterEqual(len(links), 6)
        hrefs = [a.get("href") or "" for _t, a, _f in parse(html).named("a")]
        self.assertEqual([h for h in hrefs if h.startswith("mailto:")], [], "no e-mail intake either")
        for attrs in links:
            self.assertEqual(attrs.get("rel"), "noopener noreferrer")
            self.assertEqual(attrs.get("referrerpolicy"), "no-referrer")
            self.assertEqual(attrs.get("target"), "_blank")

    def test_the_pages_send_no_referrer_and_may_be_cached(self) -> None:
        for path in self.report_pages():
            response = self.client.get(path)
            self.assertEqual(response["Referrer-Policy"], "no-referrer")
            self.assertIn("max-age=300", response["Cache-Control"])

    def test_looking_up_writes_nothing_and_starts_no_session(self) -> None:
        for persona in ("anonymous", "member_viewer", "secretariat_admin"):
            self.login(self.persona(persona))
            events = SecurityEvent.objects.count()
            session_before = self.client.session.session_key
            lookups = [
                *self.report_pages(),
                "/online/where-to-report/?country=pe",
                "/api/v1/online/where-to-report/ke",
            ]
            for path in lookups:
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(path)
                self.assertIn(response.status_code, (200, 302))
                writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith(READS)]
                self.assertEqual(writes, [], f"{path} as {persona}")
                self.assertNotIn("sessionid", response.cookies, f"{path} as {persona}")
            self.assertEqual(self.client.session.session_key, session_before)
            self.assertEqual(SecurityEvent.objects.count(), events, persona)

    def test_the_directory_is_the_same_for_everyone(self) -> None:
        def main(persona: str, path: str) -> str:
            self.login(self.persona(persona))
            html = self.client.get(path).content.decode()
            return html[html.index("<main") : html.index("</main>")]

        for path in self.report_pages():
            anonymous = main("anonymous", path)
            for persona in ("member_viewer", "outsider", "company_contact", "secretariat_admin"):
                self.assertEqual(main(persona, path), anonymous, f"{path} as {persona}")

    def test_report_pages_refuse_posts(self) -> None:
        for path in self.report_pages():
            response = self.client.post(path, {"url": "https://example.org/x", "text": "x"})
            self.assertEqual(response.status_code, 405)
        self.assertEqual(ReportingChannel.objects.count(), 11)
