import re

import pytest
from django.core import mail

from coproduce.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _link_from(message: str) -> str:
    match = re.search(r"http://[^\s]+/account/password-reset/[^\s]+/", message)
    assert match, message
    return match.group(0).split("8000", 1)[1] if "8000" in match.group(0) else match.group(0)


def test_it_emails_a_link_that_sets_a_new_password(client, personas):
    response = client.post("/account/password-reset/", {"email": "alice@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your Coproduce password"
    link = _link_from(mail.outbox[0].body)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "three random words", "new_password2": "three random words"},
    )
    assert response.status_code == 302
    personas.alice.refresh_from_db()
    assert personas.alice.check_password("three random words")
    assert AuditEvent.objects.filter(action="account.password_reset").count() == 1


def test_it_does_not_reveal_whether_an_address_has_an_account(client, db):
    response = client.post("/account/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0
    page = client.get(response["Location"]).content.decode()
    assert "If there is an account with that email address" in page


def test_a_used_link_cannot_be_used_again(client, personas):
    client.post("/account/password-reset/", {"email": "alice@example.org"})
    link = _link_from(mail.outbox[0].body)
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "three random words", "new_password2": "three random words"},
    )
    again = client.get(link, follow=True).content.decode()
    assert "This link has expired" in again


def test_a_mismatched_new_password_is_refused_with_a_clear_message(client, personas):
    client.post("/account/password-reset/", {"email": "alice@example.org"})
    page = client.get(_link_from(mail.outbox[0].body), follow=True)
    response = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "three random words", "new_password2": "three random birds"},
    )
    assert "The two passwords do not match" in response.content.decode()


def test_a_signed_in_person_changes_their_password(client, personas):
    from coproduce.accounts.tests.factories import PASSWORD

    client.force_login(personas.sam)
    response = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a fresh long phrase",
            "new_password2": "a fresh long phrase",
        },
    )
    assert response.status_code == 302
    personas.sam.refresh_from_db()
    assert personas.sam.check_password("a fresh long phrase")
    assert "_auth_user_id" in client.session  # still signed in after the change
    assert AuditEvent.objects.filter(action="account.password_changed").count() == 1


def test_a_wrong_current_password_is_refused(client, personas):
    client.force_login(personas.sam)
    response = client.post(
        "/account/password/",
        {
            "old_password": "nope",
            "new_password1": "a fresh phrase",
            "new_password2": "a fresh phrase",
        },
    )
    assert "Your current password is not correct" in response.content.decode()
