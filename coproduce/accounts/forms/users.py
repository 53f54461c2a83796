from django import forms

from coproduce.accounts.models import ROLE_DESCRIPTIONS, Role, User


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
        fields = ["full_name", "preferred_name", "email", "job_title", "is_active"]
        labels = {
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

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("Someone already has an account with this email address")
        return email


class NewUserForm(UserDetailsForm):
    roles = RolesForm.base_fields["roles"]

    class Meta(UserDetailsForm.Meta):
        fields = ["full_name", "preferred_name", "email", "job_title"]

    def clean_roles(self) -> list[str]:
        roles = self.cleaned_data.get("roles") or []
        if not roles:
            raise forms.ValidationError("Select at least one role")
        return roles
