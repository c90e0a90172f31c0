"""The vocabulary of the permission matrix, shared by tests/test_permission_matrix.py and each
app's ``tests/matrix.py``: personas, expected-status helpers and one entry per URL pattern."""

from __future__ import annotations

from dataclasses import dataclass, field

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
