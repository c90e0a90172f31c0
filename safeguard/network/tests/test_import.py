from django.core.files.uploadedfile import SimpleUploadedFile

from safeguard.accounts.models import Organisation
from safeguard.network.imports import member_list_import
from safeguard.network.models import MemberRecord, StatusChange
from safeguard.testing import PersonaTestCase

HEADER = "name,slug,country,category,status,member_since,website\n"
CLEAN = HEADER + (
    "Alpha,alpha,KE,national,full,2015-04-01,https://alpha.example.org\n"
    "Beta,beta,PE,affiliate,provisional,,\n"
)
BAD = CLEAN + "Gamma,gamma,XX,national,full,2015-13-01,\nDelta,delta,FR,nope,member,,\n"


class ImportTests(PersonaTestCase):
    def test_a_clean_file_is_imported_and_a_second_run_changes_nothing(self) -> None:
        report = member_list_import(CLEAN.encode())
        self.assertEqual((report.created, report.written), (2, True))
        alpha = MemberRecord.objects.get(organisation__slug="alpha")
        self.assertEqual((alpha.status, alpha.region, alpha.category.slug), ("full", "africa", "national"))
        self.assertEqual(alpha.coverage.get().country.iso2, "KE")
        history = MemberRecord.history.count(), Organisation.history.count(), StatusChange.objects.count()
        again = member_list_import(CLEAN.encode())
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 2))
        self.assertEqual(
            (MemberRecord.history.count(), Organisation.history.count(), StatusChange.objects.count()),
            history,
        )

    def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_written(self) -> None:
        report = member_list_import(BAD.encode())
        self.assertFalse(report.written)
        self.assertEqual(sorted({e.line for e in report.errors}), [4, 5])
        self.assertIn("country", {e.column for e in report.errors if e.line == 4})
        self.assertIn("member_since", {e.column for e in report.errors if e.line == 4})
        self.assertFalse(MemberRecord.objects.exists())

    def test_good_rows_only_when_asked(self) -> None:
        report = member_list_import(BAD.encode(), good_rows_only=True)
        self.assertEqual((report.created, len(report.errors) > 0, report.written), (2, True, True))
        self.assertEqual(MemberRecord.objects.count(), 2)

    def test_a_status_change_must_be_allowed(self) -> None:
        member_list_import(CLEAN.replace("full,2015", "expelled,2015").encode())
        report = member_list_import(CLEAN.encode())
        self.assertEqual([(e.line, e.column) for e in report.errors], [(2, "status")])

    def test_an_update_goes_through_the_status_service(self) -> None:
        member_list_import(CLEAN.encode())
        report = member_list_import(CLEAN.replace("full,2015", "suspended,2015").encode())
        self.assertEqual(report.updated, 1)
        change = StatusChange.objects.filter(record__organisation__slug="alpha").first()
        self.assertEqual((change.from_status, change.to_status), ("full", "suspended"))

    def test_the_import_page(self) -> None:
        self.login(self.secretariat_admin)
        upload = SimpleUploadedFile("members.csv", BAD.encode(), content_type="text/csv")
        response = self.client.post("/network/records/import/", {"file": upload})
        self.assertContains(response, "line 4")
        self.assertContains(response, "Nothing was imported")
        self.assertFalse(MemberRecord.objects.exists())
        upload = SimpleUploadedFile("members.csv", b"nothing,here\n1,2\n", content_type="text/csv")
        self.assertContains(self.client.post("/network/records/import/", {"file": upload}), "Missing columns")
        self.login(self.member_admin)
        self.assertEqual(self.client.get("/network/records/import/").status_code, 404)
