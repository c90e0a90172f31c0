"""Membership of the network: who is a member, in which category, in which countries, in what
status, and what they owe (dues, compliance obligations); how organisations apply and are
admitted; their contacts, documents and requests for technical support.

Standing (may this member vote?) is computed in ``standing.py`` and nowhere else.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safeguard.countries.models import TranslatedNameMixin


def upload_application(instance: Any, filename: str) -> str:
    """A random name: the uploader's file name is never used."""
    return f"network/applications/{uuid.uuid4().hex}.pdf"


def upload_document(instance: Any, filename: str) -> str:
    return f"network/documents/{uuid.uuid4().hex}.pdf"


class Region(models.TextChoices):
    """The network's regions, which are also the seat regions of the Assembly's elections."""

    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    EAST_ASIA = "east_asia", _("East Asia")
    SOUTH_ASIA = "south_asia", _("South Asia")
    SOUTHEAST_ASIA = "southeast_asia", _("Southeast Asia")
    EUROPE = "europe", _("Europe and Central Asia")
    MENA = "mena", _("Middle East and North Africa")
    PACIFIC = "pacific", _("Pacific")


class MembershipCategory(TranslatedNameMixin):
    """A category of membership and the rights it carries (data, seeded by a migration)."""

    class DuesRule(models.TextChoices):
        BUDGET = "budget", _("by the organisation's annual budget")
        INCOME_GROUP = "income_group", _("by the country's income group")
        NONE = "none", _("no dues")

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    may_vote = models.BooleanField(_("may vote at the Assembly"), default=False)
    may_stand = models.BooleanField(_("may stand for election"), default=False)
    counts_for_quorum = models.BooleanField(_("counts for the quorum"), default=False)
    dues_rule = models.CharField(_("dues band rule"), max_length=20, choices=DuesRule.choices)
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=90,
        help_text=_("Days after a due date before unpaid dues or an unmet obligation affect standing."),
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("membership category")
        verbose_name_plural = _("membership categories")
        constraints = [
            models.CheckConstraint(
                condition=Q(dues_rule__in=["budget", "income_group", "none"]), name="category_dues_rule_valid"
            ),
            # Standing for election without a vote makes no sense.
            models.CheckConstraint(
                condition=Q(may_stand=False) | Q(may_vote=True), name="category_stand_needs_vote"
            ),
        ]


class Status(models.TextChoices):
    APPLICANT = "applicant", _("applicant")
    PROVISIONAL = "provisional", _("provisional member")
    FULL = "full", _("full member")
    ARREARS = "arrears", _("in arrears (grace)")
    SUSPENDED = "suspended", _("suspended")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXPELLED = "expelled", _("expelled")


# The allowed status transitions: anything not listed is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.APPLICANT: frozenset({Status.PROVISIONAL, Status.FULL, Status.WITHDRAWN}),
    Status.PROVISIONAL: frozenset(
        {Status.FULL, Status.ARREARS, Status.SUSPENDED, Status.WITHDRAWN, Status.EXPELLED}
    ),
    Status.FULL: frozenset({Status.ARREARS, Status.SUSPENDED, Status.WITHDRAWN, Status.EXPELLED}),
    Status.ARREARS: frozenset(
        {Status.FULL, Status.PROVISIONAL, Status.SUSPENDED, Status.WITHDRAWN, Status.EXPELLED}
    ),
    Status.SUSPENDED: frozenset(
        {Status.FULL, Status.PROVISIONAL, Status.ARREARS, Status.WITHDRAWN, Status.EXPELLED}
    ),
    Status.WITHDRAWN: frozenset({Status.APPLICANT, Status.PROVISIONAL}),
    Status.EXPELLED: frozenset(),
}
# Members the public directory lists; withdrawn and expelled organisations and applicants are not.
LISTED_STATUSES = (Status.PROVISIONAL, Status.FULL, Status.ARREARS, Status.SUSPENDED)
# Statuses that can be in good standing (dues and obligations decide the rest; see standing.py).
STANDING_STATUSES = (Status.PROVISIONAL, Status.FULL, Status.ARREARS)

_STATUS_VALUES = [value for value, _label in Status.choices]


