"""Staff sign in through a real OpenID Connect provider (oidc-provider-mock, run on a free port):
a known member of staff is linked and signed in, an unknown address and a patient are refused,
and each step is in the audit log."""

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from coproduce.accounts.models import User
from coproduce.audit.models import AuditEvent
from tests.system.conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = [
    {"sub": "entra-sam", "preferred_username": "sam@example.org", "name": "Sam Example"},
    {"sub": "entra-alice", "email": "alice@example.org", "email_verified": True},
    {"sub": "entra-stranger", "email": "stranger@example.org", "name": "A Stranger"},
    {"sub": "entra-pat", "email": "pat@example.org"},
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _provider_command() -> list[str]:
    installed = Path(sys.executable).with_name("oidc-provider-mock")
    if installed.exists():
        return [str(installed)]
    found = shutil.which("oidc-provider-mock")
    if found is None:
        pytest.fail("oidc-provider-mock is not installed (pip install -e '.[dev]')")
    return [found]


@pytest.fixture
def provider(settings, live_server) -> Iterator[str]:
    """A real provider on a free port, that requires a nonce; the site configured to use it."""
    port = _free_port()
    command = [*_provider_command(), "-p", str(port), "--require-nonce", "true"]
    for person in PEOPLE:
        command += ["--user-claims", json.dumps(person)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    issuer = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration") as r:  # noqa: S310
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the OpenID Connect provider did not start")
        settings.SITE_URL = live_server.url
        settings.SECURE_CSP = {
            **settings.SECURE_CSP,
            "form-action": [*settings.SECURE_CSP["form-action"], issuer],
        }
        settings.OIDC_CLIENT_ID = "coproduce-test"
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": "trust",
                        "name": settings.OIDC_BUTTON_LABEL,
                        "client_id": "coproduce-test",
                        "secret": "not-a-real-secret",
                        "settings": {"server_url": issuer, "oauth_pkce_enabled": True},
                    }
                ],
            }
        }
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso_page(page, provider):  # type: ignore[no-untyped-def]
    # The browser may reach the provider (its page's stylesheet, on a CDN, stays blocked).
    page.context.route(lambda url: url.startswith(provider), lambda route: route.continue_())
    return page


def _through_the_provider(page, sub: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto("/account/sign-in/")
    page.get_by_role("button", name="Sign in with your NHS account").click()
    page.get_by_role("button", name=f"Authorize as {sub}").click()
    page.wait_for_load_state()


def test_the_sign_in_page_offers_the_provider_above_the_password_form(sso_page, personas):
    sso_page.goto("/account/sign-in/")
    buttons = sso_page.get_by_role("button")
    assert buttons.first.inner_text() == "Sign in with your NHS account"
    expect(sso_page.get_by_label("Password", exact=True)).to_be_visible()
    axe_check(sso_page)


def test_a_member_of_staff_is_linked_by_address_then_found_by_subject(sso_page, personas):
    _through_the_provider(sso_page, "entra-sam")
    expect(sso_page.get_by_role("heading", level=1)).to_have_text("Hello, Sam")
    axe_check(sso_page)
    link = SocialAccount.objects.get(provider="trust", uid="entra-sam")
    assert link.user == personas.sam
    linked = AuditEvent.objects.get(action="account.sso_linked")
    assert linked.target_id == str(personas.sam.pk)
    assert linked.changes == {"subject": "entra-sam", "email": "sam@example.org"}
    signed_in = AuditEvent.objects.get(action="account.signed_in")
    assert signed_in.changes == {"method": "identity provider"}

    # Signing out here signs out at the provider too, which comes back to the site.
    sso_page.goto("/account/sign-out/")
    sso_page.get_by_role("button", name="Sign out").click()
    expect(sso_page.get_by_role("heading", level=1)).to_have_text("End Session")
    sso_page.get_by_role("button", name="End session").click()
    expect(sso_page.get_by_role("heading", level=1)).to_have_text("You have signed out")

    # The second time the subject finds the account; nothing is linked again.
    _through_the_provider(sso_page, "entra-sam")
    expect(sso_page.get_by_role("heading", level=1)).to_have_text("Hello, Sam")
    assert AuditEvent.objects.filter(action="account.sso_linked").count() == 1
    assert AuditEvent.objects.filter(action="account.signed_in").count() == 2


def test_an_administrator_is_not_asked_for_a_second_code(sso_page, personas):
    _through_the_provider(sso_page, "entra-alice")
    expect(sso_page.get_by_role("heading", level=1)).to_have_text("Hello, Alice")


def test_an_unknown_address_is_refused_and_no_account_is_made(sso_page, personas):
    accounts = User.objects.count()
    _through_the_provider(sso_page, "entra-stranger")
    expect(sso_page.get_by_role("heading", level=1)).to_have_text(
        "You cannot sign in with this account"
    )
    expect(sso_page.locator("main")).to_contain_text("Ask an administrator of Coproduce")
    expect(sso_page.locator("main")).to_contain_text("stranger@example.org")
    axe_check(sso_page)
    assert User.objects.count() == accounts
    assert not SocialAccount.objects.exists()
    refused = AuditEvent.objects.get(action="account.sso_refused")
    assert refused.changes == {
        "reason": "unknown_email",
        "email": "stranger@example.org",
        "subject": "entra-stranger",
    }
    assert not AuditEvent.objects.filter(action="account.signed_in").exists()
    sso_page.goto("/account/")
    assert "/account/sign-in/" in sso_page.url


def test_a_patient_is_refused_and_told_to_use_their_password(sso_page, personas):
    _through_the_provider(sso_page, "entra-pat")
    expect(sso_page.locator("main")).to_contain_text(
        "Signing in through your organisation is for staff"
    )
    axe_check(sso_page)
    assert not SocialAccount.objects.exists()
    assert AuditEvent.objects.get(action="account.sso_refused").changes["reason"] == "pool_member"
