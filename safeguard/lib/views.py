"""Small helpers shared by the apps' views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def run_service(request: HttpRequest, service: Callable[[], Any], success: str) -> bool:
    """Run one service call; its ValidationError becomes an error message for the person."""
    try:
        service()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success)
    return True
