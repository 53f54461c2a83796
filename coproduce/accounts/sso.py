"""Single sign-on for staff through the trust's own identity provider (OpenID Connect).

django-allauth does the protocol (ADR 0800): the authorisation code flow with PKCE and state,
the token exchange and the ID token's checks. This module adds what is particular to Coproduce:
a nonce in every request, the ID token's signature always checked against the provider's keys,
the rules that find (or refuse) the Coproduce account for the person the provider vouches for,
the audit log, and the provider's own sign-out.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialAccount, SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.accounts.models import Role, SignInSettings, User
from coproduce.audit import services as auditor
from coproduce.lib.ratelimit import request_address

PROVIDER = "openid_connect"
PROVIDER_ID = "trust"
NONCE_STATE_KEY = "oidc_nonce"
SSO_SESSION_KEY = "coproduce.sso"
ID_TOKEN_SESSION_KEY = "coproduce.sso.id_token"  # noqa: S105 (a session key's name)
STAFF_ROLES = frozenset(Role.values) - {Role.POOL_MEMBER}

# Claims that may carry the person's address, in the order they are tried. Microsoft Entra ID
# sends `email` only when the account has a mailbox address set; `preferred_username` (and
# `upn` in older tokens) is the sign-in name, which the trust's tenant controls.
EMAIL_CLAIMS = ("email", "preferred_username", "upn")


def is_configured() -> bool:
    return bool(settings.SOCIALACCOUNT_PROVIDERS.get(PROVIDER, {}).get("APPS"))


def sign_in_button() -> dict[str, str] | None:
    """What the sign-in page needs to offer the provider, or None when there is none."""
    if not is_configured():
        return None
    return {
        "label": settings.OIDC_BUTTON_LABEL,
        "action": reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID}),
    }


def provider_organisation() -> Any:
    """The trust whose staff sign in through the provider: OIDC_ORGANISATION (its name, short
    name or ODS code), or the only organisation there is."""
    from coproduce.organisations.models import Organisation

    wanted = settings.OIDC_ORGANISATION.strip()
    if wanted:
        for field in ("ods_code", "short_name", "name"):
            found = Organisation.objects.filter(**{f"{field}__iexact": wanted}).first()
            if found is not None:
                return found
        return None
    organisations = list(Organisation.objects.all()[:2])
    return organisations[0] if len(organisations) == 1 else None


# -- Matching the provider's person to a Coproduce account ---------------------------------


@dataclass(frozen=True)
class Decision:
    """What to do with one sign-in through the provider."""

    outcome: str  # "sign_in", "link", "create" or "refuse"
    email: str = ""
    user: User | None = None
    reason: str = ""  # why it was refused

    @property
    def refused(self) -> bool:
        return self.outcome == "refuse"


def _is_false(value: Any) -> bool:
    return value is False or str(value).strip().lower() == "false"


def vouched_email(claims: dict[str, Any]) -> str:
    """The address the provider vouches for, lower-cased, or "" when there is none.

    The trust's own provider holds its staff's addresses, so an address counts unless the
    provider says it has not checked it (`email_verified` false)."""
    if _is_false(claims.get("email_verified", True)):
        return ""
    for claim in EMAIL_CLAIMS:
        value = str(claims.get(claim) or "").strip()
        if not value:
            continue
        try:
            validate_email(value)
        except ValidationError:
            continue
        return value.lower()
    return ""


def decide(
    claims: dict[str, Any],
    *,
    linked_user: User | None,
    organisation: Any,
) -> Decision:
    """The account-matching rules, apart from the database writes that carry them out.

    `linked_user` is the account already linked to this subject at the provider, if any.
    """
    email = vouched_email(claims)
    if linked_user is not None:
        return _check_allowed(linked_user, Decision("sign_in", email or linked_user.email))
    if not str(claims.get("sub") or ""):
        return Decision("refuse", email, reason="no_subject")
    if not email:
        unverified = _is_false(claims.get("email_verified", True))
        return Decision("refuse", "", reason="unverified_email" if unverified else "no_email")
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        if organisation is not None and (
            SignInSettings.for_organisation(organisation).create_accounts_on_first_sign_in
        ):
            return Decision("create", email)
        return Decision("refuse", email, reason="unknown_email")
    if organisation is not None and user.organisation_id not in (None, organisation.pk):
        return Decision("refuse", email, user, reason="other_organisation")
    if SocialAccount.objects.filter(user=user, provider=PROVIDER_ID).exists():
        # Linked already, to another person at the provider: never move a link silently.
        return Decision("refuse", email, user, reason="linked_to_another")
    return _check_allowed(user, Decision("link", email, user))


def _check_allowed(user: User, decision: Decision) -> Decision:
    if not user.is_active:
        return Decision("refuse", decision.email, user, reason="inactive")
    roles = user.role_set()
    if Role.POOL_MEMBER in roles and not roles & STAFF_ROLES:
        # Sign-in through the trust's provider is for staff. A patient or carer signs in with
        # their email address and password, and never gains anything through the provider.
        return Decision("refuse", decision.email, user, reason="pool_member")
    return Decision(decision.outcome, decision.email, user)


def claims_of(sociallogin: Any) -> dict[str, Any]:
    """The ID token's claims with what the userinfo endpoint added."""
    data = sociallogin.account.extra_data or {}
    claims = dict(data.get("userinfo") or {})
    claims.update(data.get("id_token") or {})
    return claims


