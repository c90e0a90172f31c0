"""The Code of Conduct: criteria (versioned data), signatories and their lifecycle, annual
reports with review and recognition, certificates, Local Code Representatives and appeals."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safeguard.countries.models import active_name_language


class CriteriaVersion(models.Model):
    """One wording of the criteria, by the year it took effect; reports keep the version they used."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    label = models.CharField(_("label"), max_length=200)
    is_current = models.BooleanField(_("current"), default=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("criteria version")
        verbose_name_plural = _("criteria versions")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="tourism_one_current_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.label}"


class Criterion(models.Model):
    class Module(models.TextChoices):
        CORE = "core", _("the six criteria")
        VOLUNTOURISM = "voluntourism", _("voluntourism minimum criteria")

    class Evidence(models.TextChoices):
        POLICY = "policy_document", _("policy document and approval date")
        TRAINING = "employees_trained", _("employees trained, by language")
        CLAUSE = "supplier_clause", _("supplier contracts with the clause")
        INFORMATION = "traveller_information", _("traveller information channels and reach")
        STAKEHOLDERS = "stakeholder_activities", _("stakeholder activities and partners")
        SUBMISSION = "submission", _("the report itself")

    version = models.ForeignKey(CriteriaVersion, on_delete=models.CASCADE, related_name="criteria")
    module = models.CharField(_("module"), max_length=20, choices=Module.choices, default=Module.CORE)
    number = models.PositiveSmallIntegerField(_("number"))
    title_en = models.TextField(_("wording (English)"))
    title_fr = models.TextField(_("wording (French)"))
    title_es = models.TextField(_("wording (Spanish)"))
    indicators = models.JSONField(_("indicators"), default=list)
    evidence = models.CharField(_("evidence"), max_length=30, choices=Evidence.choices)
    refuses_orphanage_tourism = models.BooleanField(default=False)

    class Meta:
        ordering = ["version", "module", "number"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["version", "module", "number"], name="tourism_criterion_unique"),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=6), name="tourism_criterion_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return getattr(self, f"title_{active_name_language()}")


class FeeBand(models.Model):
    """An annual fee by revenue band; loaded from the data file, so bands change without code."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    label = models.CharField(_("annual revenue"), max_length=60)
    min_revenue_eur = models.PositiveBigIntegerField(_("from (EUR)"))
    max_revenue_eur = models.PositiveBigIntegerField(_("up to (EUR)"), null=True, blank=True)
    fee_eur = models.PositiveIntegerField(_("annual fee (EUR)"))

    class Meta:
        ordering = ["min_revenue_eur"]
        verbose_name = _("fee band")
        verbose_name_plural = _("fee bands")

    def __str__(self) -> str:
        return f"{self.label}: EUR {self.fee_eur}"


class PartnerDiscount(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    percent = models.PositiveSmallIntegerField(_("discount (%)"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("partner discount")
        verbose_name_plural = _("partner discounts")
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="tourism_discount_percent")]

    def __str__(self) -> str:
        return f"{self.name} ({self.percent} %)"


class Representative(models.Model):
    """A Local Code Representative: an organisation that onboards and reviews companies of its countries."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="code_representative"
    )
    countries = models.ManyToManyField("countries.Country", related_name="code_representatives")
    since = models.DateField(_("since"), default=timezone.localdate)

    history = HistoricalRecords(m2m_fields=[countries])

    class Meta:
        verbose_name = _("Local Code Representative")
        verbose_name_plural = _("Local Code Representatives")

    def __str__(self) -> str:
        return str(self.organisation)


class State(models.TextChoices):
    APPLIED = "applied", _("application received")
    PLANNING = "planning", _("implementation plan in preparation")
    PLAN_SUBMITTED = "plan_submitted", _("plan awaiting approval")
    PLAN_APPROVED = "plan_approved", _("plan approved, awaiting invoice")
    INVOICED = "invoiced", _("invoiced, awaiting payment")
    PAID = "paid", _("paid, awaiting signature")
    SIGNED = "signed", _("agreement signed")
    ACTIVE = "active", _("active member")
    SUSPENDED = "suspended", _("suspended")
    LAPSED = "lapsed", _("lapsed")
    REFUSED = "refused", _("refused")


class Owner(models.TextChoices):
    COMPANY = "company", _("company")
    REPRESENTATIVE = "representative", _("Local Code Representative")
    MANAGER = "manager", _("Code manager")
    FINANCE = "finance", _("finance")
    NONE = "none", _("nobody")


class Sector(models.TextChoices):
    TOUR_OPERATOR = "tour_operator", _("tour operator")
    ACCOMMODATION = "accommodation", _("accommodation")
    TRAVEL_AGENCY = "travel_agency", _("travel agency")
    AIRLINE = "airline", _("airline")
    TRANSPORT = "transport", _("transport")
    VOLUNTOURISM = "voluntourism", _("voluntourism")
    TECHNOLOGY = "technology", _("technology platform")
    BUSINESS_TRAVEL = "business_travel", _("business travel")
    OTHER = "other", _("other")


