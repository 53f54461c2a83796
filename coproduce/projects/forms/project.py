from typing import Any

from django import forms

from coproduce.accounts.models import Role, User
from coproduce.frontend.forms import NHSDateField, StoredForm
from coproduce.organisations.models import Directorate, Service
from coproduce.projects.models import Project, Topic


class ProjectForm(StoredForm):
    """Start or edit a project. Choices come only from the person's own organisation."""

    title = forms.CharField(
        label="Project title",
        max_length=200,
        error_messages={
            "required": "Enter the project title",
            "max_length": "Project title must be 200 characters or fewer",
        },
    )
    aim = forms.CharField(
        label="Aim",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What will improve, by how much, by when, and for whom.",
        error_messages={"required": "Enter the project's aim"},
    )
    problem = forms.CharField(
        label="The problem",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What is happening now, and who it affects.",
    )
    directorate = forms.ModelChoiceField(
        label="Directorate",
        queryset=Directorate.objects.none(),
        empty_label="Select a directorate",
        error_messages={
            "required": "Select a directorate",
            "invalid_choice": "Select a directorate",
        },
    )
    service = forms.ModelChoiceField(
        label="Service",
        queryset=Service.objects.none(),
        required=False,
        empty_label="Across the directorate",
        error_messages={"invalid_choice": "Select a service"},
    )
    lead = forms.ModelChoiceField(
        label="Project lead",
        queryset=User.objects.none(),
        empty_label="Select the project lead",
        error_messages={
            "required": "Select the project lead",
            "invalid_choice": "Select the project lead",
        },
    )
    start_date = NHSDateField(
        label="Start date",
        help_text="For example, 15 3 2025",
        error_messages={"required": "Enter the start date"},
    )
    topics = forms.CharField(
        label="Topics",
        required=False,
        max_length=400,
        help_text="Separate topics with commas, for example: restrictive practice, carers",
    )
    findings_shared_on = NHSDateField(
        label="Date the findings were first reported",
        required=False,
        help_text="Leave empty until the team reports its findings.",
    )
    external_reference = forms.CharField(
        label="Reference in another QI system", max_length=100, required=False
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["directorate"].queryset = Directorate.objects.filter(
            organisation=organisation, is_active=True
        )
        self.fields["service"].queryset = Service.objects.filter(
            directorate__organisation=organisation, is_active=True
        ).select_related("directorate")
        self.fields["service"].label_from_instance = lambda s: f"{s.directorate}: {s.name}"
        self.fields["lead"].queryset = (
            User.objects.filter(
                organisation=organisation,
                is_active=True,
                role_grants__role__in=[Role.PROJECT_LEAD, Role.QI_STAFF],
            )
            .distinct()
            .order_by("full_name")
        )

    @classmethod
    def initial_for(cls, project: Project) -> dict[str, Any]:
        return {
            "title": project.title,
            "aim": project.aim,
            "problem": project.problem,
            "directorate": project.directorate_id,
            "service": project.service_id,
            "lead": project.lead_id,
            "start_date": project.start_date,
            "topics": ", ".join(t.name for t in project.topics.all()),
            "findings_shared_on": project.findings_shared_on,
            "external_reference": project.external_reference,
        }

    def clean_topics(self) -> list[str]:
        names = [" ".join(n.split()) for n in self.cleaned_data["topics"].split(",")]
        names = [n for n in names if n]
        if any(len(n) > 80 for n in names):
            raise forms.ValidationError("Each topic must be 80 characters or fewer")
        return sorted(set(names), key=str.lower)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        service, directorate = data.get("service"), data.get("directorate")
        if service and directorate and service.directorate_id != directorate.pk:
            self.add_error("service", f"Select a service in {directorate}")
        start, shared = data.get("start_date"), data.get("findings_shared_on")
        if start and shared and shared < start:
            self.add_error(
                "findings_shared_on", "Date the findings were reported must be after the start date"
            )
        return data

    def topic_objects(self) -> list[Topic]:
        return [
            Topic.objects.get_or_create(organisation=self.organisation, name=name)[0]
            for name in self.cleaned_data["topics"]
        ]

    def project_fields(self) -> dict[str, Any]:
        names = [
            "title",
            "aim",
            "problem",
            "directorate",
            "service",
            "lead",
            "start_date",
            "findings_shared_on",
            "external_reference",
        ]
        return {name: self.cleaned_data[name] for name in names}
