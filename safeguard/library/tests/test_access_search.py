"""Access is applied before ranking and snippets: a text a user may not read never shows, anywhere."""

from __future__ import annotations

import csv
import io
import json

from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from safeguard.testing import PersonaTestCase

from ..models import Access, ResourceFile
from ..search import Criteria, search
from ..services import embargoes_lift, resource_withdraw
from .helpers import make_published, tomorrow

SECRET_WORD = "zanzibarique"


class LeakTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Public description, members-only document: its text must stay hidden from the public.
        cls.open_meta = make_published(
            cls.member_editor,
            cls.secretariat_admin,
            title="Open description of a closed report",
            pages=["Nothing special here.", f"The {SECRET_WORD} method of grooming detection."],
            file_access=Access.MEMBERS,
        )
        # Members-only description and document: invisible to the public altogether.
        cls.members_only = make_published(
            cls.member_editor,
            cls.secretariat_admin,
            title=f"Confidential {SECRET_WORD} assessment",
            abstract=f"Internal {SECRET_WORD} findings.",
            pages=[f"Page one mentions {SECRET_WORD} twice: {SECRET_WORD}."],
            access=Access.MEMBERS,
            file_access=Access.MEMBERS,
            countries=["KE"],
        )
        # Restricted to the Peru member: Kenya's staff do not see it.
        cls.restricted = make_published(
            cls.member_editor,
            cls.secretariat_admin,
            title=f"Restricted {SECRET_WORD} review",
            pages=[f"{SECRET_WORD} restricted body"],
            access=Access.RESTRICTED,
            file_access=Access.RESTRICTED,
            restricted_to=[cls.other_org],
        )
        cls.public = make_published(
            cls.member_editor,
            cls.secretariat_admin,
            title="Public guide to safe travel",
            pages=["Travel companies train their staff."],
            countries=["KE"],
        )

    def slugs(self, user, q: str = SECRET_WORD) -> set[str]:  # type: ignore[no-untyped-def]
        return {hit.version.resource.slug for hit in search(user, Criteria(q=q)).hits}

    def test_the_public_never_matches_members_text_titles_or_abstracts(self) -> None:
        self.assertEqual(self.slugs(AnonymousUser()), set())
        results = search(AnonymousUser(), Criteria(q=SECRET_WORD))
        self.assertEqual((results.total, results.facets), (0, []))
        self.login(None)
        response = self.client.get("/library/", {"q": SECRET_WORD})
        self.assertNotContains(response, SECRET_WORD.capitalize())
        self.assertNotContains(response, "Confidential")
        self.assertContains(response, "0 resources")

    def test_the_public_sees_the_open_description_but_not_its_members_text_in_snippets(self) -> None:
        results = search(AnonymousUser(), Criteria(q="closed report"))
        self.assertEqual([h.version.pk for h in results.hits], [self.open_meta.pk])
        self.assertNotIn(SECRET_WORD, str(results.hits[0].snippet))
        self.assertIsNone(results.hits[0].page_number)
        self.login(None)
        page = self.client.get(f"/library/{self.open_meta.resource.slug}/").content.decode()
        self.assertNotIn(SECRET_WORD, page)
        file = ResourceFile.objects.get(version=self.open_meta)
        self.assertEqual(self.client.get(f"/library/files/{file.pk}/").status_code, 302)
        self.login(self.company_contact)
        self.assertEqual(self.client.get(f"/library/files/{file.pk}/").status_code, 403)

    def test_members_match_members_text_with_the_page_but_not_other_organisations_restricted_text(
        self,
    ) -> None:
        self.assertEqual(
            self.slugs(self.member_viewer), {self.open_meta.resource.slug, self.members_only.resource.slug}
        )
        hit = next(
            h for h in search(self.member_viewer, Criteria(q=SECRET_WORD)).hits if h.version == self.open_meta
        )
        self.assertEqual(hit.page_number, 2)
        self.assertIn(f"<mark>{SECRET_WORD}</mark>", str(hit.snippet))
        self.assertIn(self.restricted.resource.slug, self.slugs(self.outsider))
        self.assertIn(self.restricted.resource.slug, self.slugs(self.secretariat_admin))

    def test_companies_are_not_members(self) -> None:
        self.assertEqual(self.slugs(self.company_contact), set())

    def test_facets_count_only_what_the_user_may_see(self) -> None:
        public = search(AnonymousUser(), Criteria())
        member = search(self.member_viewer, Criteria())
        self.assertEqual(public.total, 2)
        self.assertEqual(member.total, 3)
        country = next(f for f in public.facets if f.key == "country")
        self.assertEqual([(b.value, b.count) for b in country.buckets], [("KE", 1)])
        access = next(f for f in member.facets if f.key == "access")
        self.assertEqual(sorted((b.value, b.count) for b in access.buckets), [("members", 1), ("public", 2)])

    def test_the_api_hides_members_resources_and_texts_from_the_public(self) -> None:
        self.login(None)
        data = self.client.get("/api/v1/library/resources", {"q": SECRET_WORD}).json()
        self.assertEqual((data["total"], data["results"]), (0, []))
        everything = self.client.get("/api/v1/library/resources").content.decode()
        self.assertNotIn(SECRET_WORD, everything)
        self.assertEqual(
            self.client.get(f"/api/v1/library/resources/{self.members_only.resource.slug}").status_code, 404
        )
        record = self.client.get(f"/api/v1/library/resources/{self.open_meta.resource.slug}").json()
        self.assertIsNone(record["files"][0]["download_url"])
        self.login(self.member_viewer)
        data = self.client.get("/api/v1/library/resources", {"q": SECRET_WORD}).json()
        self.assertEqual(data["total"], 2)
        record = self.client.get(f"/api/v1/library/resources/{self.open_meta.resource.slug}").json()
        self.assertTrue(
            record["files"][0]["download_url"].endswith(f"/library/files/{record['files'][0]['id']}/")
        )

    def test_the_catalogue_csv_lists_only_visible_resources(self) -> None:
        self.login(None)
        response = self.client.get("/library/catalogue.csv")
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        self.assertEqual(
            sorted(r["slug"] for r in rows), sorted([self.open_meta.resource.slug, self.public.resource.slug])
        )
        self.assertNotIn(SECRET_WORD, json.dumps(rows))

    def test_the_country_profile_lists_visible_resources_only(self) -> None:
        self.login(None)
        page = self.client.get("/countries/ke/").content.decode()
        self.assertIn("Public guide to safe travel", page)
        self.assertNotIn("Confidential", page)
        self.login(self.member_viewer)
        self.assertIn("Confidential", self.client.get("/countries/ke/").content.decode())

    def test_a_withdrawn_resource_disappears_from_search(self) -> None:
        resource_withdraw(curator=self.secretariat_admin, resource=self.public.resource)
        self.assertEqual(search(AnonymousUser(), Criteria(q="travel companies")).total, 0)
        self.login(None)
        self.assertEqual(self.client.get(f"/library/{self.public.resource.slug}/").status_code, 404)


