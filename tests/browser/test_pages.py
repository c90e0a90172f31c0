"""Every page, as the person who sees it: accessible (axe-core, WCAG 2.1 A and AA) in each
language, usable at 320 px and without JavaScript, and loading nothing from elsewhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ..matrix import app_test_modules
from .pages import Page

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "fr", "es"]
# Where staff without a second factor are sent, whatever page they ask for.
TOTP_ACTIVATE_PATH = "/accounts/2fa/totp/activate/"

AXE = Path(__file__).parent / "vendor" / "axe-core-4.11.1" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


PAGES = [
    Page("home", "/"),
    Page("countries", "/countries/"),
    Page("countries-search", "/countries/?q=ken"),
    Page("country", "/countries/th/"),
    Page("login", "/accounts/login/"),
    Page("password-reset", "/accounts/password/reset/"),
    Page("signup", "/accounts/signup/"),
    Page("not-found", "/countries/zz/", status=404),
    Page("viewer-dashboard", "/my/", "viewer"),
    Page("viewer-organisation", "/organisations/{org}/", "viewer"),
    Page("viewer-password-change", "/accounts/password/change/", "viewer"),
    Page("viewer-email", "/accounts/email/", "viewer"),
    Page("viewer-reauthenticate", "/accounts/reauthenticate/", "viewer"),
    Page("admin-security-events", "/security/events/", "admin"),
    Page("admin-organisation", "/organisations/{org}/", "admin"),
    Page("admin-2fa", "/accounts/2fa/", "admin"),
    Page("admin-recovery-codes", "/accounts/2fa/recovery-codes/", "admin", fresh=True),
    # The forced set-up of a second factor, with its QR code.
    Page("new-staff-totp-activate", TOTP_ACTIVATE_PATH, "new-staff", fresh=True),
]
for _module in app_test_modules("browser_pages"):
    PAGES += _module.PAGES
page_params = pytest.mark.parametrize("page_spec", PAGES, ids=[p.name for p in PAGES])


def open_page(site: Any, spec: Page, language: str = "en", **options: Any) -> tuple[Any, Any]:
    """Opens `spec` in a fresh context; checks it answered as expected, without a redirect."""
    context = site.context(spec.persona, language, fresh=spec.fresh, **options)
    page = context.new_page()
    url = spec.url(site)
    try:
        response = page.goto(url)
        assert response is not None
        assert page.url == url, f"{url} redirected to {page.url}"
        assert response.status == spec.status, f"{url} answered {response.status}, expected {spec.status}"
        assert page.get_attribute("html", "lang") == language
    except BaseException:
        context.close()
        raise
    return context, page


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"\n[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - target: {json.dumps(node['target'])}")
            lines.append(f"    html:   {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n            ")
            lines.append(f"    why:    {summary}")
    return "\n".join(lines)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def assert_no_violations(violations: list[dict[str, Any]], where: str, language: str) -> None:
    if violations:
        print(f"axe-core found {len(violations)} violation(s) on {where} ({language}):")  # noqa: T201
        print(format_violations(violations))  # noqa: T201
    assert not violations, f"WCAG violations on {where} ({language}):{format_violations(violations)}"


# The elements that stick out past the viewport and that no scrolling ancestor contains (an
# absolutely positioned element escapes every ancestor up to its positioned containing block).
WIDEST_ELEMENTS = """width => [...document.querySelectorAll('body *')].filter(element => {
    if (element.getBoundingClientRect().right <= width + 0.5) return false;
    let escapes = ['absolute', 'fixed'].includes(getComputedStyle(element).position);
    for (let a = element.parentElement; a && a !== document.body; a = a.parentElement) {
        const style = getComputedStyle(a);
        const contains = !escapes || style.position !== 'static';
        if (contains && style.overflowX !== 'visible' && a.getBoundingClientRect().right <= width + 0.5)
            return false;
        if (contains) escapes = ['absolute', 'fixed'].includes(style.position);
    }
    return true;
}).slice(0, 10).map(e => `${Math.round(e.getBoundingClientRect().right)} px: ${e.outerHTML.slice(0, 200)}`)"""


# Fields one cannot type in whose text is cut off: a disabled one can be neither scrolled nor
# selected, so the rest of what it holds (an authenticator secret, say) cannot be read.
CUT_OFF_FIXED_FIELDS = """() => [...document.querySelectorAll(
        ':is(input, textarea):is(:disabled, [readonly])')]
    .filter(field => field.scrollWidth > field.clientWidth + 1)
    .map(field => `${field.scrollWidth} px in ${field.clientWidth} px: ${field.outerHTML.slice(0, 200)}`)"""


def too_wide_at_320px(page: Any) -> str | None:
    """What sticks out of the page at 320 px (the viewport must already be that narrow)."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > 320:
        return f"{scroll_width} px wide at 320 px; widest:\n" + "\n".join(page.evaluate(WIDEST_ELEMENTS, 320))
    cut_off = page.evaluate(CUT_OFF_FIXED_FIELDS)
    if cut_off:
        return "cut off in read-only or disabled fields at 320 px:\n" + "\n".join(cut_off)
    return None


