import json
from pathlib import Path

from django.test import TestCase

from safeguard.countries.models import Country, Region
from safeguard.lib.registry import ProfileSection, country_sections
from safeguard.testing import make_organisation

DATA = json.loads((Path(__file__).resolve().parents[1] / "data" / "countries-v1.json").read_text())


class CountryDataTests(TestCase):
    def test_the_data_file_covers_every_iso_country_with_unique_codes(self) -> None:
        countries = DATA["countries"]
        self.assertEqual(len(countries), 249)
        for key in ("iso2", "iso3", "numeric"):
            self.assertEqual(len({c[key] for c in countries}), 249, key)

    def test_every_country_has_names_in_three_languages(self) -> None:
        for c in DATA["countries"]:
            for lang in ("en", "fr", "es"):
                self.assertTrue(c[f"name_{lang}"].strip(), (c["iso2"], lang))

    def test_only_antarctica_lies_outside_the_m49_regions(self) -> None:
        self.assertEqual([c["iso2"] for c in DATA["countries"] if c["region"] is None], ["AQ"])

    def test_the_migration_loaded_countries_and_regions(self) -> None:
        self.assertEqual(Country.objects.count(), 249)
        self.assertEqual(Region.objects.filter(level=1).count(), 5)
        thailand = Country.objects.with_regions().get(iso2="TH")
        self.assertEqual((thailand.iso3, thailand.numeric), ("THA", "764"))
        self.assertEqual((thailand.region.m49, thailand.sub_region.m49), ("142", "035"))
        mexico = Country.objects.get(iso2="MX")
        self.assertEqual(
            [mexico.region.m49, mexico.sub_region.m49, mexico.intermediate_region.m49], ["019", "419", "013"]
        )

    def test_every_region_sits_under_a_region_one_level_up(self) -> None:
        for region in Region.objects.exclude(level=1).select_related("parent"):
            self.assertEqual(region.parent.level, region.level - 1, region.m49)

    def test_names_follow_the_active_language(self) -> None:
        from django.utils import translation

        germany = Country.objects.get(iso2="DE")
        with translation.override("fr"):
            self.assertEqual(germany.name, "Allemagne")
        with translation.override("es"):
            self.assertEqual(germany.name, "Alemania")
        with translation.override("de"):
            self.assertEqual(germany.name, "Germany")


class CountryListTests(TestCase):
    def test_it_lists_every_country(self) -> None:
        response = self.client.get("/countries/")
        self.assertContains(response, "249 countries")
        self.assertContains(response, 'href="/countries/th/"')

    def test_it_finds_countries_by_name_in_any_language_or_code(self) -> None:
        self.assertContains(self.client.get("/countries/", {"q": "allemagne"}), "1 country")
        self.assertContains(self.client.get("/countries/", {"q": "THA"}), "Thailand")

    def test_it_filters_by_region(self) -> None:
        response = self.client.get("/countries/", {"region": "009"})
        self.assertContains(response, "Fiji")
        self.assertNotContains(response, "Kenya")

    def test_an_unknown_region_shows_every_country(self) -> None:
        self.assertContains(self.client.get("/countries/", {"region": "999"}), "249 countries")

    def test_it_shows_names_in_french(self) -> None:
        response = self.client.get("/countries/", headers={"accept-language": "fr"})
        self.assertContains(response, "Allemagne")

    def test_it_uses_a_fixed_number_of_queries(self) -> None:
        with self.assertNumQueries(2):
            self.client.get("/countries/")

    def test_it_refuses_post(self) -> None:
        self.assertEqual(self.client.post("/countries/").status_code, 405)


class CountryProfileTests(TestCase):
    def test_it_shows_the_country_and_its_region(self) -> None:
        response = self.client.get("/countries/ke/")
        self.assertContains(response, "<h1>Kenya</h1>", html=True)
        self.assertContains(response, "Eastern Africa")

    def test_codes_in_capitals_or_unknown_codes_are_404(self) -> None:
        self.assertEqual(self.client.get("/countries/KE/").status_code, 404)
        self.assertEqual(self.client.get("/countries/zz/").status_code, 404)

    def test_it_shows_the_sections_other_apps_register(self) -> None:
        make_organisation(name="Kenya Hotline", kind="partner", partner_type="hotline", country="KE")
        self.assertContains(self.client.get("/countries/ke/"), "Kenya Hotline")

    def test_a_new_app_adds_a_section_without_touching_countries(self) -> None:
        def provider(request, country):  # type: ignore[no-untyped-def]
            return ProfileSection("test", "Test section", "accounts/_country_organisations.html", {})

        country_sections.register("test-app", provider)
        self.addCleanup(country_sections.unregister, "test-app")
        self.assertContains(self.client.get("/countries/ke/"), "Test section")

    def test_it_refuses_post(self) -> None:
        self.assertEqual(self.client.post("/countries/ke/").status_code, 405)


class CountryApiTests(TestCase):
    def test_it_lists_countries_with_regions(self) -> None:
        data = self.client.get("/api/v1/countries").json()
        self.assertEqual(len(data), 249)
        thailand = next(c for c in data if c["iso2"] == "TH")
        self.assertEqual(thailand["sub_region"]["m49"], "035")
        self.assertEqual(thailand["name_fr"], "Thaïlande")

    def test_it_filters_by_any_m49_level(self) -> None:
        data = self.client.get("/api/v1/countries", {"region": "035"}).json()
        self.assertEqual(len(data), 11)
        self.assertIn("TH", {c["iso2"] for c in data})

    def test_it_returns_one_country_in_either_case(self) -> None:
        self.assertEqual(self.client.get("/api/v1/countries/fr").json()["iso3"], "FRA")
        self.assertEqual(self.client.get("/api/v1/countries/FR").json()["iso3"], "FRA")

    def test_an_unknown_country_is_404(self) -> None:
        self.assertEqual(self.client.get("/api/v1/countries/zz").status_code, 404)

    def test_the_list_takes_one_query(self) -> None:
        with self.assertNumQueries(1):
            self.client.get("/api/v1/countries")
