"""Campaigns, petitions, chapters, action pages, signatures, counters, paper batches, handovers.

Invariants the database keeps:
- one signature per person per petition: ``UniqueConstraint(petition, email_hmac)`` on the keyed
  hash of the canonical email (paper rows without an email have no hash and never collide);
- counts never come from ``COUNT(*)`` on a page: every change that enters or leaves the
  "counted" state appends a ``CountDelta`` in the same transaction, and a single folding job
  moves deltas into ``CounterShard`` rows (petition x country x channel x language);
- only ``confirmed`` signatures (and approved tally batches) are ever counted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from safeguard.accounts.models import Organisation
from safeguard.countries.models import Country

LANGUAGE_CHOICES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LANGUAGE_CODES = tuple(code for code, _label in LANGUAGE_CHOICES)
DEFAULT_RETENTION_DAYS = 183  # about six months after the final handover


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("paper")


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def public(self) -> CampaignQuerySet:
        return self.exclude(status=Campaign.Status.DRAFT)


class Campaign(models.Model):
    """A campaign run by the Secretariat, with partners, dates and goals."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="campaigns_owned", verbose_name=_("owner")
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="campaigns_partnered", verbose_name=_("partners")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    goal = models.PositiveBigIntegerField(_("goal (signatures)"), default=0)
    retention_days = models.PositiveIntegerField(
        _("retention after the final handover (days)"), default=DEFAULT_RETENTION_DAYS
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "open", "closed"]), name="campaign_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign-detail", args=[self.slug])


class PetitionQuerySet(models.QuerySet["Petition"]):
    def public(self) -> PetitionQuerySet:
        return self.exclude(campaign__status=Campaign.Status.DRAFT)


