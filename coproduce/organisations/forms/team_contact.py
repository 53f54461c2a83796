from typing import Any

from django import forms

from coproduce.organisations.contact import team_contact
from coproduce.organisations.models import Organisation


class TeamContactForm(forms.ModelForm):
    """The involvement team's own contact details; a blank one falls back to the installation's."""

    class Meta:
        model = Organisation
        fields = ["team_name", "team_email", "team_phone"]
        labels = {
            "team_name": "Team name",
            "team_email": "Email address",
            "team_phone": "Phone number",
        }
        error_messages = {
            "team_name": {"max_length": "Team name must be 100 characters or fewer"},
            "team_email": {
                "invalid": "Enter an email address in the correct format, like name@example.org",
                "max_length": "Email address must be 254 characters or fewer",
            },
            "team_phone": {"max_length": "Phone number must be 40 characters or fewer"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fallback = team_contact(None)
        self.fields["team_name"].help_text = (
            'For example, "Patient and Carer Involvement Team". Leave blank to say '
            '"the involvement team".'
        )
        self.fields["team_email"].help_text = (
            "New enquiries, support requests and deletion requests are sent here. Leave blank "
            f"to use {fallback.email}."
        )
        self.fields[
            "team_phone"
        ].help_text = f"Shown to patients, carers and staff. Leave blank to use {fallback.phone}."
        self.fields["team_email"].widget.attrs.update(
            {"autocomplete": "email", "spellcheck": "false"}
        )
        self.fields["team_phone"].widget.attrs.update({"autocomplete": "tel"})

    def clean_team_name(self) -> str:
        return self.cleaned_data["team_name"].strip()

    def clean_team_email(self) -> str:
        return self.cleaned_data["team_email"].strip().lower()

    def clean_team_phone(self) -> str:
        phone = " ".join(self.cleaned_data["team_phone"].split())
        if phone and not any(character.isdigit() for character in phone):
            raise forms.ValidationError("Enter a phone number, like 020 7946 0000")
        return phone
