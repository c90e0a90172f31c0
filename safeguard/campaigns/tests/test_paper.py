import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from safeguard.countries.models import Country
from safeguard.testing import PersonaTestCase

from .. import identity, paper, services
from ..models import PaperBatch, Signature
from .helpers import make_petition
from .test_counting import confirmed

META = {
    "country": "KE",
    "language": "en",
    "place": "Shop 12, Nairobi",
    "collector": "Volunteer team",
    "collected_on": "2026-03-01",
    "sheet_refs": "S-1..S-4",
}


def upload(content: bytes, name: str = "sheets.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


class PaperTests(PersonaTestCase):
    def setUp(self) -> None:
        self.petition = make_petition()
        self.client.force_login(self.secretariat_admin)
        self.keyed_url = f"/campaigns/manage/p/{self.petition.slug}/paper/keyed/"

    def counts(self) -> dict:
        services.counts_fold()
        return services.petition_counts(self.petition.pk)

    def test_a_tally_batch_counts_only_once_approved_and_totals_add_up(self) -> None:
        confirmed(self.petition, 2)
        response = self.client.post(
            f"/campaigns/manage/p/{self.petition.slug}/paper/tally/", {**META, "tally": "120"}
        )
        batch = PaperBatch.objects.get()
        self.assertRedirects(response, f"/campaigns/manage/paper/{batch.pk}/")
        self.assertEqual(self.counts()["total"], 2)
        self.client.post(f"/campaigns/manage/paper/{batch.pk}/approve/")
        self.client.post(f"/campaigns/manage/paper/{batch.pk}/approve/")  # twice: nothing more
        counts = self.counts()
        self.assertEqual((counts["online"], counts["paper"], counts["total"]), (2, 120, 122))
        page = self.client.get(f"/campaigns/p/{self.petition.slug}/")
        self.assertContains(page, "2 online")
        self.assertContains(page, "120 on paper")
        self.assertEqual(services.counts_recount().drift, [])

    def test_a_bad_file_reports_each_line_and_writes_nothing(self) -> None:
        content = paper.sample_csv(
            [("Ann", "ann@example.org"), ("", "x@example.org"), ("Bob", "not-an-email"), ("=cmd()", "")]
        )
        response = self.client.post(self.keyed_url, {**META, "file": upload(content)})
        self.assertEqual(response.status_code, 400)
        for line in ("line 3", "line 4", "line 5"):
            self.assertContains(response, line, status_code=400)
        self.assertEqual(PaperBatch.objects.count(), 0)
        self.assertEqual(Signature.objects.count(), 0)

    def test_a_keyed_batch_waits_for_approval_skips_online_duplicates_and_re_import_changes_nothing(
        self,
    ) -> None:
        online = confirmed(self.petition, 1)[0]
        online.email_hmac = identity.email_hmac("dup@gmail.com")
        online.save()
        services.counts_fold()
        content = paper.sample_csv([("Ann", "ann@example.org"), ("Dup", "d.u.p@gmail.com"), ("Cy", "")])
        response = self.client.post(self.keyed_url, {**META, "file": upload(content)})
        batch = PaperBatch.objects.get()
        self.assertRedirects(response, f"/campaigns/manage/paper/{batch.pk}/")
        self.assertEqual((batch.state, batch.rows_valid, batch.rows_duplicate), ("validated", 3, 1))
        self.assertEqual(Signature.objects.filter(channel="paper").count(), 0)  # nothing until approved
        self.client.post(f"/campaigns/manage/paper/{batch.pk}/approve/")
        batch.refresh_from_db()
        self.assertEqual((batch.state, batch.rows_imported, batch.rows_duplicate), ("approved", 2, 1))
        counts = self.counts()
        self.assertEqual((counts["online"], counts["paper"]), (1, 2))
        again = self.client.post(self.keyed_url, {**META, "file": upload(content)})
        self.assertRedirects(again, f"/campaigns/manage/paper/{batch.pk}/")
        self.assertEqual(PaperBatch.objects.count(), 1)
        self.assertEqual(self.counts()["paper"], 2)
        self.assertEqual(services.counts_recount().drift, [])

    def test_an_xlsx_file_is_read_too(self) -> None:
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["name", "email"])
        sheet.append(["Ann", "ann@example.org"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = self.client.post(
            self.keyed_url, {**META, "file": upload(buffer.getvalue(), "sheets.xlsx")}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(PaperBatch.objects.get().rows_valid, 1)

    def test_members_cannot_add_batches(self) -> None:
        self.client.force_login(self.member_admin)
        response = self.client.post(
            f"/campaigns/manage/p/{self.petition.slug}/paper/tally/", {**META, "tally": "5"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(PaperBatch.objects.count(), 0)

    def test_the_import_command_streams_a_file_and_is_idempotent(self) -> None:
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "big.csv"
            path.write_bytes(paper.sample_csv([(f"Person {n}", f"p{n}@example.org") for n in range(50)]))
            args = [
                self.petition.slug,
                str(path),
                "--country",
                "KE",
                "--place",
                "Fair",
                "--collector",
                "Team",
            ]
            out = io.StringIO()
            call_command("campaigns_import_paper", *args, "--approve", stdout=out)
            self.assertIn("imported 50 rows", out.getvalue())
            call_command("campaigns_import_paper", *args, "--approve", stdout=out)
            self.assertIn("nothing changed", out.getvalue())
        self.assertEqual(self.counts()["paper"], 50)

    def test_a_bad_row_in_a_single_pass_import_writes_nothing_and_names_its_line(self) -> None:
        import tempfile
        from pathlib import Path

        too_long = "a" * 250 + "@example.org"
        rows = [
            ("Ann", "ann@example.org"),
            ("Bob", "not-an-email"),
            ("Cy", too_long),
            ("Di", "di@example.org"),
        ]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bad.csv"
            path.write_bytes(paper.sample_csv(rows))
            args = [self.petition.slug, str(path), "--country", "KE", "--place", "Fair", "--collector", "T"]
            err = io.StringIO()
            with self.assertRaisesMessage(CommandError, "2 bad rows: nothing written"):
                call_command("campaigns_import_paper", *args, "--approve", stderr=err)
        self.assertIn("line 3, email", err.getvalue())  # the header is line 1
        self.assertIn("line 4, email", err.getvalue())
        self.assertEqual(PaperBatch.objects.count(), 0)
        self.assertFalse(Signature.objects.filter(channel="paper").exists())
        self.assertEqual(self.counts()["paper"], 0)

    def test_the_import_restores_every_check_for_what_follows(self) -> None:
        """On PostgreSQL the bulk insert may skip the per-row foreign-key checks; nothing after it may."""
        from django.db import connection

        if connection.vendor != "postgresql":
            self.skipTest("session_replication_role exists on PostgreSQL only")
        content = paper.sample_csv([("Ann", "ann@example.org"), ("Bo", "bo@example.org")])
        batch, _report = paper.batch_create_keyed(
            petition=self.petition,
            data={**META, "country": Country.objects.get(iso2="KE"), "collected_on": date(2026, 3, 1)},
            content=content,
            filename="a.csv",
            actor=None,
        )
        paper.batch_approve(batch=batch, actor=None)
        with connection.cursor() as cursor:
            cursor.execute("SHOW session_replication_role")
            self.assertEqual(cursor.fetchone()[0], "origin")
        self.assertEqual(Signature.objects.filter(batch=batch, petition=self.petition).count(), 2)
