from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safeguard.countries.models import Country

from .models import Answer, Criterion, FeeBand, PartnerDiscount, PlanItem, Sector, Signatory


class CountryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Country) -> str:
        return obj.name


class CountriesChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Country) -> str:
        return obj.name


class ApplicationForm(forms.ModelForm):
    country = CountryChoiceField(
        queryset=Country.objects.order_by("name_en"), label=_("Country (head office)")
    )
    operating_countries = CountriesChoiceField(
        queryset=Country.objects.order_by("name_en"),
        label=_("Countries of operation"),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    fee_band = forms.ModelChoiceField(
        queryset=FeeBand.objects.all(), widget=forms.RadioSelect, label=_("Annual revenue"), empty_label=None
    )
    discount = forms.ModelChoiceField(
        queryset=PartnerDiscount.objects.all(), required=False, label=_("Partner discount")
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    orphanage_programmes = forms.BooleanField(
        required=False,
        label=_(
            "Our programmes include visits to, volunteering in or donations to orphanages or residential care"
        ),
    )

    class Meta:
        model = Signatory
        fields = [
            "name",
            "country",
            "city",
            "website",
            "contact_name",
            "contact_email",
            "sector",
            "operating_countries",
            "fee_band",
            "discount",
            "properties",
            "voluntourism",
            "listed",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("orphanage_programmes"):
            raise ValidationError(
                _(
                    "The Code does not accept organisations that include orphanages or residential care in "
                    "tourism or volunteering programmes."
                )
            )
        if data.get("sector") == Sector.VOLUNTOURISM:
            data["voluntourism"] = True
        return data


class PlanForm(forms.Form):
    """One pair of fields (planned actions, target date) per plan item."""

    def __init__(self, *args: Any, items: list[PlanItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"actions-{item.pk}"] = forms.CharField(
                label=_("Planned actions"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=item.actions,
                max_length=4000,
            )
            self.fields[f"target-{item.pk}"] = forms.DateField(
                label=_("Target date"),
                required=False,
                initial=item.target_date,
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def rows(self) -> list[tuple[PlanItem, Any, Any]]:
        return [(i, self[f"actions-{i.pk}"], self[f"target-{i.pk}"]) for i in self.items]

    def items_data(self) -> dict[int, dict[str, Any]]:
        return {
            i.pk: {
                "actions": self.cleaned_data[f"actions-{i.pk}"],
                "target_date": self.cleaned_data[f"target-{i.pk}"],
            }
            for i in self.items
        }


class AgreementForm(forms.Form):
    signer_name = forms.CharField(label=_("Your full name"), max_length=200)
    signer_title = forms.CharField(label=_("Your position"), max_length=200, required=False)
    signed_on = forms.DateField(
        label=_("Date"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    confirm = forms.BooleanField(label=_("I have read the agreement and sign it on behalf of the company"))


EVIDENCE_FIELDS = {
    Criterion.Evidence.POLICY: ["policy_approved_on"],
    Criterion.Evidence.TRAINING: ["employees_total", "employees_trained", "training_by_language"],
    Criterion.Evidence.CLAUSE: ["contracts_with_clause_percent", "clause_text"],
    Criterion.Evidence.INFORMATION: ["information_channels", "travellers_reached"],
    Criterion.Evidence.STAKEHOLDERS: ["stakeholder_activities"],
    Criterion.Evidence.SUBMISSION: [],
}
LANGUAGE_LINE = re.compile(r"^\s*([a-z]{2,3})\s*[:=]\s*(\d{1,7})\s*$")


def parse_training(text: str) -> dict[str, int]:
    """``en: 12, fr: 4`` (or one per line) into {"en": 12, "fr": 4}."""
    result: dict[str, int] = {}
    for part in re.split(r"[,\n]", text):
        if not part.strip():
            continue
        match = LANGUAGE_LINE.match(part.lower())
        if match is None:
            raise ValidationError(_("Write each language as “code: number”, for example “en: 12, fr: 4”."))
        result[match.group(1)] = int(match.group(2))
    return result


class AnswerForm(forms.ModelForm):
    training_by_language = forms.CharField(
        label=_("Employees trained by language"),
        required=False,
        max_length=500,
        help_text=_("Language code and number, for example “en: 12, fr: 4”."),
    )
    document = forms.FileField(label=_("Policy document (PDF)"), required=False)

    class Meta:
        model = Answer
        fields = [
            "narrative",
            *sorted({f for fs in EVIDENCE_FIELDS.values() for f in fs} - {"training_by_language"}),
        ]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 4}),
            "policy_approved_on": forms.DateInput(attrs={"type": "date"}),
            "clause_text": forms.Textarea(attrs={"rows": 3}),
            "information_channels": forms.Textarea(attrs={"rows": 3}),
            "stakeholder_activities": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        evidence = self.instance.criterion.evidence
        keep = {"narrative", *EVIDENCE_FIELDS.get(evidence, [])}
        if evidence == Criterion.Evidence.POLICY:
            keep.add("document")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "training_by_language" in self.fields:
            self.initial["training_by_language"] = ", ".join(
                f"{k}: {v}" for k, v in (self.instance.training_by_language or {}).items()
            )
        if "contracts_with_clause_percent" in self.fields:
            self.fields["contracts_with_clause_percent"].widget.attrs.update({"min": 0, "max": 100})

    def clean_training_by_language(self) -> dict[str, int]:
        return parse_training(self.cleaned_data.get("training_by_language") or "")

    def clean_contracts_with_clause_percent(self) -> int | None:
        value = self.cleaned_data.get("contracts_with_clause_percent")
        if value is not None and value > 100:
            raise ValidationError(_("A percentage is at most 100."))
        return value

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "document"}


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


SCORE_CHOICES = [("", "—"), ("0", "0"), ("1", "1"), ("2", "2"), ("3", "3")]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return for changes"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, answers: list[Answer], field: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answers = answers
        for answer in answers:
            current = getattr(answer, field)
            self.fields[f"score-{answer.pk}"] = forms.TypedChoiceField(
                label=_("Score for criterion %(number)s") % {"number": answer.criterion.number},
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial="" if current is None else str(current),
            )

    def scores(self) -> dict[int, int]:
        return {
            a.pk: self.cleaned_data[f"score-{a.pk}"]
            for a in self.answers
            if self.cleaned_data.get(f"score-{a.pk}") is not None
        }


class CheckForm(forms.Form):
    name = forms.CharField(label=_("Name of the holiday company"), max_length=100, min_length=2)


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("Grounds of the appeal"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AppealDecisionForm(forms.Form):
    uphold = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Uphold (reinstate)")), ("0", _("Dismiss"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(label=_("Reasons"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    good_rows_only = forms.BooleanField(
        label=_("Import the good rows even if some rows have errors"), required=False
    )
