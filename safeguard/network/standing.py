"""Good standing: the one rule that decides whether a member organisation is in good standing on a
given day. The Assembly builds its electoral roll from it.

A member is in good standing on day ``on`` when:

1. its status on that day (the latest ``StatusChange`` effective on or before ``on``) is
   provisional, full or in arrears (grace); applicants, suspended, withdrawn and expelled
   organisations are not; and
2. no dues of any year are still unpaid (unpaid or waiver requested, not waived) after their grace
   period ended (``Dues.grace_ends_on < on``); and
3. no compliance obligation is still unmet after its grace period ended
   (``Obligation.grace_ends_on < on``);

unless the Secretariat recorded a ``StandingOverride`` active on ``on`` (``starts_on <= on`` and
no expiry or ``expires_on >= on``): then the latest such override decides, whatever 1-3 say.

Whether the member may *vote* also depends on its category (``MembershipCategory.may_vote``);
that is the Assembly's question, not this module's.

Use ``in_good_standing(record_or_org, on=day)`` for one member and
``MemberRecord.objects.in_good_standing(on)`` for many: both run the same query.
"""

from __future__ import annotations

from datetime import date

from django.db.models import BooleanField, Case, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, When
from django.utils import timezone

from safeguard.accounts.models import Organisation

from .models import (
    STANDING_STATUSES,
    Dues,
    MemberRecord,
    MemberRecordQuerySet,
    Obligation,
    StandingOverride,
    StatusChange,
)

__all__ = ["in_good_standing"]


def annotate_standing(records: MemberRecordQuerySet, on: date) -> MemberRecordQuerySet:
    """Adds the parts of the rule (see the module docstring) and the verdict, ``good_standing``."""
    status_on = StatusChange.objects.filter(record=OuterRef("pk"), effective_on__lte=on).order_by(
        "-effective_on", "-id"
    )
    dues_late = Dues.objects.filter(
        record=OuterRef("pk"),
        state__in=[Dues.State.DUE, Dues.State.WAIVER_REQUESTED],
        grace_ends_on__lt=on,
    )
    obligations_late = Obligation.objects.filter(
        record=OuterRef("pk"), met_on__isnull=True, grace_ends_on__lt=on
    )
    override = (
        StandingOverride.objects.filter(record=OuterRef("pk"), starts_on__lte=on)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))
        .order_by("-starts_on", "-id")
    )
    by_rule = Q(status_on__in=STANDING_STATUSES) & Q(dues_late=False) & Q(obligations_late=False)
    return records.annotate(
        status_on=Subquery(status_on.values("to_status")[:1]),
        dues_late=Exists(dues_late),
        obligations_late=Exists(obligations_late),
        override_good=Subquery(override.values("good_standing")[:1], output_field=BooleanField()),
    ).annotate(
        good_standing=Case(
            When(override_good__isnull=False, then=F("override_good")),
            default=ExpressionWrapper(by_rule, output_field=BooleanField()),
            output_field=BooleanField(),
        )
    )


def good_standing_filter() -> Q:
    """The filter over ``annotate_standing``'s annotations."""
    return Q(good_standing=True)


def in_good_standing(record_or_org: MemberRecord | Organisation, on: date | None = None) -> bool:
    """Whether the member (its record, or its organisation) is in good standing on ``on``
    (today by default). An organisation without a member record never is."""
    if isinstance(record_or_org, Organisation):
        records = MemberRecord.objects.filter(organisation=record_or_org)
    else:
        records = MemberRecord.objects.filter(pk=record_or_org.pk)
    return records.in_good_standing(on or timezone.localdate()).exists()
