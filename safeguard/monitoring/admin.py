"""Admin: reference data is read-only (it comes from the framework file); assessments change
only through the workflow services, so the admin shows them read-only too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Assessment, Edition, FrameworkVersion, SubIndicator


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyAdmin):
    list_display = ["framework", "version", "method_version", "loaded_at"]


@admin.register(SubIndicator)
class SubIndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "answer_type", "lineage_status", "framework"]
    list_filter = ["framework", "answer_type", "lineage_status"]
    search_fields = ["code", "text"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["slug", "title", "year", "framework", "period_start", "period_end"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["country", "edition", "state", "updated_at"]
    list_filter = ["edition", "state"]
