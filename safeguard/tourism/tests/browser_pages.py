"""This app's pages for the browser suite (axe in en/fr/es, 320 px, no JavaScript, same origin)."""

from safeguard.tourism.demo import blue_lagoon_report_year
from tests.browser.pages import Page

_REPORT = f"/code/s/blue-lagoon-tours/reports/{blue_lagoon_report_year()}/"

PAGES: list[Page] = [
    Page("tourism-directory", "/code/"),
    Page("tourism-directory-search", "/code/?country=TH&sector=tour_operator"),
    Page("tourism-member", "/code/members/blue-lagoon-tours/"),
    Page("tourism-check", "/code/check/?name=lagoon"),
    Page("tourism-criteria", "/code/criteria/"),
    Page("tourism-apply", "/code/apply/"),
    Page("tourism-verify-unknown", "/code/verify/TC-XX-0000/", status=404),
    Page("tourism-company-dashboard", "/code/manage/", "company"),
    Page("tourism-company-signatory", "/code/s/blue-lagoon-tours/", "company"),
    Page("tourism-company-report", _REPORT, "company"),
    Page("tourism-lcr-dashboard", "/code/manage/", "lcr"),
    Page("tourism-lcr-pipeline", "/code/manage/signatories/?state=planning", "lcr"),
    Page("tourism-lcr-report", _REPORT, "lcr"),
    Page("tourism-staff-dashboard", "/code/manage/", "staff"),
    Page("tourism-admin-import", "/code/manage/import/", "admin"),
]
