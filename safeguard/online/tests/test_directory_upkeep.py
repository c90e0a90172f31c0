"""Link check, re-verification and bulk import of the directory."""

from __future__ import annotations

import io
from datetime import date, timedelta
from unittest import mock

from django.core.management import call_command

from safeguard.online.models import CapabilityAssessment, ReportingChannel
from safeguard.online.services import channels_check_links, link_probe, table_import
from safeguard.testing import PersonaTestCase

from .factories import make_channel


def fake_fetch(statuses: dict[tuple[str, str], int | Exception]):
    def fetch(url: str, method: str) -> int:
        result = statuses.get((url, method), 200)
        if isinstance(result, Exception):
            raise result
        return result

    return fetch


class LinkCheckTests(PersonaTestCase):
    def test_an_unreachable_entry_becomes_unverified_and_stays_shown(self) -> None:
        ok = make_channel(url="https://ok.example.org/", name="Reachable")
        gone = make_channel(url="https://gone.example.org/", name="Gone Hotline")
        down = make_channel(url="https://down.example.org/", kind="child_helpline", name="Down")
        fetch = fake_fetch({(gone.url, "HEAD"): 404, (down.url, "HEAD"): TimeoutError("timed out")})
        report = channels_check_links(fetch=fetch)
        self.assertEqual(report.checked, 3)
        ok.refresh_from_db(), gone.refresh_from_db(), down.refresh_from_db()
        self.assertEqual((ok.status, gone.status, down.status), ("active", "unverified", "unverified"))
        self.assertEqual(gone.last_check_result, "HTTP 404")
        self.assertEqual(down.last_check_result, "unreachable: TimeoutError")
        self.assertIsNotNone(ok.last_checked_at)
        response = self.client.get("/online/where-to-report/ke/")
        self.assertContains(response, "Gone Hotline")
        self.assertContains(response, "Warning: we could not confirm this entry recently", count=2)

    def test_a_server_that_refuses_head_is_asked_with_get(self) -> None:
        url = "https://nohead.example.org/"
        self.assertEqual(
            link_probe(url, fake_fetch({(url, "HEAD"): 405, (url, "GET"): 200})), (True, "HTTP 200")
        )
        self.assertEqual(link_probe(url, fake_fetch({(url, "HEAD"): 405, (url, "GET"): 500}))[0], False)

    def test_a_reachable_link_does_not_re_verify_an_entry(self) -> None:
        channel = make_channel(status="unverified")
        channels_check_links(fetch=fake_fetch({}))
        channel.refresh_from_db()
        self.assertEqual(channel.status, "unverified")

    def test_phone_only_and_inactive_entries_are_not_fetched(self) -> None:
        make_channel(url="", phone="112", kind="emergency_number")
        make_channel(status="inactive")
        self.assertEqual(channels_check_links(fetch=fake_fetch({})).checked, 0)

    def test_the_weekly_command_reports_what_it_found(self) -> None:
        make_channel(url="https://gone.example.org/")
        out = io.StringIO()
        with mock.patch("urllib.request.urlopen", side_effect=OSError("no route")):
            call_command("online_check_links", stdout=out)
        self.assertIn("1 unreachable", out.getvalue())
        self.assertEqual(ReportingChannel.objects.get().status, "unverified")

    def test_only_https_addresses_are_fetched(self) -> None:
        from safeguard.online.services import http_status

        with self.assertRaises(OSError):
            http_status("file:///etc/passwd", "GET")


class ReverificationTests(PersonaTestCase):
    def test_entries_older_than_six_months_are_listed_for_review(self) -> None:
        make_channel(name="Fresh", last_verified_on=date.today() - timedelta(days=30))
        make_channel(name="Old", last_verified_on=date.today() - timedelta(days=200))
        make_channel(name="Never", last_verified_on=None)
        out = io.StringIO()
        call_command("online_stale_channels", stdout=out)
        self.assertIn("Old", out.getvalue())
        self.assertIn("Never", out.getvalue())
        self.assertNotIn("Fresh", out.getvalue())
        self.login(self.secretariat_admin)
        response = self.client.get("/online/review/")
        self.assertContains(response, "Old")
        self.assertNotContains(response, "Fresh")

    def test_staff_mark_an_entry_verified(self) -> None:
        channel = make_channel(status="unverified", last_verified_on=None)
        self.login(self.secretariat_admin)
        response = self.client.post(f"/online/channels/{channel.pk}/verify/")
        self.assertRedirects(response, "/online/review/")
        channel.refresh_from_db()
        self.assertEqual((channel.status, channel.last_verified_on), ("active", date.today()))
        self.assertEqual(channel.verified_by, self.secretariat_admin)

    def test_others_cannot_verify(self) -> None:
        channel = make_channel(status="unverified")
        for persona in ("member_admin", "outsider"):
            self.login(self.persona(persona))
            self.assertEqual(self.client.post(f"/online/channels/{channel.pk}/verify/").status_code, 404)
        channel.refresh_from_db()
        self.assertEqual(channel.status, "unverified")


