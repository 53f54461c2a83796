"""Bad input gets a clear, specific message and changes nothing."""

import datetime
import html

import pytest
from django.urls import reverse

from coproduce.organisations.tests.factories import DirectorateFactory, ServiceFactory
from coproduce.projects.models import Project, TeamMember
from coproduce.projects.tests.factories import make_project

D = datetime.date
pytestmark = pytest.mark.django_db


def errors(response) -> str:
    return html.unescape(response.content.decode())


def test_starting_a_project_with_nothing_filled_in_names_each_missing_answer(client, personas):
    client.force_login(personas.leo)
    response = client.post(reverse("projects:new"), {})
    text = errors(response)
    for message in [
        "Enter the project title",
        "Enter the project's aim",
        "Select a directorate",
        "Select the project lead",
        "Enter the start date",
    ]:
        assert message in text, message
    assert "<title>Error: " in text
    assert not Project.objects.exists()


def test_a_service_must_belong_to_the_chosen_directorate_and_dates_must_be_real(client, personas):
    other = DirectorateFactory(organisation=personas.trust, name="Older Adults")
    service = ServiceFactory(directorate=other, name="Cedar Ward")
    client.force_login(personas.leo)
    response = client.post(
        reverse("projects:new"),
        {
            "title": "Calmer evenings",
            "aim": "Fewer incidents",
            "directorate": personas.directorate.pk,
            "service": service.pk,
            "lead": personas.leo.pk,
            "start_date_0": "31",
            "start_date_1": "2",
            "start_date_2": "2025",
        },
    )
    text = errors(response)
    assert "Select a service in Adult Mental Health" in text
    assert "Start date must be a real date" in text


def test_another_trusts_directorate_cannot_be_chosen(client, personas):
    theirs = DirectorateFactory(organisation=personas.other_trust)
    client.force_login(personas.leo)
    response = client.post(
        reverse("projects:new"),
        {
            "title": "T",
            "aim": "A",
            "directorate": theirs.pk,
            "lead": personas.leo.pk,
            "start_date_0": "1",
            "start_date_1": "2",
            "start_date_2": "2025",
        },
    )
    assert "Select a directorate" in errors(response)
    assert not Project.objects.exists()


def test_adding_a_team_member_explains_what_is_missing(client, personas):
    project = make_project(personas, start_date=D(2025, 1, 10))
    client.force_login(personas.leo)
    url = reverse("projects:team-add", args=[project.pk])
    text = errors(client.post(url, {}))
    assert "Select who you are adding" in text
    assert "Enter the date they joined the team" in text
    text = errors(
        client.post(
            url,
            {"kind": "pool", "joined_on_0": "1", "joined_on_1": "1", "joined_on_2": "2024"},
        )
    )
    assert "Select a patient or carer from the pool" in text
    assert "must be on or after the project's start date" in text
    assert not TeamMember.objects.filter(is_patient_or_carer=True).exists()


def test_a_status_change_needs_a_new_status_and_a_date_after_the_start(client, personas):
    project = make_project(personas, start_date=D(2025, 1, 10))
    client.force_login(personas.leo)
    url = reverse("projects:status", args=[project.pk])
    text = errors(
        client.post(
            url,
            {"status": "active", "changed_on_0": "1", "changed_on_1": "1", "changed_on_2": "2025"},
        )
    )
    assert "The project is already active" in text
    assert "Date of the change must be on or after the start date, 10 January 2025" in text


def test_a_measure_value_must_be_a_number(client, personas):
    from coproduce.projects import services

    project = make_project(personas)
    item = services.add_measure(
        project, by=personas.leo, name="Waits", kind="outcome", improvement="down"
    )
    client.force_login(personas.leo)
    url = reverse("projects:measure", args=[project.pk, item.pk])
    text = errors(
        client.post(
            url,
            {
                "recorded_for_0": "3",
                "recorded_for_1": "2",
                "recorded_for_2": "2025",
                "value": "lots",
            },
        )
    )
    assert "Value must be a number, like 42 or 87.5" in text
    assert not item.values.exists()
