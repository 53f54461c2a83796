import datetime
from typing import Any

from django import forms

from coproduce.lib.months import month_label
from coproduce.organisations.models import Directorate


class AnnotationForm(forms.Form):
    month_end = forms.ChoiceField(
        label="Month",
        error_messages={"required": "Select the month", "invalid_choice": "Select the month"},
    )
    directorate = forms.ModelChoiceField(
        label="Chart",
        queryset=Directorate.objects.none(),
        required=False,
        empty_label="The whole trust",
        error_messages={"invalid_choice": "Select a chart"},
    )
    text = forms.CharField(
        label="Note",
        max_length=120,
        help_text="For example: training programme started",
        error_messages={
            "required": "Enter the note",
            "max_length": "Note must be 120 characters or fewer",
        },
    )

    def __init__(self, *args: Any, organisation: Any, months: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month_end"].choices = [("", "Select the month")] + [
            (day.isoformat(), month_label(day)) for day in reversed(months)
        ]
        self.fields["directorate"].queryset = Directorate.objects.filter(organisation=organisation)

    def clean_month_end(self) -> Any:
        return datetime.date.fromisoformat(self.cleaned_data["month_end"])
