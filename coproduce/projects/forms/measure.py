import datetime
import re
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


def parse_value(text: str) -> Decimal:
    """A measure's value as people type or paste it: 42, 1,250, 87.5%."""
    text = text.strip().replace(",", "").rstrip("%")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise forms.ValidationError("Value must be a number, like 42 or 87.5") from None
    if not value.is_finite() or abs(value) >= Decimal("1e10"):
        raise forms.ValidationError("Value must be a number, like 42 or 87.5")
    if value != value.quantize(Decimal("0.01")):
        raise forms.ValidationError("Value must have no more than 2 decimal places")
    return value


PASTE_LIMIT = 1000


class PastedValuesForm(forms.Form):
    """Two columns (date, value) pasted from a spreadsheet, one value a line."""

    pasted = forms.CharField(
        label="Paste dates and values",
        help_text="Two columns copied from a spreadsheet: the date, then the value, one a line, "
        "like 31/01/2025 42. A date already here has its value replaced.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=60_000,
        error_messages={"required": "Paste at least one date and value"},
    )

    def clean_pasted(self) -> list[tuple[datetime.date, Decimal]]:
        from coproduce.lib import tabular

        found: dict[datetime.date, int] = {}
        rows: list[tuple[datetime.date, Decimal]] = []
        problems: list[str] = []
        lines = [line for line in self.cleaned_data["pasted"].splitlines() if line.strip()]
        if len(lines) > PASTE_LIMIT:
            raise forms.ValidationError(f"Paste at most {PASTE_LIMIT:,} lines at a time")
        for number, line in enumerate(lines, start=1):
            parts = [p for p in re.split(r"\t|;|\s{2,}", line.strip()) if p.strip()]
            if len(parts) == 1 and " " in parts[0]:
                parts = parts[0].rsplit(" ", 1)
            if len(parts) != 2:
                problems.append(f"Line {number}: give a date and a value, separated by a tab")
                continue
            try:
                day = tabular.date_of(parts[0].strip())
            except ValueError:
                day = None
            if day is None:
                problems.append(f"Line {number}: {parts[0].strip()} is not a date, like 31/01/2025")
                continue
            try:
                value = parse_value(parts[1])
            except forms.ValidationError:
                problems.append(f"Line {number}: the value must be a number, like 42 or 87.5")
                continue
            if day in found:
                problems.append(f"Line {number}: {day:%d/%m/%Y} is also on line {found[day]}")
                continue
            found[day] = number
            rows.append((day, value))
        if problems:
            raise forms.ValidationError(problems[:10])
        return rows


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
        return parse_value(self.cleaned_data["value"])
