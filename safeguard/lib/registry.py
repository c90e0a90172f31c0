"""Small registries through which apps contribute to shared pages without importing each other.

The country profile shows a section from every app, and the home page a "network at a glance"
figure from every app. Each app registers its providers in ``AppConfig.ready()``; the page
renders whatever is registered, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.http import HttpRequest


@dataclass(frozen=True)
class ProfileSection:
    """What one app shows on a country profile page."""

    key: str
    title: str
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class GlanceFigure:
    """One figure of the home page's "network at a glance" block."""

    key: str
    label: str
    value: int


@dataclass(frozen=True)
class NavItem:
    """A link of the main navigation. ``visible`` decides per request (for example: signed in)."""

    key: str
    label: Any  # a lazy translation
    url_name: str
    visible: Callable[[HttpRequest], bool] = lambda request: True


SectionProvider = Callable[[HttpRequest, Any], ProfileSection | None]
GlanceProvider = Callable[[HttpRequest], list[GlanceFigure]]


T = TypeVar("T")


class Registry(Generic[T]):
    """An ordered set of providers, keyed so that registering twice replaces, never duplicates."""

    def __init__(self) -> None:
        self._providers: dict[str, tuple[int, T]] = {}

    def register(self, key: str, provider: T, *, order: int = 100) -> None:
        self._providers[key] = (order, provider)

    def unregister(self, key: str) -> None:
        self._providers.pop(key, None)

    def providers(self) -> list[T]:
        return [p for _, p in sorted(self._providers.values(), key=lambda item: item[0])]


country_sections: Registry[SectionProvider] = Registry()
glance_figures: Registry[GlanceProvider] = Registry()
nav_items: Registry[NavItem] = Registry()
# Demo loaders run after the accounts demo (organisations and personas) exists. Each must be
# idempotent (a second run changes nothing) and may return extra demo logins to print.
DemoLoader = Callable[[], list[Any]]
demo_loaders: Registry[DemoLoader] = Registry()


def render_country_sections(request: HttpRequest, country: Any) -> list[ProfileSection]:
    """Ask every registered app for its section of ``country``; an app may have nothing to show."""
    sections = (provider(request, country) for provider in country_sections.providers())
    return [section for section in sections if section is not None]


def collect_glance_figures(request: HttpRequest) -> list[GlanceFigure]:
    return [figure for provider in glance_figures.providers() for figure in provider(request)]


def visible_nav_items(request: HttpRequest) -> list[NavItem]:
    return [item for item in nav_items.providers() if item.visible(request)]
