"""Read API of the Assembly: assemblies, and certified results only (the same data as the bulletin)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from . import services
from .models import Assembly, Poll

router = Router(tags=["assembly"])


class AssemblyOut(Schema):
    number: int
    title: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    mode: str
    status: str
    roll_hash: str


class ResultOut(Schema):
    poll: str
    title: str
    kind: str
    result: dict
    members_voted: list[str]
    log_head: str


@router.get("/assemblies", response=list[AssemblyOut])
def list_assemblies(request: HttpRequest) -> list[Assembly]:
    return list(Assembly.objects.all())


@router.get("/assemblies/{number}/results", response=list[ResultOut])
def assembly_results(request: HttpRequest, number: int) -> list[ResultOut]:
    """Certified results: counts and outcome, the members that voted (never how)."""
    assembly = get_object_or_404(Assembly, number=number)
    return [
        ResultOut(
            poll=str(row.poll.pk),
            title=row.poll.title,
            kind=row.poll.kind,
            result=row.poll.result,
            members_voted=row.voted,
            log_head=row.log.head,
        )
        for row in services.bulletin(assembly)  # a fixed number of queries for every vote
        if row.poll.state == Poll.State.CERTIFIED
    ]
