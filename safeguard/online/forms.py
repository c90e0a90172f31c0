from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    """Staff upload of a CSV or XLSX table of channels or assessments (never images or video)."""

    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("channels", _("reporting channels")), ("assessments", _("capability assessments"))],
    )
    file = forms.FileField(label=_("CSV (UTF-8) or XLSX file"))
    good_rows_only = forms.BooleanField(
        label=_("Import the good rows even if some rows have errors"), required=False
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload
