"""The forms of two-factor authentication: allauth's, with the site's words and fields."""

import re
from urllib.parse import urlsplit

from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms

from coproduce.accounts.models import IdentityProvider, SignInSettings


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


_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,99}$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class IdentityProviderForm(forms.ModelForm):
    """A trust's own OpenID Connect provider. The secret stays on the server: only where it is
    kept is entered here."""

    class Meta:
        model = IdentityProvider
        fields = [
            "enabled",
            "issuer",
            "client_id",
            "client_secret_source",
            "button_label",
            "scopes",
            "email_domains",
        ]
        widgets = {"email_domains": forms.Textarea(attrs={"rows": 3, "spellcheck": False})}
        error_messages = {
            "issuer": {
                "required": "Enter the issuer address",
                "invalid": "Enter the issuer address in the correct format, like https://login.example.org",
            },
            "client_id": {"required": "Enter the client ID"},
            "client_secret_source": {
                "required": "Enter the environment variable or file that holds the client secret"
            },
            "button_label": {"required": "Enter the button text"},
            "scopes": {"required": "Enter the scopes, like openid profile email"},
        }

    def clean_issuer(self) -> str:
        issuer = self.cleaned_data["issuer"].strip().rstrip("/")
        parts = urlsplit(issuer)
        if parts.scheme != "https" and (parts.hostname or "") not in _LOCAL_HOSTS:
            raise forms.ValidationError("The issuer address must start with https://")
        if parts.query or parts.fragment:
            raise forms.ValidationError("The issuer address cannot have a ? or # part")
        return issuer

    def clean_client_id(self) -> str:
        return self.cleaned_data["client_id"].strip()

    def clean_client_secret_source(self) -> str:
        source = self.cleaned_data["client_secret_source"].strip()
        if source.startswith("/"):
            if ".." in source.split("/") or any(c.isspace() for c in source):
                raise forms.ValidationError("Enter the file's full path with no spaces or .. in it")
            return source
        if not _ENV_NAME.match(source):
            raise forms.ValidationError(
                "Enter the name of an environment variable in capital letters, digits and "
                "underscores, like TRUST_OIDC_SECRET, or a file's full path starting with /"
            )
        return source

    def clean_scopes(self) -> str:
        scopes = self.cleaned_data["scopes"].replace(",", " ").split()
        if "openid" not in scopes:
            raise forms.ValidationError("The scopes must include openid")
        if any(not re.match(r"^[\x21\x23-\x5b\x5d-\x7e]+$", scope) for scope in scopes):
            raise forms.ValidationError("Enter the scopes separated by spaces, like openid email")
        return " ".join(scopes)

    def clean_email_domains(self) -> str:
        domains = [
            d.strip().lower().lstrip("@") for d in self.cleaned_data["email_domains"].split()
        ]
        wrong = [d for d in domains if d and not _DOMAIN.match(d)]
        if wrong:
            raise forms.ValidationError(
                f"{wrong[0]} is not an email domain. Enter domains like trust.nhs.uk, one a line"
            )
        return "\n".join(dict.fromkeys(d for d in domains if d))
