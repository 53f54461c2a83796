"""Pages allauth sends people to after a sign-in through the provider that did not finish."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe


@require_safe
def not_known(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/sso_refused.jinja",
        {
            "page_title": "You cannot sign in with this account",
            "reason": "Coproduce does not have an account you can use for this sign-in.",
            "unknown": True,
        },
        status=403,
    )


@require_safe
def cancelled(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "socialaccount/login_cancelled.html",
        {"page_title": "You did not finish signing in"},
    )


@require_safe
def to_sign_ins(request: HttpRequest) -> HttpResponse:
    return redirect("accounts:sign-ins")


@require_safe
def to_my_account(request: HttpRequest) -> HttpResponse:
    return redirect("accounts:my-account")
