"""Canonical emails, keyed hashes and single-use tokens: the signer's identity, minimised.

The HMAC key comes from ``settings.CAMPAIGNS_HMAC_KEY`` when set (recommended in production, so
rotating SECRET_KEY does not break deduplication), otherwise it is derived from SECRET_KEY.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from functools import cache

from django.conf import settings
from django.core import signing

# Per-provider rules: (strip dots in the local part, tag separator or "", canonical domain).
_PROVIDERS: dict[str, tuple[bool, str, str]] = {
    "gmail.com": (True, "+", "gmail.com"),
    "googlemail.com": (True, "+", "gmail.com"),
    "outlook.com": (False, "+", "outlook.com"),
    "hotmail.com": (False, "+", "hotmail.com"),
    "live.com": (False, "+", "live.com"),
    "icloud.com": (False, "+", "icloud.com"),
    "me.com": (False, "+", "icloud.com"),
    "mac.com": (False, "+", "icloud.com"),
    "protonmail.com": (False, "+", "proton.me"),
    "proton.me": (False, "+", "proton.me"),
    "pm.me": (False, "+", "proton.me"),
    "fastmail.com": (False, "+", "fastmail.com"),
    "yahoo.com": (False, "-", "yahoo.com"),
    "ymail.com": (False, "-", "yahoo.com"),
}

FORM_TOKEN_SALT = "campaigns.form-token"  # noqa: S105 (a salt, not a secret)
LINK_SALT = "campaigns.signer-link"


@cache
def _key(purpose: str) -> bytes:
    base = getattr(settings, "CAMPAIGNS_HMAC_KEY", "") or settings.SECRET_KEY
    return hmac.new(base.encode(), f"campaigns-{purpose}".encode(), hashlib.sha256).digest()


def canonical_email(email: str) -> str:
    """Lower case, and the provider's own rules: Gmail ignores dots and ``+tags``, and so on."""
    local, _, domain = email.strip().lower().rpartition("@")
    domain = domain.rstrip(".")
    strip_dots, tag, canonical_domain = _PROVIDERS.get(domain, (False, "+", domain))
    if tag and tag in local:
        local = local.split(tag, 1)[0]
    if strip_dots:
        local = local.replace(".", "")
    return f"{local}@{canonical_domain}"


def email_domain(email: str) -> str:
    return canonical_email(email).rpartition("@")[2]


def email_hmac(email: str) -> str:
    return hmac.digest(_key("email"), canonical_email(email).encode(), "sha256").hex()


def ip_hashes(ip: str | None) -> tuple[str, str]:
    """Keyed hashes of the address and of its network block (/24 for IPv4, /64 for IPv6)."""
    if not ip:
        return "", ""
    address = ipaddress.ip_address(ip)
    prefix = 24 if address.version == 4 else 64
    network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
    key = _key("ip")
    return (
        hmac.new(key, str(address).encode(), hashlib.sha256).hexdigest()[:32],
        hmac.new(key, str(network).encode(), hashlib.sha256).hexdigest()[:32],
    )


def new_token() -> tuple[str, str]:
    """A random 256-bit token and the hash we store of it."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def form_token(now: float) -> str:
    """A signed issue time, checked on submission to catch forms sent too fast or too late."""
    return signing.dumps({"t": int(now)}, salt=FORM_TOKEN_SALT, compress=False)


def form_token_age(token: str, now: float) -> float | None:
    try:
        issued = signing.loads(token, salt=FORM_TOKEN_SALT)["t"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    return now - float(issued)


def signer_link_token(signature_id: int, email_hmac_value: str) -> str:
    """A long-lived signed token for "remove my signature" and "my data" links.

    It names the signature and part of its email hash, so it dies when the data is anonymised.
    """
    return signing.dumps({"s": signature_id, "h": email_hmac_value[:16]}, salt=LINK_SALT, compress=False)


def read_signer_link_token(token: str) -> tuple[int, str] | None:
    try:
        value = signing.loads(token, salt=LINK_SALT)
        return int(value["s"]), str(value["h"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
