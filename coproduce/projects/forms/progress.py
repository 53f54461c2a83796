from decimal import Decimal
from typing import Any

from django import forms

from coproduce.lib.progress_score import SCALE

SUGGESTED = "suggested"


class ProgressScoreForm(forms.Form):
    score = forms.ChoiceField(
        label="Progress score",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a progress score"},
    )
    reason = forms.CharField(
        label="Why this score?",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Reason must be 500 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = [(SUGGESTED, "Use the suggested score")] + [
            (str(score), f"{score} {label}") for score, label in SCALE.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("score") not in (None, SUGGESTED) and not data.get("reason", "").strip():
            self.add_error("reason", "Enter why you chose this score")
        return data

    def chosen_score(self) -> Decimal | None:
        score = self.cleaned_data["score"]
        return None if score == SUGGESTED else Decimal(score)