# Axe and the 320 px check share one load per page and language: axe first at the default
# width, then the same page narrowed to 320 px (media queries apply on resize). French and
# Spanish strings run longer than English ones, so both checks run in each language.
@pytest.mark.parametrize("language", LANGUAGES)
@page_params
def test_accessible_and_no_horizontal_scrolling_at_320px(site: Any, page_spec: Page, language: str) -> None:
    # The site forbids inline scripts (script-src 'self'), which is how Playwright injects
    # axe; only these contexts bypass the policy (test_loads_nothing_... checks it holds).
    context, page = open_page(site, page_spec, language, bypass_csp=True)
    try:
        violations = axe_violations(page)
        page.set_viewport_size({"width": 320, "height": 640})
        too_wide = too_wide_at_320px(page)
    finally:
        context.close()
    assert_no_violations(violations, page_spec.path, language)
    assert too_wide is None, f"{page_spec.path} ({language}) is {too_wide}"


# Whether a page works without JavaScript does not depend on its language: the markup is the
# same in all three, so this check runs once per page.
@page_params
def test_renders_without_javascript(site: Any, page_spec: Page) -> None:
    context, page = open_page(site, page_spec, "en", java_script_enabled=False)
    try:
        heading = page.locator("main h1")
        assert heading.count() == 1, "the page has no single <h1> in <main>"
        assert heading.is_visible()
        assert heading.inner_text().strip()
        main_text = page.locator("main").inner_text()
        assert len(main_text.strip()) > len(heading.inner_text().strip()), "<main> holds only its heading"
    finally:
        context.close()


@page_params
def test_loads_nothing_from_elsewhere_and_breaks_no_csp(site: Any, page_spec: Page) -> None:
    context = site.context(page_spec.persona, fresh=page_spec.fresh)
    requests: list[str] = []
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
        page.goto(page_spec.url(site), wait_until="networkidle")
    finally:
        context.close()
    foreign = [url for url in requests if not (url.startswith(site.url + "/") or url.startswith("data:"))]
    assert not foreign, f"{page_spec.path} loaded from another origin: {foreign}"
    csp = [e for e in errors if "Content Security Policy" in e or e.startswith("uncaught:")]
    assert not csp, f"{page_spec.path} broke its Content Security Policy or threw:\n" + "\n".join(csp)


@pytest.mark.parametrize("language", LANGUAGES)
def test_second_factor_step_of_signing_in(site: Any, language: str) -> None:
    """The code page shown between the admin's password and their code: axe, and 320 px."""
    context = site.context(language=language, bypass_csp=True)
    try:
        page = context.new_page()
        site.submit_password(page, "admin")
        url = page.url.split("?")[0]
        assert url == site.url + "/accounts/2fa/authenticate/", f"the password step ended at {page.url}"
        assert page.get_attribute("html", "lang") == language
        violations = axe_violations(page)
        page.set_viewport_size({"width": 320, "height": 640})
        too_wide = too_wide_at_320px(page)
    finally:
        context.close()
    assert_no_violations(violations, "/accounts/2fa/authenticate/", language)
    assert too_wide is None, f"/accounts/2fa/authenticate/ ({language}) is {too_wide}"


@pytest.mark.parametrize("path", ["/my/", "/countries/", "/security/events/"])
def test_staff_without_second_factor_are_sent_to_set_one_up(site: Any, path: str) -> None:
    context = site.context("new-staff", fresh=True)
    try:
        page = context.new_page()
        page.goto(site.url + path)
        landed = page.url
        qr_codes = page.locator("main img[src^='data:image/svg+xml']").count()
    finally:
        context.close()
    assert landed.startswith(site.url + TOTP_ACTIVATE_PATH), f"{path} ended at {landed}"
    assert qr_codes == 1, f"the set-up page reached from {path} shows {qr_codes} QR codes"
