import os
import re
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.db import models
from django.test import SimpleTestCase, TestCase

from safeguard.lib.registry import GlanceFigure, glance_figures
from safeguard.testing import make_organisation

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "safeguard").glob("**/templates/**/*.html"))


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class DeploymentTests(SimpleTestCase):
    def test_production_settings_pass_the_deployment_check_without_warnings(self) -> None:
        result = run_manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            SAFEGUARD_ENV="production",
            SECRET_KEY="x" * 64 + "-a-long-random-production-secret-for-this-test",
            ALLOWED_HOSTS="safeguard.example.org",
        )
        self.assertEqual(result.returncode, 0, result.stderr + result.stdout)
        self.assertIn("System check identified no issues", result.stdout)

    def test_production_refuses_to_start_without_a_secret_key(self) -> None:
        result = run_manage("check", SAFEGUARD_ENV="production", ALLOWED_HOSTS="safeguard.example.org")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is required", result.stderr)

    def test_a_bad_boolean_is_a_clear_error(self) -> None:
        result = run_manage("check", DEBUG="maybe")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DEBUG must be true or false", result.stderr)


class SecurityHeaderTests(TestCase):
    def test_every_page_sends_the_security_headers(self) -> None:
        response = self.client.get("/")
        csp = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")
        self.assertEqual(response["X-Frame-Options"], "DENY")


class TemplateHygieneTests(SimpleTestCase):
    def test_no_template_has_inline_script_style_or_handlers(self) -> None:
        offenders = []
        for path in TEMPLATES:
            text = path.read_text()
            # JSON-LD is data that browsers never run, so CSP allows it.
            if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>", text):
                offenders.append(f"{path}: inline <script>")
            # PDF templates are rendered by WeasyPrint on the server and never reach a browser.
            if re.search(r"<style\b|\sstyle=", text) and not path.name.endswith("_pdf.html"):
                offenders.append(f"{path}: inline style")
            if re.search(r"\son[a-z]+=", text):
                offenders.append(f"{path}: inline event handler")
        self.assertEqual(offenders, [])

    def test_no_template_loads_anything_from_another_origin(self) -> None:
        pattern = re.compile(r"<(script|link|img|iframe)[^>]+(src|href)=\"(https?:)?//")
        self.assertEqual([str(p) for p in TEMPLATES if pattern.search(p.read_text())], [])


class SameOriginPageTests(TestCase):
    def test_rendered_pages_load_scripts_styles_and_images_from_this_origin_only(self) -> None:
        pattern = re.compile(r"<(script|link|img|iframe)[^>]+(src|href)=\"(https?:)?//")
        for url in ["/", "/countries/", "/countries/ke/", "/accounts/login/", "/api/v1/docs"]:
            self.assertIsNone(pattern.search(self.client.get(url).content.decode()), url)


class NoAbuseMaterialTests(SimpleTestCase):
    """The platform never receives images, video or abuse reports."""

    def test_no_model_stores_images_or_video(self) -> None:
        fields = [
            f"{model._meta.label}.{field.name}"
            for model in apps.get_models()
            for field in model._meta.get_fields()
            if isinstance(field, models.ImageField)
        ]
        self.assertEqual(fields, [])

    def test_no_template_offers_a_file_upload(self) -> None:
        # Later apps may accept PDF and office files from vetted users, always with an accept list.
        uploads = [str(p) for p in TEMPLATES if re.search(r'type="file"(?![^>]*accept=)', p.read_text())]
        self.assertEqual(uploads, [])


class HomePageTests(TestCase):
    def test_it_shows_the_network_at_a_glance(self) -> None:
        from safeguard.network.tests.factories import make_record

        for country in ("KE", "KE", "PE"):
            make_record(make_organisation(country=country))
        make_organisation(country="TH")  # an organisation without a member record is no member
        response = self.client.get("/")
        figures = {f.key: f.value for f in response.context["figures"]}
        self.assertEqual(figures["member-organisations"], 3)
        self.assertEqual(figures["member-countries"], 2)
        self.assertContains(response, "The network at a glance")

    def test_apps_add_figures_through_the_registry(self) -> None:
        figure = GlanceFigure("signatures", "signatures", 7044278)
        glance_figures.register("test-app", lambda request: [figure])
        self.addCleanup(glance_figures.unregister, "test-app")
        self.assertContains(self.client.get("/"), "7,044,278")

    def test_it_shows_the_demo_banner_only_on_a_demo_site(self) -> None:
        self.assertNotContains(self.client.get("/"), "Demo site.")
        with self.settings(SAFEGUARD_DEMO=True):
            self.assertContains(self.client.get("/"), "Demo site.")


class LanguageTests(TestCase):
    def test_the_language_switch_works_without_javascript(self) -> None:
        response = self.client.post("/i18n/setlang/", {"language": "es", "next": "/countries/"})
        self.assertRedirects(response, "/countries/", fetch_redirect_response=False)
        page = self.client.get("/countries/")
        self.assertContains(page, '<html lang="es">')
        self.assertContains(page, "Alemania")
        self.assertContains(page, "Países")

    def test_french_pages_are_translated(self) -> None:
        response = self.client.get("/", headers={"accept-language": "fr"})
        self.assertContains(response, '<html lang="fr">')
        self.assertContains(response, "Pays")
        self.assertNotContains(response, "The network at a glance")


class OpenApiTests(TestCase):
    def test_the_schema_describes_every_endpoint(self) -> None:
        from safeguard.api import api

        schema = self.client.get("/api/v1/openapi.json").json()
        self.assertEqual(schema["info"]["title"], "Safeguard API")
        self.assertLessEqual({"/api/v1/countries", "/api/v1/countries/{iso2}"}, set(schema["paths"]))
        self.assertTrue(all(path.startswith("/api/v1/") for path in schema["paths"]))
        routes = sum(len(router[1].path_operations) for router in api._routers)
        self.assertEqual(routes, len(schema["paths"]))

    def test_every_documented_get_answers_as_documented(self) -> None:
        schema = self.client.get("/api/v1/openapi.json").json()
        # Paths with other parameters need objects; their apps' tests call them.
        plain = {p: ops for p, ops in schema["paths"].items() if "{" not in p.replace("{iso2}", "")}
        self.assertGreater(len(plain), 2)
        for path, operations in plain.items():
            url = path.replace("{iso2}", "ke")
            response = self.client.get(url)
            self.assertIn(str(response.status_code), operations["get"]["responses"], url)


class CliTests(SimpleTestCase):
    def test_the_console_script_passes_other_commands_to_django(self) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "safeguard.cli", "check"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("no issues", result.stdout)
