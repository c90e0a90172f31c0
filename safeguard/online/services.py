"""Writes of the online-protection app: link checks, verification and bulk imports."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safeguard.countries.models import Country
from safeguard.lib.tabular import RowError, TableError, read_table, validate_table
from safeguard.lib.uploads import is_image_or_video

from .models import Capability, CapabilityAssessment, MaturityLevel, Published, ReportingChannel

LINK_TIMEOUT_SECONDS = 10
USER_AGENT = "Safeguard-link-check/1 (directory maintenance)"

# Link check --------------------------------------------------------------------------------------

Fetch = Callable[[str, str], int]


def http_status(url: str, method: str) -> int:
    """The HTTP status of ``method url`` (redirects followed); raises OSError when unreachable."""
    if not url.startswith("https://"):
        raise OSError("only https addresses are checked")
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=LINK_TIMEOUT_SECONDS) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def link_probe(url: str, fetch: Fetch = http_status) -> tuple[bool, str]:
    """(reachable, what happened): HEAD first, GET when the server refuses HEAD."""
    try:
        status = fetch(url, "HEAD")
        if status in (403, 405, 501):
            status = fetch(url, "GET")
    except (OSError, ValueError) as exc:  # URLError, timeouts and TLS errors are OSErrors
        return False, f"unreachable: {exc.__class__.__name__}"[:100]
    return status < 400, f"HTTP {status}"


@dataclass
class LinkCheckReport:
    checked: int = 0
    unreachable: list[ReportingChannel] = field(default_factory=list)


def channels_check_links(
    channels: Iterable[ReportingChannel] | None = None, *, fetch: Fetch = http_status
) -> LinkCheckReport:
    """Check every listed web address; mark unreachable entries unverified (they stay shown,
    with a warning). A reachable link does not re-verify an entry: a person does that."""
    if channels is None:
        channels = ReportingChannel.objects.exclude(status=ReportingChannel.Status.INACTIVE).exclude(url="")
    report = LinkCheckReport()
    for channel in channels:
        reachable, result = link_probe(channel.url, fetch)
        report.checked += 1
        with transaction.atomic():
            channel.last_checked_at = timezone.now()
            channel.last_check_result = result
            fields = ["last_checked_at", "last_check_result"]
            if not reachable:
                report.unreachable.append(channel)
                if channel.status == ReportingChannel.Status.ACTIVE:
                    channel.status = ReportingChannel.Status.UNVERIFIED
                    channel._change_reason = f"link check: {result}"  # type: ignore[attr-defined]
                    fields.append("status")
            channel.save(update_fields=fields)
    return report


@transaction.atomic
def channel_verify(*, channel: ReportingChannel, user: Any, today: date | None = None) -> ReportingChannel:
    """A person checked the entry against the service's own site: active and verified today."""
    channel.status = ReportingChannel.Status.ACTIVE
    channel.last_verified_on = today or timezone.localdate()
    channel.verified_by = user
    channel.save(update_fields=["status", "last_verified_on", "verified_by"])
    return channel


@transaction.atomic
def items_set_visibility(*, items: Iterable[models.Model], visibility: str, user: Any) -> int:
    """Publish or withdraw assessments, instruments, commitments or channels, one history entry each."""
    if visibility not in Published.values:
        raise ValueError(visibility)
    changed = 0
    for item in items:
        if item.visibility != visibility:
            item.visibility = visibility
            item._change_reason = f"{visibility} by {getattr(user, 'email', '')}"  # type: ignore[attr-defined]
            item.save(update_fields=["visibility"])
            changed += 1
    return changed


# Imports -----------------------------------------------------------------------------------------

YES = {"yes", "y", "true", "1", "oui", "sí", "si"}
NO = {"no", "n", "false", "0", "non", ""}
CHANNEL_COLUMNS = ("country", "kind", "name", "url", "phone")
ASSESSMENT_COLUMNS = ("country", "capability", "level", "method", "confidence", "assessed_by", "assessed_on")


def _bool(value: str, column: str) -> bool:
    if value.lower() in YES:
        return True
    if value.lower() in NO:
        return False
    raise ValidationError({column: _("Write yes or no.")})


def _date(value: str, column: str, *, required: bool = False) -> date | None:
    if not value:
        if required:
            raise ValidationError({column: _("This date is required.")})
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise ValidationError({column: _("Write the date as YYYY-MM-DD.")}) from None


def _country(value: str, countries: dict[str, Country], *, required: bool = True) -> Country | None:
    if not value and not required:
        return None
    country = countries.get(value.upper())
    if country is None:
        raise ValidationError({"country": _("Unknown country code %(code)s.") % {"code": value}})
    return country


@dataclass(frozen=True)
class Upsert:
    model: type[models.Model]
    key: dict[str, Any]
    values: dict[str, Any]


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    applied: bool = False


