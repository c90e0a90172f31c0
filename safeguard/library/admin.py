from django.contrib import admin

from .models import Resource, ResourceVersion, UsageCount


class ReadOnlyAdmin(admin.ModelAdmin):
    """Library records change through the curator pages (published versions never change)."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Resource)
class ResourceAdmin(ReadOnlyAdmin):
    list_display = ["slug", "access", "current_version", "withdrawn_at"]
    list_filter = ["access"]
    search_fields = ["slug"]


@admin.register(ResourceVersion)
class ResourceVersionAdmin(ReadOnlyAdmin):
    list_display = ["resource", "number", "status", "resource_type", "year"]
    list_filter = ["status", "resource_type"]
    list_select_related = ["resource"]


@admin.register(UsageCount)
class UsageCountAdmin(ReadOnlyAdmin):
    list_display = ["resource", "month", "kind", "count"]
    list_select_related = ["resource"]
