from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SAFEGUARD_DEMO": settings.SAFEGUARD_DEMO,
        "SAFEGUARD_OPEN_SIGNUP": settings.SAFEGUARD_OPEN_SIGNUP,
    }
