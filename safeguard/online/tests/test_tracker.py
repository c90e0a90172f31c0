"""The tracker: internal assessments never reach the public; endorsement is not implementation."""

from __future__ import annotations

import json

from django.test import TestCase

from safeguard.online.models import CapabilityAssessment, IndustryCommitment, ReportingChannel
from safeguard.testing import PersonaTestCase

from .factories import country, make_actor, make_assessment, make_channel, make_commitment, make_instrument

PUBLIC = ("anonymous", "member_viewer", "member_admin", "outsider", "company_contact")
SECRET = "Internal-only-note-7781"


class InternalNeverPublicTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.published = make_assessment(capability="MNR-2015-1", level="established")
        cls.internal = make_assessment(
            capability="MNR-2015-12",
            level="mature",
            visibility="internal",
            note=SECRET,
            assessed_by="Analyst 7781",
        )
        # A country whose only assessment is internal must not appear at all.
        make_assessment(country="PE", capability="MNR-2015-1", visibility="internal", note=SECRET)
        make_instrument(title="Draft Strategy 7781", visibility="internal")
        make_instrument(title="Published Strategy")
        make_commitment(visibility="internal", stage="implementing")
        make_channel(kind=ReportingChannel.Kind.HOTLINE, name="Published Hotline")

    def surfaces(self) -> dict[str, str]:
        return {
            "index": "/online/",
            "country": "/online/countries/ke/",
            "country-pe": "/online/countries/pe/",
            "profile": "/countries/ke/",
            "profile-pe": "/countries/pe/",
            "regions": "/online/regions/",
            "commitments": "/online/commitments/",
            "api": "/api/v1/online/assessments",
            "api-country": "/api/v1/online/assessments?country=ke",
            "api-commitments": "/api/v1/online/commitments",
            "api-instruments": "/api/v1/online/instruments",
            "csv": "/online/export/assessments.csv",
        }

    def body(self, path: str) -> str:
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200, path)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        return content.decode()

    def test_no_public_surface_shows_an_internal_assessment(self) -> None:
        for persona in PUBLIC:
            self.login(self.persona(persona))
            for name, path in self.surfaces().items():
                html = self.body(path)
                with self.subTest(persona=persona, surface=name):
                    self.assertNotIn(SECRET, html)
                    self.assertNotIn("Analyst 7781", html)
                    self.assertNotIn("MNR-2015-12", html)
                    self.assertNotIn("Draft Strategy 7781", html)
                    self.assertNotIn("internal", html.lower().replace("international", ""))

    def test_the_heat_map_shows_the_internal_capability_as_not_assessed(self) -> None:
        html = self.body("/online/countries/ke/")
        row = html[html.index("12. CSEA hotline") :]
        row = row[: row.index("</tr>")]
        self.assertIn("not assessed", row)
        self.assertNotIn("mature", row)

    def test_the_public_api_lists_published_assessments_only(self) -> None:
        data = json.loads(self.body("/api/v1/online/assessments"))
        self.assertEqual([(a["country"], a["capability"]) for a in data], [("KE", "MNR-2015-1")])

    def test_the_public_export_lists_published_assessments_only(self) -> None:
        lines = self.body("/online/export/assessments.csv").strip().splitlines()
        self.assertEqual(len(lines), 2)
        self.assertIn("MNR-2015-1,", lines[1])

    def test_a_country_with_only_internal_assessments_is_not_listed(self) -> None:
        html = self.body("/online/")
        self.assertIn("/online/countries/ke/", html)
        self.assertNotIn("/online/countries/pe/", html)

    def test_secretariat_staff_see_internal_items_marked(self) -> None:
        self.login(self.secretariat_admin)
        html = self.body("/online/countries/ke/")
        self.assertIn(SECRET, html)
        self.assertIn("Draft Strategy 7781", html)
        self.assertIn('class="badge-internal"', html)
        data = json.loads(self.body("/api/v1/online/assessments"))
        self.assertEqual(len(data), 3)

    def test_the_country_page_queries_do_not_grow_with_the_data(self) -> None:
        from datetime import date

        from safeguard.online.models import Network, NetworkAffiliation

        network = Network.objects.create(code="inhope", name="INHOPE")

        def add_actor() -> None:
            actor = make_actor(kind="hotline", country=country("KE"))
            NetworkAffiliation.objects.create(actor=actor, network=network, since=date(2020, 1, 1))

        for code in ("MNR-2015-2", "MNR-2015-3", "MNR-2015-4"):
            make_assessment(capability=code)
        add_actor()
        with self.assertNumQueries(12):
            self.client.get("/online/countries/ke/")
        for code in ("MNR-2015-5", "MNR-2015-6", "MNR-2015-7"):
            make_assessment(capability=code)
        make_instrument(title="Another")
        make_commitment()
        add_actor()
        with self.assertNumQueries(12):
            self.client.get("/online/countries/ke/")

    def test_the_index_and_commitments_pages_have_constant_queries(self) -> None:
        for path, count in (("/online/", 3), ("/online/commitments/", 2), ("/online/regions/", 7)):
            with self.assertNumQueries(count):
                self.client.get(path)
            make_assessment(country="FR", capability=f"MNR-2015-{count + 10}")
            make_commitment(actor=make_actor(country=country("FR")))
            with self.assertNumQueries(count):
                self.client.get(path)


