"""Country monitoring: the framework as data, editions, assessments, answers, evidence, scores.

The framework (pillars, indicators, sub-indicators, scoring rules) is reference data loaded from
``data/framework-<version>.json`` by ``monitoring_load_framework``; it is never typed in the admin.
A published assessment is frozen in a ``Snapshot``; it changes only through a numbered ``Erratum``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class FrameworkVersion(models.Model):
    framework = models.CharField(_("framework"), max_length=40)
    version = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    method_version = models.CharField(_("method version"), max_length=40)
    # Every scoring parameter lives here (weights, bands, red flags, alternative weightings, ...).
    parameters = models.JSONField(_("parameters"), default=dict)
    previous = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        ordering = ["version"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")

    def __str__(self) -> str:
        return f"{self.framework} {self.version}"


class Pillar(models.Model):
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="pillars")
    code = models.CharField(_("code"), max_length=4)
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"))

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="monitoring_pillar_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(models.Model):
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=8)
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["pillar__number", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pillar", "code"], name="monitoring_indicator_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class AnswerType(models.TextChoices):
    YNP = "YNP", _("yes / partial / no")
    LEG = "LEG", _("legal provision")
    DOC = "DOC", _("policy document")
    NUM = "NUM", _("number")
    DATE = "DATE", _("date")
    CHK = "CHK", _("checklist")
    TXT = "TXT", _("narrative")


class SubIndicator(models.Model):
    class Lineage(models.TextChoices):
        SAME = "same", _("same")
        REWORDED = "reworded", _("reworded")
        CHANGED = "changed", _("changed")
        NEW = "new", _("new")
        RETIRED = "retired", _("retired")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="sub_indicators")
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="sub_indicators")
    code = models.CharField(_("code"), max_length=8)
    uuid = models.UUIDField(_("UUID"))
    text = models.TextField(_("text"))
    answer_type = models.CharField(_("answer type"), max_length=4, choices=AnswerType.choices)
    scoring_rule = models.JSONField(_("scoring rule"), default=dict)
    elements = models.PositiveSmallIntegerField(_("checklist elements"), default=0)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    # Evidence kinds of which one is needed for a yes/partial (or a value); empty: none needed.
    evidence = models.JSONField(_("evidence required"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"))
    lineage_status = models.CharField(_("lineage"), max_length=10, choices=Lineage.choices)
    lineage_previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lineage_previous_code = models.CharField(_("previous code"), max_length=8, blank=True)

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="monitoring_subindicator_code_unique"),
            models.CheckConstraint(
                condition=models.Q(answer_type__in=["YNP", "LEG", "DOC", "NUM", "DATE", "CHK", "TXT"]),
                name="monitoring_subindicator_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    @property
    def evidence_required(self) -> bool:
        return bool(self.evidence)

    @property
    def is_scored(self) -> bool:
        return self.scoring_rule.get("kind") != "context"


class Treaty(models.Model):
    """An instrument of pillar 4.1 (CRC, OPSC, ILO 182, Palermo, regional)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=300)
    sub_indicator_code = models.CharField(_("sub-indicator"), max_length=8)

    class Meta:
        ordering = ["sub_indicator_code"]
        verbose_name = _("treaty")
        verbose_name_plural = _("treaties")

    def __str__(self) -> str:
        return self.code


