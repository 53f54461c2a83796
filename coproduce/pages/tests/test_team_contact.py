"""Help pages show the involvement team of the signed-in person's own trust; visitors, and trusts
that have set nothing, see the installation's team."""

import pytest
from django.urls import reverse

from coproduce.organisations.models import Organisation

pytestmark = pytest.mark.django_db

A_EMAIL, A_PHONE = "team@riverside.example.org", "020 7946 0101"
B_EMAIL, B_PHONE = "team@elsewhere.example.org", "0113 496 0202"
FALLBACK_EMAIL, FALLBACK_PHONE = "fallback@example.org", "0300 000 0000"


@pytest.fixture(autouse=True)
def _fallback(settings):  # type: ignore[no-untyped-def]
    settings.INVOLVEMENT_TEAM_EMAIL = FALLBACK_EMAIL
    settings.INVOLVEMENT_TEAM_PHONE = FALLBACK_PHONE


@pytest.fixture
def two_teams(personas):  # type: ignore[no-untyped-def]
    Organisation.objects.filter(pk=personas.trust.pk).update(
        team_name="Patient and Carer Involvement Team", team_email=A_EMAIL, team_phone=A_PHONE
    )
    Organisation.objects.filter(pk=personas.other_trust.pk).update(
        team_email=B_EMAIL, team_phone=B_PHONE
    )
    return personas


@pytest.mark.parametrize("path", ["/contact/", "/accessibility/", "/privacy/"])
@pytest.mark.parametrize("name", ["pat", "cora", "alice"])
def test_signed_in_people_see_their_own_trusts_team(client, two_teams, path, name):
    client.force_login(getattr(two_teams, name))
    page = client.get(path).content.decode()
    assert A_PHONE in page and A_EMAIL in page
    assert B_PHONE not in page and B_EMAIL not in page and FALLBACK_PHONE not in page


def test_the_other_trusts_people_see_their_own_team(client, two_teams):
    client.force_login(two_teams.olga)
    page = client.get("/contact/").content.decode()
    assert B_PHONE in page and B_EMAIL in page
    assert A_PHONE not in page and A_EMAIL not in page
    assert "Patient and Carer Involvement Team" not in page


def test_a_named_team_is_named_on_the_contact_page(client, two_teams):
    client.force_login(two_teams.pat)
    assert "Team: Patient and Carer Involvement Team" in client.get("/contact/").content.decode()


def test_visitors_see_the_installations_team(client, two_teams):
    page = client.get("/contact/").content.decode()
    assert FALLBACK_PHONE in page and FALLBACK_EMAIL in page
    assert A_PHONE not in page and B_PHONE not in page
    assert "Team:" not in page


def test_a_trust_that_set_nothing_shows_the_installations_team(client, personas):
    client.force_login(personas.pat)
    page = client.get("/contact/").content.decode()
    assert FALLBACK_PHONE in page and FALLBACK_EMAIL in page


def test_a_refused_page_points_to_the_persons_own_team(client, two_teams):
    client.force_login(two_teams.pat)
    response = client.get(reverse("organisations:structure"))
    assert response.status_code == 403
    page = response.content.decode()
    assert A_EMAIL in page and B_EMAIL not in page and FALLBACK_EMAIL not in page
