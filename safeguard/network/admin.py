"""Reference data (categories, dues bands) is edited here; members, applications and support
requests change only through the site's services, so the admin shows them read-only."""

from django.contrib import admin
from django.http import HttpRequest

from safeguard.lib.admin import ReadOnlyAdminMixin

from .models import Application, DuesBand, MemberRecord, MembershipCategory, SupportRequest


@admin.register(MembershipCategory)
class MembershipCategoryAdmin(admin.ModelAdmin):
    list_display = [
        "name_en",
        "slug",
        "may_vote",
        "may_stand",
        "counts_for_quorum",
        "dues_rule",
        "grace_days",
    ]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # records point at categories; a category is retired, not deleted


@admin.register(DuesBand)
class DuesBandAdmin(admin.ModelAdmin):
    list_display = ["code", "rule", "max_budget_eur", "income_group", "amount", "currency"]


@admin.register(MemberRecord)
class MemberRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "category", "region", "status", "member_since"]
    list_filter = ["status", "region", "category"]
    search_fields = ["organisation__name"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "country", "step", "submitted_at"]
    list_filter = ["step"]
    exclude = ["statutes", "safeguarding_policy"]


@admin.register(SupportRequest)
class SupportRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["subject", "organisation", "state", "priority", "created_at"]
    list_filter = ["state", "priority"]
