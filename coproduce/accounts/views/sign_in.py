"""Signing in and out, and the page shown after too many failed attempts."""

from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.accounts import sso, two_factor
from coproduce.accounts.forms.sign_in import SignInForm


class SignInView(LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.jinja"
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso"] = sso.sign_in_button()
        return context

    def form_valid(self, form: SignInForm) -> HttpResponse:
        user = form.get_user()
        if two_factor.is_set_up(user) or two_factor.is_required(user):
            # The password was right; the code comes next, and only then is the person signed in.
            two_factor.start(self.request, user, self.get_success_url())
            return redirect("accounts:two-factor-sign-in")
        self.request.sign_in_method = "password"  # type: ignore[attr-defined]
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm (links cannot sign people out by accident); POST signs out."""
    if request.method == "POST":
        at_provider = sso.provider_sign_out_url(request)
        logout(request)
        return redirect(at_provider or settings.LOGOUT_REDIRECT_URL)
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    return render(request, "accounts/sign_out.jinja", {"page_title": "Sign out"})


@require_safe
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.jinja", {"page_title": "You have signed out"})


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.jinja",
        {"page_title": "Try again later", "minutes": minutes},
        status=429,
    )
