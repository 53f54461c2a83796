"""Signing in and out, and the page shown after too many failed attempts."""

from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.accounts import sso, two_factor
from coproduce.accounts.forms.sign_in import SignInForm, WorkEmailForm


def _trust_from_address(key: str) -> Any:
    """The trust a per-trust sign-in address names: its ODS code, or its short name or name
    as written in an address (`/account/sign-in/rxh/`, `/account/sign-in/city-trust/`)."""
    from coproduce.organisations.models import Organisation  # noqa: PLC0415

    wanted = key.strip().lower()
    for organisation in Organisation.objects.all():
        keys = {organisation.ods_code.lower(), slugify(organisation.short_name)}
        keys.add(slugify(organisation.name))
        if wanted in keys - {""}:
            return organisation
    return None


class SignInView(LoginView):
    """Sign in. When trusts have their own providers, the first step asks for the person's
    email address, and offers their trust's provider for its domain; others get the password
    form. A trust's own sign-in address offers its provider straight away."""

    form_class = SignInForm
    template_name = "accounts/sign_in.jinja"
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in"}
    buttons: list[dict[str, str]] | None = None
    email_form: WorkEmailForm | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.trust = None
        if kwargs.get("trust"):
            self.trust = _trust_from_address(kwargs["trust"])
            if self.trust is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def trust_buttons(self) -> list[dict[str, str]]:
        if self.buttons is not None:
            return self.buttons
        if self.trust is not None:
            return [
                sso.button_for(p) for p in sso.trust_providers() if p.organisation == self.trust
            ]
        return []

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if self.email_form is not None and self.email_form.is_valid():
            initial["username"] = self.email_form.cleaned_data["email"]
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso"] = sso.sign_in_button()
        context["trust_buttons"] = self.trust_buttons()
        context["trust"] = self.trust
        asking = self.request.method == "GET" or self.email_form is not None
        context["email_step"] = (
            self.trust is None
            and asking
            and (self.email_form is None or not self.email_form.is_valid())
            and bool(sso.trust_providers())
        )
        context["email_form"] = self.email_form or WorkEmailForm()
        context["has_errors"] = bool(self.email_form is not None and self.email_form.errors)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "work_email" not in request.POST:
            return super().post(request, *args, **kwargs)
        # The first step: which way this person signs in, from their address's domain.
        self.email_form = WorkEmailForm(request.POST)
        if self.email_form.is_valid():
            email = self.email_form.cleaned_data["email"]
            self.buttons = [sso.button_for(p) for p in sso.providers_for_email(email)]
        form = self.form_class(request=request, initial=self.get_initial())
        return self.render_to_response(self.get_context_data(form=form))

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        origins = [b["origin"] for b in context.get("trust_buttons") or []]
        if origins:
            # The button's form is sent on to the trust's provider.
            policy = dict(settings.SECURE_CSP)
            policy["form-action"] = [*policy.get("form-action", []), *origins]
            response._csp_config = policy  # type: ignore[attr-defined]
        return response

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
    response = render(request, "accounts/sign_out.jinja", {"page_title": "Sign out"})
    origin = sso.sign_out_origin(request)
    if origin:
        # Signing out here sends the browser on to the trust's provider, to sign out there.
        policy = dict(settings.SECURE_CSP)
        policy["form-action"] = [*policy.get("form-action", []), origin]
        response._csp_config = policy  # type: ignore[attr-defined]
    return response


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
