"""Handover packs as PDF: a cover letter in the target's language, then counts by channel and date."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import services
from .models import CountryChapter, Target


def handover_pack(chapter: CountryChapter, target: Target) -> bytes:
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    petitions = list(chapter.campaign.petitions.prefetch_related("texts").order_by("pk"))
    with translation.override(target.language):
        sections = []
        for petition in petitions:
            country = next(
                (
                    c
                    for c in services.petition_counts(petition.pk)["countries"]
                    if c["country"] == chapter.country.iso2
                ),
                {"online": 0, "paper": 0, "total": 0},
            )
            sections.append(
                {
                    "petition": petition,
                    "text": petition.text_for(target.language),
                    "counts": country,
                    "by_date": services.counts_by_date(petition.pk, chapter.country_id),
                }
            )
        html = render_to_string(
            "campaigns/handover_pack.html",
            {
                "chapter": chapter,
                "target": target,
                "sections": sections,
                "total": sum(s["counts"]["total"] for s in sections),
                "today": timezone.localdate(),
                "language": target.language,
            },
        )
    stylesheet = CSS(filename=finders.find("campaigns/handover.css"))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[stylesheet])
