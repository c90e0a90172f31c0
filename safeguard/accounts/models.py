from __future__ import annotations

import functools
import zoneinfo
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


@functools.cache
def time_zone_names() -> frozenset[str]:
    """The IANA names zoneinfo knows: read from disk once per process, not once per check."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    """An IANA time zone name that zoneinfo knows."""
    if value not in time_zone_names():
        raise ValidationError(_("Unknown time zone."))


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("Users need an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address; what they may do comes from memberships."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    # An IANA name checked against zoneinfo (no choices: the list changes with tzdata releases,
    # and a choices list would make a new migration each time).
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("administration site access"),
        default=False,
        help_text=_("May sign in to the administration site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=models.functions.Lower("email")), name="user_email_lowercase"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.lower()
        super().save(*args, **kwargs)


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def members(self) -> OrganisationQuerySet:
        return self.filter(kind=Organisation.Kind.MEMBER)


class Organisation(models.Model):
    """The Secretariat, a member organisation, a Code company, or a partner."""

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("International Secretariat")
        MEMBER = "member", _("member organisation")
        COMPANY = "company", _("company (travel and tourism)")
        PARTNER = "partner", _("partner")

    class PartnerType(models.TextChoices):
        INDUSTRY = "industry", _("industry")
        LAW_ENFORCEMENT = "law_enforcement", _("law enforcement")
        UN_AGENCY = "un_agency", _("UN agency")
        HOTLINE = "hotline", _("hotline")
        GOVERNMENT = "government", _("government")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType.choices, blank=True)
    country = models.ForeignKey(
        "countries.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            # There is one International Secretariat.
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind="secretariat"),
                name="organisation_one_secretariat",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="partner", partner_type__gt="")
                | (~models.Q(kind="partner") & models.Q(partner_type="")),
                name="organisation_partner_type_iff_partner",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["secretariat", "member", "company", "partner"]),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("accounts:organisation", args=[self.slug])


class Membership(models.Model):
    """A user's place in an organisation. The role decides what they may do there."""

    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        ADMIN = "admin", _("administrator")
        EDITOR = "editor", _("editor")
        VIEWER = "viewer", _("viewer")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_organisation"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["owner", "admin", "editor", "viewer"]),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}, {self.organisation} ({self.get_role_display()})"


UNLINKABLE = frozenset({"user", "actor", "organisation"})


class AppendOnlyQuerySet(models.QuerySet["SecurityEvent"]):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("update_conflicts"):
            raise PermissionError("The security event log is append-only")
        return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        # The one change allowed: deleting a person or organisation unlinks their events.
        if kwargs and set(kwargs) <= UNLINKABLE and all(value is None for value in kwargs.values()):
            return super().update(**kwargs)
        raise PermissionError("The security event log is append-only")

    def delete(self) -> Any:
        raise PermissionError("The security event log is append-only")


def _log_link(to: Any, verbose_name: Any) -> Any:
    """A link from a log line that outlives its target: deleting it only empties the link."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )


class SecurityEvent(models.Model):
    """One line of the append-only security log.

    Rows are only ever inserted: the model refuses updates and deletes, and on PostgreSQL a
    trigger refuses them too. When a user is deleted their rows stay, without the link.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("failed sign-in")
        LOCKED_OUT = "locked_out", _("locked out")
        LOGOUT = "logout", _("signed out")
        PASSWORD_CHANGED = "password_changed", _("password changed")
        PASSWORD_RESET = "password_reset", _("password reset")
        MFA_ENABLED = "mfa_enabled", _("second factor added")
        MFA_DISABLED = "mfa_disabled", _("second factor removed")
        ROLE_GRANTED = "role_granted", _("role granted")
        ROLE_CHANGED = "role_changed", _("role changed")
        ROLE_REVOKED = "role_revoked", _("role revoked")
        ACCESS_CHANGED = "access_changed", _("site access changed")
        EXPORT = "export", _("data exported")

    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    user = _log_link(settings.AUTH_USER_MODEL, _("user"))
    actor = _log_link(settings.AUTH_USER_MODEL, _("by"))
    organisation = _log_link(Organisation, _("organisation"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        # Django's internal lookups (deletion, related access) use the append-only queryset too.
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("The security event log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("The security event log is append-only")