class CommitmentStageTests(PersonaTestCase):
    def test_an_endorsement_is_never_shown_as_implemented(self) -> None:
        endorsed = make_commitment(stage=IndustryCommitment.Stage.ENDORSED)
        verified = make_commitment(stage=IndustryCommitment.Stage.VERIFIED)
        self.assertFalse(endorsed.is_implemented)
        self.assertTrue(verified.is_implemented)
        api = {c["company"]: c for c in self.client.get("/api/v1/online/commitments").json()}
        self.assertFalse(api[endorsed.actor.name]["is_implemented"])
        self.assertEqual(api[endorsed.actor.name]["stage"], "endorsed")
        html = self.client.get("/online/commitments/").content.decode()
        section = html[html.index(f"<h3>{endorsed.actor.name}") :]
        section = section[: section.index("</table>")]
        self.assertIn("not yet shown", section)
        self.assertNotIn("<td>yes</td>", section)

    def test_a_commitment_names_exactly_one_instrument(self) -> None:
        from django.db import IntegrityError

        with self.assertRaises(IntegrityError):
            make_commitment(framework=None, instrument=None)


class HistoryTests(PersonaTestCase):
    def test_every_change_of_an_assessment_is_kept(self) -> None:
        assessment = make_assessment()
        assessment.level = assessment.level.framework_version.maturity_levels.get(code="mature")
        assessment.save()
        self.assertEqual(assessment.history.count(), 2)
        self.assertEqual(assessment.history.earliest().level.code, "developing")

    def test_every_change_of_a_channel_is_kept(self) -> None:
        channel = make_channel()
        channel.status = ReportingChannel.Status.UNVERIFIED
        channel.save()
        self.assertEqual(list(channel.history.values_list("status", flat=True)), ["unverified", "active"])


class RegionalViewTests(PersonaTestCase):
    def test_countries_without_a_hotline_are_listed(self) -> None:
        make_channel(country="KE", kind=ReportingChannel.Kind.HOTLINE)
        make_channel(country="PE", kind=ReportingChannel.Kind.HELPLINE)
        make_channel(country="FR", kind=ReportingChannel.Kind.HELPLINE)
        make_channel(country="FR", kind=ReportingChannel.Kind.HOTLINE, visibility="internal")
        make_channel(country="DE", kind=ReportingChannel.Kind.HOTLINE, visibility="internal")
        html = self.client.get("/online/regions/").content.decode()
        listing = html[html.index("Countries without a national hotline") :]
        self.assertIn("/online/where-to-report/pe/", listing)
        self.assertIn("/online/where-to-report/fr/", listing)
        self.assertNotIn("/online/where-to-report/ke/", listing)
        self.assertNotIn("/online/where-to-report/de/", listing)  # not in the public directory at all

    def test_gaps_are_counted_by_region_and_domain(self) -> None:
        make_assessment(country="KE", capability="MNR-2015-1", level="building")
        make_assessment(country="KE", capability="MNR-2015-2", level="mature")
        make_assessment(country="PE", capability="MNR-2015-3", level="not_started")
        html = self.client.get("/online/regions/").content.decode()
        africa = html[html.index('<th scope="row">Africa') :]
        self.assertIn("<td>1 of 2</td>", africa[: africa.index("</tr>")])
        americas = html[html.index('<th scope="row">Americas') :]
        self.assertIn("<td>1 of 1</td>", americas[: americas.index("</tr>")])


