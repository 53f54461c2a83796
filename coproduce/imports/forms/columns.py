"""Match each field of the import to one of the spreadsheet's columns."""

from typing import Any

from django import forms

from coproduce.imports.columns import FIELDS
from coproduce.imports.services import check_mapping


class ColumnsForm(forms.Form):
    save_as = forms.CharField(
        label="Save this matching for next time (optional)",
        help_text="Give it a name, such as the system the file came from.",
        max_length=100,
        required=False,
    )

    def __init__(
        self, *args: Any, headers: list[str], fields: tuple[Any, ...] = FIELDS, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        self.import_fields = fields
        choices = [("", "Not in this file")] + [(h, h) for h in headers]
        form_fields: dict[str, forms.Field] = {}
        for item in fields:
            form_fields[item.name] = forms.ChoiceField(
                label=item.label,
                help_text=item.hint,
                choices=choices,
                required=item.required,
                error_messages={
                    "required": f"Select the column that holds the {item.label.lower()}",
                    "invalid_choice": f"Select a column for the {item.label.lower()}",
                },
            )
        # The matching fields first, then the name to save it under.
        save_as = self.fields.pop("save_as")
        self.fields.update(form_fields)
        self.fields["save_as"] = save_as

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        mapping = {item.name: cleaned.get(item.name) or "" for item in self.import_fields}
        for name, message in check_mapping(mapping, self.headers, self.import_fields).items():
            if name not in self.errors:
                self.add_error(name, message)
        cleaned["mapping"] = {k: v for k, v in mapping.items() if v}
        return cleaned
