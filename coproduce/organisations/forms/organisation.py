from django import forms

from coproduce.lib import ods
from coproduce.organisations.models import Organisation


class NewOrganisationForm(forms.ModelForm):
    """The trust an administrator sets up when Coproduce is first installed."""

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "ods_code"]
        labels = {"name": "Trust name", "short_name": "Short name", "ods_code": "ODS code"}
        help_texts = {
            "name": "The full name, for example Riverside NHS Foundation Trust.",
            "short_name": "Shown where space is short, for example Riverside.",
            "ods_code": (
                "The trust's code in the NHS Organisation Data Service, for example RV3. "
                "You can look it up in the ODS portal."
            ),
        }
        error_messages = {
            "name": {
                "required": "Enter the trust's name",
                "max_length": "Trust name must be 200 characters or fewer",
            },
            "short_name": {"max_length": "Short name must be 50 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["ods_code"].required = True
        self.fields["ods_code"].error_messages["required"] = "Enter the trust's ODS code"
        self.fields["ods_code"].widget.attrs.update(
            {"spellcheck": "false", "autocapitalize": "characters", "class": "nhsuk-input--width-5"}
        )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if Organisation.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("There is already a trust with this name")
        return name

    def clean_short_name(self) -> str:
        return " ".join(self.cleaned_data["short_name"].split())

    def clean_ods_code(self) -> str:
        code = ods.normalise(self.cleaned_data["ods_code"])
        if not ods.is_valid(code):
            raise forms.ValidationError(ods.FORMAT_MESSAGE)
        if Organisation.objects.filter(ods_code__iexact=code).exists():
            raise forms.ValidationError("There is already a trust with this ODS code")
        return code
