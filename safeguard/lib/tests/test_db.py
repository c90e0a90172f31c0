"""The PostgreSQL health check without a round trip, and the one-statement column update."""

import time
import unittest
from unittest import mock

from django.db import NotSupportedError, connection, connections
from django.db.backends.postgresql.base import DatabaseWrapper as DjangoWrapper
from django.test import TestCase

from safeguard.accounts.models import Organisation
from safeguard.countries.models import Country
from safeguard.lib import bulk


@unittest.skipUnless(connection.vendor == "postgresql", "the health check is PostgreSQL's backend")
class HealthCheckTests(TestCase):
    def setUp(self) -> None:
        # A connection of its own, outside the test case's transaction.
        self.wrapper = connections.create_connection("default")
        self.wrapper.ensure_connection()

    def tearDown(self) -> None:
        self.wrapper.close()

    def test_a_quiet_connection_is_usable_without_a_query(self) -> None:
        with mock.patch.object(DjangoWrapper, "is_usable", side_effect=AssertionError("round trip")):
            self.assertTrue(self.wrapper.is_usable())

    def test_a_connection_the_server_dropped_is_not_usable_and_is_replaced(self) -> None:
        pid = self.wrapper.connection.info.backend_pid
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            self.assertTrue(cursor.fetchone()[0])
        deadline = time.monotonic() + 5
        while self.wrapper.is_usable() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(self.wrapper.is_usable())
        self.wrapper.health_check_enabled, self.wrapper.health_check_done = True, False
        self.wrapper.close_if_health_check_failed()
        with self.wrapper.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.assertNotEqual(cursor.fetchone()[0], pid)

    def test_an_open_transaction_falls_back_to_the_query(self) -> None:
        self.wrapper.set_autocommit(False)
        with self.wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
        with mock.patch.object(DjangoWrapper, "is_usable", return_value=True) as checked:
            self.assertTrue(self.wrapper.is_usable())
        checked.assert_called_once()
        self.wrapper.rollback()


class UpdateColumnTests(TestCase):
    def test_each_row_gets_its_own_value_and_no_other_row_changes(self) -> None:
        country = Country.objects.get(iso2="TH")
        orgs = [
            Organisation.objects.create(name=f"Org {i}", slug=f"org-{i}", kind="member", country=country)
            for i in range(4)
        ]
        with mock.patch.object(bulk, "CHUNK", 1):  # one statement per row: chunks add up
            changed = bulk.update_column(
                Organisation, "name", {orgs[0].pk: "Zero's", orgs[2].pk: "Two; DROP"}
            )
        self.assertEqual(changed, 2)
        names = dict(Organisation.objects.filter(pk__in=[o.pk for o in orgs]).values_list("slug", "name"))
        self.assertEqual(names, {"org-0": "Zero's", "org-1": "Org 1", "org-2": "Two; DROP", "org-3": "Org 3"})

    def test_nothing_to_update(self) -> None:
        self.assertEqual(bulk.update_column(Organisation, "name", {}), 0)

    @unittest.skipUnless(connection.vendor == "sqlite", "the version check is SQLite's")
    def test_an_sqlite_without_update_from_is_refused_with_a_clear_error(self) -> None:
        with (
            mock.patch.object(connection.Database, "sqlite_version_info", (3, 32, 3)),
            self.assertRaisesMessage(NotSupportedError, "SQLite 3.33"),
        ):
            bulk.update_column(Organisation, "name", {1: "x"})
