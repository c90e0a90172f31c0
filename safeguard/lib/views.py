"""Small helpers shared by the apps' views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest


def run_service(request: HttpRequest, service: Callable[[], Any], success: str) -> bool:
    """Run one service call; its ValidationError becomes an error message for the person."""
    try:
        service()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success)
    return True


def pdf_download(field: Any, filename: str) -> FileResponse:
    """A stored PDF as an attachment under ``filename``, never sniffed as another type."""
    response = FileResponse(
        field.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