class MemberRecordQuerySet(models.QuerySet["MemberRecord"]):
    def listed(self) -> MemberRecordQuerySet:
        """The members the public directory shows."""
        return self.filter(status__in=LISTED_STATUSES)

    def in_good_standing(self, on: date | None = None) -> MemberRecordQuerySet:
        """Members in good standing on ``on`` (today by default); the rule is in standing.py."""
        from .standing import good_standing_filter

        return self.with_standing(on).filter(good_standing_filter())

    def with_standing(self, on: date | None = None) -> MemberRecordQuerySet:
        """Annotates ``status_on``, ``dues_late``, ``obligations_late``, ``override_good`` and
        ``good_standing`` for the day ``on``."""
        from .standing import annotate_standing

        return annotate_standing(self, on or timezone.localdate())


class MemberRecord(models.Model):
    """The membership of one organisation in the network."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="member_record",
    )
    category = models.ForeignKey(
        MembershipCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="records"
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    member_since = models.DateField(_("member since"), null=True, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=80, blank=True)
    annual_budget_eur = models.PositiveIntegerField(
        _("annual budget (EUR)"), null=True, blank=True, help_text=_("Sets the dues band.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = MemberRecordQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("member record")
        verbose_name_plural = _("member records")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=_STATUS_VALUES), name="memberrecord_status_valid"),
            models.CheckConstraint(
                condition=Q(region__in=[value for value, _label in Region.choices]),
                name="memberrecord_region_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def allowed_statuses(self) -> list[str]:
        return sorted(TRANSITIONS[self.status])


class StatusChange(models.Model):
    """One change of a member's status: who, when, why, with which document. Written only by
    ``services.member_status_change`` (and the admission), never edited."""

    record = models.ForeignKey(MemberRecord, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    effective_on = models.DateField(_("effective on"), default=timezone.localdate)
    reason = models.TextField(_("reason"))
    document = models.ForeignKey(
        "MemberDocument",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_changes",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-effective_on", "-id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")), name="statuschange_changes"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="statuschange_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.record}: {self.from_status or '-'} → {self.to_status}"


class StandingOverride(models.Model):
    """The Secretariat's decision that a member is (or is not) in good standing whatever the
    rules say, with a reason, an author and an optional expiry. The latest active one wins."""

    record = models.ForeignKey(MemberRecord, on_delete=models.CASCADE, related_name="overrides")
    good_standing = models.BooleanField(_("in good standing"))
    reason = models.TextField(_("reason"))
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    expires_on = models.DateField(_("until"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("standing override")
        verbose_name_plural = _("standing overrides")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="override_has_reason"),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("starts_on")),
                name="override_expiry_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record}: {self.good_standing}"


class CountryCoverage(models.Model):
    """A country a member works in: its primary country or a secondary one, for a period."""

    class Role(models.TextChoices):
        PRIMARY = "primary", _("primary")
        SECONDARY = "secondary", _("secondary")

    record = models.ForeignKey(MemberRecord, on_delete=models.CASCADE, related_name="coverage")
    country = models.ForeignKey(
        "countries.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "country__name_en"]
        verbose_name = _("country coverage")
        verbose_name_plural = _("country coverage")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["primary", "secondary"]), name="coverage_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="coverage_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["record"],
                condition=Q(role="primary", end_date__isnull=True),
                name="coverage_one_current_primary",
            ),
            models.UniqueConstraint(
                fields=["record", "country"], condition=Q(end_date__isnull=True), name="coverage_country_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record} · {self.country} ({self.role})"


class DuesBand(models.Model):
    """An annual dues amount, chosen by budget (``max_budget_eur``) or by income group."""

    class IncomeGroup(models.TextChoices):
        LOW = "low", _("low income")
        LOWER_MIDDLE = "lower_middle", _("lower-middle income")
        UPPER_MIDDLE = "upper_middle", _("upper-middle income")
        HIGH = "high", _("high income")

    code = models.SlugField(_("code"), max_length=20, unique=True)
    rule = models.CharField(_("rule"), max_length=20, choices=MembershipCategory.DuesRule.choices)
    max_budget_eur = models.PositiveIntegerField(_("budget up to (EUR)"), null=True, blank=True)
    income_group = models.CharField(_("income group"), max_length=20, choices=IncomeGroup.choices, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")

    class Meta:
        ordering = ["rule", "max_budget_eur", "amount"]
        verbose_name = _("dues band")
        verbose_name_plural = _("dues bands")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="duesband_amount_positive"),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name="duesband_currency_iso"),
            models.CheckConstraint(
                condition=Q(rule="budget", income_group="")
                | Q(rule="income_group", max_budget_eur__isnull=True),
                name="duesband_rule_fields",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.amount} {self.currency}"


class Dues(models.Model):
    """What one member owes for one year, and whether it was paid or waived."""

    class State(models.TextChoices):
        DUE = "due", _("unpaid")
        PAID = "paid", _("paid")
        WAIVER_REQUESTED = "waiver_requested", _("waiver requested")
        WAIVED = "waived", _("waived")

    record = models.ForeignKey(MemberRecord, on_delete=models.CASCADE, related_name="dues")
    year = models.PositiveSmallIntegerField(_("year"))
    band = models.ForeignKey(DuesBand, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    prorated = models.BooleanField(_("pro-rated"), default=False)
    due_on = models.DateField(_("due on"))
    grace_ends_on = models.DateField(_("grace period ends"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DUE)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    waiver_reason = models.TextField(_("reason for the waiver"), blank=True)
    waiver_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("dues")
        verbose_name_plural = _("dues")
        constraints = [
            models.UniqueConstraint(fields=["record", "year"], name="dues_once_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="dues_amount_positive"),
            models.CheckConstraint(
                condition=Q(grace_ends_on__gte=models.F("due_on")), name="dues_grace_after_due"
            ),
            models.CheckConstraint(
                condition=Q(state="paid", paid_on__isnull=False)
                | (~Q(state="paid") & Q(paid_on__isnull=True)),
                name="dues_paid_on_iff_paid",
            ),
            models.CheckConstraint(
                condition=~Q(state="waived") | Q(waiver_approved_by__isnull=False),
                name="dues_waiver_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record} {self.year}"


class Obligation(models.Model):
    """A compliance obligation with a due date, reminders before it and escalation after it."""

    class Kind(models.TextChoices):
        ANNUAL_REPORT = "annual_report", _("annual member report")
        SAFEGUARDING_POLICY = "safeguarding_policy", _("safeguarding policy review")
        AUDITED_ACCOUNTS = "audited_accounts", _("audited accounts")
        STATUTES = "statutes", _("statutes on file")

    record = models.ForeignKey(MemberRecord, on_delete=models.CASCADE, related_name="obligations")
    kind = models.CharField(_("obligation"), max_length=30, choices=Kind.choices)
    due_on = models.DateField(_("due on"))
    grace_ends_on = models.DateField(_("grace period ends"))
    met_on = models.DateField(_("met on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        constraints = [
            models.UniqueConstraint(fields=["record", "kind", "due_on"], name="obligation_once_per_due_date"),
            models.CheckConstraint(
                condition=Q(grace_ends_on__gte=models.F("due_on")), name="obligation_grace_after_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record}: {self.get_kind_display()} ({self.due_on})"

    def is_overdue(self, on: date) -> bool:
        return self.met_on is None and self.due_on < on


class Contact(models.Model):
    """A person of a member organisation in a role, for a period."""

    class Role(models.TextChoices):
        EXECUTIVE_DIRECTOR = "executive_director", _("executive director")
        BOARD_CHAIR = "board_chair", _("board chair")
        DELEGATE = "delegate", _("Assembly delegate")
        YOUTH = "youth", _("youth representative")
        SAFEGUARDING = "safeguarding", _("safeguarding focal point")
        FINANCE = "finance", _("finance contact")
        CODE = "code", _("Code representative contact")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="network_contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    start_date = models.DateField(_("from"), default=timezone.localdate)
    end_date = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="contact_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(
                    role__in=[
                        "executive_director",
                        "board_chair",
                        "delegate",
                        "youth",
                        "safeguarding",
                        "finance",
                        "code",
                    ]
                ),
                name="contact_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    def is_current(self, on: date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)


class MemberDocumentQuerySet(models.QuerySet["MemberDocument"]):
    def visible_to_public(self) -> MemberDocumentQuerySet:
        return self.filter(visibility=MemberDocument.Visibility.PUBLIC)


class MemberDocument(models.Model):
    """A PDF of an organisation (statutes, policy, accounts...) with its validity and audience."""

    class Kind(models.TextChoices):
        STATUTES = "statutes", _("statutes")
        SAFEGUARDING_POLICY = "safeguarding_policy", _("safeguarding policy")
        AUDITED_ACCOUNTS = "audited_accounts", _("audited accounts")
        ANNUAL_REPORT = "annual_report", _("annual report")
        DECISION = "decision", _("decision")
        OTHER = "other", _("other")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        NETWORK = "network", _("the network (members and Secretariat)")
        PRIVATE = "private", _("the organisation and the Secretariat")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="network_documents"
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=upload_document, max_length=200)
    sha256 = models.CharField(max_length=64, editable=False)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    expiry_reminded_at = models.DateTimeField(
        _("expiry reminder sent"), null=True, blank=True, editable=False
    )

    objects = MemberDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-valid_from"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="document_valid_until_after_from",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=["public", "network", "private"]), name="document_visibility_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ApplicationQuerySet(models.QuerySet["Application"]):
    def open(self) -> ApplicationQuerySet:
        return self.exclude(step__in=[Application.Step.ADMITTED, Application.Step.REJECTED])


class Application(models.Model):
    """An organisation's application to join. It is not a member: only admission creates the
    Organisation and its MemberRecord."""

    class Step(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        DUE_DILIGENCE = "due_diligence", _("due diligence by the Secretariat")
        CONSULTATION = "consultation", _("regional consultation")
        RECOMMENDATION = "recommendation", _("board recommendation")
        ADMITTED = "admitted", _("admitted")
        REJECTED = "rejected", _("rejected")

    class Recommendation(models.TextChoices):
        ADMIT = "admit", _("admit")
        REJECT = "reject", _("reject")

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    step = models.CharField(_("step"), max_length=20, choices=Step.choices, default=Step.SUBMITTED)
    name = models.CharField(_("organisation name"), max_length=200)
    country = models.ForeignKey(
        "countries.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    registration_number = models.CharField(_("registration number"), max_length=80, blank=True)
    category = models.ForeignKey(
        MembershipCategory, verbose_name=_("category applied for"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("what the organisation does"), max_length=4000)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email address"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    statutes = models.FileField(_("statutes (PDF)"), upload_to=upload_application, max_length=200)
    safeguarding_policy = models.FileField(
        _("safeguarding policy (PDF)"), upload_to=upload_application, max_length=200
    )
    referees = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("references from members"), blank=True, related_name="+"
    )
    # Due diligence checklist.
    dd_registration = models.BooleanField(_("legal registration verified"), default=False)
    dd_statutes = models.BooleanField(_("statutes reviewed"), default=False)
    dd_policy = models.BooleanField(_("safeguarding policy reviewed"), default=False)
    dd_references = models.BooleanField(_("references confirmed"), default=False)
    consultation_notes = models.TextField(_("regional consultation"), blank=True)
    recommendation = models.CharField(
        _("board recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="network_application",
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["statutes", "safeguarding_policy"])
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(step="admitted", organisation__isnull=False)
                | (~Q(step="admitted") & Q(organisation__isnull=True)),
                name="application_organisation_iff_admitted",
            ),
            models.CheckConstraint(
                condition=~Q(step__in=["admitted", "rejected"]) | ~Q(decision_reasons=""),
                name="application_decision_has_reasons",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.step not in (self.Step.ADMITTED, self.Step.REJECTED)

    @property
    def checklist_complete(self) -> bool:
        return self.dd_registration and self.dd_statutes and self.dd_policy and self.dd_references


class ApplicationEvent(models.Model):
    """One step of the review, with who moved it, when and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(_("step"), max_length=20, choices=Application.Step.choices)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self) -> str:
        return f"{self.application}: {self.step}"


