"""Logging an involvement activity, by the member or by the involvement team."""

import uuid
from typing import Any

from django import forms
from django.utils import timezone

from coproduce.frontend.forms import NHSDateField
from coproduce.payments.models import ActivityType
from coproduce.pool.models import MemberStatus, PoolMember
from coproduce.projects.models import Project


class ActivityForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    activity_type = forms.ModelChoiceField(
        label="What did you do?",
        queryset=ActivityType.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select what you did"},
    )
    activity_date = NHSDateField(
        label="When did you do it?",
        help_text="For example, 15 3 2026",
        error_messages={"required": "Enter the date of the activity"},
    )
    hours = forms.IntegerField(
        label="Hours",
        required=False,
        min_value=0,
        max_value=24,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-2"}),
        error_messages={
            "invalid": "Hours must be a whole number, like 2",
            "min_value": "Hours must be 0 or more",
            "max_value": "Hours must be 24 or fewer",
        },
    )
    minutes = forms.IntegerField(
        label="Minutes",
        required=False,
        min_value=0,
        max_value=59,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-2"}),
        error_messages={
            "invalid": "Minutes must be a whole number, like 30",
            "min_value": "Minutes must be 0 or more",
            "max_value": "Minutes must be 59 or fewer",
        },
    )
    project = forms.ModelChoiceField(
        label="Which project was it for?",
        queryset=Project.objects.none(),
        required=False,
        empty_label="Not part of a project",
    )
    description = forms.CharField(
        label="What was it?",
        required=False,
        max_length=300,
        help_text="For example, the monthly project team meeting",
        error_messages={"max_length": "Description must be 300 characters or fewer"},
    )

    def __init__(self, *args: Any, organisation: Any, projects: Any = None, **kwargs: Any):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["activity_type"].queryset = ActivityType.objects.filter(
            organisation=organisation, is_active=True
        )
        self.fields["project"].queryset = (
            projects
            if projects is not None
            else Project.objects.filter(organisation=organisation).order_by("title")
        )

    def activity_type_hints(self) -> dict[str, str]:
        return {str(t.pk): t.description for t in self.fields["activity_type"].queryset}

    def clean_activity_date(self) -> Any:
        day = self.cleaned_data.get("activity_date")
        if day is None:
            raise forms.ValidationError("Enter the date of the activity")
        if day > timezone.localdate():
            raise forms.ValidationError("The date of the activity must be today or in the past")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "hours" in self.errors or "minutes" in self.errors:
            return data
        total = (data.get("hours") or 0) * 60 + (data.get("minutes") or 0)
        if total <= 0:
            self.add_error("hours", "Enter how long the activity took")
        elif total > 24 * 60:
            self.add_error("hours", "An activity must be 24 hours or shorter")
        data["duration_minutes"] = total
        return data


class TeamActivityForm(ActivityForm):
    """The involvement team logs an activity for any active member."""

    member = forms.ModelChoiceField(
        label="Who took part?",
        queryset=PoolMember.objects.none(),
        error_messages={"required": "Select the member of the pool"},
    )
    field_order = ["member"]

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any):
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["activity_type"].label = "What did they do?"
        self.fields["activity_type"].error_messages["required"] = "Select what they did"
        self.fields["activity_date"].label = "When did they do it?"
        self.fields["member"].queryset = PoolMember.objects.filter(
            organisation=organisation,
            status__in=[MemberStatus.ACTIVE, MemberStatus.ONBOARDING, MemberStatus.PAUSED],
            is_anonymised=False,
        )
        self.fields["member"].empty_label = "Select a person"
