"""The assembly's settings (dates, rules) are edited here; the roll, delegates, proxies, ballots
and results change only through the site's services and are not in the admin."""

from django.contrib import admin
from django.http import HttpRequest

from .models import AgendaItem, Assembly, Position, SeatGroup


@admin.register(Assembly)
class AssemblyAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "starts_at", "mode", "status"]
    exclude = ["roll_hash", "roll_taken_at"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # its ballots and register are kept; an assembly is closed, not deleted


class SeatGroupInline(admin.TabularInline):
    model = SeatGroup
    extra = 1


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["title", "assembly", "method", "tie_rule", "nominations_close"]
    inlines = [SeatGroupInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["assembly", "position", "title"]
