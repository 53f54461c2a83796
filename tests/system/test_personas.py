"""Every demo persona signs in through the real page, sees what their role allows and is refused
the rest, and every page they meet passes the accessibility check."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from coproduce.demo import DEMO_PASSWORD
from tests.system.conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PAGES = ["/account/users/", "/organisations/", "/audit/"]

PERSONAS = {
    "admin@example.org": {"allowed": ADMIN_PAGES, "refused": []},
    "coordinator@example.org": {"allowed": [], "refused": ADMIN_PAGES},
    "lead@example.org": {"allowed": [], "refused": ADMIN_PAGES},
    "staff@example.org": {"allowed": [], "refused": ADMIN_PAGES},
    "finance@example.org": {"allowed": [], "refused": ADMIN_PAGES},
    "patient@example.org": {"allowed": [], "refused": ADMIN_PAGES},
    "carer@example.org": {"allowed": [], "refused": ADMIN_PAGES},
}


def test_each_demo_persona_sees_their_pages_and_is_refused_the_rest(page):
    call_command("demo", "--quiet")
    for email, expected in PERSONAS.items():
        page.context.clear_cookies()
        page.goto("/account/sign-in/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        assert page.get_by_role("heading", level=1).inner_text().startswith("Hello, "), email
        axe_check(page)
        page.goto("/account/")
        assert email in page.content()
        axe_check(page)
        for path in expected["allowed"]:
            response = page.goto(path)
            assert response.status == 200, (email, path)
            axe_check(page)
        for path in expected["refused"]:
            response = page.goto(path)
            assert response.status == 403, (email, path)
            assert page.get_by_role("heading", level=1).inner_text() == "You cannot see this page"
            axe_check(page)
        menu = page.get_by_role("navigation", name="Main menu")
        if expected["allowed"]:
            assert menu.get_by_role("link", name="Audit log").count() == 1
        elif menu.count():
            assert menu.get_by_role("link", name="Audit log").count() == 0


def test_an_administrator_changes_a_persons_roles_and_finds_it_in_the_audit_log(page):
    call_command("demo", "--quiet")
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill("admin@example.org")
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Users", exact=True).first.click()
    axe_check(page)
    page.get_by_role("link", name="Sam Patel").click()
    axe_check(page)
    page.get_by_label("Project lead").check()
    page.get_by_role("button", name="Save roles").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "Roles for Sam Patel have been saved"
    )
    axe_check(page)
    page.get_by_role("link", name="See the history of this account").click()
    expect(page.locator("table")).to_contain_text("account.roles_changed")
    axe_check(page)
    page.goto("/no-such-page/")
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    axe_check(page)