class Commitment(models.Model):
    """A World Congress commitment (Stockholm 1996, Yokohama 2001, Rio de Janeiro 2008)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        ordering = ["year"]
        verbose_name = _("World Congress commitment")
        verbose_name_plural = _("World Congress commitments")

    def __str__(self) -> str:
        return self.code


class TreatyStatus(models.Model):
    """Signature and ratification (or accession) of an instrument, or endorsement of a commitment."""

    country = models.ForeignKey("countries.Country", on_delete=models.CASCADE, related_name="+")
    treaty = models.ForeignKey(
        Treaty, on_delete=models.CASCADE, null=True, blank=True, related_name="statuses"
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, null=True, blank=True, related_name="statuses"
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    ratified_on = models.DateField(_("ratified or acceded on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("treaty status")
        verbose_name_plural = _("treaty statuses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(treaty__isnull=False, commitment__isnull=True)
                | models.Q(treaty__isnull=True, commitment__isnull=False),
                name="monitoring_treatystatus_one_target",
            ),
            models.UniqueConstraint(
                fields=["country", "treaty"], name="monitoring_treatystatus_treaty_unique"
            ),
            models.UniqueConstraint(
                fields=["country", "commitment"], name="monitoring_treatystatus_commitment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country_id}: {self.treaty_id or self.commitment_id}"


class Edition(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="editions")
    period_start = models.DateField(_("reporting period start"))
    period_end = models.DateField(_("reporting period end"))
    call_opens = models.DateField(_("call for submissions opens"), null=True, blank=True)
    call_closes = models.DateField(_("call for submissions closes"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="monitoring_edition_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    SECOND_CODING = "second_coding", _("second coding")
    RECONCILIATION = "reconciliation", _("reconciliation")
    MEMBER_REVIEW = "member_review", _("member review")
    SECRETARIAT_REVIEW = "secretariat_review", _("Secretariat review")
    APPROVED = "approved", _("approved")
    RIGHT_OF_REPLY = "right_of_reply", _("government right of reply")
    PUBLISHED = "published", _("published")
    CORRECTED = "corrected", _("corrected")


PUBLIC_STATES = (State.PUBLISHED, State.CORRECTED)


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def published(self) -> AssessmentQuerySet:
        return self.filter(state__in=PUBLIC_STATES)


class Assessment(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="assessments")
    country = models.ForeignKey("countries.Country", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    coder_a = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    coder_b = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    second_coding = models.BooleanField(_("second independent coding"), default=False)
    drafted_by_secretariat = models.BooleanField(_("drafted by the Secretariat"), default=False)
    official_complicity = models.BooleanField(
        _("credible reports of official complicity (RF2)"), default=False
    )
    official_complicity_source = models.CharField(
        _("source of the complicity reports"), max_length=500, blank=True
    )
    government_reply = models.TextField(_("government reply"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "country__iso2"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["edition", "country"], name="monitoring_assessment_unique"),
            models.CheckConstraint(
                condition=models.Q(state__in=State.values), name="monitoring_assessment_state"
            ),
            models.CheckConstraint(
                condition=~models.Q(official_complicity=True, official_complicity_source=""),
                name="monitoring_assessment_rf2_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country.iso2} {self.edition.slug}"

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES


ANSWER_VALUES = ("yes", "partial", "no", "ratified", "signed", "none", "answered", "no_data", "na")


class Answer(models.Model):
    class Coder(models.TextChoices):
        A = "a", _("first coder (final answer)")
        B = "b", _("second coder")

    class Confidence(models.TextChoices):
        HIGH = "high", _("high")
        MEDIUM = "medium", _("medium")
        LOW = "low", _("low")

    # ``value``: yes / partial / no (YNP), ratified / signed / none (treaties), "answered" for
    # NUM/DATE/CHK with the value in number/date/checked; "no_data" and "na" for every type.
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    sub_indicator = models.ForeignKey(SubIndicator, on_delete=models.PROTECT, related_name="answers")
    coder = models.CharField(_("coder"), max_length=1, choices=Coder.choices, default=Coder.A)
    value = models.CharField(_("answer"), max_length=10)
    number = models.DecimalField(_("number"), max_digits=16, decimal_places=2, null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    checked = models.JSONField(_("ticked elements"), default=list, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=6, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    as_of = models.DateField(_("as of"), null=True, blank=True)
    is_adjudicated = models.BooleanField(_("adjudicated"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sub_indicator__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "sub_indicator", "coder"], name="monitoring_answer_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(value__in=ANSWER_VALUES), name="monitoring_answer_value_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sub_indicator.code}: {self.value}"


class Citation(models.Model):
    class Kind(models.TextChoices):
        LEGAL = "legal", _("legal provision")
        DOCUMENT = "document", _("document")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="citations")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("instrument or document title"), max_length=300)
    instrument_type = models.CharField(_("instrument type"), max_length=30, blank=True)
    pinpoint = models.CharField(_("article or section"), max_length=100, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    in_force_on = models.DateField(_("in force (or adopted) on"), null=True, blank=True)
    url = models.URLField(_("URL"), blank=True)
    quote = models.TextField(_("quoted text"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    sha256 = models.CharField(_("SHA-256 of the archived copy"), max_length=64, blank=True)
    accessed_on = models.DateField(_("accessed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["answer", "pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sha256="") | models.Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="monitoring_citation_sha256_hex",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["legal", "document"]), name="monitoring_citation_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.pinpoint}".strip()


class Narrative(models.Model):
    """A pillar's narrative or an indicator's priority action, for the A4A-style report."""

    class Kind(models.TextChoices):
        NARRATIVE = "narrative", _("pillar narrative")
        PRIORITY = "priority", _("priority action")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="narratives")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("pillar or indicator"), max_length=8)
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "kind", "code"], name="monitoring_narrative_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.code}"


class Review(models.Model):
    """One workflow step: who moved the assessment from which state to which, and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reviews")
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    decision = models.CharField(_("decision"), max_length=20)
    comment = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} -> {self.to_state}"


class Score(models.Model):
    """A computed score (overall, pillar or indicator), stamped with the method version."""

    class Level(models.TextChoices):
        OVERALL = "overall", _("overall")
        PILLAR = "pillar", _("pillar")
        INDICATOR = "indicator", _("indicator")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.CharField(_("code"), max_length=8)
    value = models.FloatField(_("score"), null=True)
    coverage = models.FloatField(_("coverage"))
    band = models.CharField(_("band"), max_length=1, blank=True)
    bridge_value = models.FloatField(_("bridge score"), null=True)
    red_flags = models.JSONField(_("red flags"), default=list, blank=True)
    method_version = models.CharField(_("method version"), max_length=40)

    class Meta:
        ordering = ["assessment", "level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "level", "code"], name="monitoring_score_unique"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=0, value__lte=100),
                name="monitoring_score_range",
            ),
            models.CheckConstraint(
                condition=models.Q(coverage__gte=0, coverage__lte=100), name="monitoring_score_coverage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.code}: {self.value}"


class Snapshot(models.Model):
    """The frozen public content of a published assessment; a correction adds a new version."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="snapshots")
    version = models.PositiveSmallIntegerField(_("version"))
    overall = models.FloatField(_("overall score"), null=True)
    coverage = models.FloatField(_("coverage"))
    band = models.CharField(_("band"), max_length=1, blank=True)
    bridge = models.FloatField(_("bridge score"), null=True)
    pillars = models.JSONField(_("pillar scores"), default=dict)
    red_flags = models.JSONField(_("red flags"), default=list, blank=True)
    data: Any = models.JSONField(_("content"))
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["assessment", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "version"], name="monitoring_snapshot_unique"),
            models.UniqueConstraint(
                fields=["assessment"],
                condition=models.Q(is_current=True),
                name="monitoring_snapshot_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"snapshot {self.version}"


class Erratum(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="errata")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("what was corrected"))
    sub_indicator_code = models.CharField(_("sub-indicator"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["assessment", "number"]
        verbose_name = _("erratum")
        verbose_name_plural = _("errata")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="monitoring_erratum_unique"),
        ]

    def __str__(self) -> str:
        return f"erratum {self.number}"
