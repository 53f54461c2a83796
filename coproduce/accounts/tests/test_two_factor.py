"""Two-factor authentication on a password sign-in: who must use it, set-up, codes, lost phones."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from coproduce.accounts.models import SignInSettings
from coproduce.accounts.tests.codes import code_for, give_app, secret_of, wrong_code_for
from coproduce.accounts.tests.factories import PASSWORD
from coproduce.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

SIGN_IN = "/account/sign-in/"
CODE = "/account/sign-in/code/"
SET_UP = "/account/two-factor/set-up/"
RECOVERY = "/account/two-factor/recovery-codes/"


def signed_in_as(client):  # type: ignore[no-untyped-def]
    return client.get("/account/").context and client.session.get("_auth_user_id")


def password(client, user):  # type: ignore[no-untyped-def]
    return client.post(SIGN_IN, {"username": user.email, "password": PASSWORD})


@pytest.mark.parametrize("name", ["alice", "fin"])
def test_administrators_and_finance_set_up_an_app_before_they_are_signed_in(client, personas, name):
    user = getattr(personas, name)
    response = password(client, user)
    assert response["Location"] == CODE
    assert "_auth_user_id" not in client.session
    assert client.get(CODE)["Location"] == SET_UP
    page = client.get(SET_UP)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Set up two-factor authentication" in body and 'src="data:image/svg+xml' in body
    secret = client.session["mfa.totp.secret"]
    assert secret[:4] in body
    assert not AuditEvent.objects.filter(action="account.signed_in").exists()

    wrong = client.post(SET_UP, {"code": wrong_code_for(secret)})
    assert "The code is not right" in wrong.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()

    response = client.post(SET_UP, {"code": code_for(secret)})
    assert response["Location"] == RECOVERY
    codes_page = client.get(RECOVERY).content.decode()
    codes = Authenticator.objects.get(user=user, type="recovery_codes").wrap().get_unused_codes()
    assert len(codes) == 10 and all(code in codes_page for code in codes)
    assert "_auth_user_id" not in client.session
    response = client.post(RECOVERY)
    assert response["Location"] == reverse("pages:home")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert secret_of(user) == secret
    signed_in = AuditEvent.objects.get(action="account.signed_in")
    assert signed_in.changes == {"method": "password and new app code"}
    assert AuditEvent.objects.filter(action="account.two_factor_set_up", target_id=user.pk).exists()


def test_a_code_from_the_app_signs_in_and_a_wrong_one_does_not(client, personas):
    secret, _ = give_app(personas.alice)
    assert password(client, personas.alice)["Location"] == CODE
    wrong = client.post(CODE, {"code": wrong_code_for(secret)})
    body = wrong.content.decode()
    assert wrong.status_code == 200
    assert "<title>Error: Enter your security code - Coproduce</title>" in body
    assert "The code is not right" in body and 'href="#id_code"' in body
    assert "_auth_user_id" not in client.session
    failure = AuditEvent.objects.get(action="account.sign_in_failed")
    assert failure.changes == {"email": "alice@example.org"}
    empty = client.post(CODE, {"code": ""}).content.decode()
    assert "Enter the code from your authenticator app, or a recovery code" in empty

    response = client.post(CODE, {"code": code_for(secret)})
    assert response["Location"] == reverse("pages:home")
    assert client.session["_auth_user_id"] == str(personas.alice.pk)
    event = AuditEvent.objects.get(action="account.signed_in")
    assert event.changes == {"method": "password and app code"}


def test_the_same_app_code_cannot_be_used_twice(client, personas):
    secret, _ = give_app(personas.alice)
    code = code_for(secret)
    password(client, personas.alice)
    client.post(CODE, {"code": code})
    client.logout()
    password(client, personas.alice)
    response = client.post(CODE, {"code": code})
    assert "The code is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_once(client, personas):
    _, codes = give_app(personas.fin)
    password(client, personas.fin)
    response = client.post(CODE, {"code": codes[0]})
    assert response["Location"] == reverse("pages:home")
    assert "You have 9 left" in client.get("/").content.decode()
    client.logout()
    password(client, personas.fin)
    again = client.post(CODE, {"code": codes[0]})
    assert "The code is not right" in again.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_codes_count_towards_the_lock_out(client, personas):
    secret, _ = give_app(personas.alice)
    password(client, personas.alice)
    statuses = [client.post(CODE, {"code": wrong_code_for(secret)}).status_code for _ in range(5)]
    assert statuses[-1] == 429
    # Locked: neither the right code nor the password gets in now.
    assert client.post(CODE, {"code": code_for(secret)}).status_code == 429
    assert password(client, personas.alice).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_code_step_needs_a_password_first(client, personas):
    give_app(personas.alice)
    response = client.get(CODE)
    assert response["Location"] == SIGN_IN
    assert client.get(SET_UP)["Location"] == SIGN_IN
    assert client.get(RECOVERY)["Location"] == SIGN_IN


def test_pool_members_and_other_staff_sign_in_with_a_password_alone(client, personas):
    for user in (personas.pat, personas.sam):
        client.logout()
        response = password(client, user)
        assert response["Location"] == reverse("pages:home"), user
        assert client.session["_auth_user_id"] == str(user.pk)


def test_a_trust_can_ask_every_member_of_staff_for_a_code_but_never_patients(client, personas):
    SignInSettings.objects.create(organisation=personas.trust, two_factor_for_all_staff=True)
    assert password(client, personas.sam)["Location"] == CODE
    client.logout()
    assert password(client, personas.pat)["Location"] == reverse("pages:home")


def test_a_pool_member_may_choose_two_factor_and_is_then_asked_for_it(client, personas):
    client.force_login(personas.pat)
    page = client.get("/account/two-factor/").content.decode()
    assert "Set up two-factor authentication" in page
    client.get(SET_UP)
    secret = client.session["mfa.totp.secret"]
    assert client.post(SET_UP, {"code": code_for(secret)})["Location"] == RECOVERY
    assert client.post(RECOVERY)["Location"] == "/account/two-factor/"
    client.logout()
    assert password(client, personas.pat)["Location"] == CODE
    # And turns it off again: it is not required of them.
    assert client.post(CODE, {"code": code_for(secret)})["Location"] == "/"
    client.post("/account/two-factor/", {"remove": "1"})
    assert not Authenticator.objects.filter(user=personas.pat).exists()


def test_an_administrator_cannot_turn_off_their_own(client, personas):
    give_app(personas.alice)
    client.force_login(personas.alice)
    client.post("/account/two-factor/", {"remove": "1"})
    assert Authenticator.objects.filter(user=personas.alice, type="totp").exists()


def test_an_administrator_resets_a_lost_phone_and_it_is_audited(client, personas):
    give_app(personas.fin)
    client.force_login(personas.alice)
    url = reverse("accounts:user-reset-two-factor", args=[personas.fin.pk])
    response = client.post(url)
    assert response["Location"] == reverse("accounts:user-detail", args=[personas.fin.pk])
    assert not Authenticator.objects.filter(user=personas.fin).exists()
    event = AuditEvent.objects.get(action="account.two_factor_reset")
    assert event.actor_label == "alice@example.org" and event.target_id == str(personas.fin.pk)
    client.logout()
    password(client, personas.fin)
    assert client.get(CODE)["Location"] == SET_UP


@pytest.mark.parametrize("name", ["sam", "fin", "olga"])
def test_only_the_trusts_administrators_can_reset(client, personas, name):
    give_app(personas.alice)
    client.force_login(getattr(personas, name))
    response = client.post(reverse("accounts:user-reset-two-factor", args=[personas.alice.pk]))
    assert response.status_code in (403, 404)
    assert Authenticator.objects.filter(user=personas.alice).count() == 2
    assert not AuditEvent.objects.filter(action="account.two_factor_reset").exists()


def test_the_reset_is_post_only(client, personas):
    client.force_login(personas.alice)
    response = client.get(reverse("accounts:user-reset-two-factor", args=[personas.fin.pk]))
    assert response.status_code == 405
