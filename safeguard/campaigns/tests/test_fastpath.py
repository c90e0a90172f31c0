from typing import Any
from unittest import mock

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import RequestFactory, TestCase

from ..fastpath import PublicCountsCache
from .helpers import make_petition


class Recorder:
    """The Django application, counting how often a request reaches it."""

    def __init__(self) -> None:
        self.app = get_wsgi_application()
        self.calls = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.calls += 1
        return self.app(environ, start_response)


def call(app: PublicCountsCache, environ: dict[str, Any]) -> tuple[str, dict[str, str], bytes]:
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], body


class PublicCountsCacheTests(TestCase):
    def setUp(self) -> None:
        # As Django's test client does: the start or end of a request must not close the test's connection.
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)
        cache.clear()
        self.petition = make_petition()
        self.django = Recorder()
        self.app = PublicCountsCache(self.django)
        self.path = f"/api/v1/campaigns/petitions/{self.petition.slug}/counts"

    def environ(self, path: str, method: str = "GET", **extra: Any) -> dict[str, Any]:
        return RequestFactory().generic(method, path, **extra).environ

    def test_a_second_read_is_the_same_response_without_entering_django(self) -> None:
        first = call(self.app, self.environ(self.path))
        second = call(self.app, self.environ(self.path))
        self.assertEqual(first[0], "200 OK")
        self.assertEqual(second, first)
        self.assertEqual(self.django.calls, 1)
        # The copy keeps the headers the middleware set.
        self.assertIn("Content-Security-Policy", second[1])
        self.assertEqual(second[1]["X-Content-Type-Options"], "nosniff")
        self.assertIn(b'"total"', second[2])

    def test_the_copy_lives_only_as_long_as_its_lifetime(self) -> None:
        with mock.patch("safeguard.campaigns.fastpath.FAST_CACHE_SECONDS", 0):  # 0: kept no time
            call(self.app, self.environ(self.path))
            call(self.app, self.environ(self.path))
        self.assertEqual(self.django.calls, 2)
        call(self.app, self.environ(self.path))
        call(self.app, self.environ(self.path))
        self.assertEqual(self.django.calls, 3)

    def test_other_requests_always_go_through_django(self) -> None:
        for environ in (
            self.environ(self.path, "POST"),
            self.environ(self.path, "HEAD"),
            self.environ(self.path + "?x=1"),
            self.environ("/api/v1/campaigns/"),
        ):
            call(self.app, environ)
            call(self.app, environ)
        self.assertEqual(self.django.calls, 8)

    def test_a_missing_petition_is_never_kept(self) -> None:
        path = "/api/v1/campaigns/petitions/no-such-petition/counts"
        self.assertEqual(call(self.app, self.environ(path))[0][:3], "404")
        call(self.app, self.environ(path))
        self.assertEqual(self.django.calls, 2)
