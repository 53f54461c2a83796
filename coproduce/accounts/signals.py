"""Sign-ins, sign-outs and failed attempts go into the audit log."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from coproduce.audit import services as auditor


def _sign_in_method(request: Any) -> str:
    method = getattr(request, "sign_in_method", "")
    if method:
        return method
    # allauth notes each way a person proved who they are in the session.
    recorded = (getattr(request, "session", None) or {}).get("account_authentication_methods")
    if recorded and recorded[-1].get("method") == "socialaccount":
        return "identity provider"
    return ""


@receiver(user_logged_in)
def signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    method = _sign_in_method(request)
    if method == "identity provider" and request is not None:
        from coproduce.accounts.sso import ID_TOKEN_SESSION_KEY, SSO_SESSION_KEY  # noqa: PLC0415

        recorded = request.session.get("account_authentication_methods") or [{}]
        request.session[SSO_SESSION_KEY] = recorded[-1].get("provider") or True
        request.session[ID_TOKEN_SESSION_KEY] = getattr(request, "oidc_id_token", "")
    auditor.record(
        "account.signed_in",
        actor=user,
        target=user,
        changes={"method": method} if method else None,
        request=request,
    )


@receiver(user_logged_out)
def signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        auditor.record("account.signed_out", actor=user, target=user, request=request)


@receiver(user_login_failed)
def sign_in_failed(sender: Any, credentials: Any, request: Any = None, **kwargs: Any) -> None:
    # Record the address tried (never the password), so repeated guessing is visible.
    attempted = str((credentials or {}).get("username", ""))[:200]
    auditor.record(
        "account.sign_in_failed",
        target_label=attempted,
        changes={"email": attempted},
        request=request,
    )
