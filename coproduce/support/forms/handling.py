import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone

from coproduce.frontend.forms import NHSDateField

_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a note"},
    )


class ContactedForm(forms.Form):
    note = forms.CharField(
        label="How did you contact them?",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, emailed to offer times for a call.",
    )


class BookCallForm(forms.Form):
    call_date = NHSDateField(
        label="Date of the call",
        help_text="For example, 15 3 2027",
        error_messages={"required": "Enter the date of the call"},
    )
    call_time = forms.CharField(
        label="Time of the call",
        help_text="Use the 24-hour clock, for example 10:00 or 14:30",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5"}),
        error_messages={"required": "Enter the time of the call"},
    )
    video_link = forms.URLField(
        label="Video call link",
        assume_scheme="https",
        error_messages={
            "required": "Enter the video call link",
            "invalid": "Enter the video call link as a web address, like https://...",
        },
    )
    note = forms.CharField(
        label="Note", required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_call_time(self) -> datetime.time:
        match = _TIME.match(self.cleaned_data.get("call_time", ""))
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise forms.ValidationError(
                "Enter the time of the call as hours and minutes, like 14:30"
            )
        return datetime.time(int(match.group(1)), int(match.group(2)))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("call_date") and data.get("call_time"):
            call_at = datetime.datetime.combine(
                data["call_date"], data["call_time"], tzinfo=timezone.get_current_timezone()
            )
            if call_at <= timezone.now():
                self.add_error("call_date", "The date and time of the call must be in the future")
            data["call_at"] = call_at
        return data


class DoneForm(forms.Form):
    outcome = forms.CharField(
        label="Outcome",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was agreed or done.",
        error_messages={"required": "Enter the outcome"},
    )
    follow_up = forms.CharField(
        label="Follow-ups",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Anything the team or the project will do next.",
    )
    follow_up_on = NHSDateField(
        label="Follow up by", required=False, help_text="For example, 15 3 2027"
    )
