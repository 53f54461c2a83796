from typing import Any

from django import forms

from coproduce.frontend.forms import NHSDateField
from coproduce.matching.models import Mode, Opportunity, OpportunityRole, Stage
from coproduce.pool.models import TIMES_OF_DAY, WEEKDAYS, OptionKind, ProfileOption
from coproduce.projects.models import Project, ProjectStatus
from coproduce.training.models import Course


class OpportunityForm(forms.ModelForm):
    start_date = NHSDateField(
        label="Start date", error_messages={"required": "Enter the start date"}
    )
    end_date = NHSDateField(label="End date", required=False)
    stages = forms.MultipleChoiceField(
        label="Stages of the project it covers",
        choices=Stage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only the project team role counts as being on the team. Any other role "
        "counts in the involvement ledger at the other stages you choose here (a focus group "
        "as being consulted); with none chosen, it counts as being consulted.",
    )
    days = forms.MultipleChoiceField(
        label="Days it happens",
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave empty if people can choose.",
    )
    times = forms.MultipleChoiceField(
        label="Times it happens",
        choices=TIMES_OF_DAY,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Opportunity
        fields = [
            "project",
            "title",
            "role",
            "stages",
            "description",
            "time_commitment",
            "hours_per_month",
            "start_date",
            "end_date",
            "days",
            "times",
            "mode",
            "place",
            "area",
            "required_courses",
            "preferred_conditions",
            "preferred_topics",
            "preferred_skills",
            "preferred_experience",
            "places",
        ]
        labels = {
            "project": "Project",
            "title": "Title",
            "role": "Role",
            "description": "What the person would do",
            "time_commitment": "Time commitment",
            "hours_per_month": "Hours a month",
            "mode": "Where",
            "place": "Place",
            "area": "Area",
            "required_courses": "Training people must have done",
            "preferred_conditions": "Lived experience that would help",
            "preferred_topics": "Topics",
            "preferred_skills": "Skills that would help",
            "preferred_experience": "Anything else about the experience wanted",
            "places": "How many people",
        }
        help_texts = {
            "time_commitment": "In plain words, for example: a 2-hour meeting once a month",
            "hours_per_month": "About how many hours a month, as a whole number. People are "
            "only suggested if this fits the most hours they give.",
            "place": "For example, the address or the name of the building",
            "required_courses": "Only people who have completed these, and whose training "
            "has not run out by the start date, are suggested.",
        }
        widgets = {
            "role": forms.RadioSelect,
            "mode": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "preferred_experience": forms.Textarea(attrs={"rows": 3}),
            "required_courses": forms.CheckboxSelectMultiple,
            "preferred_conditions": forms.CheckboxSelectMultiple,
            "preferred_topics": forms.CheckboxSelectMultiple,
            "preferred_skills": forms.CheckboxSelectMultiple,
            "hours_per_month": forms.TextInput(attrs={"class": "nhsuk-input--width-4"}),
            "places": forms.TextInput(attrs={"class": "nhsuk-input--width-4"}),
        }
        error_messages = {
            "project": {"required": "Select a project", "invalid_choice": "Select a project"},
            "title": {"required": "Enter a title"},
            "role": {"required": "Select a role"},
            "mode": {"required": "Select where it happens"},
            "hours_per_month": {
                "required": "Enter the hours a month",
                "invalid": "Hours a month must be a whole number, like 4",
            },
            "places": {
                "required": "Enter how many people",
                "invalid": "How many people must be a whole number, like 2",
            },
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = user.organisation
        projects = Project.objects.filter(organisation=organisation).exclude(
            status__in=[ProjectStatus.COMPLETED, ProjectStatus.STOPPED]
        )
        from coproduce.accounts.models import Role

        if not user.has_role(Role.INVOLVEMENT_TEAM):
            projects = projects.filter(lead=user)
        self.fields["project"].queryset = projects
        self.fields["project"].empty_label = "Select a project"
        self.fields["role"].choices = OpportunityRole.choices
        self.fields["mode"].choices = Mode.choices
        options = ProfileOption.objects.filter(organisation=organisation, is_active=True)
        self.fields["area"].queryset = options.filter(kind=OptionKind.AREA)
        self.fields["area"].empty_label = "Anywhere"
        self.fields["preferred_conditions"].queryset = options.filter(kind=OptionKind.CONDITION)
        self.fields["preferred_topics"].queryset = options.filter(kind=OptionKind.TOPIC)
        self.fields["preferred_skills"].queryset = options.filter(kind=OptionKind.SKILL)
        self.fields["required_courses"].queryset = Course.objects.filter(organisation=organisation)

    def clean_hours_per_month(self) -> int:
        value = self.cleaned_data["hours_per_month"]
        if value < 1 or value > 160:
            raise forms.ValidationError("Hours a month must be between 1 and 160")
        return value

    def clean_places(self) -> int:
        value = self.cleaned_data["places"]
        if value < 1 or value > 100:
            raise forms.ValidationError("How many people must be between 1 and 100")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "End date must be the same as or after the start date")
        return data