def _full_name(claims: dict[str, Any], email: str) -> str:
    name = str(claims.get("name") or "").strip()
    if not name:
        name = " ".join(
            str(claims.get(part) or "").strip() for part in ("given_name", "family_name")
        ).strip()
    return (name or email.split("@")[0])[:200]


REFUSAL_REASONS = {
    "unknown_email": "Coproduce does not have an account for {email}.",
    "no_email": "Your organisation's sign-in service did not tell us your email address.",
    "unverified_email": "Your organisation's sign-in service has not confirmed your email address.",
    "no_subject": "Your organisation's sign-in service did not say who you are.",
    "inactive": "The Coproduce account for {email} has been switched off.",
    "pool_member": (
        "Signing in through your organisation is for staff. Patients and carers sign in with "
        "their email address and password."
    ),
    "other_organisation": "The Coproduce account for {email} belongs to another organisation.",
    "linked_to_another": (
        "The Coproduce account for {email} is already linked to another account at your "
        "organisation's sign-in service."
    ),
    "nonce": "The sign-in could not be checked. Please try again.",
}


def refuse(request: HttpRequest, decision: Decision, claims: dict[str, Any]) -> HttpResponse:
    auditor.record(
        "account.sso_refused",
        actor=None,
        target=decision.user,
        target_label=decision.email or str(claims.get("sub") or "")[:200],
        changes={
            "reason": decision.reason,
            "email": decision.email,
            "subject": str(claims.get("sub") or ""),
        },
        organisation=provider_organisation(),
        request=request,
    )
    from coproduce.organisations.contact import show_team_of  # noqa: PLC0415

    show_team_of(request, provider_organisation())
    message = REFUSAL_REASONS.get(decision.reason, REFUSAL_REASONS["no_subject"])
    return render(
        request,
        "accounts/sso_refused.jinja",
        {
            "page_title": "You cannot sign in with this account",
            "reason": message.format(email=decision.email or "this address"),
            "pool_member": decision.reason == "pool_member",
            "unknown": decision.reason in ("unknown_email", "no_email", "unverified_email"),
        },
        status=403,
    )


# -- allauth's adapters ----------------------------------------------------------------


