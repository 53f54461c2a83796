"""Where a person is signed in: they see their sessions and end them; an administrator ends
another person's (a lost laptop). allauth.usersessions keeps the list (ADR 0800)."""

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.accounts.decorators import check_permission, require_permission, require_sign_in
from coproduce.accounts.forms.two_factor import IdentityProviderForm, SignInSettingsForm
from coproduce.accounts.models import IdentityProvider, SignInSettings, User
from coproduce.audit import services as auditor

SETTINGS_FIELDS = ("create_accounts_on_first_sign_in", "two_factor_for_all_staff")
PROVIDER_FIELDS = tuple(IdentityProviderForm.Meta.fields)


def sessions_of(user: User) -> list[UserSession]:
    """The person's sessions that have not ended, newest first."""
    found = UserSession.objects.purge_and_list(user)
    return sorted(found, key=lambda session: session.last_seen_at, reverse=True)


def end_sessions(user: User, sessions: list[UserSession]) -> int:
    for session in sessions:
        session.end()
    return len(sessions)


@require_http_methods(["GET", "POST"])
@require_sign_in
def my_sign_ins(request: HttpRequest) -> HttpResponse:
    user = request.user
    sessions = sessions_of(user)
    if request.method == "POST":
        others = [s for s in sessions if not s.is_current()]
        everywhere = "everywhere" in request.POST
        ended = end_sessions(user, others)
        auditor.record(
            "account.sessions_ended",
            actor=user,
            target=user,
            changes={"sessions": ended, "this_device": everywhere},
            request=request,
        )
        if everywhere:
            logout(request)
            return redirect("accounts:signed-out")
        messages.success(request, "You have been signed out everywhere else")
        return redirect("accounts:sign-ins")
    return render(
        request,
        "accounts/sign_ins.jinja",
        {"page_title": "Your sign-ins", "sessions": sessions},
    )


@require_POST
@require_permission("accounts.manage_users")
def end_persons_sessions(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User.objects.filter(organisation=request.user.organisation), pk=pk)
    check_permission(request, "accounts.change_user", person)
    sessions = [s for s in sessions_of(person) if not s.is_current()]
    ended = end_sessions(person, sessions)
    auditor.record(
        "account.sessions_ended",
        actor=request.user,
        target=person,
        changes={"sessions": ended},
        request=request,
    )
    messages.success(
        request,
        f"{person.full_name} has been signed out everywhere"
        if ended
        else f"{person.full_name} was not signed in anywhere",
    )
    return redirect("accounts:user-detail", pk=person.pk)


@require_http_methods(["GET", "POST"])
@require_permission("accounts.manage_users")
def sign_in_settings(request: HttpRequest) -> HttpResponse:
    """How the administrator's trust signs in: accounts made on first sign-in through the
    provider, and two-factor authentication for every member of staff."""
    organisation = request.user.organisation
    if organisation is None:
        raise PermissionDenied
    current = SignInSettings.for_organisation(organisation)
    before = auditor.snapshot(current, SETTINGS_FIELDS)
    provider = IdentityProvider.objects.filter(
        organisation=organisation, audience=IdentityProvider.Audience.STAFF
    ).first() or IdentityProvider(organisation=organisation)
    provider_before = {} if provider.pk is None else auditor.snapshot(provider, PROVIDER_FIELDS)
    editing_provider = request.method == "POST" and "provider-issuer" in request.POST
    provider_form = IdentityProviderForm(
        request.POST if editing_provider else None, instance=provider, prefix="provider"
    )
    form = SignInSettingsForm(
        request.POST if request.method == "POST" and not editing_provider else None,
        instance=current,
    )
    if editing_provider and provider_form.is_valid():
        saved_provider = provider_form.save()
        difference = auditor.diff(
            provider_before, auditor.snapshot(saved_provider, PROVIDER_FIELDS)
        )
        if difference:
            auditor.record(
                "account.identity_provider_changed",
                target=organisation,
                changes=difference,
                request=request,
            )
        messages.success(request, "The identity provider's settings have been saved")
        return redirect("accounts:sign-in-settings")
    if request.method == "POST" and not editing_provider and form.is_valid():
        saved = form.save()
        difference = auditor.diff(before, auditor.snapshot(saved, SETTINGS_FIELDS))
        if difference:
            auditor.record(
                "account.sign_in_settings_changed",
                target=organisation,
                changes=difference,
                request=request,
            )
        messages.success(request, "The sign-in settings have been saved")
        return redirect("accounts:sign-in-settings")
    return render(
        request,
        "accounts/sign_in_settings.jinja",
        {
            "page_title": "Sign-in settings",
            "form": form,
            "provider_form": provider_form,
            "has_errors": bool(provider_form.errors),
            "organisation": organisation,
            "provider": provider,
            "secret_found": bool(provider.pk and provider.client_secret()),
            "callback": settings.SITE_URL
            + reverse(
                "openid_connect_callback", kwargs={"provider_id": f"staff-{organisation.pk}"}
            ),
            "trust_address": settings.SITE_URL
            + reverse(
                "accounts:trust-sign-in", kwargs={"trust": organisation.ods_code or organisation.pk}
            ),
        },
    )
