"""Staff edit campaigns, petitions (with their texts), chapters (with targets), action pages,
milestones, rate limits and block rules here. Signatures are not in the admin: their personal
data is seen only where a page needs it. Batches, invalidations and handovers are changed through
their own pages and services (approval, undo), so the admin only reads them."""

from django.contrib import admin

from safeguard.lib.admin import ReadOnlyAdminMixin

from .models import (
    ActionPage,
    BlockRule,
    Campaign,
    CountryChapter,
    Handover,
    Invalidation,
    Milestone,
    PaperBatch,
    Petition,
    PetitionText,
    RateLimit,
    Target,
)


class PetitionTextInline(admin.StackedInline):
    model = PetitionText
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "starts_on", "ends_on", "goal"]
    list_filter = ["status"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["partners"]
    raw_id_fields = ["owner"]


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    list_display = ["slug", "campaign", "is_open", "goal", "consent_version"]
    list_select_related = ["campaign"]
    inlines = [PetitionTextInline]


@admin.register(CountryChapter)
class CountryChapterAdmin(admin.ModelAdmin):
    list_display = ["campaign", "country", "threshold", "languages"]
    list_select_related = ["campaign", "country"]
    raw_id_fields = ["lead", "country"]
    inlines = [TargetInline]


@admin.register(ActionPage)
class ActionPageAdmin(admin.ModelAdmin):
    list_display = ["slug", "organisation", "petition", "language", "country", "is_active"]
    list_select_related = ["organisation", "petition", "country"]
    raw_id_fields = ["organisation", "country"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["petition", "chapter", "threshold", "reached_at"]
    list_select_related = ["petition", "chapter__country", "chapter__campaign"]
    readonly_fields = ["reached_at"]


@admin.register(RateLimit)
class RateLimitAdmin(admin.ModelAdmin):
    list_display = ["scope", "petition", "max_count", "period_seconds", "is_active"]
    list_editable = ["max_count", "period_seconds", "is_active"]
    list_select_related = ["petition"]


@admin.register(BlockRule)
class BlockRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "pattern", "is_active", "note"]


@admin.register(PaperBatch)
class PaperBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["place", "petition", "country", "kind", "state", "tally", "rows_imported"]
    list_select_related = ["petition", "country"]


@admin.register(Invalidation)
class InvalidationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["petition", "state", "matched", "processed", "created_by", "created_at"]
    list_select_related = ["petition", "created_by"]


@admin.register(Handover)
class HandoverAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["chapter", "target", "handed_over_on", "official", "signatures"]
    list_select_related = ["chapter__campaign", "chapter__country", "target"]
