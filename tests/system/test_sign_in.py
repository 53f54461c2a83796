import pytest

from coproduce.accounts.tests.factories import PASSWORD
from tests.system.conftest import assert_error_summary, axe_check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_signs_in_and_out(page, personas):
    page.goto("/")
    axe_check(page)
    page.get_by_role("link", name="Sign in").first.click()
    axe_check(page)
    sign_in(page, personas.alice, PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Alice"
    axe_check(page)
    page.get_by_role("link", name="Sign out").click()
    axe_check(page)
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You have signed out"
    axe_check(page)


def test_a_wrong_password_shows_the_error_summary_with_focus(page, personas):
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill("alice@example.org")
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert_error_summary(page, "Enter a correct email address and password")
    axe_check(page)
