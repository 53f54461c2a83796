"""What a sign-in through the provider does once allauth has checked the provider's answer."""

import pytest
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory, override_settings

from coproduce.accounts.models import SignInSettings, User
from coproduce.accounts.sso import SocialAccountAdapter
from coproduce.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _provider(settings):  # type: ignore[no-untyped-def]
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "trust",
                    "name": "Sign in with your NHS account",
                    "client_id": "c",
                    "secret": "s",
                    "settings": {"server_url": "https://login.example.org"},
                }
            ]
        }
    }


def _request():  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/account/sign-in/provider/trust/callback/")
    request.session = SessionStore()
    request.user = AnonymousUser()
    return request


def _login(claims, nonce="expected"):  # type: ignore[no-untyped-def]
    account = SocialAccount(
        provider="trust", uid=claims["sub"], extra_data={"id_token": claims, "userinfo": {}}
    )
    sociallogin = SocialLogin(account=account, user=User(email=claims.get("email", "")))
    sociallogin.state = {"oidc_nonce": nonce}
    return sociallogin


def test_an_id_token_without_the_nonce_sent_is_refused(personas):
    sociallogin = _login({"sub": "s1", "email": "sam@example.org", "nonce": "replayed"})
    with pytest.raises(ImmediateHttpResponse) as refused:
        SocialAccountAdapter().pre_social_login(_request(), sociallogin)
    assert refused.value.response.status_code == 403
    assert AuditEvent.objects.get(action="account.sso_refused").changes["reason"] == "nonce"
    assert not SocialAccount.objects.exists()


def test_the_trust_makes_an_account_with_no_role_when_switched_on(personas):
    SignInSettings.objects.create(
        organisation=personas.trust, create_accounts_on_first_sign_in=True
    )
    claims = {
        "sub": "s2",
        "email": "new.starter@example.org",
        "given_name": "New",
        "family_name": "Starter",
        "nonce": "expected",
    }
    sociallogin = _login(claims)
    with override_settings(OIDC_ORGANISATION=personas.trust.name):
        SocialAccountAdapter().pre_social_login(_request(), sociallogin)
    user = User.objects.get(email="new.starter@example.org")
    assert user.full_name == "New Starter" and user.organisation == personas.trust
    assert user.role_set() == frozenset()
    assert not user.has_usable_password()
    assert SocialAccount.objects.get(provider="trust", uid="s2").user == user
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"account.created", "account.sso_linked"} <= actions


def test_without_the_switch_an_unknown_address_makes_nothing(personas):
    sociallogin = _login({"sub": "s3", "email": "new.starter@example.org", "nonce": "expected"})
    with pytest.raises(ImmediateHttpResponse):
        SocialAccountAdapter().pre_social_login(_request(), sociallogin)
    assert not User.objects.filter(email="new.starter@example.org").exists()


def test_an_answer_from_the_provider_with_an_unknown_state_changes_nothing(client, personas):
    response = client.get(
        "/account/sign-in/provider/trust/callback/", {"code": "stolen", "state": "made-up"}
    )
    body = response.content.decode()
    assert "You could not be signed in" in body and "nhsuk-header" in body
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="account.sso_failed").exists()
    assert not SocialAccount.objects.exists()


def test_leaving_the_provider_part_way_shows_a_calm_page(client, db):
    response = client.get("/account/sign-in/provider/cancelled/")
    assert response.status_code == 200
    assert "You did not finish signing in" in response.content.decode()
