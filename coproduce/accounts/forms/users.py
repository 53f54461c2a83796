from typing import Any

from django import forms
from django.db.models import Q

from coproduce.accounts.models import ROLE_DESCRIPTIONS, Role, User
from coproduce.organisations.models import Directorate


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply. A person can hold more than one role.",
    )

    def item_hints(self) -> dict[str, str]:
        return {str(role): text for role, text in ROLE_DESCRIPTIONS.items()}


class UserDetailsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_name", "email", "job_title", "directorate", "is_active"]
        labels = {
            "directorate": "Directorate",
            "full_name": "Full name",
            "preferred_name": "Preferred name",
            "email": "Email address",
            "job_title": "Job title",
            "is_active": "Account is switched on",
        }
        error_messages = {
            "full_name": {"required": "Enter the person's full name"},
            "email": {
                "required": "Enter an email address",
                "invalid": "Enter an email address in the correct format, like name@example.org",
                "unique": "Someone already has an account with this email address",
            },
        }

    def __init__(self, *args: Any, organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = Directorate.objects.filter(organisation=organisation, is_active=True)
        current = getattr(self.instance, "directorate_id", None)
        if current:
            choices = Directorate.objects.filter(organisation=organisation).filter(
                Q(is_active=True) | Q(pk=current)
            )
        self.fields["directorate"].queryset = choices
        self.fields["directorate"].empty_label = "None"
        self.fields["directorate"].help_text = "Where they work, if they belong to one directorate."
        self.fields["directorate"].error_messages["invalid_choice"] = (
            "Select one of the directorates"
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("Someone already has an account with this email address")
        return email


class NewUserForm(UserDetailsForm):
    roles = RolesForm.base_fields["roles"]

    class Meta(UserDetailsForm.Meta):
        fields = ["full_name", "preferred_name", "email", "job_title", "directorate"]

    def clean_roles(self) -> list[str]:
        roles = self.cleaned_data.get("roles") or []
        if not roles:
            raise forms.ValidationError("Select at least one role")
        return roles
