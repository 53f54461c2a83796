"""Help pages show the involvement team of the signed-in person's own trust; visitors, and trusts
that have set nothing, see the installation's team."""

import pytest
from django.urls import reverse

from coproduce.organisations.tests.teams import TeamContacts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fallback_team")]


@pytest.mark.parametrize("path", ["/contact/", "/accessibility/", "/privacy/"])
@pytest.mark.parametrize("name", ["pat", "cora", "alice"])
def test_signed_in_people_see_their_own_trusts_team(client, two_teams, path, name):
    client.force_login(getattr(two_teams, name))
    page = client.get(path).content.decode()
    assert TeamContacts.A_PHONE in page and TeamContacts.A_EMAIL in page
    assert (
        TeamContacts.B_PHONE not in page
        and TeamContacts.B_EMAIL not in page
        and TeamContacts.FALLBACK_PHONE not in page
    )


def test_the_other_trusts_people_see_their_own_team(client, two_teams):
    client.force_login(two_teams.olga)
    page = client.get("/contact/").content.decode()
    assert TeamContacts.B_PHONE in page and TeamContacts.B_EMAIL in page
    assert TeamContacts.A_PHONE not in page and TeamContacts.A_EMAIL not in page
    assert TeamContacts.A_NAME not in page


def test_a_named_team_is_named_on_the_contact_page(client, two_teams):
    client.force_login(two_teams.pat)
    assert "Team: Patient and Carer Involvement Team" in client.get("/contact/").content.decode()


def test_visitors_see_the_installations_team(client, two_teams):
    page = client.get("/contact/").content.decode()
    assert TeamContacts.FALLBACK_PHONE in page and TeamContacts.FALLBACK_EMAIL in page
    assert TeamContacts.A_PHONE not in page and TeamContacts.B_PHONE not in page
    assert "Team:" not in page


def test_a_trust_that_set_nothing_shows_the_installations_team(client, personas):
    client.force_login(personas.pat)
    page = client.get("/contact/").content.decode()
    assert TeamContacts.FALLBACK_PHONE in page and TeamContacts.FALLBACK_EMAIL in page


def test_a_refused_page_points_to_the_persons_own_team(client, two_teams):
    client.force_login(two_teams.pat)
    response = client.get(reverse("organisations:structure"))
    assert response.status_code == 403
    page = response.content.decode()
    assert (
        TeamContacts.A_EMAIL in page
        and TeamContacts.B_EMAIL not in page
        and TeamContacts.FALLBACK_EMAIL not in page
    )
