"""The yearly certificate as PDF (WeasyPrint), with a QR code (segno, SVG) of its verification page."""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string

from .models import Certificate


def qr_svg_data_uri(url: str) -> str:
    svg = segno.make(url, error="m").svg_inline(scale=4)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def certificate_pdf(request: HttpRequest | None, certificate: Certificate) -> bytes:
    from weasyprint import HTML

    url = settings.SITE_URL.rstrip("/") + certificate.get_absolute_url()
    html = render_to_string(
        "tourism/certificate_pdf.html",
        {
            "certificate": certificate,
            "signatory": certificate.signatory,
            "url": url,
            "qr": qr_svg_data_uri(url),
        },
        request=request,
    )
    return HTML(string=html, base_url=settings.SITE_URL).write_pdf()
