"""No page answers 500 on an empty or half-set-up installation.

The first administrator signs in on an empty database (after `migrate` and `createsuperuser`)
before any trust exists, and a new trust's people sign in before it has directorates, a payment
policy, a pool or anything else. Every address in the URL conf is opened (its ids naming no
record, so 404 is a fine answer) and sent an empty form, as each of them.
"""

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from coproduce.accounts.models import Role, User
from coproduce.accounts.tests.codes import code_for
from coproduce.accounts.tests.factories import UserFactory
from coproduce.organisations.models import Organisation
from coproduce.pool.tests.factories import member_for
from tests.walking import every_address

pytestmark = pytest.mark.django_db

EMAIL, PASSWORD = "first.admin@example.org", "a long first password 42"
SIGN_IN, SIGN_OUT = "/account/sign-in/", "/account/sign-out/"
CODE, SET_UP = "/account/sign-in/code/", "/account/two-factor/set-up/"
RECOVERY = "/account/two-factor/recovery-codes/"
# The pages that crashed for the first administrator of an empty installation.
FIRST_PAGES = ["/involvement/", "/organisations/", "/pool/me/", "/projects/", "/training/reports/"]
NOT_SET_UP = "Coproduce is not set up yet"


@pytest.fixture
def first_administrator(monkeypatch) -> User:  # type: ignore[no-untyped-def]
    """As `createsuperuser --no-input` makes them, on an empty database."""
    assert not Organisation.objects.exists() and not User.objects.exists()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser", interactive=False, email=EMAIL, full_name="Ada First", verbosity=0
    )
    return User.objects.get(email=EMAIL)


def _signed_in(email: str, password: str = PASSWORD) -> Client:
    """Through the sign-in pages: the password, then (for administrators and finance, whose
    first sign-in this is) setting up an authenticator app and keeping the recovery codes."""
    client = Client(raise_request_exception=False)
    response = client.post(SIGN_IN, {"username": email, "password": password})
    assert response.status_code == 302, response.content
    if response["Location"] == CODE:
        assert client.get(CODE)["Location"] == SET_UP
        assert client.get(SET_UP).status_code == 200
        secret = client.session["mfa.totp.secret"]
        assert client.post(SET_UP, {"code": code_for(secret)})["Location"] == RECOVERY
        assert client.post(RECOVERY).status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email=email).pk)
    return client


def _failures(client: Client) -> list[str]:
    """Every address opened and sent an empty form: the ones that answered 500."""
    failures = []
    for address in every_address():
        if address == SIGN_OUT:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(address)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {address} answered {response.status_code}")
    return failures


# A patient's or carer's own pages refuse an administrator, who is not in the pool.
FOR_POOL_MEMBERS = "/pool/me/"


def _calm(response: Any, page: str) -> bool:
    """200, or a redirect to where the trust is set up (or a calm refusal of a page that is
    only for patients and carers)."""
    if response.status_code == 403:
        return page == FOR_POOL_MEMBERS
    if response.status_code == 302:
        return response["Location"].startswith("/organisations/")
    return response.status_code == 200


def test_the_first_administrator_of_an_empty_installation_opens_every_page(first_administrator):
    client = _signed_in(EMAIL)
    failures = _failures(client)
    assert not failures, "\n".join(failures)
    for page in FIRST_PAGES:
        response = client.get(page)
        assert _calm(response, page), f"{page} answered {response.status_code}"
    # A page that needs a trust says what is missing, who can set it up and where.
    page = client.get("/projects/").content.decode()
    assert NOT_SET_UP in page
    assert "does not belong to an organisation" in page
    assert 'href="/organisations/"' in page


def test_the_people_of_a_trust_with_nothing_in_it_open_every_page(first_administrator):
    trust = Organisation.objects.create(name="New Valley NHS Trust")
    first_administrator.organisation = trust
    first_administrator.save()
    people = [EMAIL]
    for role in Role.values:
        person = UserFactory(organisation=trust, email=f"{role}@example.org", roles=[role])
        person.set_password(PASSWORD)
        person.save()
        people.append(person.email)
    # A patient or carer with their pool record, and one whose record is not made yet.
    with_record = UserFactory(
        organisation=trust, email="in-the-pool@example.org", roles=[Role.POOL_MEMBER]
    )
    with_record.set_password(PASSWORD)
    with_record.save()
    member_for(with_record)
    people.append(with_record.email)

    clients = {email: _signed_in(email) for email in people}
    failures = [
        f"{email}: {failure}" for email, client in clients.items() for failure in _failures(client)
    ]
    assert not failures, "\n".join(failures)
    for page in FIRST_PAGES:
        response = clients[EMAIL].get(page)
        assert _calm(response, page), f"{page} answered {response.status_code}"
