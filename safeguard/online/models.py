"""Online protection: frameworks as data, the per-country tracker, and the "where to report" directory.

Nothing here can hold a report, a piece of content or the address of content: a reporting
channel stores only the address of a *service* (hotline, police page, helpline), and every
text field is written by Secretariat staff, never by the public.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safeguard.countries.models import active_name_language

CODE_LIST = r"^([a-z]{2,12}(,[a-z]{2,12})*)?$"
code_list_validator = RegexValidator(CODE_LIST, _("Give lower-case codes separated by commas."))
STALE_AFTER = timedelta(days=183)  # six months: the re-verification SLA of the directory


class Translated(models.Model):
    """``name`` in the platform's three languages, following the active one."""

    name_en = models.CharField(_("name (English)"), max_length=300)
    name_fr = models.CharField(_("name (French)"), max_length=300)
    name_es = models.CharField(_("name (Spanish)"), max_length=300)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return getattr(self, f"name_{active_name_language()}") or self.name_en


class Published(models.TextChoices):
    INTERNAL = "internal", _("internal")
    PUBLISHED = "published", _("published")


class PublishedQuerySet(models.QuerySet):
    def published(self) -> PublishedQuerySet:
        return self.filter(visibility=Published.PUBLISHED)

    def visible_to(self, user: Any) -> PublishedQuerySet:
        from .access import may_see_internal

        return self.all() if may_see_internal(user) else self.published()


# Frameworks --------------------------------------------------------------------------------------


class Framework(Translated):
    """A framework such as the WeProtect Model National Response or the ITU COP checklist."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("national capabilities")
        INDUSTRY = "industry", _("industry principles")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    publisher = models.CharField(_("publisher"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")


class FrameworkVersion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(_("version"), max_length=20)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    source_url = models.URLField(_("source"), blank=True)
    provisional = models.BooleanField(
        _("provisional"), default=False, help_text=_("Wording still to be checked against the source.")
    )
    is_current = models.BooleanField(_("used for new assessments"), default=False)
    data_version = models.PositiveSmallIntegerField(_("data file version"))

    class Meta:
        ordering = ["framework__code", "version"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = [
            models.UniqueConstraint(fields=["framework", "version"], name="online_frameworkversion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.framework.name} {self.version}"


class Domain(Translated):
    framework_version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="domains")
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["framework_version", "order"]
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        constraints = [
            models.UniqueConstraint(fields=["framework_version", "code"], name="online_domain_unique"),
        ]


class Capability(Translated):
    """One capability (or principle, or checklist item); ``maps_to`` is the cross-walk."""

    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="capabilities"
    )
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="capabilities")
    code = models.CharField(_("code"), max_length=40, unique=True)
    number = models.PositiveSmallIntegerField(_("number"))
    maps_to = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="mapped_from", verbose_name=_("maps to")
    )

    class Meta:
        ordering = ["framework_version", "number"]
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        constraints = [
            models.UniqueConstraint(fields=["framework_version", "number"], name="online_capability_number"),
        ]


class MaturityLevel(Translated):
    """A step of a framework version's maturity scale; rank 0 is "unknown"."""

    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="maturity_levels"
    )
    code = models.SlugField(_("code"), max_length=40)
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        ordering = ["framework_version", "rank"]
        verbose_name = _("maturity level")
        verbose_name_plural = _("maturity levels")
        constraints = [
            models.UniqueConstraint(fields=["framework_version", "code"], name="online_level_code"),
            models.UniqueConstraint(fields=["framework_version", "rank"], name="online_level_rank"),
            models.CheckConstraint(condition=Q(rank__lte=5), name="online_level_rank_max_5"),
        ]


# Actors ------------------------------------------------------------------------------------------


