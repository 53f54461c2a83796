"""The second step of signing in with a password, and setting up, replacing or removing it."""

from __future__ import annotations

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.accounts import two_factor
from coproduce.accounts.decorators import check_permission, require_permission, require_sign_in
from coproduce.accounts.forms.two_factor import SetUpAppForm, TwoFactorCodeForm
from coproduce.accounts.models import User
from coproduce.accounts.views.sign_in import locked_out

RECOVERY_CODES_SESSION_KEY = "coproduce.two_factor.new_codes"


def _safe_next(request: HttpRequest, next_url: str) -> str:
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return "/"


def _credentials(user: User) -> dict[str, str]:
    return {"username": user.email.lower()}


@require_http_methods(["GET", "POST"])
def enter_code(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the app (or a recovery code)."""
    user = two_factor.pending_user(request)
    if user is None:
        messages.info(request, "Sign in again to continue")
        return redirect("accounts:sign-in")
    if not two_factor.is_set_up(user):
        return redirect("accounts:two-factor-set-up")
    if AxesProxyHandler.is_locked(request, _credentials(user)):
        return locked_out(request)
    form = TwoFactorCodeForm(request.POST or None, user=user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            method = "recovery code" if form.authenticator.type == "recovery_codes" else "app code"
            next_url = two_factor.finish(request, user, f"password and {method}")
            if method == "recovery code":
                left = len(two_factor.unused_recovery_codes(user))
                messages.warning(
                    request,
                    f"You used a recovery code. You have {left} left: "
                    "make new ones from your account page if you need to.",
                )
            return redirect(_safe_next(request, next_url))
        # A wrong code counts towards the same lock-out as a wrong password.
        user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
    return render(
        request,
        "accounts/two_factor_code.jinja",
        {"page_title": "Enter your security code", "form": form},
    )


def _qr_svg(user: User, secret: str) -> str:
    url = two_factor.MFAAdapter().build_totp_url(user, secret)
    return segno.make(url, error="m").svg_data_uri(scale=5)


@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """Add Coproduce to an authenticator app: during sign-in when it is required, or from the
    account page by choice."""
    signing_in = not request.user.is_authenticated
    user = two_factor.pending_user(request) if signing_in else request.user
    if user is None:
        messages.info(request, "Sign in again to continue")
        return redirect("accounts:sign-in")
    if two_factor.is_set_up(user):
        return redirect("accounts:two-factor-sign-in" if signing_in else "accounts:two-factor")
    form = SetUpAppForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.set_up(request, user, form.secret)
        request.session[RECOVERY_CODES_SESSION_KEY] = codes
        return redirect("accounts:two-factor-recovery-codes")
    secret = form.secret
    return render(
        request,
        "accounts/two_factor_set_up.jinja",
        {
            "page_title": "Set up two-factor authentication",
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr_code": _qr_svg(user, secret),
            "signing_in": signing_in,
            "required": two_factor.is_required(user),
        },
    )


@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown once; then on to where the person was going."""
    codes = request.session.get(RECOVERY_CODES_SESSION_KEY)
    signing_in = not request.user.is_authenticated
    user = two_factor.pending_user(request) if signing_in else request.user
    if not codes or user is None:
        return redirect("accounts:sign-in" if signing_in else "accounts:two-factor")
    if request.method == "POST":
        request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
        if signing_in:
            next_url = two_factor.finish(request, user, "password and new app code")
            messages.success(request, "Two-factor authentication is set up")
            return redirect(_safe_next(request, next_url))
        return redirect("accounts:two-factor")
    return render(
        request,
        "accounts/two_factor_recovery_codes.jinja",
        {"page_title": "Your recovery codes", "codes": codes, "signing_in": signing_in},
    )


@require_http_methods(["GET", "POST"])
@require_sign_in
def manage(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        if "new_codes" in request.POST and two_factor.is_set_up(user):
            request.session[RECOVERY_CODES_SESSION_KEY] = two_factor.new_recovery_codes(
                request, user
            )
            return redirect("accounts:two-factor-recovery-codes")
        if "remove" in request.POST and not two_factor.is_required(user):
            two_factor.remove(user, by=user, request=request)
            messages.success(request, "Two-factor authentication is turned off")
            return redirect("accounts:two-factor")
        return redirect("accounts:two-factor")
    return render(
        request,
        "accounts/two_factor.jinja",
        {
            "page_title": "Two-factor authentication",
            "is_set_up": two_factor.is_set_up(user),
            "required": two_factor.is_required(user),
            "codes_left": len(two_factor.unused_recovery_codes(user)),
        },
    )


@require_POST
@require_permission("accounts.manage_users")
def reset(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator takes away a person's app and codes (a lost phone), audited."""
    person = get_object_or_404(User.objects.filter(organisation=request.user.organisation), pk=pk)
    check_permission(request, "accounts.change_user", person)
    if two_factor.remove(person, by=request.user, request=request):
        messages.success(
            request,
            f"Two-factor authentication for {person.full_name} has been reset. "
            "They set it up again when they next sign in.",
        )
    else:
        messages.info(request, f"{person.full_name} has not set up two-factor authentication")
    return redirect("accounts:user-detail", pk=person.pk)
