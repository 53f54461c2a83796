import datetime
from typing import Any

from django import forms

from coproduce.involvement.models import LimitChangeKind


class LimitChangeForm(forms.Form):
    month = forms.ChoiceField(
        label="Month the process changed",
        help_text="The limits start again from this month's point.",
        error_messages={"required": "Select the month", "invalid_choice": "Select the month"},
    )
    kind = forms.ChoiceField(
        label="What to do from that month",
        choices=LimitChangeKind.choices,
        widget=forms.RadioSelect,
        initial=LimitChangeKind.RECALCULATE,
        error_messages={
            "required": "Select what to do from that month",
            "invalid_choice": "Select what to do from that month",
        },
    )
    baseline_points = forms.IntegerField(
        label="Points in the baseline (only to fix a baseline)",
        help_text="The first this many points from that month set the limits until the next "
        "change.",
        required=False,
        min_value=2,
        max_value=120,
        error_messages={
            "invalid": "Points in the baseline must be a whole number, like 12",
            "min_value": "Points in the baseline must be 2 or more",
            "max_value": "Points in the baseline must be 120 or fewer",
        },
    )
    reason = forms.CharField(
        label="Why the process changed",
        max_length=200,
        help_text="Shown on the chart. For example: involvement coordinators in post",
        error_messages={
            "required": "Enter why the process changed",
            "max_length": "The reason must be 200 characters or fewer",
        },
    )
    accept_warnings = forms.BooleanField(
        label="I have read the guidance above and want to recalculate from this month anyway",
        required=False,
    )

    def __init__(self, *args: Any, points: list[tuple[datetime.date, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.points = dict(points)
        self.fields["month"].choices = [("", "Select the month")] + [
            (day.isoformat(), label) for day, label in reversed(points)
        ]

    def clean_month(self) -> datetime.date:
        return datetime.date.fromisoformat(self.cleaned_data["month"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        points = data.get("baseline_points")
        if (
            kind == LimitChangeKind.BASELINE
            and points is None
            and "baseline_points" not in self.errors
        ):
            self.add_error("baseline_points", "Enter how many points are in the baseline")
        elif kind == LimitChangeKind.RECALCULATE:
            data["baseline_points"] = None
        month = data.get("month")
        if (
            kind == LimitChangeKind.RECALCULATE
            and month is not None
            and self.points
            and month == min(self.points)
        ):
            self.add_error(
                "month",
                "The limits already start at the first month: select a later month, or fix a "
                "baseline from the first month",
            )
        if kind == LimitChangeKind.BASELINE and month is not None and points:
            after = sum(1 for day in self.points if day >= month)
            if points > after:
                self.add_error(
                    "baseline_points",
                    f"There are only {after} points from that month: the baseline must be "
                    f"{after} points or fewer",
                )
        return data
