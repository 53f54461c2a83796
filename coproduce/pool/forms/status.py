from typing import Any

from django import forms
from django.utils import timezone

from coproduce.frontend.forms import NHSDateField
from coproduce.pool.models import MemberStatus

STATUS_HINTS = {
    MemberStatus.ONBOARDING: "Having a welcome chat, training or checks.",
    MemberStatus.ACTIVE: "Can be matched and invited. They get an email to set a password.",
    MemberStatus.PAUSED: "Taking a break. They are not suggested for anything.",
    MemberStatus.LEFT: "No longer in the pool. Their sign-in is switched off.",
    MemberStatus.ENQUIRY: "Back to a first enquiry.",
}


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label="New status",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a new status"},
    )
    changed_on = NHSDateField(
        label="Date of the change",
        error_messages={"required": "Enter the date of the change"},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a reason for the change"},
    )

    def __init__(self, *args: Any, allowed: tuple[str, ...] = (), **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"changed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, MemberStatus(s).label) for s in allowed]

    def clean_changed_on(self):  # type: ignore[no-untyped-def]
        value = self.cleaned_data["changed_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("Date of the change must be today or in the past")
        return value

    def item_hints(self) -> dict[str, str]:
        return {str(k): v for k, v in STATUS_HINTS.items()}
