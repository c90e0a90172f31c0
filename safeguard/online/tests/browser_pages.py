"""This app's pages for the browser suite (axe in en/fr/es, 320 px, no JavaScript, same origin)."""

from tests.browser.pages import Page

PAGES: list[Page] = [
    Page("online-where-to-report", "/online/where-to-report/"),
    Page("online-where-to-report-kenya", "/online/where-to-report/ke/"),
    # Benin has no national hotline in the demo: the international fallback is shown.
    Page("online-where-to-report-fallback", "/online/where-to-report/bj/"),
    Page("online-index", "/online/"),
    Page("online-country", "/online/countries/ke/"),
    Page("online-country-profile", "/countries/ke/"),
    Page("online-frameworks", "/online/frameworks/"),
    Page("online-framework-mnr", "/online/frameworks/mnr/2015/"),
    Page("online-regions", "/online/regions/"),
    Page("online-commitments", "/online/commitments/"),
    Page("admin-online-country", "/online/countries/cm/", "admin"),
    Page("admin-online-review", "/online/review/", "admin"),
    Page("admin-online-import", "/online/import/", "admin"),
]
