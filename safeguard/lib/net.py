"""The client's address, as far as the configured reverse proxies can be trusted."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address that connected to the outermost of ``PROXY_COUNT`` trusted proxies.

    Each proxy appends the address it saw to ``X-Forwarded-For``, so with N proxies the client
    is the N-th entry from the right; anything further left was written by the client and is
    not trusted. With no proxy, or a header shorter than promised, ``REMOTE_ADDR`` is used.
    """
    proxies = settings.PROXY_COUNT
    candidate = request.META.get("REMOTE_ADDR")
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate)) if candidate else None
    except ValueError:
        return None
