from typing import Any

from django.conf import settings
from django.http import HttpRequest

from safeguard.lib.registry import visible_nav_items


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SAFEGUARD_DEMO": settings.SAFEGUARD_DEMO,
        "SAFEGUARD_OPEN_SIGNUP": settings.SAFEGUARD_OPEN_SIGNUP,
        "nav_items": visible_nav_items(request),
    }
