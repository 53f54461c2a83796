import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone

from coproduce.accounts.models import Role, User
from coproduce.frontend.forms import NHSDateField, StoredForm
from coproduce.training.models import SessionMode

_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def _parse_time(value: str, name: str) -> datetime.time:
    match = _TIME.match(value or "")
    if not match:
        raise forms.ValidationError(f"Enter the {name} as hours and minutes, like 14:30")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise forms.ValidationError(f"Enter a real {name}, like 14:30")
    return datetime.time(hours, minutes)


class SessionForm(StoredForm):
    date = NHSDateField(
        label="Date of the session",
        help_text="For example, 15 3 2027",
        error_messages={"required": "Enter the date of the session"},
    )
    start_time = forms.CharField(
        label="Start time",
        help_text="Use the 24-hour clock, for example 10:00 or 14:30",
        error_messages={"required": "Enter the start time"},
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5"}),
    )
    end_time = forms.CharField(
        label="End time",
        help_text="Use the 24-hour clock, for example 12:00 or 16:30",
        error_messages={"required": "Enter the end time"},
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5"}),
    )
    mode = forms.ChoiceField(
        label="Where is it?",
        choices=SessionMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the session is online or at a venue"},
    )
    video_link = forms.URLField(
        label="Video call link",
        required=False,
        assume_scheme="https",
        help_text="Needed for online sessions",
        error_messages={"invalid": "Enter the video call link as a web address, like https://..."},
    )
    venue = forms.CharField(
        label="Venue address", required=False, max_length=300, help_text="Needed for venues"
    )
    access_information = forms.CharField(
        label="Access information",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Step-free access, hearing loops, parking, quiet rooms, how to find the room",
    )
    capacity = forms.IntegerField(
        label="Number of places",
        min_value=1,
        max_value=500,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter the number of places",
            "invalid": "Number of places must be a whole number, like 12",
            "min_value": "Number of places must be 1 or more",
            "max_value": "Number of places must be 500 or fewer",
        },
    )
    facilitators = forms.ModelMultipleChoiceField(
        label="Who is facilitating?",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Staff, and patients or carers from the pool. Patients and carers are paid for "
        "facilitating.",
        error_messages={"required": "Select at least one facilitator"},
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = (
            User.objects.filter(organisation=organisation, is_active=True)
            .filter(
                role_grants__role__in=[
                    Role.INVOLVEMENT_TEAM,
                    Role.PROJECT_LEAD,
                    Role.QI_STAFF,
                    Role.POOL_MEMBER,
                ]
            )
            .distinct()
            .order_by("full_name")
        )

    @classmethod
    def initial_for(cls, session: Any) -> dict[str, Any]:
        starts = timezone.localtime(session.starts_at)
        ends = timezone.localtime(session.ends_at)
        return {
            "date": starts.date(),
            "start_time": f"{starts:%H:%M}",
            "end_time": f"{ends:%H:%M}",
            "mode": session.mode,
            "video_link": session.video_link,
            "venue": session.venue,
            "access_information": session.access_information,
            "capacity": session.capacity,
            "facilitators": list(session.facilitators.all()),
        }

    def clean_start_time(self) -> datetime.time:
        return _parse_time(self.cleaned_data.get("start_time", ""), "start time")

    def clean_end_time(self) -> datetime.time:
        return _parse_time(self.cleaned_data.get("end_time", ""), "end time")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end, day = data.get("start_time"), data.get("end_time"), data.get("date")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time")
        online = data.get("mode") == SessionMode.ONLINE
        if online and not data.get("video_link") and "video_link" not in self.errors:
            self.add_error("video_link", "Enter the video call link for an online session")
        if data.get("mode") == SessionMode.IN_PERSON and not data.get("venue", "").strip():
            self.add_error("venue", "Enter the venue address")
        if day and start and end and end > start:
            zone = timezone.get_current_timezone()
            data["starts_at"] = datetime.datetime.combine(day, start, tzinfo=zone)
            data["ends_at"] = datetime.datetime.combine(day, end, tzinfo=zone)
        return data
