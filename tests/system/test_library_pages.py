"""Pages the product serves through a library (the API's documentation, Django's refusal of a
form sent without its security token) pass the same accessibility check as our own pages."""

import pytest

from tests.system.conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_documentation_page_is_accessible(page):
    response = page.goto("/api/docs")
    assert response.status == 200
    # Swagger UI draws the page from the OpenAPI document once its script has run.
    page.locator(".swagger-ui .information-container").wait_for()
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.title() == "Coproduce API documentation - Coproduce"
    axe_check(page)
    # An operation opened to read its parameters and replies.
    page.locator(".swagger-ui .opblock-post .opblock-summary-control").first.click()
    page.locator(".swagger-ui .opblock-post .opblock-body").first.wait_for()
    axe_check(page)


def test_a_form_sent_without_its_security_token_is_refused_on_an_accessible_page(page):
    page.goto("/account/sign-in/")
    page.evaluate(
        "document.querySelectorAll('input[name=csrfmiddlewaretoken]').forEach(e => e.remove())"
    )
    page.context.clear_cookies()
    page.get_by_label("Email address").fill("someone@example.org")
    page.get_by_label("Password", exact=True).fill("not-a-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.evaluate("document.documentElement.lang") == "en"
    axe_check(page)
