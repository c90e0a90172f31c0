from django.contrib import admin

from safeguard.lib.admin import ReadOnlyAdminMixin

from .models import Country, Region


@admin.register(Region)
class RegionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["m49", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["m49", "name_en", "name_fr", "name_es"]


@admin.register(Country)
class CountryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Countries are reference data loaded from the repository; the admin only reads them."""

    list_display = ["iso2", "iso3", "numeric", "name_en", "region", "sub_region"]
    list_filter = ["region"]
    search_fields = ["iso2", "iso3", "name_en", "name_fr", "name_es"]
    list_select_related = ["region", "sub_region"]