class Petition(models.Model):
    """One petition text in several languages, with one shared counter."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="petitions")
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    default_language = models.CharField(
        _("default language"), max_length=5, choices=LANGUAGE_CHOICES, default="en"
    )
    goal = models.PositiveBigIntegerField(_("goal (signatures)"), default=0)
    is_open = models.BooleanField(_("open for signatures"), default=True)
    consent_version = models.CharField(_("consent text version"), max_length=20, default="1")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "slug"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return reverse("campaigns:petition-detail", args=[self.slug])

    def text_for(self, language: str | None = None) -> PetitionText | None:
        """The text in ``language`` (default: active), else the default language, else any."""
        language = (language or get_language() or "en")[:2]
        texts = {text.language: text for text in self.texts.all()}
        return texts.get(language) or texts.get(self.default_language) or next(iter(texts.values()), None)


class PetitionText(models.Model):
    """The petition's wording and consent texts in one language."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    consent_count_text = models.CharField(_("consent to count the signature"), max_length=300, blank=True)
    consent_news_text = models.CharField(_("consent to be kept informed"), max_length=300, blank=True)

    class Meta:
        ordering = ["petition", "language"]
        verbose_name = _("petition text")
        verbose_name_plural = _("petition texts")
        constraints = [
            models.UniqueConstraint(fields=["petition", "language"], name="petition_text_one_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.petition} ({self.language})"


class CountryChapter(models.Model):
    """The campaign in one country: its target(s), optional threshold and languages."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="chapters")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="campaign_chapters")
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaign_chapters",
        verbose_name=_("lead organisation"),
    )
    threshold = models.PositiveBigIntegerField(_("threshold (signatures)"), null=True, blank=True)
    languages = models.CharField(
        _("languages"), max_length=40, default="en", help_text=_("Language codes separated by commas.")
    )

    class Meta:
        ordering = ["campaign", "country__iso2"]
        verbose_name = _("country chapter")
        verbose_name_plural = _("country chapters")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "country"], name="chapter_one_per_country")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.country.iso2}"

    @property
    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]


class Target(models.Model):
    """Who receives the signatures: a minister, an agency or a UN body."""

    class Kind(models.TextChoices):
        MINISTER = "minister", _("minister")
        AGENCY = "agency", _("government agency")
        PARLIAMENT = "parliament", _("parliament")
        UN_BODY = "un_body", _("UN body")

    chapter = models.ForeignKey(CountryChapter, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    office = models.CharField(_("office"), max_length=200, blank=True)
    language = models.CharField(
        _("language of letters"), max_length=5, choices=LANGUAGE_CHOICES, default="en"
    )

    class Meta:
        ordering = ["chapter", "name"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return self.name


class ActionPage(models.Model):
    """A member organisation's own page for a petition, feeding the shared counter."""

    class Colour(models.TextChoices):
        INDIGO = "indigo", _("indigo")
        TEAL = "teal", _("teal")
        CRIMSON = "crimson", _("crimson")
        AMBER = "amber", _("amber")
        SLATE = "slate", _("slate")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="action_pages")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="action_pages")
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, default="en")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    headline = models.CharField(_("headline"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices, default=Colour.INDIGO)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["petition", "slug"]
        verbose_name = _("action page")
        verbose_name_plural = _("action pages")

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("campaigns:action-page", args=[self.slug])


class Signature(models.Model):
    """One signature; the row is also the outbox of the work done after the request returns.

    ``processed`` is false until the background job has run the rate checks and sent the
    confirmation mail; a worker that dies leaves the row unprocessed, and the next run takes it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        QUARANTINED = "quarantined", _("quarantined")
        INVALIDATED = "invalidated", _("invalidated")
        REMOVED = "removed", _("removed")

    # Every index costs each of millions of inserts, so none is kept twice: petition leads the
    # composite indexes below, and the optional links are indexed only where they are set.
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="signatures", db_index=False
    )
    action_page = models.ForeignKey(
        ActionPage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signatures",
        db_index=False,
    )
    batch = models.ForeignKey(
        "PaperBatch",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signatures",
        db_index=False,
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    language = models.CharField(_("language"), max_length=5, default="en")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    status_reason = models.CharField(_("reason"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.CharField(_("email"), max_length=254, blank=True)
    email_hmac = models.CharField(max_length=64, null=True, blank=True, editable=False)
    email_domain = models.CharField(max_length=253, blank=True, editable=False)
    ip_hash = models.CharField(max_length=32, blank=True, editable=False)
    net_hash = models.CharField(max_length=32, blank=True, editable=False)
    consent_count = models.BooleanField(_("consented to be counted"), default=False)
    consent_news = models.BooleanField(_("consented to be kept informed"), default=False)
    consent_share = models.BooleanField(_("consented to share email with the organisation"), default=False)
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    token_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    mails_sent = models.PositiveSmallIntegerField(default=0)
    resend_requested = models.BooleanField(default=False)
    processed = models.BooleanField(default=False)
    previous_status = models.CharField(max_length=12, blank=True)
    invalidation = models.ForeignKey(
        "Invalidation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signatures",
        db_index=False,
    )
    anonymised = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("signed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["petition", "email_hmac"], name="signature_one_per_email"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "confirmed", "quarantined", "invalidated", "removed"]),
                name="signature_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["online", "paper"]), name="signature_channel_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(consent_count=True) | Q(channel="paper"),
                name="signature_confirmed_needs_consent",
            ),
            models.CheckConstraint(
                condition=Q(channel="online") | Q(batch__isnull=False), name="signature_paper_has_batch"
            ),
        ]
        indexes = [
            # The outbox: the job takes the oldest unprocessed rows in id order. Keyed on id, the
            # index hands them over in that order; keyed on the flag, the planner walked the
            # primary key through every processed row instead (86 ms at 80,000 rows, and growing).
            models.Index(fields=["id"], name="sig_outbox", condition=Q(processed=False)),
            # Paper signatures have no address: they stay out of the address indexes.
            models.Index(
                fields=["petition", "ip_hash", "created_at"], name="sig_ip_recent", condition=~Q(ip_hash="")
            ),
            models.Index(
                fields=["petition", "net_hash", "created_at"],
                name="sig_net_recent",
                condition=~Q(net_hash=""),
            ),
            models.Index(fields=["petition", "email_domain", "created_at"], name="sig_domain_recent"),
            models.Index(fields=["petition", "country", "created_at"], name="sig_country_recent"),
            models.Index(fields=["token_hash"], name="sig_token", condition=~Q(token_hash="")),
            models.Index(fields=["batch"], name="sig_batch", condition=Q(batch__isnull=False)),
            models.Index(
                fields=["action_page"], name="sig_action_page", condition=Q(action_page__isnull=False)
            ),
            models.Index(
                fields=["invalidation"], name="sig_invalidation", condition=Q(invalidation__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"

    @property
    def is_counted(self) -> bool:
        return self.status == self.Status.CONFIRMED


class CountDelta(models.Model):
    """An append-only change of a count, folded into ``CounterShard`` by one job."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    language = models.CharField(max_length=5)
    delta = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("count change")
        verbose_name_plural = _("count changes")
        constraints = [models.CheckConstraint(condition=~Q(delta=0), name="count_delta_not_zero")]

    def __str__(self) -> str:
        return f"{self.petition_id}/{self.country_id}/{self.channel}/{self.language}: {self.delta:+d}"


class CounterShard(models.Model):
    """The folded count of one petition x country x channel x language."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="counters")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    language = models.CharField(max_length=5)
    count = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "country", "channel", "language"], name="counter_one_per_shard"
            ),
            models.CheckConstraint(condition=Q(count__gte=0), name="counter_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}/{self.country_id}/{self.channel}/{self.language}: {self.count}"


class Milestone(models.Model):
    """A threshold of a petition (or of one chapter's country) that mails organisers and signers."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="milestones")
    chapter = models.ForeignKey(
        CountryChapter, on_delete=models.CASCADE, null=True, blank=True, related_name="milestones"
    )
    threshold = models.PositiveBigIntegerField(_("threshold"))
    reached_at = models.DateTimeField(_("reached"), null=True, blank=True)

    class Meta:
        ordering = ["petition", "threshold"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "threshold"], condition=Q(chapter__isnull=True), name="milestone_unique"
            ),
            models.UniqueConstraint(
                fields=["petition", "chapter", "threshold"],
                condition=Q(chapter__isnull=False),
                name="milestone_unique_per_chapter",
            ),
            models.CheckConstraint(condition=Q(threshold__gt=0), name="milestone_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.petition} {self.threshold}"


class RateLimit(models.Model):
    """At most ``max_count`` signatures per ``period_seconds`` for one IP, network, domain or country.

    Counted per petition over the signature table; editable at run time. Signatures over the
    limit are quarantined silently and never counted.
    """

    class Scope(models.TextChoices):
        IP = "ip", _("IP address")
        NETWORK = "network", _("network block (/24 or /64)")
        DOMAIN = "domain", _("email domain")
        COUNTRY = "country", _("country")

    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    petition = models.ForeignKey(
        Petition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rate_limits",
        help_text=_("Empty: every petition."),
    )
    max_count = models.PositiveIntegerField(_("at most"))
    period_seconds = models.PositiveIntegerField(_("per period (seconds)"))
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["scope", "period_seconds"]
        verbose_name = _("rate limit")
        verbose_name_plural = _("rate limits")
        constraints = [
            models.CheckConstraint(condition=Q(period_seconds__gt=0), name="rate_limit_period_positive"),
            models.CheckConstraint(
                condition=Q(scope__in=["ip", "network", "domain", "country"]), name="rate_limit_scope_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()}: {self.max_count}/{self.period_seconds}s"


class BlockRule(models.Model):
    """Signatures from a blocked email domain (glob pattern) or network (CIDR) are quarantined."""

    class Kind(models.TextChoices):
        DOMAIN = "domain", _("email domain (glob pattern)")
        NETWORK = "network", _("network (CIDR)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    pattern = models.CharField(_("pattern"), max_length=200)
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "pattern"]
        verbose_name = _("block rule")
        verbose_name_plural = _("block rules")
        constraints = [models.UniqueConstraint(fields=["kind", "pattern"], name="block_rule_unique")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.pattern}"


class Invalidation(models.Model):
    """A bulk invalidation by conditions, with its reason, progress and undo."""

    class State(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        UNDONE = "undone", _("undone")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="invalidations")
    conditions = models.JSONField(_("conditions"), default=dict)
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.RUNNING)
    matched = models.PositiveBigIntegerField(_("matched"), default=0)
    processed = models.PositiveBigIntegerField(_("processed"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invalidation")
        verbose_name_plural = _("invalidations")
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="invalidation_has_reason")]

    def __str__(self) -> str:
        return f"{self.petition} · {self.created_at:%Y-%m-%d}"


class PaperBatch(models.Model):
    """Paper signatures from one place and collector: a tally (a count) or keyed rows from a file."""

    class Kind(models.TextChoices):
        TALLY = "tally", _("tally (a count)")
        KEYED = "keyed", _("keyed (names from a file)")

    class State(models.TextChoices):
        VALIDATED = "validated", _("validated, waiting for approval")
        APPROVED = "approved", _("approved")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="paper_batches")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.VALIDATED)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, default="en")
    place = models.CharField(_("place (shop, event)"), max_length=200)
    collector = models.CharField(_("collector"), max_length=200)
    collected_on = models.DateField(_("collected on"))
    sheet_refs = models.CharField(_("sheet references"), max_length=200, blank=True)
    tally = models.PositiveBigIntegerField(_("count"), default=0)
    source_name = models.CharField(_("file"), max_length=200, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    source_path = models.CharField(max_length=300, blank=True, editable=False)
    rows_valid = models.PositiveBigIntegerField(_("valid rows"), default=0)
    rows_duplicate = models.PositiveBigIntegerField(_("duplicates"), default=0)
    rows_imported = models.PositiveBigIntegerField(_("imported rows"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("paper batch")
        verbose_name_plural = _("paper batches")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "source_sha256"],
                condition=~Q(source_sha256=""),
                name="paper_batch_file_once",
            ),
            models.CheckConstraint(
                condition=Q(kind="keyed") | Q(tally__gt=0), name="paper_batch_tally_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} ({self.collected_on})"


class Handover(models.Model):
    """The record of signatures handed over to a target."""

    chapter = models.ForeignKey(CountryChapter, on_delete=models.CASCADE, related_name="handovers")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="handovers")
    handed_over_on = models.DateField(_("handed over on"))
    official = models.CharField(_("official who received them"), max_length=200)
    signatures = models.PositiveBigIntegerField(_("signatures handed over"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-handed_over_on"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self) -> str:
        return f"{self.chapter} · {self.handed_over_on}"
