from typing import Any

from django import forms

from coproduce.frontend.forms import NHSDateField, StoredForm
from coproduce.pool.models import CheckKind


class CheckForm(StoredForm):
    kind = forms.ChoiceField(
        label="Check",
        choices=CheckKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of check"},
    )
    name = forms.CharField(
        label="Name of the check",
        max_length=80,
        required=False,
    )
    checked_on = NHSDateField(
        label="Date of the check", error_messages={"required": "Enter the date of the check"}
    )
    expires_on = NHSDateField(label="Date it runs out", required=False)
    reference = forms.CharField(label="Reference number", max_length=100, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == CheckKind.OTHER and not data.get("name", "").strip():
            self.add_error("name", "Enter the name of the check, as it is an other check")
        checked, expires = data.get("checked_on"), data.get("expires_on")
        if checked and expires and expires <= checked:
            self.add_error("expires_on", "Date it runs out must be after the date of the check")
        return data

    def check_fields(self) -> dict[str, Any]:
        """The answers as services.record_check and correct_check take them."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "name": data["name"],
            "checked_on": data["checked_on"],
            "expires_on": data["expires_on"],
            "reference": data["reference"].strip(),
        }
