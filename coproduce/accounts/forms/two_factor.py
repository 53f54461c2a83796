"""The forms of two-factor authentication: allauth's, with the site's words and fields."""

from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms

from coproduce.accounts.models import SignInSettings


def _code_field(label: str, hint: str, required: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=20,
        error_messages={"required": required},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": False,
                "autocapitalize": "none",
            }
        ),
    )


class TwoFactorCodeForm(AuthenticateForm):
    """The code from the app, or a recovery code (each recovery code works once)."""

    code = _code_field(
        "Security code",
        "The 6-digit code your authenticator app shows now, or one of your recovery codes.",
        "Enter the code from your authenticator app, or a recovery code",
    )

    def clean_code(self) -> str:
        self.data = self.data.copy()
        self.data[self.add_prefix("code")] = "".join(str(self.data.get("code", "")).split())
        self.cleaned_data["code"] = self.data[self.add_prefix("code")]
        return super().clean_code()


class SetUpAppForm(ActivateTOTPForm):
    code = _code_field(
        "Code from your authenticator app",
        "Enter the 6-digit code the app shows once you have added Coproduce to it.",
        "Enter the 6-digit code from your authenticator app",
    )

    def clean_code(self) -> str:
        self.cleaned_data["code"] = "".join(str(self.cleaned_data.get("code", "")).split())
        return super().clean_code()


class SignInSettingsForm(forms.ModelForm):
    class Meta:
        model = SignInSettings
        fields = ["create_accounts_on_first_sign_in", "two_factor_for_all_staff"]
