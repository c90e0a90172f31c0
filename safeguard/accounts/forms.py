from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Membership


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
