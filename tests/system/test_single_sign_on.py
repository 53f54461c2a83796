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
from contextlib import contextmanager
from pathlib import Path

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from coproduce.accounts.models import IdentityProvider, Role, User
from coproduce.accounts.tests.factories import UserFactory
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


@contextmanager
def _running_provider(people: list[dict[str, object]]) -> Iterator[str]:
    """A real provider on a free port, that requires a nonce; yields its issuer address."""
    port = _free_port()
    command = [*_provider_command(), "-p", str(port), "--require-nonce", "true"]
    for person in people:
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
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def provider(settings, live_server) -> Iterator[str]:
    """The installation's own provider, configured as the environment would."""
    with _running_provider(PEOPLE) as issuer:
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
    assert linked.changes == {
        "subject": "entra-sam",
        "email": "sam@example.org",
        "provider": "trust",
    }
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


# -- Two trusts, each with its own provider (set up on the sign-in settings page) -----------

RIVERSIDE_PEOPLE = [
    {"sub": "riverside-sam", "email": "sam@example.org", "name": "Sam Example"},
    # The other trust's person, as a wrongly set-up (or hostile) tenant might vouch for them.
    {"sub": "riverside-bea", "email": "bea@elsewhere.nhs.uk"},
]
ELSEWHERE_PEOPLE = [{"sub": "elsewhere-bea", "email": "bea@elsewhere.nhs.uk", "name": "Bea E"}]


@pytest.fixture
def two_trusts(page, personas, live_server, settings, monkeypatch):  # type: ignore[no-untyped-def]
    """Two trusts, each with its own provider; the second trust's person Bea."""
    settings.SITE_URL = live_server.url
    monkeypatch.setenv("RIVERSIDE_OIDC_SECRET", "riverside-secret")
    monkeypatch.setenv("ELSEWHERE_OIDC_SECRET", "elsewhere-secret")
    UserFactory(
        email="bea@elsewhere.nhs.uk",
        full_name="Bea Example",
        organisation=personas.other_trust,
        roles=[Role.QI_STAFF],
    )
    with (
        _running_provider(RIVERSIDE_PEOPLE) as riverside,
        _running_provider(ELSEWHERE_PEOPLE) as elsewhere,
    ):
        for organisation, issuer, domain, label, secret in [
            (personas.trust, riverside, "example.org", "Riverside", "RIVERSIDE_OIDC_SECRET"),
            (
                personas.other_trust,
                elsewhere,
                "elsewhere.nhs.uk",
                "Elsewhere",
                "ELSEWHERE_OIDC_SECRET",
            ),
        ]:
            IdentityProvider.objects.create(
                organisation=organisation,
                issuer=issuer,
                client_id=f"coproduce-{label.lower()}",
                client_secret_source=secret,
                button_label=f"Sign in with your {label} account",
                email_domains=domain,
            )
            page.context.route(
                lambda url, issuer=issuer: url.startswith(issuer), lambda route: route.continue_()
            )
        yield page


def _by_address(page, email: str, label: str, sub: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name=f"Sign in with your {label} account").click()
    page.get_by_role("button", name=f"Authorize as {sub}").click()
    page.wait_for_load_state()


def test_each_trusts_staff_sign_in_through_their_own_provider(two_trusts, personas):
    page = two_trusts
    page.goto("/account/sign-in/")
    expect(page.get_by_label("Password", exact=True)).to_have_count(0)
    axe_check(page)

    _by_address(page, "sam@example.org", "Riverside", "riverside-sam")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Sam")
    link = SocialAccount.objects.get(uid="riverside-sam")
    assert (link.user, link.provider) == (personas.sam, f"staff-{personas.trust.pk}")
    # Signing out here signs out at Riverside's provider too.
    page.goto("/account/sign-out/")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("End Session")

    _by_address(page, "bea@elsewhere.nhs.uk", "Elsewhere", "elsewhere-bea")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Bea")
    bea = SocialAccount.objects.get(uid="elsewhere-bea")
    assert bea.provider == f"staff-{personas.other_trust.pk}"
    assert bea.user.organisation == personas.other_trust


def test_a_trusts_provider_cannot_sign_in_another_trusts_person(two_trusts, personas):
    page = two_trusts
    # Riverside's own sign-in address offers its provider straight away.
    page.goto("/account/sign-in/riverside-test-nhs-foundation-trust/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign in to Riverside Test NHS Foundation Trust"
    )
    axe_check(page)
    page.get_by_role("button", name="Sign in with your Riverside account").click()
    page.get_by_role("button", name="Authorize as riverside-bea").click()
    expect(page.locator("main")).to_contain_text("belongs to another organisation")
    assert not SocialAccount.objects.exists()
    refused = AuditEvent.objects.get(action="account.sso_refused")
    assert refused.changes["reason"] == "other_organisation"
    assert refused.organisation == personas.trust
    page.goto("/account/")
    assert "/account/sign-in/" in page.url


def test_an_address_without_a_provider_gets_the_password_form(two_trusts, personas):
    page = two_trusts
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill("pat@elsewhere.example")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign in with your Riverside account")).to_have_count(0)
    expect(page.get_by_label("Email address")).to_have_value("pat@elsewhere.example")
    expect(page.get_by_label("Password", exact=True)).to_be_visible()
    axe_check(page)


def test_an_administrator_sets_up_the_trusts_provider(page, personas):
    from tests.system.conftest import assert_error_summary, sign_in_by_cookie

    sign_in_by_cookie(page, personas.alice)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/account/sign-in-settings/")
    page.get_by_label("Issuer address").fill("http://login.example.org/tenant/v2.0")
    page.get_by_label("Client ID").fill("coproduce")
    page.get_by_label("Where the client secret is kept").fill("the-secret-itself")
    page.get_by_label("Email domains").fill("example.org")
    page.get_by_role("button", name="Save sign-in service").click()
    assert_error_summary(
        page, "The issuer address must start with https://", "Enter the name of an environment"
    )
    axe_check(page)
    assert not IdentityProvider.objects.exists()
    page.get_by_label("Issuer address").fill("https://login.example.org/tenant/v2.0")
    page.get_by_label("Where the client secret is kept").fill("RIVERSIDE_OIDC_SECRET")
    page.get_by_role("button", name="Save sign-in service").click()
    expect(page.locator("main")).to_contain_text("The client secret is not on the server")
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    axe_check(page)
    saved = IdentityProvider.objects.get()
    assert (saved.organisation, saved.client_secret_source) == (
        personas.trust,
        "RIVERSIDE_OIDC_SECRET",
    )
    assert AuditEvent.objects.filter(action="account.identity_provider_changed").count() == 1
