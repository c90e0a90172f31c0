"""CSV import of existing members: validated as a whole, line numbers, idempotent."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from safeguard.testing import PersonaTestCase
from safeguard.tourism.models import Signatory, Transition

GOOD = (
    "name,country,city,sector,revenue_band,member_since,listed,contact_email,website\n"
    "Palm Resorts,TH,Krabi,accommodation,C,2019-05-01,yes,info@palm.example.org,\n"
    "Andes Treks,PE,Cusco,tour_operator,A,2021-02-10,no,,\n"
)
BAD = GOOD + "Nowhere Ltd,ZZ,,spaceflight,X,01/02/2020,maybe,,\n"


class ImportTests(PersonaTestCase):
    def upload(self, text: str, **extra: str) -> object:
        self.login(self.secretariat_admin)
        file = SimpleUploadedFile("members.csv", text.encode(), "text/csv")
        return self.client.post("/code/manage/import/", {"file": file, **extra}, follow=True)

    def test_a_clean_file_imports_and_a_second_run_changes_nothing(self) -> None:
        response = self.upload(GOOD)
        self.assertContains(response, "2 members created, 0 updated")
        palm = Signatory.objects.get(name="Palm Resorts")
        self.assertEqual((palm.state, palm.organisation.kind, palm.listed), ("active", "company", True))
        self.assertFalse(Signatory.objects.get(name="Andes Treks").listed)
        transitions = Transition.objects.count()
        response = self.upload(GOOD)
        self.assertContains(response, "0 members created, 0 updated")
        self.assertEqual(Transition.objects.count(), transitions)

    def test_a_file_with_errors_writes_nothing_and_names_the_lines(self) -> None:
        response = self.upload(BAD)
        self.assertContains(response, "line 4")
        self.assertContains(response, "Unknown country code.")
        self.assertContains(response, "Write the date as YYYY-MM-DD.")
        self.assertFalse(Signatory.objects.exists())

    def test_the_good_rows_only_when_asked(self) -> None:
        response = self.upload(BAD, good_rows_only="on")
        self.assertContains(response, "2 members created, 0 updated, 1 rows refused")

    def test_a_changed_row_updates_the_member(self) -> None:
        self.upload(GOOD)
        self.upload(GOOD.replace("Krabi", "Phuket"))
        self.assertEqual(Signatory.objects.get(name="Palm Resorts").city, "Phuket")

    def test_missing_columns_are_reported(self) -> None:
        self.assertContains(self.upload("name,country\nX,TH\n"), "Missing columns")
