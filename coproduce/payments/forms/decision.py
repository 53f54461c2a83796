"""Approving or not approving a submitted claim."""

from typing import Any

from django import forms


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Do you approve this claim?",
        widget=forms.RadioSelect,
        choices=[("approve", "Yes, approve it"), ("reject", "No, do not approve it")],
        error_messages={"required": "Select whether you approve this claim"},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The member sees this. Needed if you do not approve the claim.",
        error_messages={"max_length": "Reason must be 1000 characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter the reason the claim is not approved")
        return data
