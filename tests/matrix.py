"""The vocabulary of the permission matrix, shared by tests/test_permission_matrix.py and each
app's ``tests/matrix.py``: personas, expected-status helpers and one entry per URL pattern."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps

PERSONAS = (
    "anonymous",
    "member_viewer",
    "member_editor",
    "member_admin",
    "outsider",
    "company_contact",
    "secretariat_admin",
)
SIGNED_IN = PERSONAS[1:]


def every(status: int, **overrides: int) -> dict[str, int]:
    """The same status for every persona, except those named."""
    return {persona: overrides.get(persona, status) for persona in PERSONAS}


def staff(status: int) -> dict[str, int]:
    """Admin routes: everyone but site staff is sent to sign in."""
    return every(302, secretariat_admin=status)


def with_totp(status: int) -> dict[str, int]:
    """The personas that have a second factor."""
    return {"member_admin": status, "secretariat_admin": status}


def signed_in(status: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    return every(status, anonymous=anonymous, **overrides)


@dataclass
class Entry:
    url: str
    get: dict[str, int]
    post: dict[str, int]
    data: dict[str, str] = field(default_factory=dict)


def app_test_modules(name: str) -> list[ModuleType]:
    """``safeguard.<app>.tests.<name>`` of every installed app that has one, in INSTALLED_APPS order.

    Apps declare their permission-matrix rows (``matrix``) and browser pages (``browser_pages``)
    this way, so adding an app to INSTALLED_APPS is all it takes to enrol them.
    """
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("safeguard.") or find_spec(f"{config.name}.tests") is None:
            continue
        if find_spec(f"{config.name}.tests.{name}") is not None:
            modules.append(import_module(f"{config.name}.tests.{name}"))
    return modules
