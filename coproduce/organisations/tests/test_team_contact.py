"""Each trust's involvement team has its own contact details, kept by the trust's administrators;
the installation's settings fill in whatever a trust has not set."""

import pytest
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.organisations.contact import team_contact
from coproduce.organisations.models import Organisation
from coproduce.organisations.tests.teams import TeamContacts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fallback_team")]


def _url(organisation: Organisation) -> str:
    return reverse("organisations:team-contact", args=[organisation.pk])


def test_a_trust_that_set_nothing_gets_the_installations_details(personas):
    team = team_contact(personas.trust)
    assert (team.name, team.email, team.phone) == (
        "",
        TeamContacts.FALLBACK_EMAIL,
        TeamContacts.FALLBACK_PHONE,
    )


def test_no_trust_at_all_gets_the_installations_details():
    assert team_contact(None).email == TeamContacts.FALLBACK_EMAIL
    assert team_contact(None).phone == TeamContacts.FALLBACK_PHONE


def test_a_trusts_own_details_come_first_and_each_missing_one_falls_back(personas):
    personas.trust.team_name = TeamContacts.A_NAME
    personas.trust.team_email = "pci@riverside.example.org"
    assert team_contact(personas.trust).name == TeamContacts.A_NAME
    assert team_contact(personas.trust).email == "pci@riverside.example.org"
    assert team_contact(personas.trust).phone == TeamContacts.FALLBACK_PHONE


def test_an_administrator_sets_their_trusts_details_and_it_is_audited(client, personas):
    client.force_login(personas.alice)
    structure = client.get(reverse("organisations:structure")).content.decode()
    assert f"Not set, so {TeamContacts.FALLBACK_EMAIL} is used" in structure
    assert _url(personas.trust) in structure
    response = client.post(
        _url(personas.trust),
        {
            "team_name": " Patient and Carer Involvement Team ",
            "team_email": "PCI@Riverside.Example.org",
            "team_phone": "  020 7946   0123 ",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:structure")
    personas.trust.refresh_from_db()
    assert personas.trust.team_name == TeamContacts.A_NAME
    assert personas.trust.team_email == "pci@riverside.example.org"
    assert personas.trust.team_phone == "020 7946 0123"
    event = AuditEvent.objects.get(action="organisations.team_contact_changed")
    assert event.actor == personas.alice
    assert event.changes["team_email"] == ["", "pci@riverside.example.org"]
    assert event.changes["team_phone"] == ["", "020 7946 0123"]
    shown = client.get(reverse("organisations:structure")).content.decode()
    assert "pci@riverside.example.org" in shown and "020 7946 0123" in shown
    # Another trust is untouched.
    personas.other_trust.refresh_from_db()
    assert personas.other_trust.team_email == ""


def test_clearing_the_details_goes_back_to_the_installations(client, personas):
    Organisation.objects.filter(pk=personas.trust.pk).update(
        team_email="pci@riverside.example.org", team_phone="020 7946 0123"
    )
    client.force_login(personas.alice)
    client.post(_url(personas.trust), {"team_name": "", "team_email": "", "team_phone": ""})
    personas.trust.refresh_from_db()
    assert team_contact(personas.trust).email == TeamContacts.FALLBACK_EMAIL
    assert team_contact(personas.trust).phone == TeamContacts.FALLBACK_PHONE


def test_a_wrong_email_address_or_phone_number_is_explained_and_nothing_changes(client, personas):
    client.force_login(personas.alice)
    response = client.post(
        _url(personas.trust),
        {"team_name": "x" * 101, "team_email": "pci at riverside", "team_phone": "1" * 41},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Change the involvement team" in body
    assert "nhsuk-error-summary" in body
    for message in (
        "Team name must be 100 characters or fewer",
        "Enter an email address in the correct format, like name@example.org",
        "Phone number must be 40 characters or fewer",
    ):
        assert message in body, message
    assert 'href="#id_team_email"' in body
    response = client.post(_url(personas.trust), {"team_phone": "ring the ward"})
    assert "Enter a phone number, like 020 7946 0000" in response.content.decode()
    personas.trust.refresh_from_db()
    assert (personas.trust.team_email, personas.trust.team_phone) == ("", "")
    assert not AuditEvent.objects.filter(action="organisations.team_contact_changed").exists()


@pytest.mark.parametrize("name", ["cora", "leo", "sam", "fin", "pat", "carl"])
def test_only_administrators_change_the_teams_details(client, personas, name):
    client.force_login(getattr(personas, name))
    assert client.get(_url(personas.trust)).status_code == 403
    response = client.post(_url(personas.trust), {"team_email": "someone@example.org"})
    assert response.status_code == 403
    personas.trust.refresh_from_db()
    assert personas.trust.team_email == ""


def test_another_trusts_administrator_cannot_change_them_by_guessing_the_address(client, personas):
    client.force_login(personas.olga)
    assert client.get(_url(personas.trust)).status_code == 403
    response = client.post(_url(personas.trust), {"team_email": "olga@example.org"})
    assert response.status_code == 403
    personas.trust.refresh_from_db()
    assert personas.trust.team_email == ""
    assert not AuditEvent.objects.filter(action="organisations.team_contact_changed").exists()
    # Her own trust's page is hers to change.
    assert client.get(_url(personas.other_trust)).status_code == 200


def test_people_who_are_not_signed_in_are_sent_to_sign_in(client, personas):
    response = client.post(_url(personas.trust), {"team_email": "someone@example.org"})
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]
    personas.trust.refresh_from_db()
    assert personas.trust.team_email == ""


def test_a_trust_that_does_not_exist_is_not_found(client, personas):
    client.force_login(personas.alice)
    assert client.get(reverse("organisations:team-contact", args=[999999])).status_code == 404
