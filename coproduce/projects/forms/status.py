from typing import Any

from django import forms

from coproduce.frontend.forms import NHSDateField
from coproduce.projects.models import Project, ProjectStatus


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="New status",
        choices=ProjectStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the project's new status"},
    )
    changed_on = NHSDateField(
        label="Date of the change",
        help_text="For example, 1 4 2025",
        error_messages={"required": "Enter the date of the change"},
    )
    note = forms.CharField(
        label="Reason",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Reason must be 500 characters or fewer"},
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        changed_on = data.get("changed_on")
        if changed_on and changed_on < self.project.start_date:
            self.add_error(
                "changed_on",
                f"Date of the change must be on or after the start date, "
                f"{self.project.start_date:%-d %B %Y}",
            )
        if data.get("status") == self.project.status and not self.has_error("status"):
            self.add_error(
                "status", f"The project is already {self.project.get_status_display().lower()}"
            )
        return data
