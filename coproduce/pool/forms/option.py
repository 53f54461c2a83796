from typing import Any

from django import forms

from coproduce.pool.models import OptionKind, ProfileOption


class OptionForm(forms.Form):
    kind = forms.ChoiceField(
        label="List",
        choices=OptionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which list to add to"},
    )
    name = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter a name"}
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        name = (data.get("name") or "").strip()
        data["name"] = name
        if (
            name
            and data.get("kind")
            and ProfileOption.objects.filter(
                organisation=self.organisation, kind=data["kind"], name__iexact=name
            ).exists()
        ):
            self.add_error("name", f"{name} is already on this list")
        return data
