"""Open data: campaigns and their petitions' counts (with a country breakdown).

Counts come from the folded counters through the cache, at most a few seconds old, and say so
in ``Cache-Control``; anyone may read them from any origin (CORS).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema

from . import services
from .models import Campaign

router = Router(tags=["campaigns"])


class CountryCount(Schema):
    country: str
    online: int
    paper: int
    total: int


class PetitionCounts(Schema):
    petition: str
    online: int
    paper: int
    total: int
    countries: list[CountryCount]
    as_of: str


class PetitionOut(Schema):
    slug: str
    title: str
    goal: int
    is_open: bool


class CampaignOut(Schema):
    slug: str
    name: str
    status: str
    starts_on: str
    ends_on: str | None
    goal: int
    petitions: list[PetitionOut]


def _open_data(response: HttpResponse) -> None:
    response["Cache-Control"] = f"public, max-age={services.COUNTS_CACHE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"


@router.get("/", response=list[CampaignOut], summary="Public campaigns and their petitions")
def list_campaigns(request: HttpRequest, response: HttpResponse) -> list[dict]:
    _open_data(response)
    campaigns = Campaign.objects.public().prefetch_related("petitions__texts").order_by("-starts_on")
    return [
        {
            "slug": c.slug,
            "name": c.name,
            "status": c.status,
            "starts_on": c.starts_on.isoformat(),
            "ends_on": c.ends_on.isoformat() if c.ends_on else None,
            "goal": c.goal,
            "petitions": [
                {
                    "slug": p.slug,
                    "title": (p.text_for().title if p.text_for() else p.slug),
                    "goal": p.goal,
                    "is_open": p.is_open,
                }
                for p in c.petitions.all()
            ],
        }
        for c in campaigns
    ]


@router.get("/petitions/{slug}/counts", response=PetitionCounts, summary="Counts of one petition")
def petition_counts(request: HttpRequest, response: HttpResponse, slug: str) -> dict:
    """Online + paper = total, and the same per country; at most 10 seconds old."""
    petition_id = services.public_petition_id(slug)
    if petition_id is None:
        raise Http404
    _open_data(response)
    return {"petition": slug, **services.petition_counts(petition_id)}
