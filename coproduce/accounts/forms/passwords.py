from django import forms
from django.contrib.auth import forms as auth_forms


class PasswordResetRequestForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": False}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )


class _NewPasswordFields:
    new_password1 = forms.CharField(
        label="New password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Use 10 characters or more. Three random words work well.",
        error_messages={"required": "Enter a new password"},
    )
    new_password2 = forms.CharField(
        label="Confirm new password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the new password again"},
    )


class SetNewPasswordForm(auth_forms.SetPasswordForm):
    new_password1 = _NewPasswordFields.new_password1
    new_password2 = _NewPasswordFields.new_password2
    error_messages = {"password_mismatch": "The two passwords do not match"}


class ChangePasswordForm(auth_forms.PasswordChangeForm):
    old_password = forms.CharField(
        label="Current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your current password"},
    )
    new_password1 = _NewPasswordFields.new_password1
    new_password2 = _NewPasswordFields.new_password2
    error_messages = {
        "password_mismatch": "The two passwords do not match",
        "password_incorrect": "Your current password is not correct",
    }
