from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

NAME_LANGUAGES = ("en", "fr", "es")


def active_name_language() -> str:
    """The active language if names exist in it, else English."""
    language = (get_language() or "en")[:2]
    return language if language in NAME_LANGUAGES else "en"


class TranslatedNameMixin(models.Model):
    """Names in the platform's three languages; ``name`` follows the active language."""

    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return getattr(self, f"name_{active_name_language()}")


class Region(TranslatedNameMixin):
    """A UN M49 region (level 1), sub-region (level 2) or intermediate region (level 3)."""

    class Level(models.IntegerChoices):
        REGION = 1, _("region")
        SUB_REGION = 2, _("sub-region")
        INTERMEDIATE = 3, _("intermediate region")

    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["m49"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(m49__regex=r"^[0-9]{3}$"), name="region_m49_three_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(level=1, parent__isnull=True)
                | models.Q(level__gt=1, parent__isnull=False),
                name="region_parent_matches_level",
            ),
        ]


class CountryQuerySet(models.QuerySet["Country"]):
    def with_regions(self) -> CountryQuerySet:
        return self.select_related("region", "sub_region", "intermediate_region")

    def ordered_by_name(self) -> CountryQuerySet:
        return self.order_by(f"name_{active_name_language()}")


class Country(TranslatedNameMixin):
    """An ISO 3166-1 country or territory, placed in the UN M49 regions."""

    iso2 = models.CharField(_("ISO alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO numeric"), max_length=3, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    sub_region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    intermediate_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(condition=models.Q(iso2__regex=r"^[A-Z]{2}$"), name="country_iso2_format"),
            models.CheckConstraint(condition=models.Q(iso3__regex=r"^[A-Z]{3}$"), name="country_iso3_format"),
            models.CheckConstraint(
                condition=models.Q(numeric__regex=r"^[0-9]{3}$"), name="country_numeric_format"
            ),
        ]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("countries:detail", args=[self.iso2.lower()])
