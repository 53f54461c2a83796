"""Two-factor authentication: a code from an authenticator app, or a single-use recovery code.

allauth.mfa keeps the authenticators (the app's secret, encrypted, and the recovery codes) and
checks the codes (ADR 0800); this module says who must use them and carries a password sign-in
through the second step before the person is signed in.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, clear_totp_secret
from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest

from coproduce.accounts.models import Role, SignInSettings, User
from coproduce.audit import services as auditor

PENDING_SESSION_KEY = "coproduce.two_factor.pending"
# How long someone has, after their password, to give the code or set up their app.
PENDING_SECONDS = 15 * 60
ALWAYS_REQUIRED = frozenset({Role.ADMINISTRATOR, Role.FINANCE})
STAFF_ROLES = frozenset(Role.values) - {Role.POOL_MEMBER}


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": (
            "The code is not right. Enter the 6-digit code your authenticator app shows now, "
            "or one of your recovery codes"
        ),
        "rate_limited": "There have been too many codes tried. Wait a few minutes and try again",
    }

    def get_totp_label(self, user: Any) -> str:
        return user.email


def is_required(user: User) -> bool:
    """Administrators and finance always need a second factor with a password; other staff when
    their trust says so; patients and carers never (they may choose to)."""
    roles = user.role_set()
    if roles & ALWAYS_REQUIRED:
        return True
    if roles & STAFF_ROLES:
        return SignInSettings.for_organisation(user.organisation).two_factor_for_all_staff
    return False


def app_authenticator(user: User) -> Authenticator | None:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()


def is_set_up(user: User) -> bool:
    return app_authenticator(user) is not None


def unused_recovery_codes(user: User) -> list[str]:
    found = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    return RecoveryCodes(found).get_unused_codes() if found else []


# -- A password sign-in waiting for its second step ----------------------------------------


def start(request: HttpRequest, user: User, next_url: str) -> None:
    """The password was right: remember who, until the second step is done (or time runs out)."""
    request.session[PENDING_SESSION_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
        "next": next_url,
        "until": time.time() + PENDING_SECONDS,
    }


def pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING_SESSION_KEY)
    if not pending or pending.get("until", 0) < time.time():
        return None
    user = User.objects.filter(pk=pending.get("user"), is_active=True).first()
    if user is not None:
        user.backend = pending.get("backend")
    return user


def finish(request: HttpRequest, user: User, method: str) -> str:
    """Sign the person in now the second step is done; returns where they were going."""
    pending = request.session.pop(PENDING_SESSION_KEY, None) or {}
    request.sign_in_method = method  # type: ignore[attr-defined]
    login(request, user, backend=pending.get("backend"))
    return pending.get("next") or "/"


# -- Setting up, resetting -------------------------------------------------------------------


@transaction.atomic
def set_up(request: HttpRequest, user: User, secret: str) -> list[str]:
    """Keep the app's secret and make the recovery codes; returns the codes to show."""
    TOTP.activate(user, secret)
    Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).delete()
    codes = RecoveryCodes.activate(user).get_unused_codes()
    clear_totp_secret(request)
    auditor.record("account.two_factor_set_up", actor=user, target=user, request=request)
    return codes


@transaction.atomic
def new_recovery_codes(request: HttpRequest, user: User) -> list[str]:
    Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).delete()
    codes = RecoveryCodes.activate(user).get_unused_codes()
    auditor.record("account.recovery_codes_replaced", actor=user, target=user, request=request)
    return codes


@transaction.atomic
def remove(user: User, *, by: User, request: HttpRequest | None = None) -> bool:
    """Take away someone's authenticator app and recovery codes (a lost phone, or their own
    choice when it is not required). They set it up again at their next sign-in if required."""
    deleted, _ = Authenticator.objects.filter(user=user).delete()
    if not deleted:
        return False
    auditor.record(
        "account.two_factor_reset" if by != user else "account.two_factor_removed",
        actor=by,
        target=user,
        request=request,
    )
    return True
