from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from safeguard.lib.admin import ReadOnlyAdminMixin

from . import services
from .models import Membership, Organisation, SecurityEvent, User

# Changes of these fields change what a person may do anywhere on the site.
ACCESS_FIELDS = {"is_active", "is_staff", "is_superuser", "groups", "user_permissions"}


class MembershipForm(ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "role"]

    def clean_user(self) -> User:
        user = self.cleaned_data["user"]
        if self.instance.pk and user != self.instance.user:
            # A membership belongs to one person: remove it and add another instead.
            raise ValidationError(_("A membership cannot be moved to another person."))
        return user


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "language"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if change:
            services.user_access_changes_record(
                user=form.instance,
                actor=request.user,
                changed=[name for name in form.changed_data if name in ACCESS_FIELDS],
                request=request,
            )


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "partner_type", "country", "is_demo"]
    list_filter = ["kind", "partner_type", "is_demo"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [MembershipInline]

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        """People are added, changed and removed through the services, so every change is checked
        against the role rules, logged, and mailed as it is on the site."""
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        memberships = formset.save(commit=False)
        actor = request.user
        for membership in formset.deleted_objects:
            self._through_service(request, services.membership_revoke, membership=membership, actor=actor)
        for membership in memberships:
            if membership.pk is None:
                self._through_service(
                    request,
                    services.membership_grant,
                    user=membership.user,
                    organisation=form.instance,
                    role=membership.role,
                    actor=actor,
                )
            else:
                self._through_service(
                    request,
                    services.membership_set_role,
                    membership=membership,
                    role=membership.role,
                    actor=actor,
                )

    @staticmethod
    def _through_service(request: HttpRequest, service: Any, **kwargs: Any) -> None:
        """Run one membership service; a refusal becomes a message, the other changes go on."""
        try:
            service(request=request, **kwargs)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc) or _("Not allowed.")])))


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the log is append-only."""

    list_display = ["created_at", "kind", "user", "actor", "organisation", "ip_address"]
    list_filter = ["kind"]
    list_select_related = ["user", "actor", "organisation"]
    search_fields = ["user__email"]
