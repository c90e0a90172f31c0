"""The frameworks data file and the demo loader."""

from __future__ import annotations

import copy
import io

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import TestCase

from safeguard.online import demo
from safeguard.online.frameworks import load_frameworks, read_data, validate_data
from safeguard.online.models import (
    Capability,
    CapabilityAssessment,
    Domain,
    IndustryCommitment,
    OnlineActor,
    ReportingChannel,
)
from safeguard.online.queries import directory_for

from .factories import country

# The spec's table: capability numbers 1, 4 and 12 are confirmed in the sources.
SPEC_NAMES = {
    1: "Leadership",
    4: "Dedicated law enforcement",
    12: "CSEA hotline",
    21: "Universal terminology",
}


class FrameworkDataTests(TestCase):
    def test_the_migration_loads_the_model_national_response_2015(self) -> None:
        capabilities = Capability.objects.filter(
            framework_version__framework__code="mnr", framework_version__version="2015"
        )
        self.assertEqual(capabilities.count(), 21)
        self.assertEqual(
            Domain.objects.filter(
                framework_version__version="2015", framework_version__framework__code="mnr"
            ).count(),
            6,
        )
        for number, name in SPEC_NAMES.items():
            self.assertTrue(capabilities.get(number=number).name_en.startswith(name))
        domains = [
            d.name_en
            for d in Domain.objects.filter(
                framework_version__framework__code="mnr", framework_version__version="2015"
            )
        ]
        self.assertEqual(
            domains,
            [
                "Policy and governance",
                "Criminal justice",
                "Victim",
                "Societal",
                "Industry",
                "Media and communications",
            ],
        )

    def test_the_cross_walk_links_frameworks(self) -> None:
        hotline = Capability.objects.get(code="MNR-2015-12")
        self.assertIn("ITU-COP-5", [c.code for c in hotline.mapped_from.all()])
        merged = Capability.objects.get(code="MNR-2022-16")
        self.assertEqual(sorted(c.code for c in merged.mapped_from.all()), ["MNR-2015-16", "MNR-2015-17"])

    def test_loading_twice_changes_nothing(self) -> None:
        before = list(Capability.objects.order_by("code").values_list("code", "name_fr", "domain_id"))
        out = io.StringIO()
        call_command("online_load_frameworks", stdout=out)
        self.assertIn("63 capabilities", out.getvalue())
        after = list(Capability.objects.order_by("code").values_list("code", "name_fr", "domain_id"))
        self.assertEqual(before, after)

    def test_a_broken_file_is_refused_with_every_problem(self) -> None:
        data = copy.deepcopy(read_data())
        mnr = data["frameworks"][0]["versions"][0]
        mnr["capabilities"].pop()
        mnr["capabilities"][0]["domain"] = "nowhere"
        mnr["capabilities"][1]["name_fr"] = ""
        with self.assertRaises(ValidationError) as caught:
            validate_data(data)
        text = " ".join(caught.exception.messages)
        self.assertIn("21 capabilities in six domains", text)
        self.assertIn("unknown domain nowhere", text)
        self.assertIn("name_fr is missing", text)
        with self.assertRaises(ValidationError):
            load_frameworks(data, lambda name: apps.get_model("online", name))

    def test_the_command_reports_a_broken_file(self) -> None:
        import json
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bad.json"
            path.write_text(json.dumps({"data_version": "one", "frameworks": []}))
            with self.assertRaises(CommandError):
                call_command("online_load_frameworks", file=path, stdout=io.StringIO())


class DemoTests(TestCase):
    def test_the_demo_covers_what_the_issue_asks_and_loads_once(self) -> None:
        self.assertEqual(demo.load(), [])
        published = CapabilityAssessment.objects.published().values("country").distinct().count()
        self.assertGreaterEqual(published, 40)
        national = set(
            ReportingChannel.objects.shown().exclude(country=None).values_list("country__iso2", flat=True)
        )
        self.assertEqual(national, set(demo.DIRECTORY_COUNTRIES))
        companies = IndustryCommitment.objects.values("actor").distinct().count()
        self.assertGreaterEqual(companies, 30)
        # National services are clearly demo; the two fallbacks are the real international directories.
        for channel in ReportingChannel.objects.exclude(country=None):
            self.assertIn(".example.org/", channel.url)
        counts = [
            m.objects.count()
            for m in (OnlineActor, ReportingChannel, CapabilityAssessment, IndustryCommitment)
        ]
        self.assertEqual(demo.load(), [])
        self.assertEqual(
            counts,
            [
                m.objects.count()
                for m in (OnlineActor, ReportingChannel, CapabilityAssessment, IndustryCommitment)
            ],
        )

    def test_demo_countries_without_a_hotline_get_the_fallback(self) -> None:
        demo.load()
        directory = directory_for(country(demo.NO_HOTLINE[0]))
        self.assertFalse(directory.has_hotline)
        self.assertTrue(directory.fallbacks)
        self.assertTrue(directory_for(country("KE")).has_hotline)


class RegistrationTests(TestCase):
    def test_the_app_registers_its_demo_loader_section_figure_and_nav_item(self) -> None:
        from safeguard.lib import registry

        self.assertEqual(registry.demo_loaders._providers["online"], (60, demo.load))
        self.assertIn("online", registry.country_sections._providers)
        self.assertIn("online", registry.glance_figures._providers)
        self.assertEqual(registry.nav_items._providers["online"][1].url_name, "online:where-to-report")

    def test_the_tracker_overview_draws_the_map_with_a_table_beside_it(self) -> None:
        demo.load()
        html = self.client.get("/online/").content.decode()
        self.assertIn('<svg class="world-map"', html)
        self.assertIn("<caption>Countries with assessments</caption>", html)
        self.assertIn('href="/online/countries/ke/"', html)
        self.assertNotIn('href="/online/countries/cm/"', html)  # Cameroon's assessments are internal
