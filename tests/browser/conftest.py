"""Fixtures of the browser suite: a real demo server, Debian's Chromium, signed-in personas.

Run with ``uv run pytest -m browser tests/browser``. The server runs in a subprocess against a
throw-away SQLite file, so nothing here touches the developer's ``var/`` directory.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "safeguard-demo-2026"
DEMO_DOMAIN = "demo.example.org"
# Personas are the demo logins by their local part: "viewer", "admin", "company", ...
# "new-staff" is Secretariat staff without a second factor: every page sends them to set one up.


def email_of(persona: str) -> str:
    return f"{persona}@{DEMO_DOMAIN}"


# Staff who must set up a second factor before anything else.
WITHOUT_SECOND_FACTOR = {"new-staff"}
REAUTHENTICATE_PATH = "/accounts/reauthenticate/"
TOTP_ACTIVATE_PATH = "/accounts/2fa/totp/activate/"
# allauth's pages that manage a second factor (set-up, recovery codes) ask for the password
# again unless it was confirmed on /accounts/reauthenticate/ in the last
# ACCOUNT_REAUTHENTICATION_TIMEOUT (300 s by default); signing in does not count. States for
# those pages confirm it and do so again when it is older than this.
REAUTHENTICATED_SECONDS = 180
SERVER_START_TIMEOUT = 30  # seconds until runserver must answer
TIMEOUT_MS = 15_000


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    # Whatever the developer's shell points at (a real database, Redis, production mode)
    # must not leak into the throw-away server.
    for name in ("DATABASE_URL", "REDIS_URL", "SAFEGUARD_ENV", "STATIC_ROOT", "MEDIA_ROOT", "ALLOWED_HOSTS"):
        env.pop(name, None)
    env.update(
        {
            "SAFEGUARD_VAR_DIR": str(var_dir),
            "SAFEGUARD_DEMO": "true",
            "TASKS_BACKEND": "immediate",
            "DJANGO_SETTINGS_MODULE": "safeguard.settings",
            # DEBUG=false so that a missing page renders the site's own 404 template rather
            # than Django's technical page; `runserver --insecure` still serves static files.
            "DEBUG": "false",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"`manage.py {' '.join(args)}` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout


class Server:
    def __init__(self, url: str, env: dict[str, str], log: Path) -> None:
        self.url = url
        self.env = env
        self.log = log

    def totp_code(self) -> str:
        """The demo logins' current second-factor code, as `manage.py demo_totp` prints it."""
        # A code is valid for one 30-second window; never fetch one that is about to expire.
        remaining = 30 - time.time() % 30
        if remaining < 5:
            time.sleep(remaining + 0.5)
        return _manage(self.env, "demo_totp", timeout=60).strip()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Server]:
    """A real `runserver` on a free port, with the demo network loaded into a temporary SQLite."""
    var_dir = tmp_path_factory.mktemp("safeguard-browser")
    env = _server_env(var_dir)
    _manage(env, "migrate", "-v0")
    _manage(env, "demo_load")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = var_dir / "runserver.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"runserver exited with {process.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"runserver did not answer within {SERVER_START_TIMEOUT} s:\n{log.read_text()}")
            time.sleep(0.2)
        yield Server(url, env, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"Browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); "
            "it is not installed, so the browser suite did not run."
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Site:
    """Opens browser contexts on the test server, anonymous or as a signed-in persona."""

    def __init__(self, browser: Any, server: Server) -> None:
        self.browser = browser
        self.server = server
        self.url = server.url
        self._states: dict[str, dict[str, Any]] = {}
        self._reauthenticated_at: dict[str, float] = {}
        self._failures: dict[str, str] = {}
        self._org_slug: str | None = None

    def context(
        self, persona: str | None = None, language: str = "en", *, fresh: bool = False, **options: Any
    ) -> Any:
        """A fresh context with the `django_language` cookie set, signed in as `persona` if given.

        `fresh`: the persona has also just confirmed their password, as allauth asks before
        managing a second factor.
        """
        if persona is not None:
            options["storage_state"] = self.storage_state(persona, fresh=fresh)
        context = self.browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.add_cookies([{"name": "django_language", "value": language, "url": self.url}])
        return context

    def storage_state(self, persona: str, *, fresh: bool = False) -> dict[str, Any]:
        """Signs `persona` in once per session through the real forms; later contexts reuse it."""
        if persona in self._failures:  # one failed sign-in fails its persona's tests at once
            pytest.fail(f"signing in as {persona} failed earlier in this session: {self._failures[persona]}")
        if persona not in self._states or (fresh and self._confirmation_is_stale(persona)):
            context = self.browser.new_context(storage_state=self._states.get(persona))
            context.set_default_timeout(TIMEOUT_MS)
            try:
                page = context.new_page()
                if persona not in self._states:
                    self._sign_in(page, persona)
                if fresh and self._confirmation_is_stale(persona):
                    page.goto(self.url + REAUTHENTICATE_PATH)
                    self._confirm_password(page, persona)
                self._states[persona] = context.storage_state()
            except Exception as error:
                self._failures[persona] = str(error).splitlines()[0]
                raise
            finally:
                context.close()
        return self._states[persona]

    def submit_password(self, page: Any, persona: str) -> None:
        """The first step of signing in: the sign-in form, filled in and sent."""
        page.goto(f"{self.url}/accounts/login/")
        form = page.locator("form:has(input[name=login])")
        form.locator("input[name=login]").fill(email_of(persona))
        form.locator("input[name=password]").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            form.locator("button[type=submit]:not([form])").click()

    def _confirmation_is_stale(self, persona: str) -> bool:
        confirmed_at = self._reauthenticated_at.get(persona)
        return confirmed_at is None or time.monotonic() - confirmed_at > REAUTHENTICATED_SECONDS

    def _confirm_password(self, page: Any, persona: str) -> None:
        """Answers allauth's "Confirm Access" page, which asks for the password again."""
        assert page.url.startswith(self.url + REAUTHENTICATE_PATH), f"not asked for the password: {page.url}"
        form = page.locator("form:has(input[name=password])")
        form.locator("input[name=password]").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            form.locator("button[type=submit]:not([form])").click()
        assert not page.url.startswith(self.url + REAUTHENTICATE_PATH), f"{persona}'s password was refused"
        self._reauthenticated_at[persona] = time.monotonic()

    def _sign_in(self, page: Any, persona: str) -> None:
        self.submit_password(page, persona)
        for _attempt in range(2):
            if not page.url.startswith(f"{self.url}/accounts/2fa/authenticate/"):
                break
            # The second factor: allauth asks for the current code after the password.
            code_form = page.locator("form:has(input[name=code])")
            code_form.locator("input[name=code]").fill(self.server.totp_code())
            # The stage page also holds a "Cancel" button that belongs to another form.
            with page.expect_navigation():
                code_form.locator("button[type=submit]:not([form])").click()
        if persona in WITHOUT_SECOND_FACTOR:
            # Sent to set up a second factor, which first asks to confirm the password.
            self._confirm_password(page, persona)
            landing = self.url + TOTP_ACTIVATE_PATH
            assert page.url.startswith(landing), f"signing in {email_of(persona)} ended at {page.url}"
        else:
            assert page.url == f"{self.url}/my/", f"signing in {email_of(persona)} ended at {page.url}"

    @property
    def org_slug(self) -> str:
        """The slug of the viewer's organisation, as the link on /my/ gives it."""
        if self._org_slug is None:
            context = self.context("viewer")
            try:
                page = context.new_page()
                page.goto(f"{self.url}/my/")
                href = page.locator("main table a[href^='/organisations/']").first.get_attribute("href")
            finally:
                context.close()
            match = re.fullmatch(r"/organisations/([\w-]+)/", href or "")
            assert match, f"no organisation link on /my/ (found {href!r})"
            self._org_slug = match.group(1)
        return self._org_slug


@pytest.fixture(scope="session")
def site(browser: Any, server: Server) -> Site:
    return Site(browser, server)
