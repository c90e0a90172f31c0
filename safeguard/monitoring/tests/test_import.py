from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from safeguard.monitoring.models import Answer, Assessment
from safeguard.testing import PersonaTestCase

from .factories import make_edition

HEADER = "country,edition,sub_indicator,value,number,date,checked,justification,confidence,as_of\n"
GOOD = HEADER + (
    "KE,2026,4.3a,yes,,,,Penal Code s. 5,high,2025-06-30\n"
    "KE,2026,4.2b,answered,16,,,Sexual Offences Act,medium,\n"
    "PE,2026,6.1a,no,,,,No helpline,low,\n"
)


class ImportTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_edition()

    def post(self, text: str, **extra: str):
        upload = SimpleUploadedFile("answers.csv", text.encode(), content_type="text/csv")
        return self.client.post("/monitoring/import/", {"file": upload, **extra})

    def test_a_clean_file_imports_and_a_rerun_changes_nothing(self):
        self.login(self.secretariat_admin)
        response = self.post(GOOD)
        assert response.status_code == 200
        assert response.context["result"].created == 3
        assert Answer.objects.count() == 3
        assert Assessment.objects.count() == 2
        response = self.post(GOOD)
        assert (response.context["result"].created, response.context["result"].changed) == (0, 0)
        assert response.context["result"].unchanged == 3
        assert Answer.objects.get(sub_indicator__code="4.2b").number == 16

    def test_a_bad_row_stops_the_whole_file_with_its_line_number(self):
        self.login(self.secretariat_admin)
        response = self.post(GOOD + "KE,2026,9.9z,yes,,,,x,high,\nXX,2026,4.3a,maybe,,,,,high,\n")
        assert response.status_code == 400
        errors = [str(e) for e in response.context["result"].errors]
        assert any(e.startswith("line 5") and "sub_indicator" in e for e in errors)
        assert any(e.startswith("line 6") and "country" in e for e in errors)
        assert not Answer.objects.exists()

    def test_the_good_rows_only_when_asked(self):
        self.login(self.secretariat_admin)
        response = self.post(GOOD + "KE,2026,9.9z,yes,,,,x,high,\n", good_rows_only="on")
        assert response.context["result"].created == 3
        assert Answer.objects.count() == 3

    def test_members_may_not_import(self):
        self.login(self.member_admin)
        assert self.post(GOOD).status_code == 403
        self.login(self.company_contact)
        assert self.post(GOOD).status_code == 404
        assert not Answer.objects.exists()

    def test_a_post_without_a_file_is_refused(self):
        self.login(self.secretariat_admin)
        response = self.client.post("/monitoring/import/", {})
        assert response.status_code == 400
        assert response.context["form"].errors["file"]
