from typing import Any

from django import forms

from coproduce.frontend.forms import NHSDateField, StoredForm
from coproduce.involvement.models import How, InvolvementRecord, Stage
from coproduce.lib.involvement_levels import HOW_NAMES
from coproduce.pool.models import PoolMember

POOL = "pool"
OUTSIDE = "outside"
ANONYMOUS = "anonymous"

HOW_HINTS = {
    How.CO_LED: "Shared the lead: set the agenda, chaired, or decided with staff.",
    How.TOOK_PART: "A full partner in the work of this stage.",
    How.CONSULTED: "Asked for views, for example in a survey or a one-off conversation.",
}


class InvolvementRecordForm(StoredForm):
    """A ledger entry by hand: which stage, who, how, when, and the evidence."""

    stage = forms.ChoiceField(
        label="Stage",
        choices=[c for c in Stage.choices if c[0] != Stage.UNSTAGED],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the stage"},
    )
    who = forms.ChoiceField(
        label="Who was involved?",
        choices=[
            (POOL, "A patient or carer from the pool"),
            (OUTSIDE, "A named patient or carer who is not in the pool"),
            (ANONYMOUS, "A patient or carer who would rather not be named"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who was involved"},
    )
    pool_member = forms.ModelChoiceField(
        label="Patient or carer from the pool",
        queryset=PoolMember.objects.none(),
        required=False,
        empty_label="Select a patient or carer",
        error_messages={"invalid_choice": "Select a patient or carer from the pool"},
    )
    outside_name = forms.CharField(label="Their name", max_length=200, required=False)
    how = forms.ChoiceField(
        label="How were they involved?",
        choices=[(value, HOW_NAMES[value]) for value in How.values],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they were involved"},
    )
    started_on = NHSDateField(
        label="When",
        help_text="For example, 15 3 2025",
        error_messages={"required": "Enter when they were involved"},
    )
    ended_on = NHSDateField(
        label="Date they left the team",
        required=False,
        help_text="Team stage only. Leave empty if they are still on the team.",
    )
    evidence = forms.CharField(
        label="Evidence",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: co-chaired the focus workshop on 3 March",
        error_messages={
            "required": "Enter a short note of the evidence",
            "max_length": "Evidence must be 500 characters or fewer",
        },
    )

    def __init__(self, *args: Any, project: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["pool_member"].queryset = PoolMember.objects.filter(
            organisation=project.organisation_id, is_anonymised=False
        )

    @staticmethod
    def how_hints() -> dict[str, str]:
        return {str(k): v for k, v in HOW_HINTS.items()}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        who = data.get("who")
        if who == POOL and not data.get("pool_member") and not self.has_error("pool_member"):
            self.add_error("pool_member", "Select a patient or carer from the pool")
        if who == OUTSIDE and not data.get("outside_name", "").strip():
            self.add_error("outside_name", "Enter the name of the patient or carer")
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and started < self.project.start_date:
            self.add_error("started_on", "When must be on or after the project's start date")
        if ended and data.get("stage") != Stage.TEAM:
            self.add_error("ended_on", "Only the team stage has a date they left")
        elif started and ended and ended <= started:
            self.add_error("ended_on", "Date they left the team must be after they joined")
        return data

    def record_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        who = data["who"]
        return {
            "stage": data["stage"],
            "how": data["how"],
            "pool_member": data["pool_member"] if who == POOL else None,
            "outside_name": data["outside_name"].strip() if who == OUTSIDE else "",
            "started_on": data["started_on"],
            "ended_on": data["ended_on"] if data["stage"] == Stage.TEAM else None,
            "evidence": data["evidence"].strip(),
        }

    @staticmethod
    def initial_for(record: InvolvementRecord) -> dict[str, Any]:
        who = POOL if record.pool_member_id else (OUTSIDE if record.outside_name else ANONYMOUS)
        return {
            "stage": record.stage,
            "who": who,
            "pool_member": record.pool_member_id,
            "outside_name": record.outside_name,
            "how": record.how,
            "started_on": record.started_on,
            "ended_on": record.ended_on,
            "evidence": record.evidence,
        }
