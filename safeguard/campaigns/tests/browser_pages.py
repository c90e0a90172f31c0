"""This app's pages for the browser suite (axe in en/fr/es, 320 px, no JavaScript, same origin)."""

from tests.browser.pages import Page

from ..demo import DEMO_SIGNER, DEMO_TOKEN
from ..identity import email_hmac, signer_link_token

# The demo's first signature is the pending one of DEMO_SIGNER (see demo.py); the browser suite's
# server runs with the same SECRET_KEY as this process, so its signed link is known here.
_LINK = signer_link_token(1, email_hmac(DEMO_SIGNER))

PAGES: list[Page] = [
    Page("campaigns-list", "/campaigns/"),
    Page("campaigns-campaign", "/campaigns/c/stop-trafficking-2009/"),
    Page("campaigns-petition", "/campaigns/p/safe-online/"),
    Page("campaigns-petition-closed", "/campaigns/p/stop-trafficking/"),
    Page("campaigns-thanks", "/campaigns/p/safe-online/thanks/"),
    Page("campaigns-action-page", "/campaigns/a/member-safe-online/"),
    Page("campaigns-confirm", f"/campaigns/confirm/{DEMO_TOKEN}/"),
    Page("campaigns-remove", f"/campaigns/remove/{_LINK}/"),
    Page("campaigns-not-me", f"/campaigns/remove/{_LINK}/?not_me=1"),
    Page("campaigns-my-data", f"/campaigns/my-data/{_LINK}/"),
    Page("campaigns-embed-counter", "/campaigns/embed/safe-online/counter/"),
    Page("campaigns-embed-sign", "/campaigns/embed/safe-online/sign/"),
    Page("campaigns-viewer-signers", "/campaigns/a/member-safe-online/signers/", "viewer"),
    Page("campaigns-admin-manage", "/campaigns/manage/p/stop-trafficking/", "admin"),
    Page("campaigns-admin-manage-open", "/campaigns/manage/p/safe-online/", "admin"),
    Page("campaigns-admin-paper-tally", "/campaigns/manage/p/safe-online/paper/tally/", "admin"),
    Page("campaigns-admin-paper-keyed", "/campaigns/manage/p/safe-online/paper/keyed/", "admin"),
    Page("campaigns-admin-paper-batch", "/campaigns/manage/paper/81/", "admin"),
    Page("campaigns-admin-invalidate", "/campaigns/manage/p/safe-online/invalidate/", "admin"),
    Page("campaigns-admin-invalidation", "/campaigns/manage/invalidations/1/", "admin"),
    Page("campaigns-admin-chapter", "/campaigns/manage/chapters/1/", "admin"),
]
