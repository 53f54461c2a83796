"""An administrator sets their trust's involvement team contact details, and the trust's patients
and carers see them on the help pages."""

import pytest

from tests.system.conftest import assert_error_summary, axe_check, sign_in_by_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_sets_the_teams_details_and_a_patient_sees_them(page, personas):
    page.goto("/")
    sign_in_by_cookie(page, personas.alice)
    page.goto("/organisations/")
    axe_check(page)
    page.get_by_role("link", name="Change team email address").click()
    axe_check(page)
    page.get_by_label("Team name (optional)").fill("Patient and Carer Involvement Team")
    page.get_by_label("Email address (optional)").fill("pci at riverside")
    page.get_by_label("Phone number (optional)").fill("020 7946 0123")
    page.get_by_role("button", name="Save").click()
    assert_error_summary(
        page, "Enter an email address in the correct format, like name@example.org"
    )
    axe_check(page)
    page.get_by_label("Email address (optional)").fill("pci@riverside.example.org")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The involvement team's contact details have been saved").wait_for()
    assert "pci@riverside.example.org" in page.content()
    axe_check(page)

    page.context.clear_cookies()
    sign_in_by_cookie(page, personas.pat)
    page.goto("/contact/")
    body = page.locator("main").inner_text()
    assert "Team: Patient and Carer Involvement Team" in body
    assert "pci@riverside.example.org" in body and "020 7946 0123" in body
    axe_check(page)
