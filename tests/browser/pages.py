"""A page of the browser suite; apps list theirs in <app>/tests/browser_pages.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # "{org}" stands for the slug of the viewer's organisation
    persona: str | None = None
    status: int = 200
    # allauth asks for the password again on this page unless it was confirmed in the last few
    # minutes (signing in does not count); the persona confirms it first.
    fresh: bool = False

    def url(self, site: Any) -> str:
        path = self.path.format(org=site.org_slug) if "{org}" in self.path else self.path
        return site.url + path
