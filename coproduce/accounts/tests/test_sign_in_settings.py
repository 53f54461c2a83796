"""A trust's administrators choose how its people sign in; each change is in the audit log."""

import pytest
from django.urls import reverse

from coproduce.accounts.models import SignInSettings
from coproduce.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = reverse("accounts:sign-in-settings")


def test_an_administrator_switches_on_two_factor_for_all_staff(client, personas):
    client.force_login(personas.alice)
    page = client.get(URL).content.decode()
    assert "Create accounts on first sign-in" in page
    response = client.post(URL, {"two_factor_for_all_staff": "on"})
    assert response["Location"] == URL
    saved = SignInSettings.objects.get(organisation=personas.trust)
    assert saved.two_factor_for_all_staff and not saved.create_accounts_on_first_sign_in
    event = AuditEvent.objects.get(action="account.sign_in_settings_changed")
    assert event.changes == {"two_factor_for_all_staff": [False, True]}
    assert event.organisation == personas.trust
    # Saving again with nothing changed writes nothing more.
    client.post(URL, {"two_factor_for_all_staff": "on"})
    assert AuditEvent.objects.filter(action="account.sign_in_settings_changed").count() == 1


def test_another_trusts_settings_are_its_own(client, personas):
    client.force_login(personas.olga)
    client.post(URL, {"create_accounts_on_first_sign_in": "on"})
    assert SignInSettings.for_organisation(personas.other_trust).create_accounts_on_first_sign_in
    assert not SignInSettings.for_organisation(personas.trust).create_accounts_on_first_sign_in


@pytest.mark.parametrize("name", ["cora", "sam", "fin", "pat"])
def test_only_administrators_see_or_change_them(client, personas, name):
    client.force_login(getattr(personas, name))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"two_factor_for_all_staff": "on"}).status_code == 403
    assert not SignInSettings.objects.exists()


def test_the_sign_in_page_has_no_provider_button_unless_one_is_configured(client, settings, db):
    assert "Sign in with your NHS account" not in client.get("/account/sign-in/").content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "trust",
                    "name": "x",
                    "client_id": "c",
                    "secret": "s",
                    "settings": {"server_url": "https://login.example.org"},
                }
            ]
        }
    }
    settings.OIDC_BUTTON_LABEL = "Sign in with Riverside NHS"
    page = client.get("/account/sign-in/").content.decode()
    assert "Sign in with Riverside NHS" in page
    assert page.index("Sign in with Riverside NHS") < page.index('type="password"')
    assert 'action="/account/sign-in/provider/trust/"' in page


def test_the_provider_sign_in_is_post_only_and_unknown_providers_are_not_found(client, db):
    assert client.get("/account/sign-in/provider/trust/").status_code == 405
    assert client.post("/account/sign-in/provider/trust/").status_code == 404
