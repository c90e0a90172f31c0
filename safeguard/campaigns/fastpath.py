"""The public count JSON, answered from a two-second copy before Django's middleware stack.

Embedded counters on many sites poll ``/api/v1/campaigns/petitions/<slug>/counts``: it is the
platform's hottest read, and the same for everyone. The first request goes through Django as
usual; its response (status, body and every header the middleware set: CSP, nosniff, caching)
is kept in the cache for ``FAST_CACHE_SECONDS``, and until then the same URL is answered from
that copy without entering Django. Only a GET without a query string is answered this way,
and only a 200 without cookies is kept. Counts stay at most 10 seconds old: a fold every 3 s,
the counts cache (5 s), and this copy (2 s).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache

COUNTS_PATH = re.compile(r"/api/v1/campaigns/petitions/[-\w]+/counts")
FAST_CACHE_SECONDS = 2

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApp = Callable[[Environ, StartResponse], Iterable[bytes]]


def _cache_key(path: str) -> str:
    return f"campaigns:fastpath:{path}"


class PublicCountsCache:
    """WSGI middleware around the Django application (see ``safeguard/wsgi.py``)."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or environ.get("QUERY_STRING")
            or not COUNTS_PATH.fullmatch(path)
        ):
            return self.app(environ, start_response)
        hit = cache.get(_cache_key(path))
        if hit is not None:
            status, headers, body = hit
            start_response(status, list(headers))
            return [body]
        return self._through_django(path, environ, start_response)

    def _through_django(self, path: str, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"], seen["headers"] = status, list(headers)
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()  # Django's request_finished: connections are returned as usual
        status, headers = seen.get("status", ""), seen.get("headers", [])
        if status.startswith("200 ") and not any(name.lower() == "set-cookie" for name, _ in headers):
            cache.set(_cache_key(path), (status, headers, body), FAST_CACHE_SECONDS)
        return [body]
