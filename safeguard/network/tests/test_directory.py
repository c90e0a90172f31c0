import csv
import io
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from safeguard.accounts.models import SecurityEvent
from safeguard.countries.models import Country
from safeguard.lib.registry import glance_figures
from safeguard.network import directory
from safeguard.network.models import CountryCoverage, Status
from safeguard.testing import PersonaTestCase, make_organisation

from .factories import make_record


class DirectoryTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.kenya = make_record(cls.member_org, status=Status.FULL, region="africa")
        cls.peru = make_record(
            cls.other_org, status=Status.PROVISIONAL, region="americas", category="affiliate"
        )
        CountryCoverage.objects.create(
            record=cls.peru,
            country=Country.objects.get(iso2="BO"),
            role="secondary",
            start_date=date(2021, 1, 1),
        )
        cls.gone = make_record(make_organisation(name="Gone Org", country="FR"), status=Status.WITHDRAWN)

    def test_the_directory_lists_current_members_only(self) -> None:
        response = self.client.get("/network/")
        self.assertContains(response, "Kenya Member")
        self.assertContains(response, "Peru Member")
        self.assertNotContains(response, "Gone Org")

    def test_filters_by_name_country_region_and_category(self) -> None:
        cases = {
            "?q=kenya": ["Kenya Member"],
            "?country=BO": ["Peru Member"],  # works there, based elsewhere
            "?region=africa": ["Kenya Member"],
            "?category=affiliate": ["Peru Member"],
        }
        for query, names in cases.items():
            response = self.client.get("/network/" + query)
            shown = [r.organisation.name for r in response.context["records"]]
            self.assertEqual(shown, names, query)

    def test_the_directory_takes_a_fixed_number_of_queries(self) -> None:
        for _ in range(5):
            make_record(make_organisation())
        with self.assertNumQueries(6):
            self.client.get("/network/")

    def test_the_map_shows_covered_countries_and_gaps(self) -> None:
        response = self.client.get("/network/")
        self.assertContains(response, 'class="map-level-3" data-country="BO"')
        self.assertContains(response, 'class="map-level-0" data-country="FR"')  # withdrawn: a gap
        self.assertEqual([c.iso2 for c, _n in response.context["coverage"]["covered"]], ["BO", "KE", "PE"])

    def test_the_public_profile_hides_withdrawn_members(self) -> None:
        self.assertContains(self.client.get("/network/members/kenya-member/"), "Kenya Member")
        self.assertEqual(self.client.get(f"/network/members/{self.gone.organisation.slug}/").status_code, 404)

    def test_the_country_profile_lists_members_working_there(self) -> None:
        response = self.client.get("/countries/bo/")
        self.assertContains(response, "Members of the network working here")
        self.assertContains(response, "Peru Member")

    def test_the_home_page_counts_admitted_members_and_covered_countries(self) -> None:
        self.assertIs(glance_figures._providers["accounts"][1], directory.glance)  # replaces accounts'
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        figures = {f.key: f.value for f in directory.glance(request)}
        self.assertEqual(figures["member-organisations"], 2)
        self.assertEqual(figures["member-countries"], 3)

    def test_the_api_lists_and_filters_the_directory(self) -> None:
        members = self.client.get("/api/v1/network/members").json()
        self.assertEqual([m["slug"] for m in members], ["kenya-member", "peru-member"])
        self.assertEqual(members[1]["countries_covered"], ["BO", "PE"])
        self.assertEqual(len(self.client.get("/api/v1/network/members?country=bo").json()), 1)
        self.assertEqual(self.client.get("/api/v1/network/members?country=ZZ").json(), [])
        self.assertEqual(
            self.client.get("/api/v1/network/members/peru-member").json()["category"], "affiliate"
        )
        self.assertEqual(
            self.client.get(f"/api/v1/network/members/{self.gone.organisation.slug}").status_code, 404
        )


class ExportTests(PersonaTestCase):
    def test_the_secretariat_exports_a_formula_safe_csv_and_it_is_logged(self) -> None:
        make_record(make_organisation(name="=HYPERLINK(1)", slug="formula"))
        self.login(self.secretariat_admin)
        response = self.client.get("/network/records/export.csv")
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        self.assertEqual(rows[0][0], "organisation")
        self.assertEqual(rows[1][0], "'=HYPERLINK(1)")
        self.assertTrue(SecurityEvent.objects.filter(kind="export", actor=self.secretariat_admin).exists())

    def test_members_cannot_export(self) -> None:
        for persona in (self.member_admin, self.outsider, None):
            self.login(persona)
            self.assertIn(self.client.get("/network/records/export.csv").status_code, (302, 404))
        self.assertFalse(SecurityEvent.objects.filter(kind="export").exists())
