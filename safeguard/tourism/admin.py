from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AnnualReport,
    Certificate,
    CriteriaVersion,
    Criterion,
    FeeBand,
    PartnerDiscount,
    Representative,
    Signatory,
    Transition,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reference data comes from the data file; audit entries are never edited."""

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(ReadOnlyAdmin):
    list_display = ["year", "label", "is_current"]


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ["version", "module", "number", "title_en"]
    list_filter = ["version", "module"]


@admin.register(FeeBand)
class FeeBandAdmin(ReadOnlyAdmin):
    list_display = ["code", "label", "fee_eur"]


@admin.register(PartnerDiscount)
class PartnerDiscountAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "percent"]


@admin.register(Representative)
class RepresentativeAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "since"]
    filter_horizontal = ["countries"]
    autocomplete_fields = ["organisation"]


@admin.register(Signatory)
class SignatoryAdmin(SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "country", "sector", "state", "recognition", "listed"]
    list_filter = ["state", "sector", "recognition", "listed"]
    search_fields = ["name", "slug"]
    readonly_fields = ["state", "owner", "due_on", "missed_reports", "member_since", "organisation"]
    raw_id_fields = ["country", "operating_countries"]


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ["signatory", "year", "status", "deadline", "recognition"]
    list_filter = ["status", "year"]
    raw_id_fields = ["signatory"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["code", "signatory", "year", "valid_until", "revoked_on"]
    search_fields = ["code"]


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ["signatory", "from_state", "to_state", "actor", "created_at"]
    list_filter = ["to_state"]
