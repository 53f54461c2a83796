"""The ledger: entries from the work itself, entries by hand, and their checks."""

import datetime

import pytest
from django.urls import reverse

from coproduce.involvement import ledger
from coproduce.involvement.models import InvolvementRecord, Level, MonthlyLevel
from coproduce.projects import services
from coproduce.projects.models import ElementKind, TeamMember
from coproduce.projects.tests.factories import make_project

D = datetime.date
pytestmark = pytest.mark.django_db


def test_team_membership_counts_however_the_row_was_added(personas, pat_member, carl_member):
    project = make_project(personas, start_date=D(2025, 1, 10))
    services.add_team_member(
        project, pool_member=pat_member, joined_on=D(2025, 2, 1), by=personas.cora
    )
    # A row written without the service (for example by an import) is read the same way.
    TeamMember.objects.create(
        project=project, pool_member=carl_member, is_patient_or_carer=True, joined_on=D(2025, 3, 1)
    )
    entries = [e for e in ledger.entries_for(project) if e.stage == "team"]
    assert [e.person for e in entries] == ["Pat Example", "Carl Example"]
    assert all(e.source == ledger.FROM_TEAM for e in entries)


def test_the_service_path_updates_the_measure_at_once(personas, pat_member):
    project = make_project(personas, start_date=D(2025, 1, 10))
    services.add_team_member(
        project, pool_member=pat_member, joined_on=D(2025, 2, 1), by=personas.cora
    )
    row = MonthlyLevel.objects.get(project=project, month_end=D(2025, 2, 28))
    assert row.level == Level.LITTLE_I
    assert row.missing_stages == ["focus"]


def test_change_ideas_and_pdsa_participants_enter_the_ledger(personas, pat_member):
    project = make_project(personas, start_date=D(2025, 1, 10))
    patient = services.add_team_member(
        project, pool_member=pat_member, joined_on=D(2025, 1, 10), by=personas.leo
    )
    primary = services.add_element(
        project, by=personas.leo, kind=ElementKind.PRIMARY, text="P", proposed_on=D(2025, 1, 20)
    )
    secondary = services.add_element(
        project,
        by=personas.leo,
        kind=ElementKind.SECONDARY,
        parent=primary,
        text="S",
        proposed_on=D(2025, 1, 20),
    )
    idea = services.add_element(
        project,
        by=personas.leo,
        kind=ElementKind.CHANGE_IDEA,
        parent=secondary,
        text="Ask first",
        proposed_by=patient,
        proposed_on=D(2025, 1, 25),
    )
    services.add_pdsa(
        idea, by=personas.leo, participants=[patient], objective="Ask", started_on=D(2025, 2, 2)
    )
    stages = [(e.stage, e.source) for e in ledger.entries_for(project)]
    assert ("change_ideas", ledger.FROM_DRIVER_DIAGRAM) in stages
    assert ("pdsa", ledger.FROM_PDSA) in stages


def test_a_manual_entry_explains_each_problem_and_saves_nothing(client, personas):
    project = make_project(personas, start_date=D(2025, 1, 10))
    client.force_login(personas.cora)
    url = reverse("involvement:record-new", args=[project.pk])
    text = client.post(url, {}).content.decode()
    for message in [
        "Select the stage",
        "Select who was involved",
        "Select how they were involved",
        "Enter when they were involved",
        "Enter a short note of the evidence",
    ]:
        assert message in text, message
    text = client.post(
        url,
        {
            "stage": "focus",
            "who": "outside",
            "how": "took_part",
            "started_on_0": "1",
            "started_on_1": "3",
            "started_on_2": "2025",
            "ended_on_0": "1",
            "ended_on_1": "4",
            "ended_on_2": "2025",
            "evidence": "Workshop",
        },
    ).content.decode()
    assert "Enter the name of the patient or carer" in text
    assert "Only the team stage has a date they left" in text
    assert not InvolvementRecord.objects.exists()


def test_a_manual_entry_is_saved_changed_and_removed(client, personas):
    project = make_project(personas, start_date=D(2025, 1, 10))
    client.force_login(personas.leo)
    response = client.post(
        reverse("involvement:record-new", args=[project.pk]),
        {
            "stage": "focus",
            "who": "anonymous",
            "how": "co_led",
            "started_on_0": "1",
            "started_on_1": "3",
            "started_on_2": "2025",
            "evidence": "Co-chaired the focus workshop",
        },
    )
    assert response.status_code == 302
    record = InvolvementRecord.objects.get()
    assert record.person_name == "An anonymous patient or carer"
    edit = reverse("involvement:record-edit", args=[project.pk, record.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, {"remove": "1"})
    assert not InvolvementRecord.objects.exists()


def test_a_guessed_entry_id_from_another_project_is_not_found(client, personas):
    mine = make_project(personas, start_date=D(2025, 1, 10))
    theirs = make_project(personas, title="Someone else's", lead=personas.sam)
    record = InvolvementRecord.objects.create(
        project=theirs, stage="focus", how="took_part", started_on=D(2025, 2, 1)
    )
    client.force_login(personas.leo)
    response = client.get(reverse("involvement:record-edit", args=[mine.pk, record.pk]))
    assert response.status_code == 404


def test_a_team_row_written_without_the_service_reaches_the_measure_too(
    personas, pat_member, django_capture_on_commit_callbacks
):
    project = make_project(personas, start_date=D(2025, 1, 10))
    with django_capture_on_commit_callbacks(execute=True):
        TeamMember.objects.create(
            project=project,
            pool_member=pat_member,
            is_patient_or_carer=True,
            joined_on=D(2025, 2, 1),
        )
    row = MonthlyLevel.objects.get(project=project, month_end=D(2025, 2, 28))
    assert row.missing_stages == ["focus"]
    assert row.level == Level.LITTLE_I