class ConstraintTests(TestCase):
    def test_a_channel_needs_an_address_and_https(self) -> None:
        from django.db import IntegrityError, transaction

        for bad in ({"url": "", "phone": ""}, {"url": "http://plain.example.org/"}):
            with self.subTest(bad=bad), self.assertRaises(IntegrityError), transaction.atomic():
                make_channel(**bad)

    def test_only_an_international_channel_can_be_the_fallback(self) -> None:
        from django.db import IntegrityError

        with self.assertRaises(IntegrityError):
            make_channel(is_international_fallback=True)

    def test_one_assessment_per_country_and_capability(self) -> None:
        from django.db import IntegrityError

        make_assessment()
        with self.assertRaises(IntegrityError):
            CapabilityAssessment.objects.create(**{
                f.name: getattr(CapabilityAssessment.objects.get(), f.name)
                for f in CapabilityAssessment._meta.concrete_fields if f.name != "id"
            })  # fmt: skip


class SharedPagesTests(PersonaTestCase):
    def test_the_country_profile_has_an_online_section_with_where_to_report(self) -> None:
        make_assessment()
        make_channel(name="Kenya Hotline")
        html = self.client.get("/countries/ke/").content.decode()
        self.assertIn('id="section-online"', html)
        self.assertIn("Kenya Hotline", html)
        self.assertIn('href="/online/where-to-report/ke/"', html)
        self.assertIn('rel="noopener noreferrer" referrerpolicy="no-referrer"', html)

    def test_the_navigation_offers_where_to_report_to_everyone(self) -> None:
        for persona in ("anonymous", "member_viewer"):
            self.login(self.persona(persona))
            self.assertContains(self.client.get("/"), 'href="/online/where-to-report/"')

    def test_the_home_page_counts_countries_in_the_directory(self) -> None:
        from safeguard.online.sections import glance

        make_channel(country="KE")
        make_channel(country="PE")
        make_channel(country="FR", visibility="internal")
        self.assertEqual(glance(None)[0].value, 2)

    def test_the_country_page_lists_organisations_and_their_networks(self) -> None:
        from datetime import date

        from safeguard.online.models import Network, NetworkAffiliation

        actor = make_actor(name="Kenya Hotline Org", kind="hotline", country=country("KE"))
        NetworkAffiliation.objects.create(
            actor=actor, network=Network.objects.create(code="inhope", name="INHOPE"), since=date(2015, 5, 1)
        )
        self.assertContains(self.client.get("/online/countries/ke/"), "INHOPE (member since 2015)")


class ApiTests(PersonaTestCase):
    def test_the_directory_api_gives_the_order_and_the_fallback(self) -> None:
        make_channel(country="PE", kind="child_helpline", name="Peru Helpline")
        make_channel(country="PE", kind="emergency_number", name="Peru Emergency", url="", phone="105")
        make_channel(country=None, kind="csam_hotline", name="World", is_international_fallback=True)
        data = self.client.get("/api/v1/online/where-to-report/pe").json()
        self.assertFalse(data["has_hotline"])
        self.assertEqual([c["name"] for c in data["channels"]], ["Peru Emergency", "Peru Helpline", "World"])
        self.assertEqual(self.client.get("/api/v1/online/where-to-report/zz").status_code, 404)

    def test_the_frameworks_api_carries_the_cross_walk(self) -> None:
        data = self.client.get("/api/v1/online/frameworks").json()
        itu = next(v for v in data if v["framework"] == "itu-cop-policy")
        reporting = next(c for c in itu["capabilities"] if c["code"] == "ITU-COP-5")
        self.assertEqual(reporting["maps_to"], ["MNR-2015-11", "MNR-2015-12"])


class PublishActionTests(PersonaTestCase):
    def test_staff_publish_from_the_admin_and_history_records_it(self) -> None:
        self.secretariat_admin.is_staff = self.secretariat_admin.is_superuser = True
        self.secretariat_admin.save()
        assessment = make_assessment(visibility="internal")
        self.login(self.secretariat_admin)
        response = self.client.post(
            "/admin/online/capabilityassessment/",
            {"action": "publish", "_selected_action": [assessment.pk]},
        )
        self.assertEqual(response.status_code, 302)
        assessment.refresh_from_db()
        self.assertEqual(assessment.visibility, "published")
        self.assertIn("published by", assessment.history.first().history_change_reason)
        self.login(None)
        self.assertContains(self.client.get("/api/v1/online/assessments"), assessment.capability.code)

    def test_the_regions_page_shows_how_fresh_the_directory_is(self) -> None:
        from datetime import date, timedelta

        make_channel(country="KE", last_verified_on=date.today() - timedelta(days=400))
        make_channel(country="KE", status="unverified")
        make_channel(country="KE")
        html = self.client.get("/online/regions/").content.decode()
        table = html[html.index("Directory entries by region") :]
        self.assertIn('<th scope="row">Africa</th><td>3</td><td>1</td><td>1</td>', table)