class EmbargoTests(PersonaTestCase):
    def test_an_embargoed_text_opens_to_members_when_the_command_lifts_it(self) -> None:
        version = make_published(
            self.member_editor,
            self.secretariat_admin,
            title="Embargoed study",
            pages=["The quokkaphrase appears only here."],
            file_access=Access.EMBARGOED,
            embargo_until=tomorrow(),
        )
        self.assertEqual(search(self.member_viewer, Criteria(q="quokkaphrase")).total, 0)
        self.assertEqual(embargoes_lift(), 0)
        self.assertEqual(embargoes_lift(today=tomorrow()), 1)
        file = ResourceFile.objects.get(version=version)
        self.assertEqual((file.access, file.embargo_until), (Access.MEMBERS, None))
        self.assertEqual(search(self.member_viewer, Criteria(q="quokkaphrase")).hits[0].page_number, 1)
        self.assertEqual(search(AnonymousUser(), Criteria(q="quokkaphrase")).total, 0)

    def test_the_command_runs(self) -> None:
        out = io.StringIO()
        call_command("library_lift_embargoes", stdout=out)
        self.assertIn("0 embargoes lifted", out.getvalue())


class StemmingTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.en = make_published(
            cls.member_editor,
            cls.secretariat_admin,
            title="Exploitation report",
            pages=["Children exploited online."],
        )
        cls.fr = make_published(
            cls.member_editor,
            cls.secretariat_admin,
            title="Rapport sur les enfants",
            language="fr",
            pages=["Les enfants victimes de l'exploitation sexuelle."],
        )
        cls.es = make_published(
            cls.member_editor,
            cls.secretariat_admin,
            title="Informe sobre los niños",
            language="es",
            pages=["Los niños viajeros y las niñas explotadas."],
        )

    def found(self, q: str, language: str = "") -> list[int]:
        return [h.version.pk for h in search(AnonymousUser(), Criteria(q=q, language=language)).hits]

    def test_english_words_match_their_other_forms(self) -> None:
        self.assertEqual(self.found("exploiting onlines"), [self.en.pk])

    def test_french_words_match_their_other_forms(self) -> None:
        self.assertEqual(self.found("enfant victime", "fr"), [self.fr.pk])

    def test_spanish_words_match_their_other_forms_and_accents(self) -> None:
        self.assertEqual(self.found("nino viajero", "es"), [self.es.pk])

    def test_a_title_match_ranks_above_a_body_match(self) -> None:
        make_published(
            self.member_editor,
            self.secretariat_admin,
            title="Unrelated title",
            pages=["report report report"],
        )
        self.assertEqual(self.found("report")[0], self.en.pk)


class ReextractTests(PersonaTestCase):
    def test_the_reextract_command_rebuilds_the_same_results(self) -> None:
        version = make_published(
            self.member_editor,
            self.secretariat_admin,
            title="Rapport",
            language="fr",
            pages=["Les enfants victimes."],
        )
        out = io.StringIO()
        call_command("library_reextract", stdout=out)
        self.assertIn("done: 1", out.getvalue())
        self.assertIn("1 versions indexed", out.getvalue())
        hits = search(AnonymousUser(), Criteria(q="enfant victime", language="fr")).hits
        self.assertEqual([(h.version.pk, h.page_number) for h in hits], [(version.pk, 1)])
