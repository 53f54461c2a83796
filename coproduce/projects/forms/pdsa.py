from typing import Any

from django import forms

from coproduce.frontend.forms import NHSDateField, StoredForm
from coproduce.projects.models import ActDecision, PdsaCycle, Project, TeamMember


class PdsaForm(StoredForm):
    """Plan, do, study and act for one cycle; the later parts are filled in as it runs."""

    objective = forms.CharField(
        label="Objective",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What this cycle will test.",
        error_messages={"required": "Enter the objective of this cycle"},
    )
    prediction = forms.CharField(
        label="Prediction", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    plan = forms.CharField(
        label="Plan",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Who, what, where and when.",
    )
    started_on = NHSDateField(
        label="Date the cycle starts",
        help_text="For example, 15 3 2025",
        error_messages={"required": "Enter the date the cycle starts"},
    )
    participants = forms.ModelMultipleChoiceField(
        label="Who is taking part?",
        queryset=TeamMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select everyone on the team who takes part, including patients and carers.",
        error_messages={"invalid_choice": "Select people from the project team"},
    )
    do_notes = forms.CharField(
        label="Do: what happened", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    study_notes = forms.CharField(
        label="Study: how the results compare with the prediction",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    act_decision = forms.ChoiceField(
        label="Act: what next?",
        choices=ActDecision.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    act_notes = forms.CharField(
        label="Act: notes", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    finished_on = NHSDateField(label="Date the cycle finished", required=False)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["participants"].queryset = project.team.select_related("user", "pool_member")
        self.fields["participants"].label_from_instance = lambda m: (
            f"{m} (patient or carer)" if m.is_patient_or_carer else str(m)
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        started, finished = data.get("started_on"), data.get("finished_on")
        if started and started < self.project.start_date:
            self.add_error(
                "started_on", "Date the cycle starts must be on or after the project's start date"
            )
        if started and finished and finished < started:
            self.add_error("finished_on", "Date the cycle finished must be after it started")
        if data.get("act_decision") and not data.get("study_notes", "").strip():
            self.add_error(
                "study_notes", "Enter what you learned before deciding to adopt, adapt or abandon"
            )
        return data

    def cycle_fields(self) -> dict[str, Any]:
        names = [
            "objective",
            "prediction",
            "plan",
            "started_on",
            "do_notes",
            "study_notes",
            "act_decision",
            "act_notes",
            "finished_on",
        ]
        return {name: self.cleaned_data[name] for name in names}

    @staticmethod
    def initial_for(cycle: PdsaCycle) -> dict[str, Any]:
        initial = {
            name: getattr(cycle, name)
            for name in [
                "objective",
                "prediction",
                "plan",
                "started_on",
                "do_notes",
                "study_notes",
                "act_decision",
                "act_notes",
                "finished_on",
            ]
        }
        initial["participants"] = [m.pk for m in cycle.participants.all()]
        return initial
