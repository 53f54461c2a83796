from typing import Any

from django import forms

from coproduce.accounts.models import User
from coproduce.frontend.forms import NHSDateField
from coproduce.pool.models import MemberStatus, PoolMember
from coproduce.projects.models import Project

STAFF = "staff"
POOL = "pool"
OUTSIDE = "outside"


class TeamMemberForm(forms.Form):
    """Add a member of staff, a pool member, or a patient or carer outside the pool."""

    kind = forms.ChoiceField(
        label="Who are you adding?",
        choices=[
            (STAFF, "A member of staff"),
            (POOL, "A patient or carer from the pool"),
            (OUTSIDE, "A patient or carer who is not in the pool"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are adding"},
    )
    user = forms.ModelChoiceField(
        label="Member of staff",
        queryset=User.objects.none(),
        required=False,
        empty_label="Select a member of staff",
        error_messages={"invalid_choice": "Select a member of staff"},
    )
    pool_member = forms.ModelChoiceField(
        label="Patient or carer from the pool",
        queryset=PoolMember.objects.none(),
        required=False,
        empty_label="Select a patient or carer",
        error_messages={"invalid_choice": "Select a patient or carer from the pool"},
    )
    outside_name = forms.CharField(
        label="Name of the patient or carer",
        max_length=200,
        required=False,
        help_text="Leave empty if they would rather not be named.",
    )
    role_on_team = forms.CharField(
        label="Role on the team",
        max_length=100,
        required=False,
        help_text="For example: co-lead, lived experience partner, data lead",
        error_messages={"max_length": "Role on the team must be 100 characters or fewer"},
    )
    joined_on = NHSDateField(
        label="Date they joined the team",
        help_text="For example, 15 3 2025",
        error_messages={"required": "Enter the date they joined the team"},
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        on_team = project.team.filter(left_on__isnull=True)
        self.fields["user"].queryset = (
            User.objects.filter(organisation=project.organisation_id, is_active=True)
            .exclude(pool_member__isnull=False)
            .exclude(pk__in=on_team.exclude(user=None).values("user"))
            .order_by("full_name")
        )
        self.fields["pool_member"].queryset = PoolMember.objects.filter(
            organisation=project.organisation_id,
            status=MemberStatus.ACTIVE,
            is_anonymised=False,
        ).exclude(pk__in=on_team.exclude(pool_member=None).values("pool_member"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind == STAFF and not data.get("user") and not self.has_error("user"):
            self.add_error("user", "Select a member of staff")
        if kind == POOL and not data.get("pool_member") and not self.has_error("pool_member"):
            self.add_error("pool_member", "Select a patient or carer from the pool")
        joined = data.get("joined_on")
        if joined and joined < self.project.start_date:
            self.add_error(
                "joined_on",
                "Date they joined the team must be on or after the project's start date",
            )
        return data

    def member_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind = data["kind"]
        return {
            "user": data["user"] if kind == STAFF else None,
            "pool_member": data["pool_member"] if kind == POOL else None,
            "outside_name": data["outside_name"].strip() if kind == OUTSIDE else "",
            "is_patient_or_carer": kind != STAFF,
            "role_on_team": data["role_on_team"].strip(),
            "joined_on": data["joined_on"],
        }


class LeftTeamForm(forms.Form):
    left_on = NHSDateField(
        label="Date they left the team",
        error_messages={"required": "Enter the date they left the team"},
    )

    def __init__(self, *args: Any, joined_on: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.joined_on = joined_on

    def clean_left_on(self) -> Any:
        left_on = self.cleaned_data["left_on"]
        if left_on <= self.joined_on:
            raise forms.ValidationError(
                "Date they left the team must be after the date they joined"
            )
        return left_on
