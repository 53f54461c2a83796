"""Codes an authenticator app would show, computed the way the app does, for tests."""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt


def code_for(secret: str, *, steps_from_now: int = 0) -> str:
    """The 6-digit code for `secret` now (or that many 30-second steps away)."""
    counter = int(time.time()) // 30 + steps_from_now
    return format_hotp_value(hotp_value(secret.replace(" ", ""), counter))


def secret_of(user) -> str:  # type: ignore[no-untyped-def]
    found = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(found.data["secret"])


def give_app(user) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    """Set up an authenticator app and recovery codes for `user`, as the set-up page does."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return secret, codes


def wrong_code_for(secret: str) -> str:
    """A 6-digit code the app does not show now, nor in the steps either side."""
    shown = {code_for(secret, steps_from_now=step) for step in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1000000) if f"{n:06d}" not in shown)
