"""A file for the library: its type is judged by content and its size is limited."""

from typing import Any

from django import forms
from django.conf import settings

from coproduce.lib.filetypes import ALLOWED, FileType, sniff

# Big enough for a designed toolkit or slide deck; small enough to keep the library lean.
MAX_FILE_BYTES = getattr(settings, "RESOURCE_MAX_FILE_BYTES", 20 * 1024 * 1024)
ALLOWED_TEXT = "PDF, Word (DOCX), PowerPoint (PPTX), PNG or JPG"


def file_field(label: str = "The file") -> forms.FileField:
    return forms.FileField(
        label=label,
        help_text=f"A {ALLOWED_TEXT} file, up to {MAX_FILE_BYTES // (1024 * 1024)} MB",
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{kind.extension}" for kind in ALLOWED) + ",.jpeg"}
        ),
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
        },
    )


class UploadMixin:
    """Checks the uploaded `file` and keeps its bytes and real type for the service."""

    file_bytes: bytes
    file_type: FileType

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]  # type: ignore[attr-defined]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {MAX_FILE_BYTES // (1024 * 1024)} MB"
            )
        data = upload.read()
        kind = sniff(data)
        if kind is None:
            raise forms.ValidationError(f"The selected file must be a {ALLOWED_TEXT}")
        self.file_bytes = data
        self.file_type = kind
        return upload
