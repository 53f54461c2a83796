"""Every demo persona signs in through the real page, opens every page their menu offers, is
refused the pages of other roles, and every page they meet passes the accessibility check."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from coproduce.accounts.models import User
from coproduce.operations.demo import DEMO_PASSWORD
from tests.system.conftest import axe_check, complete_two_factor
from tests.walking import DEMO_SIGN_INS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Pages that belong to particular roles, with the permission the page must enforce.
GUARDED = [
    ("accounts:user-list", "accounts.manage_users"),
    ("organisations:structure", "organisations.manage_structure"),
    ("audit:log", "audit.view_log"),
    ("pool:list", "pool.view_member_list"),
    ("payments:batch-list", "payments.view_batches"),
    ("payments:claim-list", "payments.view_claim_list"),
    ("support:request-list", "support.view_queue"),
    ("involvement:dashboard", "involvement.view_dashboard"),
    ("projects:list", "projects.view_project_list"),
    ("pool:my-involvement", "pool.view_own_pages"),
]


def _sign_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    complete_two_factor(page, email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, ")


def test_each_demo_persona_opens_their_pages_and_is_refused_the_rest(page):
    call_command("demo", "--quiet")
    for email in DEMO_SIGN_INS:
        user = User.objects.get(email=email)
        _sign_in(page, email)
        axe_check(page)
        menu_links = page.get_by_role("navigation", name="Main menu").get_by_role("link")
        hrefs = [menu_links.nth(i).get_attribute("href") for i in range(menu_links.count())]
        assert hrefs, f"{email} has an empty menu"
        for href in hrefs:
            response = page.goto(href)
            assert response.status == 200, (email, href, response.status)
            axe_check(page)
        page.goto("/account/")
        assert email in page.content()
        axe_check(page)
        for url_name, permission in GUARDED:
            path = reverse(url_name)
            response = page.goto(path)
            if user.has_perm(permission):
                assert response.status == 200, (email, path, response.status)
            else:
                assert response.status == 403, (email, path, response.status)
                expect(page.get_by_role("heading", level=1)).to_have_text(
                    "You cannot see this page"
                )
            axe_check(page)


def test_an_administrator_changes_a_persons_roles_and_finds_it_in_the_audit_log(page):
    call_command("demo", "--quiet")
    _sign_in(page, "admin@example.org")
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
