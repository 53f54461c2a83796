"""Every project page renders for the people who use it, with the figures it should show."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from coproduce.involvement import services as ledger_services
from coproduce.involvement.models import How, Stage
from coproduce.projects import services
from coproduce.projects.models import ActDecision, ElementKind, Improvement, MeasureKind
from coproduce.projects.tests.factories import make_project

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def project(personas, pat_member):
    project = make_project(personas, start_date=D(2025, 1, 10))
    patient = services.add_team_member(
        project, pool_member=pat_member, joined_on=D(2025, 1, 10), by=personas.leo
    )
    services.add_team_member(project, user=personas.sam, joined_on=D(2025, 1, 10), by=personas.leo)
    ledger_services.add_record(
        project,
        by=personas.leo,
        stage=Stage.FOCUS,
        how=How.CO_LED,
        pool_member=pat_member,
        started_on=D(2025, 1, 10),
        evidence="Co-chaired the first workshop",
    )
    primary = services.add_element(
        project,
        by=personas.leo,
        kind=ElementKind.PRIMARY,
        text="Reminders",
        proposed_on=D(2025, 2, 1),
    )
    secondary = services.add_element(
        project,
        by=personas.leo,
        kind=ElementKind.SECONDARY,
        parent=primary,
        text="Texts",
        proposed_on=D(2025, 2, 1),
    )
    idea = services.add_element(
        project,
        by=personas.leo,
        kind=ElementKind.CHANGE_IDEA,
        parent=secondary,
        text="Text two days before",
        proposed_by=patient,
        proposed_on=D(2025, 2, 3),
    )
    services.add_pdsa(
        idea,
        by=personas.leo,
        participants=[patient],
        objective="Try texts on one ward",
        started_on=D(2025, 3, 1),
        study_notes="Fewer missed",
        act_decision=ActDecision.ADOPT,
    )
    item = services.add_measure(
        project,
        by=personas.leo,
        name="Missed first appointments",
        kind=MeasureKind.OUTCOME,
        improvement=Improvement.DOWN,
        unit="%",
        target=Decimal("10"),
    )
    for week in range(15):
        services.record_value(
            item,
            recorded_for=D(2025, 1, 6) + datetime.timedelta(weeks=week),
            value=Decimal(30 - week),
            by=personas.leo,
        )
    return project


def test_the_project_page_explains_the_level_in_plain_english(client, personas, project):
    client.force_login(personas.leo)
    response = client.get(reverse("projects:detail", args=[project.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Big I: involved in all 4 stages reached so far" in text
    assert "3.5 Improvement" in text


def test_every_project_page_renders_for_the_lead(client, personas, project):
    client.force_login(personas.leo)
    idea = project.driver_elements.get(kind=ElementKind.CHANGE_IDEA)
    cycle = project.pdsa_cycles.get()
    item = project.measures.get()
    names = [
        ("projects:list", []),
        ("projects:new", []),
        ("projects:edit", [project.pk]),
        ("projects:status", [project.pk]),
        ("projects:team-add", [project.pk]),
        ("projects:driver-diagram", [project.pk]),
        ("projects:element-add", [project.pk]),
        ("projects:element-edit", [project.pk, idea.pk]),
        ("projects:pdsa-new", [project.pk, idea.pk]),
        ("projects:pdsa", [project.pk, cycle.pk]),
        ("projects:measure-new", [project.pk]),
        ("projects:measure", [project.pk, item.pk]),
        ("projects:progress", [project.pk]),
        ("involvement:ledger", [project.pk]),
        ("involvement:record-new", [project.pk]),
        ("involvement:dashboard", []),
        ("involvement:not-yet-meaningful", []),
        ("involvement:directorate", [personas.directorate.pk]),
    ]
    for name, args in names:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name


def test_the_driver_diagram_downloads_as_svg(client, personas, project):
    client.force_login(personas.sam)
    response = client.get(reverse("projects:driver-diagram-svg", args=[project.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert "attachment" in response["Content-Disposition"]
    assert b"Text two days before" in response.content
