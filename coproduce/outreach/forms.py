from typing import Any

from django import forms

from coproduce.outreach import services
from coproduce.outreach.models import CHOOSABLE_TOPICS, Channel, Topic


class ContactChoicesForm(forms.Form):
    channels = forms.MultipleChoiceField(
        label="How would you like to hear from the team?",
        help_text="Choose all that suit you.",
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    topics = forms.MultipleChoiceField(
        label="What would you like to hear about?",
        help_text="We always tell you about your sign-in, however you choose.",
        choices=[(t.value, t.label) for t in CHOOSABLE_TOPICS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    postal_address = forms.CharField(
        label="Address for letters",
        help_text="Only if you would like letters. Put the postcode on the last line.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=500,
    )

    def __init__(self, *args: Any, member: Any, **kwargs: Any) -> None:
        self.member = member
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        channels = data.get("channels") or []
        member = self.member
        if Channel.EMAIL in channels and not member.email:
            self.add_error("channels", "There is no email address in your details: add one first")
        if Channel.SMS in channels and not services.is_mobile(member.phone):
            self.add_error(
                "channels", "Text messages need a mobile number in your details: add one first"
            )
        if Channel.CALL in channels and not member.phone:
            self.add_error("channels", "A call needs a phone number in your details: add one first")
        address = (data.get("postal_address") or "").strip()
        if Channel.LETTER in channels:
            lines = [line for line in address.splitlines() if line.strip()]
            if len(lines) < 3:
                self.add_error(
                    "postal_address",
                    "Enter the address for letters on at least 3 lines, with the postcode last",
                )
            elif len(lines) > 7:
                self.add_error("postal_address", "Enter the address on no more than 7 lines")
        return data


TOPIC_LABELS = dict(Topic.choices)
