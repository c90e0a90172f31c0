from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safeguard.lib.registry import collect_glance_figures


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"figures": collect_glance_figures(request)})


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: the process answers and reaches its database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    return render(request, "security.txt", content_type="text/plain; charset=utf-8")
