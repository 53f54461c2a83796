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

from coproduce.accounts.models import IdentityProvider, Role, SignInSettings, User
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


# -- Trusts' own providers (set up on the sign-in settings page) --------------------------


def trust_providers() -> list[IdentityProvider]:
    """The trusts' own staff providers that are switched on and have their secret."""
    found = IdentityProvider.objects.filter(
        enabled=True, audience=IdentityProvider.Audience.STAFF
    ).select_related("organisation")
    return [provider for provider in found if provider.client_secret()]


def trust_provider(provider_id: str) -> IdentityProvider | None:
    audience, _, organisation_id = provider_id.partition("-")
    if audience not in IdentityProvider.Audience.values or not organisation_id.isdigit():
        return None
    for provider in trust_providers():
        if provider.provider_id == provider_id:
            return provider
    return None


def providers_for_email(email: str) -> list[IdentityProvider]:
    """The trusts' providers offered to someone with this address, by its domain (a domain
    such as nhs.net may be shared by several trusts: each is offered)."""
    domain = email.strip().lower().rpartition("@")[2]
    if not domain:
        return []
    return [p for p in trust_providers() if domain in p.domain_list()]


def button_for(provider: IdentityProvider) -> dict[str, str]:
    return {
        "label": provider.button_label,
        "organisation": provider.organisation.name,
        "action": reverse("openid_connect_login", kwargs={"provider_id": provider.provider_id}),
        "origin": _origin(provider.issuer),
    }


def _origin(url: str) -> str:
    from urllib.parse import urlsplit  # noqa: PLC0415

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def social_app(provider: IdentityProvider) -> SocialApp:
    """allauth's app for a trust's provider, built afresh (never saved) with its secret."""
    return SocialApp(
        provider=PROVIDER,
        provider_id=provider.provider_id,
        name=provider.button_label,
        client_id=provider.client_id,
        secret=provider.client_secret(),
        settings={
            "server_url": provider.issuer.rstrip("/"),
            "scope": provider.scope_list(),
            "oauth_pkce_enabled": True,
            "fetch_userinfo": True,
        },
    )


def organisation_of_provider(provider_id: str) -> Any:
    """The trust whose staff sign in through this provider (the installation's own provider's
    trust is OIDC_ORGANISATION)."""
    if provider_id == PROVIDER_ID:
        return provider_organisation()
    found = trust_provider(provider_id)
    return found.organisation if found is not None else None


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
    provider_id: str = PROVIDER_ID,
) -> Decision:
    """The account-matching rules, apart from the database writes that carry them out.

    `linked_user` is the account already linked to this subject at the provider, if any.
    A trust's own provider (not the installation's) vouches only for that trust's people: an
    account of another trust, or of none, is never signed in through it.
    """
    email = vouched_email(claims)
    own_trust_only = provider_id != PROVIDER_ID
    if own_trust_only and organisation is None:
        return Decision("refuse", email, linked_user, reason="other_organisation")
    if linked_user is not None:
        if own_trust_only and linked_user.organisation_id != organisation.pk:
            return Decision("refuse", email, linked_user, reason="other_organisation")
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
    allowed = {organisation.pk} if own_trust_only else {None, getattr(organisation, "pk", None)}
    if organisation is not None and user.organisation_id not in allowed:
        return Decision("refuse", email, user, reason="other_organisation")
    if SocialAccount.objects.filter(user=user, provider=provider_id).exists():
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


def refuse(
    request: HttpRequest, decision: Decision, claims: dict[str, Any], organisation: Any = None
) -> HttpResponse:
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
        organisation=organisation,
        request=request,
    )
    from coproduce.organisations.contact import show_team_of  # noqa: PLC0415

    show_team_of(request, organisation)
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
        provider_id = sociallogin.account.provider
        organisation = organisation_of_provider(provider_id)
        expected = sociallogin.state.get(NONCE_STATE_KEY)
        if not expected or claims.get("nonce") != expected:
            nonce = Decision("refuse", reason="nonce")
            raise ImmediateHttpResponse(refuse(request, nonce, claims, organisation))
        decision = decide(
            claims,
            linked_user=sociallogin.user if sociallogin.is_existing else None,
            organisation=organisation,
            provider_id=provider_id,
        )
        if decision.refused:
            raise ImmediateHttpResponse(refuse(request, decision, claims, organisation))
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
                changes={
                    "subject": str(claims.get("sub")),
                    "email": decision.email,
                    "provider": provider_id,
                },
                request=request,
            )

    def list_apps(
        self, request: HttpRequest, provider: Any = None, client_id: Any = None
    ) -> list[SocialApp]:
        # The installation's own provider (from the environment), then the trusts' own.
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        for found in trust_providers():
            if provider not in (None, PROVIDER, found.provider_id):
                continue
            if client_id and client_id != found.client_id:
                continue
            apps.append(social_app(found))
        return apps

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


def _end_session_endpoint(request: HttpRequest, provider_id: str) -> str:
    key = f"coproduce.oidc.end_session_endpoint.{provider_id}"
    endpoint = cache.get(key)
    if endpoint is None:
        try:
            config = VerifyingOIDCAdapter(request, provider_id).openid_config
        except (requests.RequestException, ValueError, SocialApp.DoesNotExist):
            return ""
        endpoint = str(config.get("end_session_endpoint") or "")
        cache.set(key, endpoint, 60 * 60)
    return endpoint


def provider_sign_out_url(request: HttpRequest) -> str:
    """Where to send someone who signed in through the provider when they sign out here, so
    they sign out there too; "" when they did not, or the provider offers no such address."""
    provider_id = signed_in_through(request)
    if not provider_id:
        return ""
    if provider_id == PROVIDER_ID:
        if not is_configured():
            return ""
        client_id = settings.OIDC_CLIENT_ID
    else:
        found = trust_provider(provider_id)
        if found is None:
            return ""
        client_id = found.client_id
    endpoint = _end_session_endpoint(request, provider_id)
    if not endpoint:
        return ""
    params = {
        "client_id": client_id,
        "post_logout_redirect_uri": settings.SITE_URL + reverse("accounts:signed-out"),
    }
    if request.session.get(ID_TOKEN_SESSION_KEY):
        params["id_token_hint"] = request.session[ID_TOKEN_SESSION_KEY]
    query = urlencode(params)
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def signed_in_through(request: HttpRequest) -> str:
    """The id of the provider this sign-in came through, or "" for a password."""
    value = request.session.get(SSO_SESSION_KEY)
    if not value:
        return ""
    return value if isinstance(value, str) else PROVIDER_ID


def sign_out_origin(request: HttpRequest) -> str:
    """The origin of a trust's provider the sign-out form sends the browser on to, if any."""
    provider_id = signed_in_through(request)
    found = trust_provider(provider_id) if provider_id and provider_id != PROVIDER_ID else None
    return _origin(found.issuer) if found is not None else ""