CHANNELS_CSV = (
    "country,kind,name,url,phone,languages,anonymous,accepts,priority,international_fallback,status,visibility\n"
    "KE,csam_hotline,Kenya Hotline,https://h.ke.example.org/,,en,yes,csam,1,no,active,published\n"
    "KE,emergency_number,Kenya Police,,999,en,no,,1,no,active,published\n"
    ",csam_hotline,World Directory,https://world.example.org/,,en,yes,csam,1,yes,active,published\n"
)


class ImportTests(PersonaTestCase):
    def test_a_clean_file_is_imported_and_a_second_run_changes_nothing(self) -> None:
        result = table_import(kind="channels", data=CHANNELS_CSV.encode())
        self.assertEqual((result.created, result.errors, result.applied), (3, [], True))
        history = ReportingChannel.history.count()
        again = table_import(kind="channels", data=CHANNELS_CSV.encode())
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 3))
        self.assertEqual(ReportingChannel.history.count(), history)

    def test_a_changed_row_updates_the_entry(self) -> None:
        table_import(kind="channels", data=CHANNELS_CSV.encode())
        changed = CHANNELS_CSV.replace("Kenya Police,,999", "Kenya Police,,112")
        result = table_import(kind="channels", data=changed.encode())
        self.assertEqual((result.updated, result.unchanged), (1, 2))
        self.assertEqual(ReportingChannel.objects.get(name="Kenya Police").phone, "112")

    def test_bad_rows_are_reported_by_line_and_nothing_is_written(self) -> None:
        bad = CHANNELS_CSV + (
            "ZZ,csam_hotline,Nowhere,https://x.example.org/,,en,yes,csam,1,no,active,published\n"
            "KE,csam_hotline,Plain,http://plain.example.org/,,en,maybe,csam,1,no,active,published\n"
            "KE,child_helpline,Upload,https://u.example.org/,,en,no,uploads,1,no,active,published\n"
        )
        result = table_import(kind="channels", data=bad.encode())
        self.assertFalse(result.applied)
        lines = sorted({error.line for error in result.errors})
        self.assertEqual(lines, [5, 6, 7])
        self.assertEqual(ReportingChannel.objects.count(), 0)
        good_only = table_import(kind="channels", data=bad.encode(), good_rows_only=True)
        self.assertEqual(good_only.created, 3)

    def test_assessments_are_imported_idempotently(self) -> None:
        data = (
            b"country,capability,level,method,confidence,assessed_by,assessed_on,next_review_due,visibility,note\n"
            b"KE,MNR-2015-1,established,desk_review,high,Research team,2026-01-01,2027-01-01,published,\n"
            b"KE,MNR-2015-12,building,self_assessment,low,Research,2026-01-01,2027-01-01,internal,Check\n"
        )
        self.assertEqual(table_import(kind="assessments", data=data).created, 2)
        self.assertEqual(table_import(kind="assessments", data=data).unchanged, 2)
        self.assertEqual(CapabilityAssessment.objects.published().count(), 1)
        wrong = data.replace(b"established", b"excellent").replace(
            b"2027-01-01,internal", b"2025-01-01,internal"
        )
        result = table_import(kind="assessments", data=wrong)
        self.assertEqual(sorted({e.line for e in result.errors}), [2, 3])

    def test_staff_import_through_the_page(self) -> None:
        self.login(self.secretariat_admin)
        upload = io.BytesIO(CHANNELS_CSV.encode())
        upload.name = "channels.csv"
        response = self.client.post("/online/import/", {"kind": "channels", "file": upload})
        self.assertContains(response, "3 created, 0 updated, 0 unchanged")
        self.assertEqual(ReportingChannel.objects.count(), 3)

    def test_the_page_lists_errors_and_writes_nothing(self) -> None:
        self.login(self.secretariat_admin)
        upload = io.BytesIO(b"country,kind,name,url,phone\nZZ,csam_hotline,X,https://x.example.org/,\n")
        upload.name = "channels.csv"
        response = self.client.post("/online/import/", {"kind": "channels", "file": upload})
        self.assertContains(response, "line 2")
        self.assertContains(response, "Nothing was imported")
        self.assertEqual(ReportingChannel.objects.count(), 0)

    def test_an_export_imports_back_unchanged(self) -> None:
        table_import(kind="channels", data=CHANNELS_CSV.encode())
        self.login(self.secretariat_admin)
        exported = b"".join(self.client.get("/online/export/channels.csv").streaming_content)
        result = table_import(kind="channels", data=exported)
        self.assertEqual((result.errors, result.unchanged), ([], 3))
