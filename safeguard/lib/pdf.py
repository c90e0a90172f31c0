"""PDFs rendered from HTML by WeasyPrint (monitoring's country reports, the Assembly's minutes).

Nothing is fetched from the network: the URL fetcher serves only this project's static files and
refuses every other address. Fonts come from the system.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse


class StaticOnlyFetcher(URLFetcher):
    """Serves ``STATIC_URL`` files from the staticfiles finders; refuses everything else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = urlparse(url).path
        prefix = "/" + settings.STATIC_URL.lstrip("/")
        if path.startswith(prefix):
            found = finders.find(path[len(prefix) :])
            if isinstance(found, str):
                with open(found, "rb") as handle:
                    body = handle.read()
                mime = "text/css" if found.endswith(".css") else "application/octet-stream"
                return URLFetcherResponse(url, body, {"Content-Type": mime})
        raise ValueError(f"refused to fetch {url}")

    def __call__(self, url: str, headers: Any = None) -> URLFetcherResponse:
        return self.fetch(url, headers)


def render_pdf(html: str, base_url: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher()).write_pdf()
