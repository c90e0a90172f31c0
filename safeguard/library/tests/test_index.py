"""The search index carries what search filters and counts on, and follows every access change at once."""

from __future__ import annotations

import importlib
from unittest import mock

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguard.countries.models import Region
from safeguard.testing import PersonaTestCase

from .. import search as search_module
from ..indexing import index_drift
from ..models import LANGUAGE_BITS, THEME_BITS, Access, ResourceFile, SearchUnit
from ..search import Criteria, search
from ..services import embargoes_lift, file_access_change, resource_access_change
from .helpers import make_published, tomorrow

SECRET = "quetzalorium"


def slugs(user, q: str = SECRET, **criteria) -> set[str]:  # type: ignore[no-untyped-def]
    return {hit.version.resource.slug for hit in search(user, Criteria(q=q, **criteria)).hits}


def facet(results, key: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {b.value: b.count for b in next(f for f in results.facets if f.key == key).buckets}


class IndexRowTests(PersonaTestCase):
    def test_each_row_carries_access_type_year_themes_and_languages(self) -> None:
        version = make_published(
            self.member_editor,
            self.secretariat_admin,
            title="Guía",
            language="es",
            year=2019,
            resource_type="manual",
            themes=["online", "prevention"],
            file_access=Access.MEMBERS,
        )
        rows = {
            (u.file_id is not None): u
            for u in SearchUnit.objects.filter(version=version).select_related("file", "resource")
        }
        meta, text = rows[False], rows[True]
        self.assertEqual(
            (meta.resource_id, meta.resource_access, meta.file_access, meta.resource_type, meta.year),
            (version.resource_id, "public", "", "manual", 2019),
        )
        self.assertEqual(text.file_access, "members")
        self.assertEqual(meta.theme_bits, THEME_BITS["online"] | THEME_BITS["prevention"])
        self.assertEqual(text.language_bits, LANGUAGE_BITS["es"])
        self.assertEqual(index_drift(), [])

    def test_the_migration_fills_rows_from_their_sources(self) -> None:
        make_published(
            self.member_editor, self.secretariat_admin, themes=["trafficking"], file_access=Access.MEMBERS
        )
        SearchUnit.objects.update(resource_access="", resource_type="", year=0, theme_bits=0)
        SearchUnit.objects.filter(file__isnull=False).update(file_access=Access.PUBLIC)
        self.assertEqual(len(index_drift()), 2)
        self.assertEqual(search(AnonymousUser(), Criteria()).total, 0)  # empty level: never found
        migration = importlib.import_module("safeguard.library.migrations.0004_search_unit_filters_fill")
        migration.fill(apps, None)
        self.assertEqual(index_drift(), [])
        self.assertEqual(SearchUnit.objects.get(file__isnull=False).file_access, Access.MEMBERS)
        self.assertEqual(search(AnonymousUser(), Criteria()).total, 1)


class AccessChangeTests(PersonaTestCase):
    """A change of access is visible to the very next search, in results, snippets and counts."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.version = make_published(
            cls.member_editor,
            cls.secretariat_admin,
            title="Field notes on safe hotels",
            abstract="Notes from the field.",
            pages=["Intro page.", f"The {SECRET} protocol for hotel staff."],
            countries=["KE"],
        )
        cls.resource = cls.version.resource
        cls.file = ResourceFile.objects.get(version=cls.version)

    def test_making_a_resource_members_only_hides_it_from_the_public_at_once(self) -> None:
        self.assertEqual(slugs(AnonymousUser()), {self.resource.slug})
        resource_access_change(curator=self.secretariat_admin, resource=self.resource, access=Access.MEMBERS)
        self.assertEqual(index_drift(), [])
        public = search(AnonymousUser(), Criteria(q=SECRET))
        self.assertEqual((public.total, public.hits, public.facets), (0, [], []))
        self.assertEqual(search(AnonymousUser(), Criteria()).total, 0)
        self.assertEqual(slugs(self.member_viewer), {self.resource.slug})
        self.assertEqual(facet(search(self.member_viewer, Criteria()), "access"), {"members": 1})
        self.login(None)
        self.assertNotContains(self.client.get("/library/", {"q": SECRET}), "safe hotels")
        # And back: public again, for everyone, immediately.
        resource_access_change(curator=self.secretariat_admin, resource=self.resource, access=Access.PUBLIC)
        self.assertEqual(slugs(AnonymousUser()), {self.resource.slug})

    def test_restricting_a_resource_follows_the_named_organisations(self) -> None:
        resource_access_change(
            curator=self.secretariat_admin,
            resource=self.resource,
            access=Access.RESTRICTED,
            restricted_to=[self.other_org],
        )
        self.assertEqual(slugs(self.member_viewer), set())
        self.assertEqual(slugs(self.outsider), {self.resource.slug})
        resource_access_change(
            curator=self.secretariat_admin,
            resource=self.resource,
            access=Access.RESTRICTED,
            restricted_to=[self.member_org],
        )
        self.assertEqual(slugs(self.member_viewer), {self.resource.slug})
        self.assertEqual(slugs(self.outsider), set())
        self.assertEqual(slugs(AnonymousUser()), set())

    def test_closing_a_file_keeps_its_text_out_of_public_results_and_snippets(self) -> None:
        hit = search(AnonymousUser(), Criteria(q=SECRET)).hits[0]
        self.assertEqual(hit.page_number, 2)
        file_access_change(curator=self.secretariat_admin, file=self.file, access=Access.MEMBERS)
        self.assertEqual(index_drift(), [])
        self.assertEqual(search(AnonymousUser(), Criteria(q=SECRET)).total, 0)
        hits = search(AnonymousUser(), Criteria(q="safe hotels")).hits
        self.assertEqual([(h.version.pk, h.page_number) for h in hits], [(self.version.pk, None)])
        self.assertNotIn(SECRET, str(hits[0].snippet))
        self.assertEqual(search(self.member_viewer, Criteria(q=SECRET)).hits[0].page_number, 2)

    def test_an_embargo_set_then_lifted_changes_who_matches_the_text(self) -> None:
        file_access_change(
            curator=self.secretariat_admin, file=self.file, access=Access.EMBARGOED, embargo_until=tomorrow()
        )
        self.assertEqual(search(self.member_viewer, Criteria(q=SECRET)).total, 0)
        self.assertEqual(search(self.secretariat_admin, Criteria(q=SECRET)).total, 1)
        self.assertEqual(embargoes_lift(today=tomorrow()), 1)
        self.assertEqual(index_drift(), [])
        self.assertEqual(slugs(self.member_viewer), {self.resource.slug})
        self.assertEqual(slugs(AnonymousUser()), set())


class FacetTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        common = {"pages": ["Shared words about hotels and travel."]}
        cls.public_en = make_published(
            cls.member_editor,
            cls.secretariat_admin,
            title="Hotels one",
            year=2018,
            themes=["travel_tourism"],
            countries=["KE"],
            **common,
        )
        cls.public_fr = make_published(
            cls.member_editor,
            cls.secretariat_admin,
            title="Hôtels deux",
            language="fr",
            year=2020,
            resource_type="manual",
            themes=["online", "travel_tourism"],
            countries=["PE"],
            regions=[Region.objects.get(m49="419")],
            **common,
        )
        # Members only, with a type, theme, year, language and country no public resource has.
        cls.members = make_published(
            cls.member_editor,
            cls.secretariat_admin,
            title="Hotels three",
            language="es",
            year=2011,
            resource_type="policy_brief",
            themes=["legislation"],
            countries=["TH"],
            access=Access.MEMBERS,
            file_access=Access.MEMBERS,
            **common,
        )

    def test_public_facet_counts_never_include_members_only_resources(self) -> None:
        for q in ("", "hotels"):
            public = search(AnonymousUser(), Criteria(q=q))
            self.assertEqual(public.total, 2)
            self.assertEqual(facet(public, "resource_type"), {"research_report": 1, "manual": 1})
            self.assertEqual(facet(public, "theme"), {"travel_tourism": 2, "online": 1})
            self.assertEqual(facet(public, "year"), {"2018": 1, "2020": 1})
            self.assertEqual(facet(public, "language"), {"en": 1, "fr": 1})
            self.assertEqual(facet(public, "country"), {"KE": 1, "PE": 1})
            self.assertEqual(facet(public, "region"), {"419": 1})
            self.assertEqual(facet(public, "access"), {"public": 2})
            self.assertNotIn("TH", facet(public, "country"))
        member = search(self.member_viewer, Criteria(q="hotels"))
        self.assertEqual(member.total, 3)
        self.assertEqual(facet(member, "country"), {"KE": 1, "PE": 1, "TH": 1})
        self.assertEqual(facet(member, "theme")["legislation"], 1)
        self.assertEqual(facet(member, "access"), {"public": 2, "members": 1})

    def test_every_filter_narrows_on_the_index_rows(self) -> None:
        cases = {
            "theme": ("online", {self.public_fr}),
            "language": ("fr", {self.public_fr}),
            "country": ("KE", {self.public_en}),
            "year": (2018, {self.public_en}),
            "resource_type": ("manual", {self.public_fr}),
            "access": ("public", {self.public_en, self.public_fr}),
            "region": ("419", {self.public_fr}),  # Latin America and the Caribbean
        }
        for key, (value, expected) in cases.items():
            for q in ("", "hotels"):
                with self.subTest(key=key, q=q):
                    found = slugs(self.member_viewer, q, **{key: value})
                    self.assertEqual(found, {v.resource.slug for v in expected})
        self.assertEqual(slugs(self.member_viewer, "", theme="no-such-theme"), set())
        self.assertEqual(slugs(AnonymousUser(), "", access="members"), set())

    def test_facets_count_the_first_results_only_above_the_cap_and_the_page_says_so(self) -> None:
        self.assertIsNone(search(AnonymousUser(), Criteria()).facets_over)
        with mock.patch.object(search_module, "FACET_CAP", 1):
            results = search(AnonymousUser(), Criteria())
            self.assertEqual((results.total, results.facets_over), (2, 1))
            # Browse order is newest first: the count covers the 2020 resource only.
            self.assertEqual(facet(results, "year"), {"2020": 1})
            self.login(None)
            self.assertContains(self.client.get("/library/"), "Counts cover the first 1 results.")

    def test_a_search_costs_the_same_few_queries_whatever_the_number_of_results(self) -> None:
        def count(user, q: str) -> int:  # type: ignore[no-untyped-def]
            search(user, Criteria(q=q))  # the temporary table exists from here on
            with CaptureQueriesContext(connection) as queries:
                results = search(user, Criteria(q=q))
            self.assertTrue(results.total)
            return len(queries)

        small = count(AnonymousUser(), "deux")
        self.assertEqual(count(self.member_viewer, "hotels"), small)
        self.assertLessEqual(small, 16)


class QueryPlanTests(PersonaTestCase):
    def test_sqlite_runs_the_full_text_match_once_not_once_per_index_row(self) -> None:
        if connection.vendor != "sqlite":
            self.skipTest("SQLite's planner only")
        make_published(self.member_editor, self.secretariat_admin, title="Rapport", language="fr")
        for criteria in (Criteria(q="rapport"), Criteria(q="rapport", language="fr", theme="online")):
            sql, params = search_module._matches_sql(
                self.member_viewer, criteria, search_module.parse_query(criteria.q)
            )
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                plan = [row[-1] for row in cursor.fetchall()]
            scans = [step for step in plan if "library_fts" in step or "library_searchunit" in step]
            self.assertIn("SCAN library_fts", scans[0], plan)
            self.assertIn("INTEGER PRIMARY KEY", scans[1], plan)