class Recognition(models.TextChoices):
    NONE = "", _("not yet recognised")
    MEMBER = "member", _("member")
    TOP_MEMBER = "top_member", _("Top Member")


class SignatoryQuerySet(models.QuerySet["Signatory"]):
    def listed(self) -> SignatoryQuerySet:
        """What the public directory shows: active members who chose to be listed."""
        return self.filter(state=State.ACTIVE, listed=True)


class Signatory(models.Model):
    """A company's place in The Code, from its application to active membership and beyond."""

    name = models.CharField(_("company name (as listed)"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="code_signatory",
        limit_choices_to={"kind": "company"},
    )
    country = models.ForeignKey(
        "countries.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    operating_countries = models.ManyToManyField(
        "countries.Country", verbose_name=_("countries of operation"), related_name="+", blank=True
    )
    fee_band = models.ForeignKey(FeeBand, verbose_name=_("annual revenue"), on_delete=models.PROTECT)
    discount = models.ForeignKey(
        PartnerDiscount, verbose_name=_("partner discount"), on_delete=models.SET_NULL, null=True, blank=True
    )
    properties = models.PositiveIntegerField(
        _("properties covered"), default=1, help_text=_("A chain's membership covers all its properties.")
    )
    voluntourism = models.BooleanField(_("offers voluntourism"), default=False)
    listed = models.BooleanField(_("listed in the public directory"), default=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.APPLIED)
    owner = models.CharField(_("next step by"), max_length=20, choices=Owner.choices, default=Owner.MANAGER)
    due_on = models.DateField(_("next step due"), null=True, blank=True)
    member_since = models.DateField(_("member since"), null=True, blank=True)
    recognition = models.CharField(_("recognition"), max_length=20, choices=Recognition.choices, blank=True)
    missed_reports = models.PositiveSmallIntegerField(_("missed reports"), default=0)
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)

    history = HistoricalRecords()
    objects = SignatoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Code signatory")
        verbose_name_plural = _("Code signatories")
        indexes = [models.Index(fields=["state", "listed", "country"], name="tourism_sig_directory")]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=State.values), name="tourism_signatory_state"),
            models.CheckConstraint(condition=Q(sector__in=Sector.values), name="tourism_signatory_sector"),
            models.CheckConstraint(condition=Q(properties__gte=1), name="tourism_signatory_properties"),
            # From acceptance on, the company has its account (an organisation of kind company).
            models.CheckConstraint(
                condition=Q(state__in=["applied", "refused"]) | Q(organisation__isnull=False),
                name="tourism_signatory_account_after_acceptance",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["active", "suspended"]) | Q(member_since__isnull=False),
                name="tourism_signatory_member_since",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tourism:signatory", args=[self.slug])

    @property
    def is_member(self) -> bool:
        return self.state == State.ACTIVE


class Transition(models.Model):
    """The audit entry of one change of a signatory's state: who, when, from, to, and why."""

    signatory = models.ForeignKey(Signatory, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self) -> str:
        return f"{self.signatory}: {self.from_state} → {self.to_state}"


