"""This app's pages for the browser suite (axe in en/fr/es, 320 px, no JavaScript, same origin)."""

from safeguard.assembly.demo import NUMBER, poll_reference
from tests.browser.pages import Page

BASE = f"/assembly/{NUMBER}/"
AMENDMENT = f"/assembly/polls/{poll_reference('amendment-1')}/"  # certified, adopted by two-thirds
OPEN_VOTE = f"/assembly/polls/{poll_reference('motion-2')}/"  # open; viewer@ has not voted yet

PAGES: list[Page] = [
    Page("assembly-list", "/assembly/"),
    Page("assembly-detail", BASE),
    Page("assembly-quorum", BASE + "quorum/"),
    Page("assembly-bulletin", BASE + "bulletin/"),
    Page("assembly-motion-amended", BASE + "motions/1/"),
    Page("assembly-position", BASE + "elections/1/"),
    Page("assembly-poll-certified", AMENDMENT),
    Page("assembly-viewer-detail", BASE, "viewer"),
    Page("assembly-viewer-vote", OPEN_VOTE, "viewer"),
    Page("assembly-viewer-roll", BASE + "roll/", "viewer"),
    Page("assembly-viewer-delegation", BASE + "delegations/{org}/", "viewer"),
    Page("assembly-viewer-minutes", BASE + "minutes/", "viewer"),
    Page("assembly-member-admin-delegation", BASE + "delegations/{org}/", "member-admin"),
    Page("assembly-member-admin-motion-new", BASE + "motions/new/", "member-admin"),
    Page("assembly-member-admin-motion", BASE + "motions/3/", "member-admin"),
    Page("assembly-member-admin-position", BASE + "elections/1/", "member-admin"),
    Page("assembly-admin-credentials", BASE + "credentials/", "admin"),
    Page("assembly-admin-motion", BASE + "motions/2/", "admin"),
    Page("assembly-admin-vote", OPEN_VOTE, "admin"),
    Page("assembly-admin-minutes", BASE + "minutes/", "admin"),
    # The extraordinary assembly still to prepare: its roll is not taken yet.
    Page("assembly-admin-roll-to-take", f"/assembly/{NUMBER + 1}/roll/", "admin"),
]
