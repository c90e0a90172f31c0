"""This app's pages for the browser suite (axe in en/fr/es, 320 px, no JavaScript, same origin)."""

from safeguard.network.demo import application_reference
from tests.browser.pages import Page

# An application at the board's recommendation step, with the review forms.
APPLICATION = application_reference("Children First Moldova")
SUBMITTED = application_reference("Child Rights Forum Bhutan")

PAGES: list[Page] = [
    Page("network-directory", "/network/"),
    Page("network-directory-filtered", "/network/?region=africa&category=national"),
    Page("network-member", "/network/members/{org}/"),
    Page("network-apply", "/network/apply/"),
    Page("network-apply-done", "/network/apply/thanks/"),
    Page("network-viewer-organisation", "/network/organisations/{org}/", "viewer"),
    Page("network-editor-support-new", "/network/organisations/{org}/support/new/", "editor"),
    Page("network-viewer-support", "/network/support/1/", "viewer"),
    Page("network-admin-organisation", "/network/organisations/{org}/", "admin"),
    Page("network-admin-records", "/network/records/", "admin"),
    Page("network-admin-applications", "/network/applications/", "admin"),
    Page("network-admin-application", f"/network/applications/{APPLICATION}/", "admin"),
    Page("network-admin-application-submitted", f"/network/applications/{SUBMITTED}/", "admin"),
    Page("network-admin-support", "/network/support/", "admin"),
    Page("network-admin-support-detail", "/network/support/1/", "admin"),
    Page("network-admin-import", "/network/records/import/", "admin"),
    Page("network-admin-contact-add", "/network/organisations/{org}/contacts/add/", "admin"),
    Page("network-admin-document-add", "/network/organisations/{org}/documents/add/", "admin"),
    Page("network-admin-record-edit", "/network/organisations/{org}/record/", "admin"),
]
