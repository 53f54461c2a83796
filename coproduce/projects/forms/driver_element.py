from typing import Any

from django import forms

from coproduce.frontend.forms import NHSDateField, StoredForm
from coproduce.projects.models import PARENT_KIND, DriverElement, ElementKind, Project

OTHER = "other"


class DriverElementForm(StoredForm):
    """Add or edit a driver or change idea, and who proposed it."""

    kind = forms.ChoiceField(
        label="What are you adding?",
        choices=ElementKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are adding"},
    )
    parent = forms.ModelChoiceField(
        label="It sits under",
        queryset=DriverElement.objects.none(),
        required=False,
        empty_label="The aim",
        error_messages={"invalid_choice": "Select where it sits on the diagram"},
    )
    text = forms.CharField(
        label="Description",
        max_length=300,
        error_messages={
            "required": "Enter a description",
            "max_length": "Description must be 300 characters or fewer",
        },
    )
    proposed_by = forms.ChoiceField(
        label="Who proposed it?",
        error_messages={"required": "Select who proposed it", "invalid_choice": "Select who"},
    )
    proposed_by_other = forms.CharField(
        label="Name of the person who proposed it", max_length=200, required=False
    )
    proposed_on = NHSDateField(
        label="Date it was proposed",
        help_text="For example, 15 3 2025",
        error_messages={"required": "Enter the date it was proposed"},
    )

    def __init__(
        self, *args: Any, project: Project, element: DriverElement | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.element = element
        parents = project.driver_elements.exclude(kind=ElementKind.CHANGE_IDEA)
        if element is not None:
            parents = parents.exclude(pk=element.pk)
            del self.fields["kind"]
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = parents
            self.fields["parent"].label_from_instance = lambda e: (
                f"{e.get_kind_display()}: {e.text}"
            )
        team = project.team.select_related("user", "pool_member")
        choices = [("", "Select who proposed it")]
        for member in team:
            who = "patient or carer" if member.is_patient_or_carer else "staff"
            choices.append((str(member.pk), f"{member} ({who})"))
        choices.append((OTHER, "Someone not on the team"))
        self.fields["proposed_by"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, parent = data.get("kind"), data.get("parent")
        if self.element is None and kind:
            wanted = PARENT_KIND[ElementKind(kind)]
            actual = parent.kind if parent else None
            if wanted != actual and not self.has_error("parent"):
                self.add_error("parent", _placement_message(ElementKind(kind)))
        if data.get("proposed_by") == OTHER and not data.get("proposed_by_other", "").strip():
            self.add_error("proposed_by_other", "Enter the name of the person who proposed it")
        proposed_on = data.get("proposed_on")
        if proposed_on and proposed_on < self.project.start_date:
            self.add_error(
                "proposed_on", "Date it was proposed must be on or after the project's start date"
            )
        return data

    def element_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        chosen = data["proposed_by"]
        fields: dict[str, Any] = {
            "text": data["text"].strip(),
            "proposed_on": data["proposed_on"],
            "proposed_by": None if chosen == OTHER else self.project.team.get(pk=int(chosen)),
            "proposed_by_other": data["proposed_by_other"].strip() if chosen == OTHER else "",
        }
        if self.element is None:
            fields["kind"] = data["kind"]
            fields["parent"] = data["parent"]
        return fields

    @staticmethod
    def initial_for(element: DriverElement) -> dict[str, Any]:
        return {
            "text": element.text,
            "proposed_by": str(element.proposed_by_id) if element.proposed_by_id else OTHER,
            "proposed_by_other": element.proposed_by_other,
            "proposed_on": element.proposed_on,
        }


def _placement_message(kind: ElementKind) -> str:
    return {
        ElementKind.PRIMARY: "A primary driver sits under the aim",
        ElementKind.SECONDARY: "Select the primary driver this secondary driver sits under",
        ElementKind.CHANGE_IDEA: "Select the secondary driver this change idea sits under",
    }[kind]