class AccountAdapter(DefaultAccountAdapter):
    """allauth's own sign-in and sign-up pages are not used; its social sign-in is."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_login_stages(self) -> list[str]:
        # No second factor after the trust's provider (it asks for its own), and nothing else:
        # addresses come from the trust and are not verified again by email.
        return []

    def login(self, request: HttpRequest, user: Any) -> None:
        user.backend = "django.contrib.auth.backends.ModelBackend"
        super().login(request, user)

    def get_client_ip(self, request: HttpRequest) -> str:
        return request_address(request, settings.TRUSTED_PROXY_COUNT) or "0.0.0.0"  # noqa: S104

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return reverse(settings.LOGIN_REDIRECT_URL)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        # Accounts are made in pre_social_login, only when the trust allows it.
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        claims = claims_of(sociallogin)
        expected = sociallogin.state.get(NONCE_STATE_KEY)
        if not expected or claims.get("nonce") != expected:
            raise ImmediateHttpResponse(refuse(request, Decision("refuse", reason="nonce"), claims))
        organisation = provider_organisation()
        decision = decide(
            claims,
            linked_user=sociallogin.user if sociallogin.is_existing else None,
            organisation=organisation,
        )
        if decision.refused:
            raise ImmediateHttpResponse(refuse(request, decision, claims))
        if decision.outcome == "create":
            from coproduce.accounts import services  # noqa: PLC0415

            user = services.create_user(
                organisation=organisation,
                full_name=_full_name(claims, decision.email),
                email=decision.email,
                roles=[],
                by=None,
                send_invite=False,
            )
            decision = Decision("link", decision.email, user)
        if decision.outcome == "link":
            assert decision.user is not None  # noqa: S101
            sociallogin.connect(request, decision.user)
            auditor.record(
                "account.sso_linked",
                actor=decision.user,
                target=decision.user,
                changes={"subject": str(claims.get("sub")), "email": decision.email},
                request=request,
            )

    def on_authentication_error(self, request: HttpRequest, provider: Any, **kwargs: Any) -> None:
        error = kwargs.get("error")
        exception = kwargs.get("exception")
        auditor.record(
            "account.sso_failed",
            actor=None,
            target_label=str(getattr(provider, "name", "")),
            changes={"error": str(error or ""), "detail": str(exception or "")[:200]},
            request=request,
        )


# -- The protocol views: allauth's, with a nonce and the signature always checked -----------


class VerifyingOIDCAdapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request: HttpRequest, app: SocialApp, token: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        # Kept for the sign-in's session, to tell the provider whose session to end on sign-out.
        request.oidc_id_token = (kwargs.get("response") or {}).get("id_token", "")  # type: ignore[attr-defined]
        return super().complete_login(request, app, token, **kwargs)

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        # allauth may skip the signature for a token fetched straight from the provider; the
        # trust's information governance asks for it to be checked all the same.
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )


def _unavailable(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/sso_unavailable.jinja",
        {"page_title": "Sorry, signing in through your organisation is not working"},
        status=503,
    )


@require_POST
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Send the browser to the provider: a POST from the sign-in page, so no link can start it."""
    adapter = VerifyingOIDCAdapter(request, provider_id)
    try:
        provider = adapter.get_provider()
    except SocialApp.DoesNotExist as missing:
        raise Http404 from missing
    nonce = secrets.token_urlsafe(32)
    kwargs = provider.get_redirect_from_request_kwargs(request)
    kwargs["auth_params"] = {**kwargs.get("auth_params", {}), "nonce": nonce}
    try:
        return provider.redirect(request, **kwargs, **{NONCE_STATE_KEY: nonce})
    except requests.RequestException:
        return _unavailable(request)


def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    adapter = VerifyingOIDCAdapter(request, provider_id)
    try:
        return OAuth2CallbackView.adapter_view(adapter)(request)
    except SocialApp.DoesNotExist as missing:
        raise Http404 from missing
    except requests.RequestException:
        return _unavailable(request)


# -- Signing out at the provider too -------------------------------------------------------


def _end_session_endpoint(request: HttpRequest) -> str:
    key = "coproduce.oidc.end_session_endpoint"
    endpoint = cache.get(key)
    if endpoint is None:
        try:
            config = VerifyingOIDCAdapter(request, PROVIDER_ID).openid_config
        except (requests.RequestException, ValueError, SocialApp.DoesNotExist):
            return ""
        endpoint = str(config.get("end_session_endpoint") or "")
        cache.set(key, endpoint, 60 * 60)
    return endpoint


def provider_sign_out_url(request: HttpRequest) -> str:
    """Where to send someone who signed in through the provider when they sign out here, so
    they sign out there too; "" when they did not, or the provider offers no such address."""
    if not is_configured() or not request.session.get(SSO_SESSION_KEY):
        return ""
    endpoint = _end_session_endpoint(request)
    if not endpoint:
        return ""
    params = {
        "client_id": settings.OIDC_CLIENT_ID,
        "post_logout_redirect_uri": settings.SITE_URL + reverse("accounts:signed-out"),
    }
    if request.session.get(ID_TOKEN_SESSION_KEY):
        params["id_token_hint"] = request.session[ID_TOKEN_SESSION_KEY]
    query = urlencode(params)
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
