"""This app's pages for the browser suite (axe in en/fr/es, 320 px, no JavaScript, same origin)."""

from tests.browser.pages import Page

PAGES: list[Page] = [
    Page("library-search", "/library/"),
    Page("library-search-query", "/library/?q=homestays+registration"),
    Page("library-search-member", "/library/?q=enfants&language=fr", "viewer"),
    Page("library-detail", "/library/offenders-on-the-move-global-study/"),
    Page("library-detail-member", "/library/members-briefing-on-livestreamed-abuse/", "viewer"),
    Page("library-upload", "/library/submit/", "editor"),
    Page("library-review-queue", "/library/review/", "admin"),
]
