from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from safeguard.accounts.models import Organisation, User
from safeguard.countries.models import Country
from safeguard.lib.uploads import validate_document

from .models import (
    Application,
    Contact,
    CountryCoverage,
    MemberDocument,
    MemberRecord,
    MembershipCategory,
    Region,
    Status,
    SupportRequest,
)
from .services import MAX_PDF_BYTES


class DateInput(forms.DateInput):
    input_type = "date"


class PdfField(forms.FileField):
    """A PDF, checked by content and size (never trusted by its name)."""

    widget = forms.ClearableFileInput(attrs={"accept": "application/pdf"})

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload:
            validate_document(upload, max_bytes=MAX_PDF_BYTES)
        return upload


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.none(),
        required=False,
        to_field_name="iso2",
        empty_label=_("All countries"),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=MembershipCategory.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All categories"),
    )

    def __init__(self, *args: Any, countries: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries if countries is not None else Country.objects.none()
        self.fields["region"].choices = [("", _("All regions")), *Region.choices]


class ApplicationForm(forms.ModelForm):
    statutes = PdfField(label=_("Statutes (PDF, 10 MB at most)"))
    safeguarding_policy = PdfField(label=_("Safeguarding policy (PDF, 10 MB at most)"))
    referees = forms.ModelMultipleChoiceField(
        label=_("Members who recommend you"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Existing members that know your work (optional; hold Ctrl or Cmd to choose several)."),
    )
    language = forms.ChoiceField(label=_("Language for our emails"), choices=settings.LANGUAGES)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Application
        fields = [
            "name",
            "country",
            "city",
            "registration_number",
            "category",
            "description",
            "contact_name",
            "contact_email",
            "language",
            "statutes",
            "safeguarding_policy",
            "referees",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    # The website is declared above (to choose https), so it is ordered here.
    field_order = ["name", "country", "city", "website"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.ordered_by_name()
        self.fields["referees"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.MEMBER, member_record__status__in=[Status.PROVISIONAL, Status.FULL]
        ).order_by("name")


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    effective_on = forms.DateField(label=_("Effective on"), required=False, widget=DateInput)
    document = PdfField(label=_("Supporting document (PDF, optional)"), required=False)


class OverrideForm(forms.Form):
    good_standing = forms.TypedChoiceField(
        label=_("Standing"),
        choices=[("1", _("in good standing")), ("0", _("not in good standing"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    expires_on = forms.DateField(label=_("Until (optional)"), required=False, widget=DateInput)


class ChecklistForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["dd_registration", "dd_statutes", "dd_policy", "dd_references"]


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )


class RecommendationForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Board recommendation"), choices=Application.Recommendation.choices
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("admit", _("admit")), ("reject", _("reject"))],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "email", "phone", "role", "start_date", "end_date"]
        widgets = {"start_date": DateInput, "end_date": DateInput}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            raise ValidationError(_("The end date cannot be before the start date."))
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=MemberDocument.Kind.choices)
    visibility = forms.ChoiceField(label=_("Visible to"), choices=MemberDocument.Visibility.choices)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput)
    valid_until = forms.DateField(label=_("Valid until (optional)"), required=False, widget=DateInput)
    file = PdfField(label=_("File (PDF, 10 MB at most)"))


class SupportRequestForm(forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = ["topic", "subject", "priority", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=8000)


class TriageForm(forms.Form):
    priority = forms.ChoiceField(label=_("Priority"), choices=SupportRequest.Priority.choices)
    assigned_to = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=User.objects.none(), required=False, empty_label=_("nobody")
    )
    resolve = forms.BooleanField(label=_("Mark as resolved"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = User.objects.filter(
            memberships__organisation__kind=Organisation.Kind.SECRETARIAT, is_active=True
        ).order_by("full_name", "email")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Member list (CSV or XLSX)"))
    good_rows_only = forms.BooleanField(
        label=_("Import the good rows even if some rows have errors"), required=False
    )


class RecordEditForm(forms.ModelForm):
    class Meta:
        model = MemberRecord
        fields = ["category", "region", "registration_number", "annual_budget_eur"]


class CoverageForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=CountryCoverage.Role.choices)
    start_date = forms.DateField(label=_("From"), widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.ordered_by_name()
