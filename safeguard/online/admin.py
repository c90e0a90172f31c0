from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from safeguard.lib.admin import ReadOnlyAdminMixin

from .models import (
    Capability,
    CapabilityAssessment,
    Domain,
    Evidence,
    Framework,
    FrameworkVersion,
    IndustryCommitment,
    MaturityLevel,
    Network,
    NetworkAffiliation,
    OnlineActor,
    PolicyInstrument,
    Published,
    ReportingChannel,
)
from .services import items_set_visibility


@admin.action(description=gettext_lazy("Publish the selected items"))
def publish(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    count = items_set_visibility(items=queryset, visibility=Published.PUBLISHED, user=request.user)
    modeladmin.message_user(request, _("%(count)s published.") % {"count": count}, messages.SUCCESS)


@admin.action(description=gettext_lazy("Make the selected items internal"))
def make_internal(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    count = items_set_visibility(items=queryset, visibility=Published.INTERNAL, user=request.user)
    modeladmin.message_user(request, _("%(count)s made internal.") % {"count": count}, messages.SUCCESS)


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Frameworks come from ``data/frameworks-v1.json`` (``online_load_frameworks``); the admin reads."""

    list_display = ["code", "name_en", "kind", "publisher"]


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["framework", "version", "provisional", "is_current", "data_version"]


@admin.register(Domain)
class DomainAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name_en", "framework_version", "order"]


@admin.register(Capability)
class CapabilityAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name_en", "domain"]
    list_filter = ["framework_version"]
    search_fields = ["code", "name_en", "name_fr", "name_es"]


@admin.register(MaturityLevel)
class MaturityLevelAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["framework_version", "rank", "code", "name_en"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0


@admin.register(CapabilityAssessment)
class CapabilityAssessmentAdmin(SimpleHistoryAdmin):
    actions = [publish, make_internal]
    list_display = ["country", "capability", "level", "visibility", "assessed_on", "next_review_due"]
    list_filter = ["visibility", "capability__framework_version", "method", "confidence"]
    search_fields = ["country__iso2", "country__name_en", "capability__code"]
    list_select_related = ["country", "capability", "level"]
    autocomplete_fields = ["capability"]
    raw_id_fields = ["country"]
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "assessment", "accessed_on"]
    raw_id_fields = ["assessment"]


@admin.register(PolicyInstrument)
class PolicyInstrumentAdmin(SimpleHistoryAdmin):
    actions = [publish, make_internal]
    list_display = ["title", "country", "kind", "status", "visibility"]
    list_filter = ["kind", "status", "visibility"]
    search_fields = ["title", "country__name_en"]
    raw_id_fields = ["country", "lead_body"]
    filter_horizontal = ["covers"]


@admin.register(OnlineActor)
class OnlineActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    raw_id_fields = ["country"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "website"]


@admin.register(NetworkAffiliation)
class NetworkAffiliationAdmin(SimpleHistoryAdmin):
    list_display = ["actor", "network", "role", "since", "until"]
    list_filter = ["network", "role"]
    raw_id_fields = ["actor"]


@admin.register(IndustryCommitment)
class IndustryCommitmentAdmin(SimpleHistoryAdmin):
    actions = [publish, make_internal]
    list_display = ["actor", "instrument_name", "stage", "endorsed_on", "visibility"]
    list_filter = ["stage", "visibility"]
    raw_id_fields = ["actor", "instrument", "countries"]
    list_select_related = ["actor", "framework__framework", "instrument"]


@admin.register(ReportingChannel)
class ReportingChannelAdmin(SimpleHistoryAdmin):
    actions = [publish, make_internal]
    list_display = ["name", "country", "kind", "priority", "status", "visibility", "last_verified_on"]
    list_filter = ["kind", "status", "visibility", "is_international_fallback"]
    search_fields = ["name", "country__iso2", "country__name_en"]
    raw_id_fields = ["country", "actor", "verified_by"]
    list_select_related = ["country"]
    readonly_fields = ["last_checked_at", "last_check_result"]
