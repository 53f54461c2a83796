from decimal import Decimal
from typing import Any

from django import forms

from coproduce.frontend.forms import StoredForm
from coproduce.involvement.models import InvolvementSettings, Stage
from coproduce.lib.involvement_levels import STAGES


class InvolvementSettingsForm(StoredForm):
    """The organisation's rule for meaningful (Big I) involvement, and its target."""

    target_percent = forms.DecimalField(
        label="Target: percentage of active projects with Big I involvement",
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=1,
        error_messages={
            "required": "Enter the target percentage",
            "invalid": "Target must be a number, like 80",
            "min_value": "Target must be between 0 and 100",
            "max_value": "Target must be between 0 and 100",
            "max_decimal_places": "Target must have no more than 1 decimal place",
        },
    )
    required_stages = forms.MultipleChoiceField(
        label="Stages that need patient or carer involvement once a project reaches them",
        choices=[c for c in Stage.choices if c[0] != Stage.UNSTAGED],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one stage"},
    )
    consultation_counts = forms.BooleanField(
        label="Count being consulted (for example a survey) as involvement in a stage",
        required=False,
    )
    grace_days = forms.IntegerField(
        label="Days a project has after reaching a stage before missing involvement counts",
        min_value=0,
        max_value=365,
        error_messages={
            "required": "Enter the number of days, or 0",
            "invalid": "Days must be a whole number, like 0 or 30",
            "min_value": "Days must be 0 or more",
            "max_value": "Days must be 365 or fewer",
        },
    )

    @staticmethod
    def initial_for(own: InvolvementSettings) -> dict[str, Any]:
        return {
            "target_percent": own.target_percent,
            "required_stages": list(own.required_stages),
            "consultation_counts": own.consultation_counts,
            "grace_days": own.grace_days,
        }

    def settings_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["required_stages"] = [s for s in STAGES if s in data["required_stages"]]
        return data