def _channel_row(countries: dict[str, Country]) -> Callable[[dict[str, str]], Upsert]:
    def validate(row: dict[str, str]) -> Upsert:
        country = _country(row.get("country", ""), countries, required=False)
        values = {
            "url": row.get("url", ""),
            "phone": row.get("phone", ""),
            "languages": row.get("languages", "").replace(" ", "").lower(),
            "anonymous": _bool(row.get("anonymous", ""), "anonymous"),
            "accepts": row.get("accepts", "").replace(" ", "").lower(),
            "audience": row.get("audience", "") or ReportingChannel.Audience.PUBLIC,
            "hours": row.get("hours", ""),
            "priority": row.get("priority", "") or 10,
            "is_international_fallback": _bool(
                row.get("international_fallback", ""), "international_fallback"
            ),
            "status": row.get("status", "") or ReportingChannel.Status.ACTIVE,
            "visibility": row.get("visibility", "") or Published.INTERNAL,
            "last_verified_on": _date(row.get("last_verified_on", ""), "last_verified_on"),
            "source": row.get("source", ""),
            "note_en": row.get("note_en", ""),
            "note_fr": row.get("note_fr", ""),
            "note_es": row.get("note_es", ""),
        }
        key = {"country": country, "kind": row.get("kind", ""), "name": row.get("name", "")}
        channel = ReportingChannel(**key, **values)
        _full_clean(channel, exclude=["actor", "verified_by"])
        scopes = set(ReportingChannel.Scope.values)
        unknown = [code for code in channel.accepts.split(",") if code and code not in scopes]
        if unknown:
            raise ValidationError(
                {"accepts": _("Unknown kinds of content: %(codes)s.") % {"codes": ", ".join(unknown)}}
            )
        values["priority"] = channel.priority
        return Upsert(ReportingChannel, key, values)

    return validate


def _assessment_row(countries: dict[str, Country]) -> Callable[[dict[str, str]], Upsert]:
    capabilities = {c.code: c for c in Capability.objects.all()}
    levels = {(level.framework_version_id, level.code): level for level in MaturityLevel.objects.all()}

    def validate(row: dict[str, str]) -> Upsert:
        country = _country(row.get("country", ""), countries)
        capability = capabilities.get(row.get("capability", ""))
        if capability is None:
            raise ValidationError({"capability": _("Unknown capability code.")})
        level = levels.get((capability.framework_version_id, row.get("level", "")))
        if level is None:
            raise ValidationError({"level": _("Unknown maturity level for this framework.")})
        values = {
            "level": level,
            "note": row.get("note", ""),
            "method": row.get("method", ""),
            "confidence": row.get("confidence", ""),
            "assessed_by": row.get("assessed_by", ""),
            "assessed_on": _date(row.get("assessed_on", ""), "assessed_on", required=True),
            "next_review_due": _date(row.get("next_review_due", ""), "next_review_due", required=True),
            "visibility": row.get("visibility", "") or Published.INTERNAL,
        }
        key = {"country": country, "capability": capability}
        _full_clean(CapabilityAssessment(**key, **values))
        return Upsert(CapabilityAssessment, key, values)

    return validate


def _full_clean(instance: models.Model, exclude: list[str] | None = None) -> None:
    """Field checks and the check constraints; uniqueness is the upsert's business (natural keys)."""
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    for constraint in instance._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            constraint.validate(type(instance), instance)


def _upsert(item: Upsert, reason: str) -> str:
    """Create, update or leave alone; an unchanged row is not saved (no history entry either)."""
    instance = item.model._default_manager.filter(**item.key).first()
    if instance is None:
        created = item.model(**item.key, **item.values)
        created._change_reason = reason  # type: ignore[attr-defined]
        created.save()
        return "created"
    changed = [name for name, value in item.values.items() if getattr(instance, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(instance, name, item.values[name])
    instance._change_reason = reason  # type: ignore[attr-defined]
    instance.save()
    return "updated"


IMPORTS = {
    "channels": (CHANNEL_COLUMNS, _channel_row),
    "assessments": (ASSESSMENT_COLUMNS, _assessment_row),
}


def table_import(*, kind: str, data: bytes, filename: str = "", good_rows_only: bool = False) -> ImportResult:
    """Validate the whole file; write nothing unless it is clean, or only the good rows when asked.

    Rows are matched on natural keys (channels: country, kind, name; assessments: country,
    capability), so importing the same file again changes nothing.
    """
    if kind not in IMPORTS:
        raise ValueError(kind)
    if is_image_or_video(data[:64]):
        raise TableError(_("Images and video are never accepted on this platform."))
    required, make_validator = IMPORTS[kind]
    countries = {c.iso2: c for c in Country.objects.all()}
    table = validate_table(read_table(data, filename=filename, required=required), make_validator(countries))
    result = ImportResult(errors=table.errors)
    if table.errors and not good_rows_only:
        return result
    with transaction.atomic():
        for _line, item in table.rows:
            outcome = _upsert(item, f"{kind} import")
            setattr(result, outcome, getattr(result, outcome) + 1)
    result.applied = True
    return result
