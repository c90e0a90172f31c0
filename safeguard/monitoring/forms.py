"""Forms: parsing and validating input, nothing else."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Answer, Citation, SubIndicator
from .services import AnswerData, allowed_values

VALUE_LABELS = {
    "yes": _("yes"),
    "partial": _("partial"),
    "no": _("no"),
    "ratified": _("ratified or acceded"),
    "signed": _("signed only"),
    "none": _("neither signed nor ratified"),
    "answered": _("answered (give the value below)"),
    "no_data": _("no data"),
    "na": _("not applicable"),
}


class AnswerForm(forms.Form):
    value = forms.ChoiceField(label=_("Answer"))
    number = forms.DecimalField(label=_("Number"), required=False, max_digits=16, decimal_places=2)
    date = forms.DateField(label=_("Date (YYYY-MM-DD)"), required=False)
    checked = forms.TypedMultipleChoiceField(
        label=_("Ticked elements"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    justification = forms.CharField(
        label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Answer.Confidence.choices, initial="medium")
    as_of = forms.DateField(label=_("As of (YYYY-MM-DD)"), required=False)

    def __init__(self, *args: Any, sub: SubIndicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sub = sub
        self.fields["value"].choices = [(v, VALUE_LABELS[v]) for v in allowed_values(sub)]
        kind = sub.scoring_rule.get("kind")
        if kind != "checklist":
            del self.fields["checked"]
        else:
            self.fields["checked"].choices = [
                (i, _("Element %(number)s") % {"number": i + 1}) for i in range(sub.elements)
            ]
        if kind not in ("bands", "context"):
            del self.fields["number"]
        else:
            self.fields["number"].label = _("Number (%(unit)s)") % {"unit": sub.unit}
        if kind != "date_not_expired":
            del self.fields["date"]

    def answer_data(self) -> AnswerData:
        d = self.cleaned_data
        return AnswerData(
            value=d["value"],
            number=d.get("number"),
            date=d.get("date"),
            checked=tuple(d.get("checked") or ()),
            justification=d.get("justification", ""),
            confidence=d["confidence"],
            as_of=d.get("as_of"),
        )


class CitationForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), required=False, assume_scheme="https")

    class Meta:
        model = Citation
        fields = [
            "kind",
            "title",
            "instrument_type",
            "pinpoint",
            "issuing_body",
            "in_force_on",
            "url",
            "quote",
            "language",
            "sha256",
            "accessed_on",
        ]
        widgets = {"quote": forms.Textarea(attrs={"rows": 3})}

    def clean_sha256(self) -> str:
        return self.cleaned_data["sha256"].strip().lower()


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class NarrativeForm(forms.Form):
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 6}))


class CorrectionForm(AnswerForm):
    note = forms.CharField(
        label=_("Erratum (published with the report)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file (the columns of the answers export)"))
    good_rows_only = forms.BooleanField(
        label=_("Import the good rows even if some rows have errors"), required=False
    )


class WeightsForm(forms.Form):
    def __init__(self, *args: Any, pillars: list[str], defaults: dict[str, float], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in pillars:
            self.fields[code] = forms.IntegerField(
                label=_("Weight of %(pillar)s") % {"pillar": code},
                min_value=0,
                max_value=100,
                initial=defaults[code],
                required=False,
            )
