"""This app's pages for the browser suite (axe in en/fr/es, 320 px, no JavaScript, same origin)."""

from tests.browser.pages import Page

# The demo: assessment 1 is the 2026 draft of Albania, the country of the demo member editor;
# Kenya is published in 2026.
PAGES: list[Page] = [
    Page("monitoring-index", "/monitoring/"),
    Page("monitoring-index-pillar", "/monitoring/?metric=P4&edition=2023"),
    Page("monitoring-compare", "/monitoring/compare/?country=KE&country=JP&country=IN"),
    Page("monitoring-methodology", "/monitoring/methodology/"),
    Page("monitoring-data", "/monitoring/data/"),
    Page("monitoring-report", "/monitoring/2026/ke/"),
    Page("monitoring-editor-assessments", "/monitoring/assessments/", "editor"),
    Page("monitoring-editor-assessment", "/monitoring/assessments/1/", "editor"),
    Page("monitoring-editor-answer", "/monitoring/assessments/1/answers/4.4b/", "editor"),
    Page("monitoring-editor-narrative", "/monitoring/assessments/1/texts/P1/", "editor"),
    Page("monitoring-viewer-assessment", "/monitoring/assessments/1/", "viewer"),
    Page("monitoring-admin-import", "/monitoring/import/", "admin"),
]
