"""A pool member opens each of their projects from "My projects", and sees it as a member."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.matching import services as matching
from coproduce.matching.tests.factories import InvitationFactory, OpportunityFactory
from coproduce.organisations.tests.factories import DirectorateFactory
from coproduce.pool.tests.factories import PoolMemberFactory
from coproduce.projects import services
from coproduce.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def project(personas):  # type: ignore[no-untyped-def]
    return make_project(
        personas,
        title="Kinder ward rounds",
        problem="Ward rounds feel rushed and people are not asked what matters to them.",
    )


@pytest.fixture
def on_the_team(personas, project, pat_member):  # type: ignore[no-untyped-def]
    """Pat accepted an invitation; Carl (another carer) and Sam (staff) are on the team too."""
    starts = timezone.localdate() + datetime.timedelta(days=20)
    opportunity = OpportunityFactory(
        project=project,
        title="Shape the new ward round",
        start_date=starts,
        end_date=starts + datetime.timedelta(days=90),
        days=["tue"],
        times=["afternoon"],
        mode="in_person",
        place="Willow Ward seminar room",
        time_commitment="One meeting a month",
    )
    invitation = InvitationFactory(opportunity=opportunity, member=pat_member)
    matching.reply(invitation, accept=True, reason="", by=personas.pat)
    carl = PoolMemberFactory(
        organisation=personas.trust, user=personas.carl, first_name="Carlos", last_name="Hidden"
    )
    services.add_team_member(project, pool_member=carl, joined_on=D(2025, 2, 1), by=personas.leo)
    services.add_team_member(project, user=personas.sam, joined_on=D(2025, 2, 1), by=personas.leo)
    return opportunity


def test_my_projects_links_each_project_to_the_members_view_of_it(
    client, personas, project, on_the_team
):
    client.force_login(personas.pat)
    body = client.get(reverse("pool:my-projects")).content.decode()
    link = reverse("pool:my-project", args=[project.pk])
    assert f'<a href="{link}">Kinder ward rounds</a>' in body
    assert client.get(link).status_code == 200


def test_the_members_view_says_what_the_project_is_their_part_who_to_ask_and_the_dates(
    client, personas, project, on_the_team, settings
):
    personas.trust.team_email = "involve@riverside.example.org"
    personas.trust.team_phone = "0300 123 4567"
    personas.trust.save()
    client.force_login(personas.pat)
    body = client.get(reverse("pool:my-project", args=[project.pk])).content.decode()
    assert "Kinder ward rounds" in body
    assert "Halve missed first appointments" in body  # the aim
    assert "Ward rounds feel rushed" in body  # the problem
    assert "Your role" in body and "Project team member" in body
    assert "One meeting a month" in body
    assert "Tuesday; afternoons" in body
    assert "Willow Ward seminar room" in body
    assert "The project lead is Leo Example" in body
    assert "involve@riverside.example.org" in body and "0300 123 4567" in body
    starts = on_the_team.start_date
    assert f"{starts:%-d %B %Y}" in body and "Coming up" in body
    assert "Shape the new ward round ends" in body


def test_the_members_view_has_none_of_the_teams_working_details(
    client, personas, project, on_the_team
):
    client.force_login(personas.pat)
    body = client.get(reverse("pool:my-project", args=[project.pk])).content.decode()
    # Nobody else on the team is named, patient, carer or staff.
    assert "Carlos" not in body and "Hidden" not in body and "Sam Example" not in body
    assert reverse("involvement:ledger", args=[project.pk]) not in body
    assert "Progress score" not in body and "Driver diagram" not in body
    assert reverse("projects:detail", args=[project.pk]) not in body


def test_the_staff_project_page_sends_a_member_to_their_view(
    client, personas, project, on_the_team
):
    client.force_login(personas.pat)
    response = client.get(reverse("projects:detail", args=[project.pk]))
    assert response.status_code == 302
    assert response.url == reverse("pool:my-project", args=[project.pk])
    # Staff still get the staff page.
    client.force_login(personas.leo)
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200


def test_a_member_cannot_open_a_project_they_are_not_on(client, personas, project, on_the_team):
    other = make_project(personas, title="A project without Pat")
    elsewhere = make_project(
        personas,
        organisation=personas.other_trust,
        directorate=DirectorateFactory(organisation=personas.other_trust),
        lead=personas.olga,
        title="Another trust's project",
    )
    client.force_login(personas.pat)
    for pk in (other.pk, elsewhere.pk, 999999):
        assert client.get(reverse("pool:my-project", args=[pk])).status_code == 404, pk
    # Carl is on the team, so Carl may open it; Pat's view of another member's project is not
    # reachable by any id.
    client.force_login(personas.carl)
    assert client.get(reverse("pool:my-project", args=[project.pk])).status_code == 200
    assert client.get(reverse("pool:my-project", args=[other.pk])).status_code == 404


def test_a_member_who_left_still_sees_their_part_and_when_they_left(
    client, personas, project, pat_member
):
    membership = services.add_team_member(
        project, pool_member=pat_member, joined_on=D(2025, 2, 1), by=personas.leo
    )
    services.record_leaving(membership, left_on=D(2025, 9, 30), by=personas.leo)
    client.force_login(personas.pat)
    body = client.get(reverse("pool:my-project", args=[project.pk])).content.decode()
    assert "From 1 February 2025 to 30 September 2025" in body
    assert "You left the team" in body
    assert "Claim for time or expenses" not in body


def test_staff_and_visitors_do_not_get_a_members_view(client, personas, project, on_the_team):
    url = reverse("pool:my-project", args=[project.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    for person in (personas.leo, personas.cora, personas.fin):
        client.force_login(person)
        assert client.get(url).status_code == 403, person


def test_a_place_taken_as_a_reviewer_opens_from_my_projects_too(
    client, personas, project, pat_member
):
    """A reviewer is in the project's ledger, not on its team: the project is still theirs."""
    from coproduce.matching.models import Invitation, OpportunityRole

    opportunity = OpportunityFactory(
        project=project,
        title="Review the ward round leaflet",
        role=OpportunityRole.REVIEWER,
        stages=["change_ideas"],
        start_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    invitation = Invitation.objects.create(
        opportunity=opportunity, member=pat_member, sent_by=personas.cora
    )
    matching.reply(invitation, accept=True, reason="", by=personas.pat)
    client.force_login(personas.pat)
    link = reverse("pool:my-project", args=[project.pk])
    assert (
        f'<a href="{link}">Kinder ward rounds</a>'
        in client.get(reverse("pool:my-projects")).content.decode()
    )
    page = client.get(link)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Reviewer" in body and "Forming change ideas" in body or "change ideas" in body.lower()
    assert "You took part" in body
    # Carl, who took part in nothing, still finds nothing there.
    PoolMemberFactory(organisation=personas.trust, user=personas.carl)
    client.force_login(personas.carl)
    assert client.get(link).status_code == 404
