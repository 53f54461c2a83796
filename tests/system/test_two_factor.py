"""Two-factor authentication in the browser: set-up, codes, recovery codes, a lost phone, and
where a person is signed in."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from coproduce.accounts.tests.codes import code_for, give_app, secret_of, wrong_code_for
from coproduce.accounts.tests.factories import PASSWORD
from coproduce.audit.models import AuditEvent
from tests.system.conftest import assert_error_summary, axe_check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _password(page, user) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_an_administrator_sets_up_an_app_on_first_sign_in(page, personas):
    _password(page, personas.alice)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    axe_check(page)
    page.get_by_role("button", name="Continue").click()
    assert_error_summary(page, "Enter the 6-digit code from your authenticator app")
    axe_check(page)
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code from your authenticator app").fill(wrong_code_for(secret))
    page.get_by_role("button", name="Continue").click()
    assert_error_summary(page, "The code is not right")
    axe_check(page)
    # The same key is offered after a wrong code, so the app the person set up still fits.
    assert page.locator("#totp-secret").inner_text() == secret
    page.get_by_label("Code from your authenticator app").fill(code_for(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    assert page.locator("#recovery-codes li").count() == 10
    axe_check(page)
    page.get_by_role("button", name="I have saved my recovery codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Alice")
    assert secret_of(personas.alice) == secret.replace(" ", "")
    axe_check(page)


def test_sign_in_with_a_code_and_a_wrong_code(page, personas):
    secret, _ = give_app(personas.alice)
    _password(page, personas.alice)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    axe_check(page)
    page.get_by_label("Security code").fill(wrong_code_for(secret))
    page.get_by_role("button", name="Continue").click()
    assert_error_summary(page, "The code is not right")
    axe_check(page)
    page.get_by_label("Security code").fill(code_for(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Alice")
    axe_check(page)
    methods = AuditEvent.objects.filter(action="account.signed_in").values_list(
        "changes", flat=True
    )
    assert list(methods) == [{"method": "password and app code"}]


def test_a_recovery_code_works_once(page, personas):
    _, codes = give_app(personas.fin)
    _password(page, personas.fin)
    page.get_by_label("Security code").fill(codes[3])
    page.get_by_role("button", name="Continue").click()
    expect(
        page.locator(".nhsuk-notification-banner, .nhsuk-warning-callout").first
    ).to_contain_text("You have 9 left")
    axe_check(page)
    _password(page, personas.fin)
    page.get_by_label("Security code").fill(codes[3])
    page.get_by_role("button", name="Continue").click()
    assert_error_summary(page, "The code is not right")
    axe_check(page)
    assert "_auth_user_id" not in str(page.context.cookies())


def test_an_administrator_resets_a_lost_phone(page, personas):
    give_app(personas.fin)
    sign_in(page, personas.alice, PASSWORD)
    page.goto(f"/account/users/{personas.fin.pk}/")
    axe_check(page)
    page.get_by_role("button", name="Reset two-factor authentication").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "Two-factor authentication for Fin Example has been reset"
    )
    axe_check(page)
    page.get_by_role("link", name="See the history of this account").click()
    expect(page.locator("table")).to_contain_text("account.two_factor_reset")
    axe_check(page)
    _password(page, personas.fin)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    axe_check(page)


def test_a_person_signs_out_everywhere_else_and_an_administrator_ends_anothers(page, personas):
    laptop = Client(HTTP_USER_AGENT="A lost laptop")
    laptop.force_login(personas.sam)
    assert laptop.get("/account/").status_code == 200
    sign_in(page, personas.sam, PASSWORD)
    page.goto("/account/")
    page.get_by_role("link", name="Your sign-ins").click()
    expect(page.locator("table")).to_contain_text("A lost laptop")
    expect(page.locator("table")).to_contain_text("(this browser)")
    axe_check(page)
    page.get_by_role("button", name="Sign out everywhere else").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("signed out everywhere else")
    expect(page.locator("table")).not_to_contain_text("A lost laptop")
    axe_check(page)
    assert laptop.get("/account/").status_code == 302

    laptop.force_login(personas.fin)
    assert laptop.get("/account/").status_code == 200
    give_app(personas.alice)
    page.context.clear_cookies()
    sign_in(page, personas.alice, PASSWORD)
    page.goto(f"/account/users/{personas.fin.pk}/")
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "Fin Example has been signed out everywhere"
    )
    axe_check(page)
    assert laptop.get("/account/").status_code == 302
    event = AuditEvent.objects.get(action="account.sessions_ended", target_id=str(personas.fin.pk))
    assert event.actor_label == "alice@example.org" and event.changes == {"sessions": 1}
