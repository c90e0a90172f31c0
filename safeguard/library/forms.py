from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safeguard.accounts.models import Organisation
from safeguard.countries.models import Country, Region
from safeguard.lib.uploads import OFFICE, PDF, validate_document

from .models import METADATA_ACCESS, Access, ContentLanguage, Licence, ResourceType, Theme
from .search import Criteria
from .services import Submission

MAX_UPLOAD_BYTES = 40 * 1024 * 1024
INTERFACE_CHOICES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the library"), required=False, max_length=200)
    resource_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("any type")), *ResourceType.choices]
    )
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("any theme")), *Theme.choices]
    )
    language = forms.ChoiceField(
        label=_("Language of the content"),
        required=False,
        choices=[("", _("any language")), *ContentLanguage.choices],
    )
    country = forms.CharField(required=False, max_length=2, widget=forms.HiddenInput)
    region = forms.CharField(required=False, max_length=3, widget=forms.HiddenInput)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2100, widget=forms.HiddenInput)
    access = forms.ChoiceField(required=False, choices=[("", ""), *Access.choices], widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, max_value=500, widget=forms.HiddenInput)

    def criteria(self) -> Criteria:
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        return Criteria(
            q=data.get("q") or "",
            resource_type=data.get("resource_type") or "",
            theme=data.get("theme") or "",
            country=(data.get("country") or "").upper(),
            region=data.get("region") or "",
            language=data.get("language") or "",
            year=data.get("year"),
            access=data.get("access") or "",
            page=data.get("page") or 1,
        )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Document"),
        help_text=_("PDF or an office document (Word, Excel, PowerPoint, OpenDocument), 40 MB at most."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    title_language = forms.ChoiceField(
        label=_("Language of the title and abstract"), choices=INTERFACE_CHOICES
    )
    abstract = forms.CharField(label=_("Abstract"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    authors = forms.CharField(
        label=_("Authors (people)"),
        help_text=_("One per line: family name, given name."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    corporate_authors = forms.CharField(
        label=_("Authors (organisations)"),
        help_text=_("One organisation per line."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    publisher = forms.CharField(label=_("Publisher"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    resource_type = forms.ChoiceField(label=_("Type"), choices=ResourceType.choices)
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of the content"),
        choices=ContentLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries covered"), queryset=Country.objects.all(), required=False
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions covered"), queryset=Region.objects.filter(level__lte=2), required=False
    )
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices, initial=Licence.CC_BY_NC)
    isbn = forms.CharField(label=_("ISBN"), max_length=17, required=False)
    doi = forms.CharField(label=_("DOI"), max_length=200, required=False)
    series = forms.CharField(label=_("Series"), max_length=200, required=False)
    access = forms.ChoiceField(
        label=_("Who may see the description"), choices=[(a.value, a.label) for a in METADATA_ACCESS]
    )
    file_access = forms.ChoiceField(label=_("Who may read the document"), choices=Access.choices)
    embargo_until = forms.DateField(
        label=_("Embargoed until"),
        required=False,
        help_text=_("For embargoed documents: members may read it from this date (YYYY-MM-DD)."),
    )
    restricted_to = forms.ModelMultipleChoiceField(
        label=_("Organisations with access"),
        queryset=Organisation.objects.filter(kind__in=["member", "secretariat"]),
        required=False,
        help_text=_("For restricted descriptions or documents."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.kind = validate_document(upload, kinds=(PDF, *OFFICE), max_bytes=MAX_UPLOAD_BYTES).key
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("file_access") == Access.EMBARGOED:
            until: datetime.date | None = data.get("embargo_until")
            if until is None or until <= timezone.localdate():
                self.add_error("embargo_until", _("Give the date, in the future, when the embargo ends."))
        if data.get("access") not in (None, Access.PUBLIC) and data.get("file_access") == Access.PUBLIC:
            self.add_error("file_access", _("A document cannot be more open than its description."))
        restricted = Access.RESTRICTED in (data.get("access"), data.get("file_access"))
        if restricted and not data.get("restricted_to"):
            self.add_error("restricted_to", _("Name the organisations that may read it."))
        if not (data.get("authors") or "").strip() and not (data.get("corporate_authors") or "").strip():
            self.add_error("authors", _("Give at least one author, a person or an organisation."))
        for line in (data.get("authors") or "").splitlines():
            if line.strip() and not line.split(",")[0].strip():
                self.add_error("authors", _("Write each person as: family name, given name."))
        return data

    def submission(self) -> Submission:
        data = self.cleaned_data
        creators = []
        for line in data["authors"].splitlines():
            if line.strip():
                family, _sep, given = line.partition(",")
                creators.append(("person", family.strip(), given.strip()))
        creators += [
            ("organisation", line.strip(), "")
            for line in data["corporate_authors"].splitlines()
            if line.strip()
        ]
        return Submission(
            title=data["title"],
            title_language=data["title_language"],
            abstract=data["abstract"],
            publisher=data["publisher"],
            year=data["year"],
            resource_type=data["resource_type"],
            creators=creators,
            themes=data["themes"],
            languages=data["languages"],
            countries=list(data["countries"]),
            regions=list(data["regions"]),
            licence=data["licence"],
            isbn=data["isbn"],
            doi=data["doi"],
            series=data["series"],
            access=data["access"],
            file_access=data["file_access"],
            embargo_until=data.get("embargo_until"),
            restricted_to=list(data["restricted_to"]),
        )


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("publish", _("Publish")), ("return", _("Return to the contributor"))]
    )
    note = forms.CharField(
        label=_("Note to the contributor"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") == "return" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say what the contributor should change."))
        return data
