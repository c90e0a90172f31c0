"""Parsing and validating input of the Assembly's pages; every write goes through services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safeguard.accounts.models import User, time_zone_names

from .models import Assembly, Entitlement, Motion, Poll, Position, SeatGroup
from .services import Voice

LANGUAGE_NAMES = {"en": _("English"), "fr": _("French"), "es": _("Spanish"), "ru": _("Russian")}


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(time_zone_names())]


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(label=_("Your time zone"), choices=time_zone_choices)


class DelegateForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    is_voting = forms.BooleanField(label=_("Voting delegate"), required=False)
    credentials = forms.FileField(
        label=_("Credentials letter signed by your head (PDF)"),
        required=False,
        help_text=_("Required for the voting delegate. PDF only."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(memberships__organisation=organisation).order_by(
            "full_name"
        )
        self.fields["user"].label_from_instance = lambda u: u.full_name or u.email


class ProxyForm(forms.Form):
    holder = forms.ModelChoiceField(label=_("Give our vote to"), queryset=Entitlement.objects.none())

    def __init__(self, *args: Any, assembly: Assembly, principal: Entitlement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = (
            Entitlement.objects.filter(assembly=assembly)
            .exclude(pk=principal.pk)
            .select_related("organisation")
        )


class DecisionForm(forms.Form):
    delegate = forms.IntegerField(widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve the credentials")), ("0", _("Reject the credentials"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MotionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text of the motion"), widget=forms.Textarea(attrs={"rows": 8}))
    language = forms.ChoiceField(label=_("Language of this text (the version of record)"))

    def __init__(self, *args: Any, assembly: Assembly, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(c, LANGUAGE_NAMES.get(c, c)) for c in assembly.language_list]


class AmendmentForm(forms.Form):
    text = forms.CharField(label=_("Amended text"), widget=forms.Textarea(attrs={"rows": 8}))
    rationale = forms.CharField(
        label=_("Rationale"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Translated text"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, motion: Motion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (c, LANGUAGE_NAMES.get(c, c)) for c in motion.assembly.language_list if c != motion.language
        ]


class RecommendationForm(forms.Form):
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Motion.Recommendation.choices[1:])
    recommended_by = forms.CharField(
        label=_("Recommended by"), max_length=120, initial=_("Resolutions Committee")
    )
    note = forms.CharField(label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("Move the motion to"), choices=Motion.State.choices)


class MotionPollForm(forms.Form):
    majority = forms.ChoiceField(label=_("Majority"), choices=Poll.Majority.choices)
    base = forms.ChoiceField(label=_("Counted"), choices=Poll.Base.choices)
    amendment = forms.TypedChoiceField(label=_("Vote on"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, motion: Motion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amendment"].choices = [("", _("the motion"))] + [
            (a.pk, _("amendment by %(org)s") % {"org": a.submitter}) for a in motion.amendments.all()
        ]


class NominationForm(forms.Form):
    seat_group = forms.ModelChoiceField(label=_("Seats"), queryset=SeatGroup.objects.none())
    name = forms.CharField(label=_("Candidate's name"), max_length=200)
    statement = forms.CharField(label=_("Statement"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, position: Position, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seat_group"].queryset = position.seat_groups.all()


class VoteForm(forms.Form):
    """The ballot: the choices, and for whom (own vote and proxies), each a separate ballot."""

    choice = forms.MultipleChoiceField(label=_("Your vote"))
    entitlements = forms.TypedMultipleChoiceField(
        label=_("Cast for"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, poll: Poll, voices: list[Voice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [(o.key, o.label) for o in poll.options.all()]
        if poll.kind == Poll.Kind.ELECTION:
            self.fields["choice"] = forms.MultipleChoiceField(
                label=_("Vote for up to %(n)s") % {"n": poll.max_choices},
                choices=options,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        else:
            self.fields["choice"] = forms.ChoiceField(
                label=_("Your vote"), choices=options, widget=forms.RadioSelect
            )
        self.fields["entitlements"].choices = [
            (
                v.entitlement.pk,
                _("%(org)s (by proxy)") % {"org": v.entitlement.organisation}
                if v.by_proxy
                else _("%(org)s (our own vote)") % {"org": v.entitlement.organisation},
            )
            for v in voices
        ]
        self.fields["entitlements"].initial = [v.entitlement.pk for v in voices]

    def chosen(self) -> list[str]:
        value = self.cleaned_data["choice"]
        return list(value) if isinstance(value, list) else [value]


class MinutesForm(forms.Form):
    body = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 24}))


class TrackerForm(forms.Form):
    tracker = forms.CharField(label=_("Your tracker code"), max_length=40)
