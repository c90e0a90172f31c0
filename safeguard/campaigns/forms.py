from __future__ import annotations

import re
import time
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from safeguard.countries.models import Country, active_name_language

from . import identity
from .models import LANGUAGE_CHOICES, Handover, PaperBatch, Signature, Target

_URL = re.compile(r"(https?://|www\.)", re.IGNORECASE)
_country_choices: dict[str, list[tuple[str, str]]] = {}


def country_choices() -> list[tuple[str, str]]:
    """Countries by name in the active language (reference data: built once per process)."""
    language = active_name_language()
    if language not in _country_choices:
        rows = Country.objects.order_by(f"name_{language}").values_list("iso2", f"name_{language}")
        _country_choices[language] = [("", "—"), *rows]
    return _country_choices[language]


_country_codes: set[str] = set()


def country_codes() -> set[str]:
    """Every ISO alpha-2 code (reference data: built once per process)."""
    if not _country_codes:
        _country_codes.update(Country.objects.values_list("iso2", flat=True))
    return _country_codes


class CountryField(forms.ChoiceField):
    """A country by its ISO code. The choices, named in the active language, are built only when
    the field is rendered; validation is a set lookup. Signing is the hot path, and building 250
    choices for every POST cost a sixth of its time."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=country_choices, **kwargs)

    def valid_value(self, value: Any) -> bool:
        return value in country_codes()


class SignForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email"), max_length=254)
    country = CountryField(label=_("Country where you live"))
    consent_count = forms.BooleanField(label=_("Count my signature on this petition"), required=True)
    consent_news = forms.BooleanField(label=_("Keep me informed about this campaign"), required=False)
    # Not shown to people (hidden by CSS and from assistive technology); bots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    form_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, share_with: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if share_with:
            self.fields["consent_share"] = forms.BooleanField(
                label=_("Share my email with %(organisation)s") % {"organisation": share_with},
                required=False,
            )
        if not self.is_bound:
            self.initial["form_token"] = identity.form_token(time.time())

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if _URL.search(name) or name[:1] in "=+-@":
            raise forms.ValidationError(_("Enter your name as you write it."))
        return name

    def bot_reason(self, now: float, min_seconds: int, max_seconds: int) -> str:
        """Why this submission looks automated ("" if it does not): the signer is not told."""
        if self.cleaned_data.get("website"):
            return "honeypot"
        age = identity.form_token_age(self.cleaned_data.get("form_token", ""), now)
        if age is None or age < min_seconds or age > max_seconds:
            return "form-clock"
        return ""


class _BatchForm(forms.ModelForm):
    country = CountryField(label=_("Country"))

    class Meta:
        model = PaperBatch
        fields = ["country", "language", "place", "collector", "collected_on", "sheet_refs"]
        widgets = {"collected_on": forms.DateInput(attrs={"type": "date"})}

    def clean_country(self) -> Country:
        return Country.objects.get(iso2=self.cleaned_data["country"])

    def batch_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TallyBatchForm(_BatchForm):
    class Meta(_BatchForm.Meta):
        fields = [*_BatchForm.Meta.fields, "tally"]

    def clean_tally(self) -> int:
        tally = self.cleaned_data.get("tally")
        if not tally or tally < 1:
            raise forms.ValidationError(_("Enter the number of signatures counted."))
        return tally


class KeyedBatchForm(_BatchForm):
    file = forms.FileField(
        label=_("File (CSV or XLSX with columns name, email)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large for the web form; use the import command."))
        head = upload.read(4)
        upload.seek(0)
        name = upload.name.lower()
        if not (name.endswith(".csv") or (name.endswith(".xlsx") and head == b"PK\x03\x04")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        return upload


class InvalidationForm(forms.Form):
    country = forms.CharField(label=_("Country code (ISO alpha-2)"), max_length=2, required=False)
    email_domain = forms.CharField(label=_("Email domain"), max_length=253, required=False)
    name_contains = forms.CharField(label=_("Name contains"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("any"))]
        + [
            (s.value, s.label)
            for s in (Signature.Status.PENDING, Signature.Status.CONFIRMED, Signature.Status.QUARANTINED)
        ],
    )
    created_after = forms.DateTimeField(label=_("Signed after"), required=False)
    created_before = forms.DateTimeField(label=_("Signed before"), required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def conditions(self) -> dict[str, str]:
        data = self.cleaned_data
        conditions = {
            key: str(data[key]).strip()
            for key in ("country", "email_domain", "name_contains", "status")
            if data.get(key)
        }
        for key in ("created_after", "created_before"):
            if data.get(key):
                conditions[key] = data[key].isoformat()
        return conditions

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not any(
            cleaned.get(key)
            for key in (
                "country",
                "email_domain",
                "name_contains",
                "status",
                "created_after",
                "created_before",
            )
        ):
            raise forms.ValidationError(_("Give at least one condition."))
        return cleaned


class HandoverForm(forms.ModelForm):
    class Meta:
        model = Handover
        fields = ["target", "handed_over_on", "official", "signatures", "notes"]
        widgets = {
            "handed_over_on": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, chapter: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Target.objects.filter(chapter=chapter)


def language_choice() -> str:
    language = (get_language() or "en")[:2]
    return language if language in dict(LANGUAGE_CHOICES) else "en"
