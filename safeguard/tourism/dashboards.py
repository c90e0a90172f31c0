"""What the representatives' and the Secretariat's dashboards show, scoped to what each may see."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from safeguard.accounts import access as accounts_access
from safeguard.countries.models import Country

from . import access
from .models import (
    AnnualReport,
    Answer,
    Appeal,
    AppealStatus,
    Criterion,
    ReportStatus,
    Representative,
    Signatory,
    State,
)

LEVEL_BOUNDS = (1, 5, 15, 40, 100)  # members per country → map levels 1..5


def _level(count: int) -> int:
    return sum(1 for bound in LEVEL_BOUNDS if count >= bound)


def reviewer_scope(user: Any) -> QuerySet[Signatory] | None:
    """The signatories a person reviews: all for Secretariat staff, their countries for representatives."""
    if accounts_access.is_secretariat_staff(user):
        return Signatory.objects.all()
    countries = access.representative_countries(user)
    if countries:
        return Signatory.objects.filter(country_id__in=countries)
    return None


def coverage_gaps() -> list[Country]:
    """Countries with members but no Local Code Representative."""
    with_members = Signatory.objects.filter(state=State.ACTIVE).values("country_id")
    covered = Representative.countries.through.objects.values("country_id")
    return list(Country.objects.filter(pk__in=with_members).exclude(pk__in=covered).order_by("name_en"))


def by_country(scope: QuerySet[Signatory]) -> list[dict[str, Any]]:
    """Active members and employees trained (accepted reports) per country."""
    members = {
        row["country_id"]: row["n"]
        for row in scope.filter(state=State.ACTIVE).values("country_id").annotate(n=Count("pk"))
    }
    trained = {
        row["report__signatory__country_id"]: row["n"]
        for row in Answer.objects.filter(
            report__signatory__in=scope,
            report__status=ReportStatus.ACCEPTED,
            criterion__evidence=Criterion.Evidence.TRAINING,
        )
        .values("report__signatory__country_id")
        .annotate(n=Sum("employees_trained"))
    }
    countries = Country.objects.filter(pk__in=set(members) | set(trained)).order_by("name_en")
    return [
        {"country": c, "members": members.get(c.pk, 0), "trained": trained.get(c.pk) or 0} for c in countries
    ]


def world_map_for(rows: list[dict[str, Any]]) -> Any:
    # No ``links``: links inside an SVG with role="img" are nested interactive controls for axe;
    # the data table next to the map carries the same links.
    from safeguard.lib.worldmap import world_map

    return world_map(
        {r["country"].iso2: _level(r["members"]) for r in rows},
        title=_("Code members by country"),
        labels={r["country"].iso2: f"{r['country'].name}: {r['members']}" for r in rows},
    )


def dashboard_context(user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    own = list(
        Signatory.objects.filter(
            organisation_id__in=[m.organisation_id for m in access._memberships(user)]
        ).select_related("country")
    )
    context: dict[str, Any] = {"own": own, "today": today, "scope": None}
    scope = reviewer_scope(user)
    if scope is None:
        return context
    counts = dict(scope.order_by().values("state").annotate(n=Count("pk")).values_list("state", "n"))
    reports = AnnualReport.objects.filter(signatory__in=scope.filter(state=State.ACTIVE))
    queue = list(
        AnnualReport.objects.filter(
            signatory__in=scope,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.REPRESENTATIVE_REVIEWED],
        )
        .select_related("signatory")
        .order_by("submitted_at")[:25]
    )
    for item in queue:
        item.age_days = (today - item.submitted_at.date()).days if item.submitted_at else None
    rows = by_country(scope)
    context.update(
        {
            "scope": True,
            "is_staff": accounts_access.is_secretariat_staff(user),
            "pipeline": [(value, label, counts.get(value, 0)) for value, label in State.choices],
            "due": reports.open()
            .filter(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=90))
            .count(),
            "overdue": reports.open().filter(deadline__lt=today).count(),
            "queue": queue,
            "queue_total": AnnualReport.objects.filter(
                signatory__in=scope, status__in=[ReportStatus.SUBMITTED, ReportStatus.REPRESENTATIVE_REVIEWED]
            ).count(),
            "rows": rows,
            "map": world_map_for(rows),
            "total_members": sum(r["members"] for r in rows),
            "total_trained": sum(r["trained"] for r in rows),
            "gaps": coverage_gaps() if accounts_access.is_secretariat_staff(user) else [],
            "appeals": Appeal.objects.filter(signatory__in=scope, status=AppealStatus.OPEN).select_related(
                "signatory"
            ),
            "overdue_list": reports.open()
            .filter(deadline__lt=today)
            .select_related("signatory")
            .order_by("deadline")[:25],
        }
    )
    return context
