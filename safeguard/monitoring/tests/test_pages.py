"""Pages and downloads: the Done-when flow end to end through HTTP."""

from __future__ import annotations

import csv
import io
import json

from django.test import override_settings

from safeguard.monitoring import views
from safeguard.monitoring.models import Answer, Citation, State
from safeguard.testing import PersonaTestCase

from .factories import fill, make_assessment, make_edition, publish, put_answer


class PublicPagesTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.edition = make_edition()
        cls.earlier = make_edition("2023", 2023)
        cls.ke = make_assessment("KE", edition=cls.edition)
        fill(cls.ke, "partial")
        publish(cls.ke, cls.secretariat_admin)
        cls.pe = make_assessment("PE", edition=cls.edition)
        fill(cls.pe, "yes")
        put_answer(cls.pe, "4.8a", "no")
        from safeguard.monitoring import services

        services.scores_recompute([cls.pe])
        publish(cls.pe, cls.secretariat_admin)
        old = make_assessment("KE", edition=cls.earlier)
        fill(old, "no")
        publish(old, cls.secretariat_admin)
        cls.draft = make_assessment("TH", edition=cls.edition)

    def test_the_global_view_ranks_published_countries_with_coverage_and_bands(self):
        response = self.client.get("/monitoring/")
        assert response.status_code == 200
        ranking = response.context["ranking"]
        assert [r.iso2 for r in ranking.rows] == ["PE", "KE"]  # the draft TH is not shown
        pe, ke = ranking.rows
        assert pe.band == "C"  # RF1 caps the band
        assert pe.red_flags == ["RF1"]
        assert ke.overall == 54.76  # partial everywhere, but treaties, checklists and numbers score 1
        assert ke.coverage == 100.0
        assert ke.change is not None and ke.change > 0  # against 2023, on the bridge score
        assert b'class="world-map"' in response.content
        assert b"map-level-3" in response.content  # KE at 50

    def test_the_ranking_list_has_a_fixed_number_of_queries(self):
        self.client.get("/monitoring/")
        with self.assertNumQueries(5):
            self.client.get("/monitoring/")

    def test_users_may_change_the_weights(self):
        response = self.client.get(
            "/monitoring/", {"P1": 100, "P2": 0, "P3": 0, "P4": 0, "P5": 0, "P6": 0, "P7": 0}
        )
        assert response.context["ranking"].custom is True

    def test_the_country_report_shows_pillars_endnotes_and_methodology(self):
        response = self.client.get("/monitoring/2026/ke/")
        assert response.status_code == 200
        content = response.content.decode()
        assert "Methodology" in content
        assert 'id="note-1"' in content
        assert "SHA-256 " + "a" * 64 in content
        assert content.count("<h1") == 1

    def test_an_unpublished_report_is_404(self):
        assert self.client.get("/monitoring/2026/th/").status_code == 404

    def test_the_report_as_pdf(self):
        response = self.client.get("/monitoring/2026/ke/report.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")

    def test_the_pdf_fetcher_refuses_other_origins(self):
        from safeguard.lib.pdf import StaticOnlyFetcher

        with self.assertRaises(ValueError):
            StaticOnlyFetcher().fetch("https://example.org/x.css")
        assert StaticOnlyFetcher().fetch("http://testserver/static/monitoring/report-print.css").status == 200

    def test_compare_shows_chosen_countries_with_data_tables(self):
        response = self.client.get("/monitoring/compare/", {"country": ["KE", "PE"]})
        assert [r.iso2 for r in response.context["rows"]] == ["PE", "KE"]
        assert b"<table" in response.content and b'role="img"' in response.content

    def test_the_long_csv_has_one_row_per_country_edition_sub_indicator(self):
        response = self.client.get("/monitoring/data/answers.csv")
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        assert len(rows) == 3 * 125
        assert {r["edition"] for r in rows} == {"2026", "2023"}
        one = next(
            r
            for r in rows
            if r["country"] == "KE" and r["edition"] == "2026" and r["sub_indicator"] == "4.3a"
        )
        assert one["value"] == "partial" and one["score"] == "0.50" and one["citation_ids"]

    def test_the_xlsx_export(self):
        from openpyxl import load_workbook

        response = self.client.get("/monitoring/data/monitoring.xlsx")
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        assert workbook.sheetnames == ["answers", "scores", "framework", "weights"]

    def test_the_api(self):
        assert self.client.get("/api/v1/monitoring/editions").json()[0]["slug"] == "2026"
        scores = self.client.get("/api/v1/monitoring/editions/2026/scores").json()
        assert [s["country"] for s in scores] == ["PE", "KE"]
        detail = self.client.get("/api/v1/monitoring/editions/2026/countries/ke").json()
        assert len(detail["answers"]) == 125
        assert self.client.get("/api/v1/monitoring/editions/2026/countries/th").status_code == 404
        assert len(self.client.get("/api/v1/monitoring/frameworks/2026.1").json()["pillars"]) == 7

    def test_the_country_profile_and_home_figure(self):
        response = self.client.get("/countries/ke/")
        assert b"Country monitoring" in response.content
        assert [f.value for f in views.glance(None)] == [2]  # countries assessed in the latest edition


class DataPackageTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        edition = make_edition()
        ke = make_assessment("KE", edition=edition)
        fill(ke, "yes")
        publish(ke, cls.secretariat_admin)

    def test_the_data_package_validates_with_frictionless(self):
        import tempfile
        from pathlib import Path

        from frictionless import Package

        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            (folder / "datapackage.json").write_bytes(
                self.client.get("/monitoring/data/datapackage.json").content
            )
            for name in ("framework", "answers", "scores", "citations"):
                response = self.client.get(f"/monitoring/data/{name}.csv")
                (folder / f"{name}.csv").write_bytes(b"".join(response.streaming_content))
            report = Package(str(folder / "datapackage.json")).validate()
            assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
            descriptor = json.loads((folder / "datapackage.json").read_text())
            assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"

    def test_a_broken_foreign_key_is_caught(self):
        import tempfile
        from pathlib import Path

        from frictionless import Package

        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            (folder / "datapackage.json").write_bytes(
                self.client.get("/monitoring/data/datapackage.json").content
            )
            for name in ("framework", "answers", "scores", "citations"):
                body = b"".join(self.client.get(f"/monitoring/data/{name}.csv").streaming_content)
                if name == "citations":
                    body = body.replace(b",KE,2026,", b",KE,2026,9.9z,", 1).replace(b",9.9z,4", b",9.9z,", 1)
                (folder / f"{name}.csv").write_bytes(body)
            report = Package(str(folder / "datapackage.json")).validate()
            assert not report.valid


class WorkspaceTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.edition = make_edition()

    def setUp(self) -> None:
        self.assessment = make_assessment("KE", edition=self.edition)
        self.url = f"/monitoring/assessments/{self.assessment.pk}/"

    def test_the_member_editor_drafts_submits_and_the_secretariat_publishes(self):
        self.login(self.member_editor)
        response = self.client.post(
            self.url + "answers/4.3a/",
            {"value": "yes", "justification": "Penal Code s. 5", "confidence": "high"},
        )
        assert response.status_code == 302
        self.client.post(self.url + "transition/", {"action": "submit"})
        self.assessment.refresh_from_db()
        assert self.assessment.state == State.DRAFT  # the evidence gate held
        response = self.client.get(self.url)
        assert b"4.3a" in response.content and b"need evidence" in response.content
        response = self.client.post(
            self.url + "answers/4.3a/citations/",
            {"kind": "legal", "title": "Penal Code", "pinpoint": "s. 5", "sha256": "C" * 64},
        )
        assert Citation.objects.get().sha256 == "c" * 64
        self.client.post(self.url + "transition/", {"action": "submit"})
        self.assessment.refresh_from_db()
        assert self.assessment.state == State.SECRETARIAT_REVIEW
        self.login(self.secretariat_admin)
        self.client.post(self.url + "transition/", {"action": "return", "comment": "Add 4.3b."})
        self.assessment.refresh_from_db()
        assert self.assessment.state == State.DRAFT
        self.login(self.member_editor)
        self.client.post(
            self.url + "answers/4.3b/", {"value": "no", "justification": "Not covered", "confidence": "high"}
        )
        self.client.post(self.url + "transition/", {"action": "submit"})
        self.login(self.secretariat_admin)
        self.client.post(self.url + "transition/", {"action": "approve"})
        self.client.post(self.url + "transition/", {"action": "publish"})
        self.assessment.refresh_from_db()
        assert self.assessment.state == State.PUBLISHED
        assert self.client.get("/monitoring/2026/ke/").status_code == 200
        assert b"KE,2026" in b"".join(self.client.get("/monitoring/data/answers.csv").streaming_content)
        assert self.client.get("/monitoring/").context["ranking"].rows[0].iso2 == "KE"

    def test_the_viewer_reads_but_cannot_write(self):
        self.login(self.member_viewer)
        assert self.client.get(self.url).status_code == 200
        response = self.client.post(
            self.url + "answers/4.3a/", {"value": "yes", "justification": "x", "confidence": "high"}
        )
        assert response.status_code == 403
        assert not Answer.objects.exists()

    def test_an_outsider_gets_404(self):
        self.login(self.outsider)
        assert self.client.get(self.url).status_code == 404
        response = self.client.post(
            self.url + "answers/4.3a/", {"value": "yes", "justification": "x", "confidence": "high"}
        )
        assert response.status_code == 404
        assert not Answer.objects.exists()

    def test_a_reviewer_sees_two_coder_agreement(self):
        put_answer(self.assessment, "6.1a", "yes")
        put_answer(self.assessment, "6.1a", "no", coder="b")
        self.login(self.secretariat_admin)
        response = self.client.get(self.url)
        assert b"Cohen" in response.content

    def test_the_workspace_page_has_a_fixed_number_of_queries(self):
        fill(self.assessment)
        self.login(self.member_editor)
        self.client.get(self.url)
        with self.assertNumQueries(14):
            self.client.get(self.url)

    @override_settings(LANGUAGE_CODE="fr")
    def test_the_answer_form_is_translated(self):
        self.login(self.member_editor)
        response = self.client.get(self.url + "answers/4.3a/", HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200
