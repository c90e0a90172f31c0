"""200 signers released together: zero lost, zero double-counted, on SQLite and PostgreSQL."""

import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core import mail
from django.db import close_old_connections, connection, connections
from django.test import Client, TransactionTestCase

from .. import services
from ..models import CounterShard, Signature
from .helpers import last_token, make_petition, sign_data

SIGNERS = 200
DISTINCT = 150


def run_together(count: int, work: Callable[[int], None]) -> list[BaseException]:
    """Start ``count`` threads, release them at once with a barrier, collect their failures."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []
    # PostgreSQL here allows 100 connections shared by every test run on the machine: like a
    # server's pool, at most 40 requests hold a connection at once; all 200 still race for them.
    slots = threading.BoundedSemaphore(40 if connection.vendor == "postgresql" else count)

    def target(n: int) -> None:
        try:
            barrier.wait(timeout=60)
            with slots:
                try:
                    work(n)
                finally:
                    connections.close_all()
        except BaseException as exc:  # noqa: BLE001 (reported by the test, not swallowed)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@contextmanager
def production_like_sqlite() -> Iterator[None]:
    """On SQLite, run on a file database configured as in production (WAL, IMMEDIATE, busy timeout).

    The test database is an in-memory shared-cache one, whose table locks fail at once instead
    of waiting: an artefact of tests that production (a file) never sees. The data is copied to
    a file for the duration and the in-memory database kept alive for the test runner's flush.
    """
    if connection.vendor != "sqlite":
        yield
        return
    settings_dict = connection.settings_dict
    memory_name = settings_dict["NAME"]
    connection.ensure_connection()
    keeper = sqlite3.connect(memory_name, uri=True)  # the in-memory database lives while one connection does
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "concurrency.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        connection.connection.close()
        connection.connection = None
        settings_dict["NAME"] = str(path)
        try:
            yield
        finally:
            connections.close_all()
            connection.connection = None
            settings_dict["NAME"] = memory_name
            connection.ensure_connection()
            keeper.close()


def spelling(n: int) -> str:
    """150 people; the last 50 threads re-use an address in another spelling (a duplicate)."""
    person = n % DISTINCT
    if n < DISTINCT:
        return f"signer.{person}@gmail.com"
    return f"Signer{person}+again@GoogleMail.com"


@pytest.mark.django_db(transaction=True)
class ConcurrentSigningTests(TransactionTestCase):
    # Reload the reference data (countries) that a previous transactional test flushed.
    serialized_rollback = True

    def test_two_hundred_signers_at_once_are_all_kept_and_counted_once(self) -> None:
        petition = make_petition()
        with production_like_sqlite():
            self.check_signing(petition)

    def check_signing(self, petition: object) -> None:
        url = f"/campaigns/p/{petition.slug}/sign/"
        statuses: list[int] = []

        def sign(n: int) -> None:
            response = Client().post(url, sign_data(spelling(n)), REMOTE_ADDR=f"10.{n // 100}.{n % 100}.7")
            statuses.append(response.status_code)

        errors = run_together(SIGNERS, sign)
        close_old_connections()
        self.assertEqual(errors, [])
        self.assertEqual(statuses, [303] * SIGNERS)
        self.assertEqual(Signature.objects.count(), DISTINCT)

        while services.signatures_process().mailed:
            pass
        tokens = [
            last_token(email) for email in Signature.objects.order_by("pk").values_list("email", flat=True)
        ]
        self.assertLessEqual(len(mail.outbox), SIGNERS)

        # Everyone confirms at once, a quarter of them twice (double click, two devices).
        confirm_status: list[int] = []

        def confirm(n: int) -> None:
            response = Client().post(f"/campaigns/confirm/{tokens[n % DISTINCT]}/")
            confirm_status.append(response.status_code)

        errors = run_together(SIGNERS, confirm)
        close_old_connections()
        self.assertEqual(errors, [])
        self.assertEqual(confirm_status, [200] * SIGNERS)

        # Signing and folding at the same time never loses a delta either.
        folder_errors = run_together(4, lambda n: services.counts_fold())
        self.assertEqual(folder_errors, [])
        services.counts_fold()
        self.assertEqual(Signature.objects.filter(status="confirmed").count(), DISTINCT)
        self.assertEqual(sum(CounterShard.objects.values_list("count", flat=True)), DISTINCT)
        self.assertEqual(services.counts_recount().drift, [])
        self.assertEqual(connection.vendor in {"sqlite", "postgresql"}, True)
