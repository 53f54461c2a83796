"""Each project's next step says what the ledger shows it lacks, and a project with nobody
involved prompts the people who may act to find a patient or carer."""

import datetime
from html import unescape
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from coproduce.involvement import services
from coproduce.involvement.models import How, Stage
from coproduce.projects.models import ProjectStatus
from coproduce.projects.tests.factories import make_project

D = datetime.date
pytestmark = pytest.mark.django_db

TEAM_STEP = "Find a patient or carer to join the project team"
FOCUS_STEP = "Find a patient or carer to help choose the focus"


@pytest.fixture
def projects(personas):
    no_team = make_project(personas, title="Needs a patient on the team")
    services.add_record(
        no_team,
        by=personas.leo,
        stage=Stage.FOCUS,
        how=How.TOOK_PART,
        outside_name="Jo",
        started_on=D(2025, 1, 10),
    )
    nothing = make_project(personas, title="Nothing yet")
    return no_team, nothing


def _post_url(project, stage):
    return (
        reverse("matching:opportunity-new")
        + "?"
        + urlencode({"project": project.pk, "stage": stage})
    )


def _ask_url(project):
    return (
        reverse("support:request-new")
        + "?"
        + urlencode({"project": project.pk, "help": "finding_people"})
    )


def test_the_next_step_of_each_project_is_the_stage_it_lacks(client, personas, projects):
    no_team, nothing = projects
    client.force_login(personas.cora)
    text = unescape(client.get(reverse("involvement:not-yet-meaningful")).content.decode())
    assert f'<a href="{_post_url(no_team, "team")}">{TEAM_STEP}' in text
    assert f'<a href="{_post_url(nothing, "focus")}">{FOCUS_STEP}' in text
    assert "Ask the involvement team for a match" not in text


def test_staff_who_may_not_post_are_offered_to_ask_the_team_for_that_stage(
    client, personas, projects
):
    no_team, _ = projects
    client.force_login(personas.sam)
    text = unescape(client.get(reverse("involvement:not-yet-meaningful")).content.decode())
    assert (
        f'<a href="{_ask_url(no_team)}">Ask the involvement team to find a patient or carer to '
        "join the project team"
    ) in text
    assert reverse("matching:opportunity-new") not in text


def test_a_project_with_nobody_involved_prompts_those_who_may_act(client, personas, projects):
    no_team, nothing = projects
    page = reverse("projects:detail", args=[nothing.pk])
    for person, link in [
        (personas.leo, _post_url(nothing, "focus")),
        (personas.cora, _post_url(nothing, "focus")),
        (personas.sam, _ask_url(nothing)),
    ]:
        client.force_login(person)
        text = unescape(client.get(page).content.decode())
        assert "No patient or carer is involved in this project yet." in text, person
        assert link in text, person
    # Someone is involved at a stage: the stage table and the ledger say what is missing.
    client.force_login(personas.leo)
    text = client.get(reverse("projects:detail", args=[no_team.pk])).content.decode()
    assert "No patient or carer is involved in this project yet." not in text
    # A finished project needs nobody now.
    nothing.status = ProjectStatus.COMPLETED
    nothing.save()
    assert "No patient or carer is involved" not in client.get(page).content.decode()


def test_the_links_open_their_forms_ready_for_that_project_and_stage(client, personas, projects):
    _, nothing = projects
    client.force_login(personas.leo)
    text = client.get(_post_url(nothing, "team")).content.decode()
    assert 'value="team" checked' in text
    assert f'value="{nothing.pk}" selected' in text
    client.force_login(personas.sam)
    text = client.get(_ask_url(nothing)).content.decode()
    assert 'value="finding_people" checked' in text
