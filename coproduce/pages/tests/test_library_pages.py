"""Pages a library draws for the product (the API's documentation, the refusal of a form sent
without its security token) have a language, a title and the product's content security policy."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_api_documentation_page_says_its_language_and_has_a_title(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "<title>Coproduce API documentation - Coproduce</title>" in body
    assert '"deepLinking": false' in body
    assert "/static/coproduce/api-docs.css" in body


def test_a_form_sent_without_its_token_is_refused_on_our_own_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/sign-in/", {"username": "a@example.org", "password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert '<html lang="en"' in body
    assert "Your form was not sent - Coproduce" in body
    assert "Nothing has been changed" in body
    # No inline style, which the content security policy would block.
    assert "<style" not in body
