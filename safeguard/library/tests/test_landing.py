"""The landing page, its citations and exports (parsed with standard parsers), and usage counts."""

from __future__ import annotations

import json
import re

import bibtexparser
import rispy
from django.db.models import Sum

from safeguard.testing import PersonaTestCase

from ..models import ResourceFile, UsageCount
from .helpers import make_published

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"


class LandingTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.version = make_published(
            cls.member_editor,
            cls.secretariat_admin,
            title="Offenders on the move: {braces} & <tags>",
            abstract="A global study.",
            pages=["First page text of the global study.", "Second page."],
            isbn="978-0-00-000000-2",
            doi="10.1234/offenders",
        )
        cls.slug = cls.version.resource.slug

    def test_the_page_has_citations_highwire_tags_json_ld_and_the_first_page(self) -> None:
        response = self.client.get(f"/library/{self.slug}/", HTTP_USER_AGENT=BROWSER)
        page = response.content.decode()
        self.assertIn(
            '<meta name="citation_title" content="Offenders on the move: {braces} &amp; &lt;tags&gt;">', page
        )
        self.assertIn('<meta name="citation_author" content="Smith, Jane">', page)
        self.assertIn('<meta name="citation_doi" content="10.1234/offenders">', page)
        self.assertIn("citation_pdf_url", page)
        ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
        self.assertNotIn("<tags>", ld)
        data = json.loads(ld)
        self.assertEqual((data["@type"], data["isbn"]), ("Report", "978-0-00-000000-2"))
        for style in ("APA", "Chicago", "Harvard"):
            self.assertIn(f"<h3>{style}</h3>", page)
        self.assertIn("Smith, J.", page)
        self.assertIn("First page text of the global study.", page)
        self.assertNotIn("<tags>", page)
        self.assertIn("<i>Offenders on the move: {braces} &amp; &lt;tags&gt;</i>", page)

    def test_bibtex_parses_with_bibtexparser(self) -> None:
        response = self.client.get(f"/library/{self.slug}/cite.bibtex")
        self.assertEqual(response["Content-Type"], "application/x-bibtex; charset=utf-8")
        library = bibtexparser.parse_string(response.content.decode())
        self.assertEqual(len(library.failed_blocks), 0)
        entry = library.entries[0]
        self.assertEqual(entry.entry_type, "techreport")
        self.assertEqual(entry.fields_dict["year"].value, "2020")
        self.assertEqual(entry.fields_dict["doi"].value, "10.1234/offenders")
        self.assertIn("Smith, Jane", entry.fields_dict["author"].value)

    def test_ris_parses_with_rispy(self) -> None:
        entries = rispy.loads(self.client.get(f"/library/{self.slug}/cite.ris").content.decode())
        self.assertEqual(entries[0]["type_of_reference"], "RPRT")
        self.assertEqual(entries[0]["authors"], ["Smith, Jane", "ECPAT International"])
        self.assertEqual(entries[0]["doi"], "10.1234/offenders")
        self.assertEqual(entries[0]["title"], "Offenders on the move: {braces} & <tags>")

    def test_csl_json_is_an_item_list(self) -> None:
        items = json.loads(self.client.get(f"/library/{self.slug}/cite.csl-json").content)
        self.assertEqual((items[0]["type"], items[0]["issued"]), ("report", {"date-parts": [[2020]]}))

    def test_an_unknown_export_is_404(self) -> None:
        self.assertEqual(self.client.get(f"/library/{self.slug}/cite.doc").status_code, 404)


class UsageTests(PersonaTestCase):
    def test_views_and_downloads_are_counted_per_month_without_robots(self) -> None:
        self.version = make_published(self.member_editor, self.secretariat_admin, title="Counted report")
        self.slug = self.version.resource.slug
        file = ResourceFile.objects.get(version=self.version)
        self.client.get(f"/library/{self.slug}/", HTTP_USER_AGENT=BROWSER)
        self.client.get(f"/library/{self.slug}/", HTTP_USER_AGENT="Googlebot/2.1")
        self.client.get(f"/library/{self.slug}/")
        response = self.client.get(f"/library/files/{file.pk}/", HTTP_USER_AGENT=BROWSER)
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="report.pdf"')
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertTrue(b"".join(response.streaming_content).startswith(b"%PDF-"))
        counts = dict(UsageCount.objects.values_list("kind").annotate(n=Sum("count")))
        self.assertEqual(counts, {"view": 1, "download": 1})
        self.assertEqual(UsageCount.objects.get(kind="view").month.day, 1)
        self.assertContains(self.client.get(f"/library/{self.slug}/"), "1 views, 1 downloads")


class QueryCountTests(PersonaTestCase):
    def count_queries(self, url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_the_search_page_and_review_queue_do_not_grow_with_the_results(self) -> None:
        self.login(self.secretariat_admin)
        make_published(self.member_editor, self.secretariat_admin, title="Report one")
        few = (self.count_queries("/library/?q=report"), self.count_queries("/library/"))
        for n in range(4):
            make_published(
                self.member_editor, self.secretariat_admin, title=f"Report more {n}", countries=["KE"]
            )
        many = (self.count_queries("/library/?q=report"), self.count_queries("/library/"))
        self.assertEqual(few, many)

    def test_the_review_queue_does_not_grow(self) -> None:
        from .helpers import make_submission

        self.login(self.secretariat_admin)
        make_submission(self.member_editor, title="Waiting one")
        few = self.count_queries("/library/review/")
        for n in range(3):
            make_submission(self.member_editor, title=f"Waiting {n}")
        self.assertEqual(self.count_queries("/library/review/"), few)
