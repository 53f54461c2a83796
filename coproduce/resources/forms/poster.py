from typing import Any

from django import forms

from coproduce.organisations.models import Service
from coproduce.projects.models import Project, ProjectStatus


class PosterForm(forms.Form):
    service = forms.ModelChoiceField(
        label="Which service is recruiting?",
        queryset=Service.objects.none(),
        required=False,
        empty_label="Select a service",
        help_text="People who join from the poster are tagged with this service.",
    )
    project = forms.ModelChoiceField(
        label="Or which project?",
        queryset=Project.objects.none(),
        required=False,
        empty_label="Select a project",
        help_text="The poster uses the project's service.",
    )
    headline = forms.CharField(
        label="Headline",
        max_length=80,
        help_text="Short and warm, for example: Help us make Willow Ward better",
        error_messages={
            "required": "Enter a headline",
            "max_length": "The headline must be 80 characters or fewer",
        },
    )
    message = forms.CharField(
        label="Message",
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you are asking people to do, in plain English. Up to 600 characters.",
        error_messages={
            "required": "Enter a message",
            "max_length": "The message must be 600 characters or fewer",
        },
    )
    contact_name = forms.CharField(
        label="Who should people ask?",
        max_length=100,
        error_messages={"required": "Enter who people should ask"},
    )
    contact_phone = forms.CharField(label="Contact phone number", required=False, max_length=40)
    contact_email = forms.EmailField(
        label="Contact email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(
            directorate__organisation=organisation, is_active=True
        ).select_related("directorate")
        self.fields["service"].label_from_instance = lambda s: f"{s.name} ({s.directorate.name})"
        self.fields["project"].queryset = Project.objects.filter(
            organisation=organisation, status__in=[ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        service, project = data.get("service"), data.get("project")
        if service is None and project is None:
            self.add_error("service", "Select a service or a project")
        elif service is None and project is not None:
            if project.service_id is None:
                self.add_error(
                    "service", "The project has no service recorded, so select the service too"
                )
            else:
                data["service"] = project.service
        no_contact = not data.get("contact_phone") and not data.get("contact_email")
        if no_contact and "contact_email" not in self.errors:
            self.add_error("contact_phone", "Enter a contact phone number or email address")
        return data