class OnlineActor(models.Model):
    """A hotline, helpline, police unit, regulator, ministry, company or industry body.

    Not ``accounts.Organisation``: those are members of the platform; these are the bodies the
    tracker describes. ``country`` is empty for international bodies.
    """

    class Kind(models.TextChoices):
        HOTLINE = "hotline", _("hotline")
        HELPLINE = "helpline", _("child helpline")
        POLICE_UNIT = "police_unit", _("police unit")
        REGULATOR = "regulator", _("regulator")
        MINISTRY = "ministry", _("ministry")
        COMPANY = "company", _("company")
        INDUSTRY_BODY = "industry_body", _("industry body")
        NGO = "ngo", _("non-governmental organisation")
        INTERGOVERNMENTAL = "intergovernmental", _("intergovernmental body")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        "countries.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    website = models.URLField(_("website"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("online protection actor")
        verbose_name_plural = _("online protection actors")

    def __str__(self) -> str:
        return self.name


class Network(models.Model):
    """INHOPE, Child Helpline International, the Virtual Global Taskforce, industry alliances."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class NetworkAffiliation(models.Model):
    """An actor's membership of a network, with dates (not ``accounts.Membership``)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        PARTNER = "partner", _("partner")
        OBSERVER = "observer", _("observer")

    actor = models.ForeignKey(OnlineActor, on_delete=models.CASCADE, related_name="affiliations")
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="affiliations")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    source = models.URLField(_("source"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["network__name", "since"]
        verbose_name = _("network affiliation")
        verbose_name_plural = _("network affiliations")
        constraints = [
            models.UniqueConstraint(fields=["actor", "network", "since"], name="online_affiliation_unique"),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="online_affiliation_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} · {self.network}"

    def is_current(self, today: date | None = None) -> bool:
        return self.until is None or self.until >= (today or date.today())


# Tracker -----------------------------------------------------------------------------------------


class CapabilityAssessment(models.Model):
    """How mature one capability is in one country, with its source. Internal until published."""

    class Method(models.TextChoices):
        DESK_REVIEW = "desk_review", _("desk review")
        SELF_ASSESSMENT = "self_assessment", _("self-assessment")
        GOVERNMENT_REPORT = "government_report", _("government report")
        NETWORK_RESEARCH = "network_research", _("network research")

    class Confidence(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")

    country = models.ForeignKey("countries.Country", on_delete=models.PROTECT, related_name="+")
    capability = models.ForeignKey(Capability, on_delete=models.PROTECT, related_name="assessments")
    level = models.ForeignKey(MaturityLevel, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True, max_length=4000)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    confidence = models.CharField(_("confidence"), max_length=10, choices=Confidence.choices)
    assessed_by = models.CharField(_("assessed by"), max_length=200)
    assessed_on = models.DateField(_("assessed on"))
    next_review_due = models.DateField(_("next review due"))
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Published.choices, default=Published.INTERNAL
    )
    history = HistoricalRecords()

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["country__iso2", "capability__framework_version", "capability__number"]
        verbose_name = _("capability assessment")
        verbose_name_plural = _("capability assessments")
        constraints = [
            models.UniqueConstraint(fields=["country", "capability"], name="online_assessment_unique"),
            models.CheckConstraint(
                condition=Q(next_review_due__gt=models.F("assessed_on")),
                name="online_assessment_review_after",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} · {self.capability.code}"


class Evidence(models.Model):
    """A citation behind an assessment: a law, strategy, report or web page (never content)."""

    class Kind(models.TextChoices):
        LAW = "law", _("law")
        STRATEGY = "strategy", _("strategy")
        REPORT = "report", _("report")
        WEBPAGE = "webpage", _("web page")
        PRESS_RELEASE = "press_release", _("press release")

    assessment = models.ForeignKey(CapabilityAssessment, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), blank=True)
    citation = models.CharField(_("citation"), max_length=500, blank=True)
    accessed_on = models.DateField(_("accessed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "title"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(condition=~Q(url="", citation=""), name="online_evidence_has_source"),
        ]

    def __str__(self) -> str:
        return self.title


class PolicyInstrument(models.Model):
    """A national strategy, action plan, law, regulation or code of conduct."""

    class Kind(models.TextChoices):
        STRATEGY = "national_strategy", _("national strategy")
        ACTION_PLAN = "action_plan", _("national action plan")
        LAW = "law", _("law")
        REGULATION = "regulation", _("regulation")
        CODE_OF_CONDUCT = "code_of_conduct", _("code of conduct")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONSULTATION = "consultation", _("in consultation")
        ADOPTED = "adopted", _("adopted")
        IN_FORCE = "in_force", _("in force")
        EXPIRED = "expired", _("expired")
        REPEALED = "repealed", _("repealed")

    country = models.ForeignKey("countries.Country", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    lead_body = models.ForeignKey(
        OnlineActor, on_delete=models.SET_NULL, null=True, blank=True, related_name="instruments"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    url = models.URLField(_("source"), blank=True)
    covers = models.ManyToManyField(Capability, blank=True, related_name="instruments")
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Published.choices, default=Published.INTERNAL
    )
    history = HistoricalRecords(m2m_fields=[covers])

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["country__iso2", "kind", "title"]
        verbose_name = _("policy instrument")
        verbose_name_plural = _("policy instruments")
        constraints = [
            models.UniqueConstraint(fields=["country", "title"], name="online_instrument_unique"),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(in_force_from__isnull=True)
                | Q(expires_on__gt=models.F("in_force_from")),
                name="online_instrument_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class IndustryCommitment(models.Model):
    """A company's (or industry body's) commitment to an instrument, and how far it has got.

    Endorsement is not implementation: ``is_implemented`` is true only from "implementing" on,
    and pages always show the stage by name.
    """

    class Stage(models.TextChoices):
        ENDORSED = "endorsed", _("endorsed")
        POLICY_PUBLISHED = "policy_published", _("policy published")
        IMPLEMENTING = "implementing", _("implementing")
        VERIFIED = "independently_verified", _("independently verified")
        WITHDRAWN = "withdrawn", _("withdrawn")

    IMPLEMENTED_STAGES = frozenset({Stage.IMPLEMENTING, Stage.VERIFIED})

    actor = models.ForeignKey(OnlineActor, on_delete=models.CASCADE, related_name="commitments")
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="commitments"
    )
    instrument = models.ForeignKey(
        PolicyInstrument, on_delete=models.PROTECT, null=True, blank=True, related_name="commitments"
    )
    countries = models.ManyToManyField("countries.Country", blank=True, related_name="+")
    stage = models.CharField(_("stage"), max_length=30, choices=Stage.choices)
    endorsed_on = models.DateField(_("endorsed on"))
    stage_since = models.DateField(_("at this stage since"))
    evidence_url = models.URLField(_("evidence"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Published.choices, default=Published.INTERNAL
    )
    history = HistoricalRecords()

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["actor__name"]
        verbose_name = _("industry commitment")
        verbose_name_plural = _("industry commitments")
        constraints = [
            models.CheckConstraint(
                condition=Q(framework__isnull=False, instrument__isnull=True)
                | Q(framework__isnull=True, instrument__isnull=False),
                name="online_commitment_one_instrument",
            ),
            models.UniqueConstraint(
                fields=["actor", "framework"],
                condition=Q(framework__isnull=False),
                name="online_commitment_framework_unique",
            ),
            models.UniqueConstraint(
                fields=["actor", "instrument"],
                condition=Q(instrument__isnull=False),
                name="online_commitment_instrument_unique",
            ),
            models.CheckConstraint(
                condition=Q(stage_since__gte=models.F("endorsed_on")), name="online_commitment_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} · {self.instrument_name}"

    @property
    def instrument_name(self) -> str:
        if self.framework_id is not None:
            return str(self.framework)
        return str(self.instrument)

    @property
    def is_implemented(self) -> bool:
        return self.stage in self.IMPLEMENTED_STAGES


# Directory ---------------------------------------------------------------------------------------


class ChannelQuerySet(models.QuerySet["ReportingChannel"]):
    def shown(self) -> ChannelQuerySet:
        """Published and not withdrawn: unverified entries stay, with a warning."""
        return self.filter(visibility=Published.PUBLISHED).exclude(status=ReportingChannel.Status.INACTIVE)

    def visible_to(self, user: Any) -> ChannelQuerySet:
        from .access import may_see_internal

        return self.all() if may_see_internal(user) else self.shown()

    def stale(self, today: date | None = None) -> ChannelQuerySet:
        """Entries not verified for six months, or never: due for re-verification."""
        cutoff = (today or date.today()) - STALE_AFTER
        return self.exclude(status=ReportingChannel.Status.INACTIVE).filter(
            Q(last_verified_on__lt=cutoff) | Q(last_verified_on__isnull=True)
        )


class ReportingChannel(models.Model):
    """Where to report: the address of a service. It stores nothing that anyone reports."""

    class Kind(models.TextChoices):
        # The order of this list is the order of the "where to report" page.
        EMERGENCY = "emergency_number", _("emergency number or police")
        HOTLINE = "csam_hotline", _("national hotline for child sexual abuse material")
        POLICE_ONLINE = "police_online_report", _("police online report page")
        HELPLINE = "child_helpline", _("child helpline")
        OFFENDER_PREVENTION = "offender_prevention", _("offender-prevention service")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        UNVERIFIED = "unverified", _("unverified")
        INACTIVE = "inactive", _("inactive")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("everyone")
        CHILDREN = "children", _("children and young people")
        PROFESSIONALS = "professionals", _("professionals")

    class Scope(models.TextChoices):
        CSAM = "csam", _("child sexual abuse material")
        GROOMING = "grooming", _("grooming")
        SEXTORTION = "sextortion", _("sexual extortion")
        NCII = "ncii", _("non-consensual intimate images")
        TRAFFICKING = "trafficking", _("trafficking")
        OTHER = "other", _("other concerns")

    country = models.ForeignKey(
        "countries.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for an international service shown where a country has no hotline."),
    )
    actor = models.ForeignKey(
        OnlineActor, on_delete=models.SET_NULL, null=True, blank=True, related_name="channels"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("address of the service"), blank=True)
    phone = models.CharField(
        _("phone number"),
        max_length=40,
        blank=True,
        validators=[RegexValidator(r"^[0-9+ ()-]+$", _("Digits, spaces, +, - and brackets only."))],
    )
    languages = models.CharField(
        _("languages"), max_length=100, blank=True, validators=[code_list_validator], help_text="en,fr"
    )
    anonymous = models.BooleanField(_("anonymous reports possible"), default=False)
    accepts = models.CharField(
        _("accepts"), max_length=200, blank=True, validators=[code_list_validator], help_text="csam,grooming"
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC
    )
    hours = models.CharField(_("hours"), max_length=100, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), default=10, help_text=_("Lower comes first."))
    is_international_fallback = models.BooleanField(_("international fallback"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Published.choices, default=Published.INTERNAL
    )
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_checked_at = models.DateTimeField(_("last link check"), null=True, blank=True)
    last_check_result = models.CharField(_("result of the last link check"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)
    note_fr = models.CharField(_("note (French)"), max_length=300, blank=True)
    note_es = models.CharField(_("note (Spanish)"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["country__iso2", "kind", "priority", "name"]
        verbose_name = _("reporting channel")
        verbose_name_plural = _("reporting channels")
        constraints = [
            models.UniqueConstraint(fields=["country", "kind", "name"], name="online_channel_unique"),
            models.UniqueConstraint(
                fields=["kind", "name"], condition=Q(country__isnull=True), name="online_channel_intl_unique"
            ),
            models.CheckConstraint(condition=~Q(url="", phone=""), name="online_channel_has_address"),
            models.CheckConstraint(
                condition=Q(url="") | Q(url__startswith="https://"), name="online_channel_https_only"
            ),
            models.CheckConstraint(
                condition=Q(is_international_fallback=False) | Q(country__isnull=True),
                name="online_channel_fallback_is_international",
            ),
            models.CheckConstraint(condition=Q(languages__regex=CODE_LIST), name="online_channel_languages"),
            models.CheckConstraint(condition=Q(accepts__regex=CODE_LIST), name="online_channel_accepts"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def note(self) -> str:
        return getattr(self, f"note_{active_name_language()}") or self.note_en

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def accepts_labels(self) -> list[str]:
        labels = dict(self.Scope.choices)
        return [str(labels.get(code, code)) for code in self.accepts.split(",") if code]

    @property
    def kind_rank(self) -> int:
        return list(self.Kind.values).index(self.kind)

    def is_stale(self, today: date | None = None) -> bool:
        if self.last_verified_on is None:
            return True
        return self.last_verified_on < (today or date.today()) - STALE_AFTER
