"""The spreadsheet to import: a CSV or XLSX, judged by its content, within a size limit."""

from typing import Any

from django import forms
from django.conf import settings

from coproduce.lib import tabular

MAX_FILE_BYTES = getattr(settings, "IMPORT_MAX_FILE_BYTES", 20 * 1024 * 1024)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet of projects",
        help_text=(
            f"A CSV file or an Excel workbook (.xlsx), up to {MAX_FILE_BYTES // (1024 * 1024)} MB. "
            "The first row must hold the column headings; the first sheet is read."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={
            "required": "Select a spreadsheet",
            "empty": "The selected file is empty",
            "invalid": "Select a spreadsheet",
        },
    )
    mapping = forms.ChoiceField(
        label="Saved column matching (optional)",
        required=False,
        help_text="Use the matching you saved for a file like this one before.",
        error_messages={"invalid_choice": "Select one of your saved column matchings"},
    )

    def __init__(
        self, *args: Any, mappings: list[Any], label: str = "", noun: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.noun = noun or "projects"
        if label:
            self.fields["file"].label = label
        self.fields["mapping"].choices = [("", "None: match the columns myself")] + [
            (str(m.pk), m.name) for m in mappings
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {MAX_FILE_BYTES // (1024 * 1024)} MB"
            )
        data = upload.read()
        try:
            self.table = tabular.read(data)
        except tabular.UnreadableFile as error:
            raise forms.ValidationError(str(error)) from None
        if not self.table.rows:
            raise forms.ValidationError(
                f"The selected file has headings but no rows of {self.noun}"
            )
        upload.seek(0)
        return upload