class SupportRequestQuerySet(models.QuerySet["SupportRequest"]):
    def open(self) -> SupportRequestQuerySet:
        return self.exclude(state=SupportRequest.State.RESOLVED)


class SupportRequest(models.Model):
    """A member's request for technical support from the Secretariat."""

    class Topic(models.TextChoices):
        SAFEGUARDING = "safeguarding", _("safeguarding")
        MONITORING = "monitoring", _("country monitoring")
        ADVOCACY = "advocacy", _("advocacy and campaigns")
        TOURISM = "tourism", _("travel and tourism (The Code)")
        ONLINE = "online", _("online protection")
        GOVERNANCE = "governance", _("governance and finance")
        OTHER = "other", _("other")

    class Priority(models.TextChoices):
        LOW = "low", _("low")
        NORMAL = "normal", _("normal")
        HIGH = "high", _("high")

    class State(models.TextChoices):
        NEW = "new", _("new")
        TRIAGED = "triaged", _("triaged")
        RESOLVED = "resolved", _("resolved")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="support_requests"
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), max_length=8000)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(state="resolved", resolved_at__isnull=False)
                | (~Q(state="resolved") & Q(resolved_at__isnull=True)),
                name="support_resolved_at_iff_resolved",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class SupportMessage(models.Model):
    """One message of a support request's thread."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("message"), max_length=8000)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("support message")
        verbose_name_plural = _("support messages")
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="supportmessage_not_empty")]

    def __str__(self) -> str:
        return f"{self.request}: {self.created_at:%Y-%m-%d %H:%M}"
