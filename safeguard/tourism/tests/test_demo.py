"""The demo: sized to the mission, every lifecycle state, idempotent, and the personas' pages exist."""

from __future__ import annotations

from django.db.models import Count
from django.test import TestCase

from safeguard.accounts.demo import _load_network
from safeguard.tourism import demo
from safeguard.tourism.models import AnnualReport, Representative, Signatory, State


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        _load_network()
        # Its speed (target: under 15 s) is measured by bench/tourism/bench.py, not asserted here.
        cls.logins = demo.load_demo()

    def test_it_is_sized_to_the_mission(self) -> None:
        self.assertEqual(Signatory.objects.count(), 1300)
        self.assertEqual(Signatory.objects.values("country").distinct().count(), 42)
        states = set(Signatory.objects.values_list("state", flat=True))
        self.assertEqual(states, set(State.values))
        statuses = set(AnnualReport.objects.values_list("status", flat=True))
        self.assertTrue({"accepted", "returned", "missed", "draft", "submitted", "reviewed"} <= statuses)

    def test_a_second_run_changes_nothing(self) -> None:
        counts = (Signatory.objects.count(), AnnualReport.objects.count(), Representative.objects.count())
        demo.load_demo()
        self.assertEqual(
            counts, (Signatory.objects.count(), AnnualReport.objects.count(), Representative.objects.count())
        )

    def test_the_demo_company_is_an_active_member_with_a_report_in_progress(self) -> None:
        blue = Signatory.objects.get(slug="blue-lagoon-tours")
        self.assertEqual(blue.state, State.ACTIVE)
        report = blue.reports.get(year=demo.blue_lagoon_report_year())
        self.assertEqual(report.status, "draft")
        self.assertTrue(report.answers.exclude(narrative="").exists())

    def test_the_representative_persona_sees_thailand(self) -> None:
        from safeguard.accounts.models import User

        lcr = User.objects.get(email=demo.LCR_EMAIL)
        self.assertEqual([login.email for login in self.logins], [demo.LCR_EMAIL])
        self.client.force_login(lcr)
        response = self.client.get("/code/manage/")
        self.assertEqual(response.status_code, 200)
        self.assertGreater(response.context["total_members"], 50)
        self.assertEqual({r["country"].iso2 for r in response.context["rows"]}, {"TH"})

    def test_some_countries_have_no_representative(self) -> None:
        from safeguard.tourism.dashboards import coverage_gaps

        self.assertTrue(coverage_gaps())
        self.assertTrue(
            Signatory.objects.filter(state="active").values("country").annotate(n=Count("pk")).exists()
        )
