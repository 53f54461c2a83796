from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from coproduce.frontend.forms import NHSDateField
from coproduce.projects.models import Improvement, MeasureKind, ProjectMeasure


class MeasureForm(forms.Form):
    name = forms.CharField(
        label="Name of the measure",
        max_length=200,
        help_text="For example: percentage of first appointments attended",
        error_messages={"required": "Enter the name of the measure"},
    )
    kind = forms.ChoiceField(
        label="Type of measure",
        choices=MeasureKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of measure"},
    )
    improvement = forms.ChoiceField(
        label="Which way is better?",
        choices=Improvement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which way is better"},
    )
    unit = forms.CharField(label="Unit", max_length=50, required=False, help_text="For example: %")
    target = forms.DecimalField(
        label="Target",
        required=False,
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": "Target must be a number, like 80 or 12.5"},
    )


class MeasureValueForm(forms.Form):
    recorded_for = NHSDateField(
        label="Date",
        help_text="The day, week or month the value is for.",
        error_messages={"required": "Enter the date the value is for"},
    )
    value = forms.CharField(
        label="Value", max_length=20, error_messages={"required": "Enter the value"}
    )

    def __init__(self, *args: Any, measure: ProjectMeasure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measure = measure

    def clean_value(self) -> Decimal:
        text = self.cleaned_data["value"].strip().replace(",", "").rstrip("%")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError("Value must be a number, like 42 or 87.5") from None
        if not value.is_finite() or abs(value) >= Decimal("1e10"):
            raise forms.ValidationError("Value must be a number, like 42 or 87.5")
        if value != value.quantize(Decimal("0.01")):
            raise forms.ValidationError("Value must have no more than 2 decimal places")
        return value