class PlanItem(models.Model):
    """The implementation plan for one criterion, drafted with the Local Code Representative."""

    signatory = models.ForeignKey(Signatory, on_delete=models.CASCADE, related_name="plan_items")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    actions = models.TextField(_("planned actions"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__module", "criterion__number"]
        constraints = [
            models.UniqueConstraint(fields=["signatory", "criterion"], name="tourism_plan_item_unique"),
        ]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self) -> str:
        return f"{self.signatory}: {self.criterion.number}"


class Invoice(models.Model):
    signatory = models.ForeignKey(Signatory, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(_("number"), max_length=30, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    fee_band = models.ForeignKey(FeeBand, on_delete=models.PROTECT, related_name="+")
    discount_percent = models.PositiveSmallIntegerField(_("discount (%)"), default=0)
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=9, decimal_places=2)
    issued_on = models.DateField(_("issued"), default=timezone.localdate)
    due_on = models.DateField(_("due"))
    paid_on = models.DateField(_("paid"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-issued_on"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(fields=["signatory", "year"], name="tourism_invoice_one_per_year"),
            models.CheckConstraint(condition=Q(amount_eur__gte=0), name="tourism_invoice_amount"),
            models.CheckConstraint(condition=Q(discount_percent__lte=100), name="tourism_invoice_discount"),
        ]

    def __str__(self) -> str:
        return self.number


class Agreement(models.Model):
    """The signed agreement and the record of the signing: who, when, from where, which text."""

    signatory = models.OneToOneField(Signatory, on_delete=models.PROTECT, related_name="agreement")
    signer_name = models.CharField(_("signed by (name)"), max_length=200)
    signer_title = models.CharField(_("position"), max_length=200, blank=True)
    signed_on = models.DateField(_("date of signature"))
    signed_at = models.DateTimeField(_("recorded"), default=timezone.now)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text_version = models.CharField(_("agreement version"), max_length=20)
    text_sha256 = models.CharField(_("agreement text hash"), max_length=64)
    ip_hash = models.CharField(_("address hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.signatory} ({self.signed_on})"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("in progress")
    SUBMITTED = "submitted", _("awaiting review by the representative")
    REPRESENTATIVE_REVIEWED = "reviewed", _("awaiting validation by the Secretariat")
    RETURNED = "returned", _("returned for changes")
    ACCEPTED = "accepted", _("accepted")
    MISSED = "missed", _("missed")


class AnnualReportQuerySet(models.QuerySet["AnnualReport"]):
    def open(self) -> AnnualReportQuerySet:
        return self.filter(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED])


class AnnualReport(models.Model):
    """The self-assessment of one year, open all year, which becomes the annual report."""

    signatory = models.ForeignKey(Signatory, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.ForeignKey(CriteriaVersion, on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default="draft")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    total_score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    recognition = models.CharField(_("recognition"), max_length=20, choices=Recognition.choices, blank=True)
    # The smallest reminder (days before the deadline) already sent; 0 = none yet.
    last_reminder = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()
    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        indexes = [models.Index(fields=["status", "deadline"], name="tourism_report_due")]
        constraints = [
            models.UniqueConstraint(fields=["signatory", "year"], name="tourism_report_one_per_year"),
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="tourism_report_status"),
        ]

    def __str__(self) -> str:
        return f"{self.signatory} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("tourism:report", args=[self.signatory.slug, self.year])

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    def is_overdue(self, today: Any = None) -> bool:
        return self.is_editable and self.deadline < (today or timezone.localdate())


class Answer(models.Model):
    """The answer to one criterion's questions, with its evidence and the reviewers' scores."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    narrative = models.TextField(_("what you did"), blank=True)
    policy_document = models.FileField(_("policy document (PDF)"), upload_to="tourism/policies/", blank=True)
    policy_approved_on = models.DateField(_("policy approved on"), null=True, blank=True)
    employees_total = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    employees_trained = models.PositiveIntegerField(_("employees trained"), null=True, blank=True)
    training_by_language = models.JSONField(_("employees trained by language"), default=dict, blank=True)
    contracts_with_clause_percent = models.PositiveSmallIntegerField(
        _("supplier contracts with the clause (%)"), null=True, blank=True
    )
    clause_text = models.TextField(_("clause text"), blank=True)
    information_channels = models.TextField(_("traveller information channels"), blank=True)
    travellers_reached = models.PositiveIntegerField(_("travellers reached"), null=True, blank=True)
    stakeholder_activities = models.TextField(_("stakeholder activities and partners"), blank=True)
    representative_score = models.PositiveSmallIntegerField(
        _("representative's score"), null=True, blank=True
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__module", "criterion__number"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["report", "criterion"], name="tourism_answer_unique"),
            models.CheckConstraint(
                condition=Q(contracts_with_clause_percent__isnull=True)
                | Q(contracts_with_clause_percent__lte=100),
                name="tourism_answer_percent",
            ),
            models.CheckConstraint(
                condition=Q(employees_trained__isnull=True)
                | Q(employees_total__isnull=True)
                | Q(employees_trained__lte=models.F("employees_total")),
                name="tourism_answer_trained_at_most_total",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=3), name="tourism_answer_score_range"
            ),
            models.CheckConstraint(
                condition=Q(representative_score__isnull=True) | Q(representative_score__lte=3),
                name="tourism_answer_rep_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.criterion.number}"

    @property
    def trained_percent(self) -> int | None:
        if not self.employees_total or self.employees_trained is None:
            return None
        return round(100 * self.employees_trained / self.employees_total)


class Comment(models.Model):
    """One message of the thread on one answer, between company, representative and Secretariat."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:60]


class Certificate(models.Model):
    """A yearly membership certificate; its code opens the public verification page."""

    signatory = models.ForeignKey(Signatory, on_delete=models.CASCADE, related_name="certificates")
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("code"), max_length=40, unique=True)
    issued_on = models.DateField(_("issued"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"))
    revoked_on = models.DateField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["signatory", "year"], name="tourism_certificate_one_per_year"),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("tourism:verify", args=[self.code])


class AppealStatus(models.TextChoices):
    OPEN = "open", _("open")
    UPHELD = "upheld", _("upheld")
    DISMISSED = "dismissed", _("dismissed")


class Appeal(models.Model):
    """An appeal against a suspension or a returned report, with written deadlines."""

    signatory = models.ForeignKey(Signatory, on_delete=models.CASCADE, related_name="appeals")
    reason = models.TextField(_("grounds of the appeal"), max_length=4000)
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    lodged_on = models.DateField(_("lodged"), default=timezone.localdate)
    acknowledge_by = models.DateField(_("acknowledgement due"))
    decide_by = models.DateField(_("decision due"))
    status = models.CharField(_("status"), max_length=10, choices=AppealStatus.choices, default="open")
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)

    class Meta:
        ordering = ["-lodged_on", "-id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=AppealStatus.values), name="tourism_appeal_status"),
            models.CheckConstraint(
                condition=Q(decide_by__gte=models.F("lodged_on")), name="tourism_appeal_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signatory} ({self.lodged_on})"
