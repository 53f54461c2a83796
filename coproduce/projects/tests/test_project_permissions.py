"""Who may see and change projects: denials are tested as carefully as permissions."""

import datetime

import pytest
from django.urls import reverse

from coproduce.organisations.tests.factories import DirectorateFactory
from coproduce.projects import services
from coproduce.projects.tests.factories import make_project

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def project(personas):
    return make_project(personas, start_date=D(2025, 1, 10))


@pytest.fixture
def elsewhere(personas):
    return make_project(
        personas,
        organisation=personas.other_trust,
        directorate=DirectorateFactory(organisation=personas.other_trust),
        lead=personas.olga,
        title="Another trust's project",
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, project):
    for url in [
        reverse("projects:list"),
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:edit", args=[project.pk]),
        reverse("involvement:ledger", args=[project.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/sign-in/" in response["Location"]


def test_staff_see_the_list_but_finance_and_pool_members_do_not(client, personas, project):
    for person, status in [
        (personas.sam, 200),
        (personas.cora, 200),
        (personas.alice, 200),
        (personas.fin, 403),
        (personas.pat, 403),
    ]:
        client.force_login(person)
        assert client.get(reverse("projects:list")).status_code == status, person


def test_a_lead_cannot_see_another_trusts_project_by_guessing_its_id(client, personas, elsewhere):
    client.force_login(personas.leo)
    for name in [
        "projects:detail",
        "projects:edit",
        "projects:driver-diagram",
        "projects:team-add",
    ]:
        assert client.get(reverse(name, args=[elsewhere.pk])).status_code == 404, name
    assert client.get(reverse("involvement:ledger", args=[elsewhere.pk])).status_code == 404


def test_another_trust_sees_nothing_of_this_trusts_projects_in_the_list(
    client, personas, project, elsewhere
):
    client.force_login(personas.olga)
    text = client.get(reverse("projects:list")).content.decode()
    assert "Another trust" in text
    assert project.title not in text


def test_only_the_lead_the_involvement_team_and_administrators_edit_a_project(
    client, personas, project
):
    url = reverse("projects:edit", args=[project.pk])
    for person, status in [
        (personas.leo, 200),
        (personas.cora, 200),
        (personas.alice, 200),
        (personas.sam, 403),
    ]:
        client.force_login(person)
        assert client.get(url).status_code == status, person


def test_staff_on_the_team_may_work_on_the_project_and_record_involvement(
    client, personas, project
):
    client.force_login(personas.sam)
    add_member = reverse("projects:team-add", args=[project.pk])
    ledger_add = reverse("involvement:record-new", args=[project.pk])
    assert client.get(add_member).status_code == 403
    assert client.get(ledger_add).status_code == 403
    services.add_team_member(project, user=personas.sam, joined_on=D(2025, 1, 10), by=personas.leo)
    assert client.get(add_member).status_code == 200
    assert client.get(ledger_add).status_code == 200


def test_a_pool_member_sees_only_projects_they_are_on_and_never_the_ledger(
    client, personas, project, pat_member
):
    other = make_project(personas, title="A project without Pat")
    services.add_team_member(
        project, pool_member=pat_member, joined_on=D(2025, 2, 1), by=personas.leo
    )
    client.force_login(personas.pat)
    # Their own project opens as the member's view of it, not the team's working page.
    response = client.get(reverse("projects:detail", args=[project.pk]))
    assert response.url == reverse("pool:my-project", args=[project.pk])
    assert client.get(reverse("projects:detail", args=[other.pk])).status_code == 403
    assert client.get(reverse("involvement:ledger", args=[project.pk])).status_code == 403
    assert client.get(reverse("involvement:dashboard")).status_code == 403
    assert client.get(reverse("involvement:not-yet-meaningful")).status_code == 403


def test_only_the_lead_or_an_administrator_overrides_the_progress_score(client, personas, project):
    url = reverse("projects:progress", args=[project.pk])
    client.force_login(personas.cora)
    assert client.get(url).status_code == 403
    client.force_login(personas.leo)
    response = client.post(url, {"score": "2.5", "reason": ""})
    assert "Enter why you chose this score" in response.content.decode()
    response = client.post(url, {"score": "2.5", "reason": "Two cycles studied offline"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert str(project.progress_score_override) == "2.5"
    text = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "Set by the project lead: Two cycles studied offline" in text
