"""This app's pages for the browser suite (axe in en/fr/es, 320 px, no JavaScript, same origin)."""

from tests.browser.pages import Page

PAGES: list[Page] = []
