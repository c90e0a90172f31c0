"""The resource library: a resource (the concept) has versions; a version has files and page text.

A published version never changes (``ResourceVersion.save`` refuses); a new edition is a new
version. The resource's ``access`` governs who sees its metadata; each file has its own access
level, so metadata can be public while the PDF is for members only.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safeguard.countries.models import active_name_language

INTERFACE_LANGUAGES = ("en", "fr", "es")


class ResourceType(models.TextChoices):
    RESEARCH_REPORT = "research_report", _("research report")
    MANUAL = "manual", _("manual or toolkit")
    GOOD_PRACTICE = "good_practice", _("good-practice model")
    JOURNAL_ISSUE = "journal_issue", _("journal issue")
    POLICY_BRIEF = "policy_brief", _("policy brief")
    TRAINING = "training", _("training material")
    COUNTRY_REPORT = "country_report", _("country report")


class Theme(models.TextChoices):
    TRAVEL_TOURISM = "travel_tourism", _("travel and tourism")
    ONLINE = "online", _("online exploitation")
    TRAFFICKING = "trafficking", _("trafficking")
    LEGISLATION = "legislation", _("law and policy")
    VICTIM_SUPPORT = "victim_support", _("victim support")
    PREVENTION = "prevention", _("prevention")
    CHILD_PARTICIPATION = "child_participation", _("child participation")
    RESEARCH_METHODS = "research_methods", _("research methods")


class ContentLanguage(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")
    PT = "pt", _("Portuguese")
    TH = "th", _("Thai")
    RU = "ru", _("Russian")


class Access(models.TextChoices):
    PUBLIC = "public", _("public")
    MEMBERS = "members", _("members only")
    RESTRICTED = "restricted", _("restricted to named organisations")
    EMBARGOED = "embargoed", _("embargoed")


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_NC = "CC-BY-NC-4.0", "CC BY-NC 4.0"
    CC_BY_NC_ND = "CC-BY-NC-ND-4.0", "CC BY-NC-ND 4.0"
    ALL_RIGHTS = "all-rights-reserved", _("all rights reserved")


METADATA_ACCESS = (Access.PUBLIC, Access.MEMBERS, Access.RESTRICTED)


class Resource(models.Model):
    """The concept: what stays the same across editions. Its ``access`` covers the metadata."""

    slug = models.SlugField(_("short name"), max_length=120, unique=True)
    access = models.CharField(
        _("metadata access"), max_length=12, choices=Access.choices, default=Access.PUBLIC
    )
    restricted_to = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("organisations with access"),
        blank=True,
        related_name="library_resources",
        help_text=_("For restricted resources and files: the organisations that may read them."),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("contributing organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    current_version = models.ForeignKey(
        "ResourceVersion",
        verbose_name=_("current published version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # OAI-PMH: when the record last changed for harvesters, and its tombstone once withdrawn.
    datestamp = models.DateTimeField(_("record changed"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(access__in=[a.value for a in METADATA_ACCESS]),
                name="library_resource_metadata_access_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.current_version or self.slug)

    def get_absolute_url(self) -> str:
        return reverse("library:detail", args=[self.slug])


class ResourceVersionQuerySet(models.QuerySet["ResourceVersion"]):
    def current(self) -> ResourceVersionQuerySet:
        """The published version each visible resource currently shows."""
        return self.filter(
            status=ResourceVersion.Status.PUBLISHED,
            resource__current_version=models.F("pk"),
            resource__withdrawn_at__isnull=True,
        )


class ResourceVersion(models.Model):
    """One edition's metadata (DataCite-like). Immutable once published."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("awaiting review")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("returned to the contributor")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    abstract_en = models.TextField(_("abstract (English)"), blank=True)
    abstract_fr = models.TextField(_("abstract (French)"), blank=True)
    abstract_es = models.TextField(_("abstract (Spanish)"), blank=True)
    publisher = models.CharField(_("publisher"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    resource_type = models.CharField(_("resource type"), max_length=20, choices=ResourceType.choices)
    licence = models.CharField(_("licence"), max_length=24, choices=Licence.choices, default=Licence.CC_BY_NC)
    isbn = models.CharField(_("ISBN"), max_length=17, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    series = models.CharField(_("series"), max_length=200, blank=True)
    countries = models.ManyToManyField(
        "countries.Country", verbose_name=_("countries"), blank=True, related_name="library_versions"
    )
    regions = models.ManyToManyField(
        "countries.Region", verbose_name=_("regions"), blank=True, related_name="library_versions"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    review_note = models.TextField(_("note from the curator"), blank=True)

    objects = ResourceVersionQuerySet.as_manager()

    class Meta:
        ordering = ["resource", "-number"]
        verbose_name = _("resource version")
        verbose_name_plural = _("resource versions")
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="library_version_number_unique"),
            models.CheckConstraint(
                condition=~models.Q(title_en="") | ~models.Q(title_fr="") | ~models.Q(title_es=""),
                name="library_version_has_a_title",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1900, year__lte=2100), name="library_version_year_range"
            ),
            models.CheckConstraint(
                condition=models.Q(status="published", published_at__isnull=False)
                | (~models.Q(status="published") & models.Q(published_at__isnull=True)),
                name="library_version_published_at_iff_published",
            ),
        ]
        indexes = [models.Index(fields=["resource_type", "year"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.PUBLISHED:
                raise ValueError("A published version never changes; create a new version instead.")
        super().save(*args, **kwargs)

    def _translated(self, field: str) -> str:
        language = active_name_language()
        order = [language, *[code for code in INTERFACE_LANGUAGES if code != language]]
        return next(
            (getattr(self, f"{field}_{code}") for code in order if getattr(self, f"{field}_{code}")), ""
        )

    @property
    def title(self) -> str:
        return self._translated("title")

    @property
    def abstract(self) -> str:
        return self._translated("abstract")

    def title_language(self) -> str:
        language = active_name_language()
        if getattr(self, f"title_{language}"):
            return language
        return next(code for code in INTERFACE_LANGUAGES if getattr(self, f"title_{code}"))


class Creator(models.Model):
    """An author or corporate author of a version, in citation order."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")

    version = models.ForeignKey(ResourceVersion, on_delete=models.CASCADE, related_name="creators")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    family_name = models.CharField(_("family name"), max_length=120, blank=True)
    given_name = models.CharField(_("given name"), max_length=120, blank=True)
    name = models.CharField(_("organisation name"), max_length=200, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("creator")
        verbose_name_plural = _("creators")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="person", family_name__gt="", name="")
                | models.Q(kind="organisation", name__gt="", family_name="", given_name=""),
                name="library_creator_person_or_organisation",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.ORGANISATION:
            return self.name
        return f"{self.family_name}, {self.given_name}" if self.given_name else self.family_name


class VersionTheme(models.Model):
    version = models.ForeignKey(ResourceVersion, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(_("theme"), max_length=24, choices=Theme.choices)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [models.UniqueConstraint(fields=["version", "theme"], name="library_theme_once")]

    def __str__(self) -> str:
        return self.get_theme_display()


class VersionLanguage(models.Model):
    """A language the content is written in (not the language of the metadata)."""

    version = models.ForeignKey(ResourceVersion, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=5, choices=ContentLanguage.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("content language")
        verbose_name_plural = _("content languages")
        constraints = [models.UniqueConstraint(fields=["version", "language"], name="library_language_once")]

    def __str__(self) -> str:
        return self.get_language_display()


class Relation(models.Model):
    """A DataCite relatedIdentifier to another resource of the library."""

    class Kind(models.TextChoices):
        TRANSLATION_OF = "translation_of", _("translation of")
        NEW_EDITION_OF = "new_edition_of", _("new edition of")
        PART_OF_SERIES = "part_of_series", _("part of the series")

    version = models.ForeignKey(ResourceVersion, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices)
    target = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="related_from")

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(fields=["version", "kind", "target"], name="library_relation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target.slug}"


def file_upload_to(instance: ResourceFile, filename: str) -> str:
    return f"library/{instance.version.resource_id}/{instance.sha256[:16]}.{instance.kind}"


class ResourceFile(models.Model):
    """A document of a version, with its own access level."""

    class Extraction(models.TextChoices):
        PENDING = "pending", _("text extraction pending")
        DONE = "done", _("text extracted")
        NO_TEXT = "no_text", _("no text found (scan?)")
        FAILED = "failed", _("text extraction failed")
        UNSUPPORTED = "unsupported", _("no text extraction for this format")

    version = models.ForeignKey(ResourceVersion, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=file_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("format"), max_length=8)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    access = models.CharField(_("file access"), max_length=12, choices=Access.choices, default=Access.PUBLIC)
    embargo_until = models.DateField(_("embargoed until"), null=True, blank=True)
    embargo_then = models.CharField(
        _("access after the embargo"),
        max_length=12,
        choices=[(a.value, a.label) for a in METADATA_ACCESS],
        blank=True,
    )
    extraction = models.CharField(
        _("text extraction"), max_length=12, choices=Extraction.choices, default=Extraction.PENDING
    )
    page_count = models.PositiveIntegerField(_("pages"), default=0)
    extracted_with = models.CharField(_("extracted with"), max_length=20, blank=True)

    class Meta:
        ordering = ["version", "pk"]
        verbose_name = _("file")
        verbose_name_plural = _("files")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(access="embargoed", embargo_until__isnull=False, embargo_then__gt="")
                | (~models.Q(access="embargoed") & models.Q(embargo_until__isnull=True, embargo_then="")),
                name="library_file_embargo_iff_embargoed",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("library:download", args=[self.pk])

    def embargo_over(self, today: datetime.date) -> bool:
        return (
            self.access == Access.EMBARGOED and self.embargo_until is not None and self.embargo_until <= today
        )


class PageText(models.Model):
    """The extracted text of one page of a file, so results can say "found on page N"."""

    file = models.ForeignKey(ResourceFile, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["file", "number"]
        verbose_name = _("page text")
        verbose_name_plural = _("page texts")
        constraints = [
            models.UniqueConstraint(fields=["file", "number"], name="library_page_once"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="library_page_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.file} p. {self.number}"


# Bit of each theme and content language in the index rows' ``theme_bits`` / ``language_bits``.
# Append new choices at the end: a bit, once given, never moves (or the index must be rebuilt).
THEME_BITS = {value: 1 << i for i, value in enumerate(Theme.values)}
LANGUAGE_BITS = {value: 1 << i for i, value in enumerate(ContentLanguage.values)}


class SearchUnit(models.Model):
    """One row of the search index: a version's metadata alone (``file`` empty) or with one file's text.

    Splitting by file lets access decide, row by row, which text may be matched: a user who may
    not read a file never matches its text, so it cannot rank, count in a facet or show in a
    snippet. On SQLite the text lives in the FTS5 table ``library_fts`` (rowid = this id); on
    PostgreSQL in ``search_vector``.

    What every search filters and counts on is copied onto the row (``indexing`` keeps it in
    step, in the transaction of the change): the resource and its access level, the file's
    access level, type, year, and the themes and content languages as bit masks. A search then
    reads this table alone, with no join per match. Rows exist only for the current published
    version of a resource that is not withdrawn.
    """

    version = models.ForeignKey(ResourceVersion, on_delete=models.CASCADE, related_name="search_units")
    file = models.ForeignKey(ResourceFile, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    language = models.CharField(max_length=8)
    # PostgreSQL only (a GIN index is added by the migration there); unused on SQLite.
    search_vector = SearchVectorField(null=True)
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    # Empty matches no access level: a row not (yet) filled in is never found.
    resource_access = models.CharField(max_length=12, blank=True, default="")
    file_access = models.CharField(max_length=12, blank=True, default="")
    resource_type = models.CharField(max_length=20, blank=True, default="")
    year = models.PositiveSmallIntegerField(default=0)
    theme_bits = models.PositiveIntegerField(default=0)
    language_bits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search index row")
        verbose_name_plural = _("search index rows")
        constraints = [
            models.UniqueConstraint(fields=["version", "file"], name="library_unit_per_file"),
            models.UniqueConstraint(
                fields=["version"],
                condition=models.Q(file__isnull=True),
                name="library_unit_one_metadata_row",
            ),
            models.CheckConstraint(
                condition=models.Q(file__isnull=True, file_access="")
                | models.Q(file__isnull=False, file_access__in=[a.value for a in Access]),
                name="library_unit_file_access_iff_file",
            ),
            models.CheckConstraint(
                condition=models.Q(resource_access__in=["", *[a.value for a in METADATA_ACCESS]]),
                name="library_unit_resource_access_valid",
            ),
        ]
        indexes = [
            # The browse path (no words): metadata rows (file empty) by access level, newest first,
            # with the facet columns, so listing everything reads this index alone.
            models.Index(
                fields=[
                    "resource_access",
                    "file",
                    "-year",
                    "-version",
                    "resource_type",
                    "theme_bits",
                    "language_bits",
                ],
                name="library_unit_browse",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version_id}/{self.file_id or '-'}"


class UsageCount(models.Model):
    """Views and downloads of a resource per month (robots filtered, no address stored)."""

    class Kind(models.TextChoices):
        VIEW = "view", _("views")
        DOWNLOAD = "download", _("downloads")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="usage")
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        ordering = ["resource", "-month", "kind"]
        verbose_name = _("usage count")
        verbose_name_plural = _("usage counts")
        constraints = [
            models.UniqueConstraint(fields=["resource", "month", "kind"], name="library_usage_once"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="library_usage_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.month:%Y-%m} {self.kind}: {self.count}"
