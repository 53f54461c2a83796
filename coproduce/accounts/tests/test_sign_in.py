import pytest
from django.urls import reverse

from coproduce.accounts.tests.factories import PASSWORD
from coproduce.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

SIGN_IN = "/account/sign-in/"


def test_the_sign_in_page_asks_for_email_address_and_password(client):
    page = client.get(SIGN_IN).content.decode()
    assert ">\n    Email address\n" in page or "Email address" in page
    assert 'type="email"' in page
    assert 'type="password"' in page
    assert "Sign in</button>" in page or ">Sign in<" in page.replace("\n", "").replace("  ", "")


def test_it_signs_in_by_email_regardless_of_case(client, personas):
    # Sam is QI staff, who need no second step unless the trust asks for it.
    response = client.post(SIGN_IN, {"username": "SAM@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:home")
    assert "Hello, Sam" in client.get("/").content.decode()


def test_a_wrong_password_shows_one_calm_message_and_an_error_title(client, personas):
    response = client.post(SIGN_IN, {"username": "alice@example.org", "password": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter a correct email address and password" in body
    assert "<title>Error: Sign in - Coproduce</title>" in body


def test_empty_fields_are_named_in_the_error_summary(client, db):
    body = client.post(SIGN_IN, {"username": "", "password": ""}).content.decode()
    assert 'href="#id_username"' in body and "Enter your email address" in body
    assert 'href="#id_password"' in body and "Enter your password" in body


def test_it_records_sign_ins_and_failures_in_the_audit_log(client, personas):
    client.post(SIGN_IN, {"username": "sam@example.org", "password": "wrong"})
    client.post(SIGN_IN, {"username": "sam@example.org", "password": PASSWORD})
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "actor_label"))
    assert actions == [
        ("account.sign_in_failed", "system"),
        ("account.signed_in", "sam@example.org"),
    ]
    failure = AuditEvent.objects.get(action="account.sign_in_failed")
    assert failure.changes == {"email": "sam@example.org"}
    assert AuditEvent.objects.get(action="account.signed_in").changes == {"method": "password"}
    assert "wrong" not in str(failure.changes)


def test_it_locks_out_after_repeated_failures_even_with_the_right_password(client, personas):
    for _ in range(5):
        client.post(SIGN_IN, {"username": "alice@example.org", "password": "wrong"})
    response = client.post(SIGN_IN, {"username": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Try again later" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_inactive_account_cannot_sign_in(client, personas):
    personas.sam.is_active = False
    personas.sam.save()
    response = client.post(SIGN_IN, {"username": "sam@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_a_post_and_then_ends_the_session(client, personas):
    client.force_login(personas.alice)
    assert client.get("/account/sign-out/").status_code == 200
    assert "_auth_user_id" in client.session
    response = client.post("/account/sign-out/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="account.signed_out").count() == 1


def test_it_does_not_redirect_to_another_site_after_sign_in(client, personas):
    response = client.post(
        SIGN_IN + "?next=https://evil.example.com/",
        {
            "username": "sam@example.org",
            "password": PASSWORD,
            "next": "https://evil.example.com/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:home")
