"""The organisation's involvement team contact: everyone of the trust reads it, as the pages show
it; only the trust's administrators change it, by the page's form rules, and it is audited."""

import pytest

from coproduce.api.tests.helpers import assert_refused, problem_fields
from coproduce.audit.models import AuditEvent
from coproduce.organisations.models import Organisation
from coproduce.organisations.tests.teams import TeamContacts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fallback_team")]

URL = "/api/organisation/team-contact"
ACTION = "organisations.team_contact_changed"
EVERYONE = ["alice", "cora", "leo", "sam", "fin", "pat", "carl"]


def _stored(organisation: Organisation) -> tuple[str, str, str]:
    organisation.refresh_from_db()
    return organisation.team_name, organisation.team_email, organisation.team_phone


@pytest.mark.parametrize("name", EVERYONE)
def test_everyone_of_the_trust_reads_its_own_team_contact(api, two_teams, name):
    team = api.get(getattr(two_teams, name), "/api/organisation").json()["team_contact"]
    assert team == {
        "name": TeamContacts.A_NAME,
        "email": TeamContacts.A_EMAIL,
        "phone": TeamContacts.A_PHONE,
        "email_is_the_installations": False,
        "phone_is_the_installations": False,
    }


def test_another_trust_reads_only_its_own_team_contact(api, two_teams):
    response = api.get(two_teams.olga, "/api/organisation")
    assert response.json()["team_contact"] == {
        "name": "",
        "email": TeamContacts.B_EMAIL,
        "phone": TeamContacts.B_PHONE,
        "email_is_the_installations": False,
        "phone_is_the_installations": False,
    }
    assert TeamContacts.A_EMAIL not in response.content.decode()


def test_details_a_trust_has_not_set_are_the_installations(api, personas):
    Organisation.objects.filter(pk=personas.trust.pk).update(team_phone="020 7946 0123")
    team = api.get(personas.pat, "/api/organisation").json()["team_contact"]
    assert team == {
        "name": "",
        "email": TeamContacts.FALLBACK_EMAIL,
        "phone": "020 7946 0123",
        "email_is_the_installations": True,
        "phone_is_the_installations": False,
    }


def test_an_administrator_changes_the_details_by_the_forms_rules_and_it_is_audited(api, personas):
    response = api.patch(
        personas.alice,
        URL,
        {
            "name": " Patient and Carer Involvement Team ",
            "email": "PCI@Riverside.Example.org",
            "phone": "  020 7946   0123 ",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "name": TeamContacts.A_NAME,
        "email": "pci@riverside.example.org",
        "phone": "020 7946 0123",
        "email_is_the_installations": False,
        "phone_is_the_installations": False,
    }
    assert _stored(personas.trust) == (
        TeamContacts.A_NAME,
        "pci@riverside.example.org",
        "020 7946 0123",
    )
    event = AuditEvent.objects.get(action=ACTION)
    assert event.actor == personas.alice
    assert event.changes["team_email"] == ["", "pci@riverside.example.org"]
    assert event.changes["team_phone"] == ["", "020 7946 0123"]
    assert api.get(personas.pat, "/api/organisation").json()["team_contact"] == response.json()
    assert _stored(personas.other_trust) == ("", "", "")


def test_only_the_details_sent_change_and_a_blank_one_goes_back_to_the_installations(
    api, two_teams
):
    response = api.patch(two_teams.alice, URL, {"phone": ""})
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == TeamContacts.FALLBACK_PHONE
    assert response.json()["phone_is_the_installations"] is True
    assert _stored(two_teams.trust) == (TeamContacts.A_NAME, TeamContacts.A_EMAIL, "")
    assert AuditEvent.objects.get(action=ACTION).changes == {
        "team_phone": [TeamContacts.A_PHONE, ""]
    }


def test_wrong_details_are_a_problem_with_the_forms_messages_and_nothing_changes(api, two_teams):
    before = _stored(two_teams.trust)
    fields = problem_fields(
        api.patch(
            two_teams.alice,
            URL,
            {"name": "x" * 101, "email": "pci at riverside", "phone": "1" * 41},
        )
    )
    assert fields == {
        "name": "Team name must be 100 characters or fewer",
        "email": "Enter an email address in the correct format, like name@example.org",
        "phone": "Phone number must be 40 characters or fewer",
    }
    assert problem_fields(api.patch(two_teams.alice, URL, {"phone": "ring the ward"})) == {
        "phone": "Enter a phone number, like 020 7946 0000"
    }
    assert problem_fields(api.patch(two_teams.alice, URL, {"name": "Team\x00"})) == {
        "name": "Null characters are not allowed."
    }
    # A field the API does not know, or null, is refused rather than ignored.
    assert "team_email" in problem_fields(
        api.patch(two_teams.alice, URL, {"team_email": "olga@example.org"})
    )
    assert "email" in problem_fields(api.patch(two_teams.alice, URL, {"email": None}))
    assert _stored(two_teams.trust) == before
    assert not AuditEvent.objects.filter(action=ACTION).exists()


@pytest.mark.parametrize("name", ["cora", "leo", "sam", "fin", "pat", "carl"])
def test_only_administrators_change_the_details(api, two_teams, name):
    before = _stored(two_teams.trust)
    response = api.patch(getattr(two_teams, name), URL, {"email": "someone@example.org"})
    assert_refused(response, 403)
    # Refused before the details are looked at, as the page is.
    assert_refused(api.patch(getattr(two_teams, name), URL, {"email": "not an address"}), 403)
    assert _stored(two_teams.trust) == before
    assert not AuditEvent.objects.filter(action=ACTION).exists()


def test_another_trusts_administrator_changes_only_her_own_trusts_details(api, two_teams):
    before = _stored(two_teams.trust)
    response = api.patch(two_teams.olga, URL, {"email": "olga@elsewhere.example.org"})
    assert response.status_code == 200, response.content
    assert _stored(two_teams.trust) == before
    assert _stored(two_teams.other_trust)[1] == "olga@elsewhere.example.org"
    event = AuditEvent.objects.get(action=ACTION)
    assert event.organisation_id == two_teams.other_trust.pk


def test_callers_without_a_token_are_refused(client, two_teams):
    response = client.patch(URL, {"email": "someone@example.org"}, content_type="application/json")
    assert_refused(response, 401)
    assert _stored(two_teams.trust)[1] == TeamContacts.A_EMAIL
