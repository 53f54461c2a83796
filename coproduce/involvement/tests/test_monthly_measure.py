import datetime
from decimal import Decimal

import pytest

from coproduce.involvement import measure, services
from coproduce.involvement.models import (
    How,
    InvolvementSettings,
    Level,
    MeasureMonth,
    MonthlyLevel,
    Stage,
)
from coproduce.organisations.tests.factories import DirectorateFactory
from coproduce.projects import services as project_services
from coproduce.projects.models import ElementKind, ProjectStatus
from coproduce.projects.tests.factories import make_project

D = datetime.date
pytestmark = pytest.mark.django_db


def figure(organisation, day):
    return {f.month_end: f for f in measure.trust_series(organisation)}.get(day)


def make_big_i(project, member, by, on):
    project_services.add_team_member(project, pool_member=member, joined_on=on, by=by)
    services.add_record(
        project, by=by, stage=Stage.FOCUS, how=How.TOOK_PART, pool_member=member, started_on=on
    )


def counts(organisation):
    return sorted(
        MeasureMonth.objects.filter(organisation=organisation)
        .exclude(active=0)
        .values_list("directorate_id", "service_id", "month_end", "active", "big_i", "little_i")
    )


def test_the_month_a_patient_joins_and_chose_the_focus_the_project_counts_as_big_i(
    personas, pat_member
):
    project = make_project(personas, start_date=D(2025, 1, 10))
    make_project(personas, title="Second project", start_date=D(2025, 1, 20))
    assert figure(personas.trust, D(2025, 1, 31)).percent == Decimal("0.0")
    make_big_i(project, pat_member, personas.leo, D(2025, 3, 5))
    assert figure(personas.trust, D(2025, 2, 28)).big_i == 0
    march = figure(personas.trust, D(2025, 3, 31))
    assert (march.active, march.big_i, march.percent) == (2, 1, Decimal("50.0"))


def test_projects_count_only_on_month_ends_when_they_were_active(personas):
    project = make_project(personas, start_date=D(2025, 1, 10))
    project_services.change_status(
        project, status=ProjectStatus.ON_HOLD, changed_on=D(2025, 3, 1), note="", by=personas.leo
    )
    project_services.change_status(
        project, status=ProjectStatus.ACTIVE, changed_on=D(2025, 5, 2), note="", by=personas.leo
    )
    project_services.change_status(
        project, status=ProjectStatus.COMPLETED, changed_on=D(2025, 7, 30), note="", by=personas.leo
    )
    months = list(
        MonthlyLevel.objects.filter(project=project)
        .order_by("month_end")
        .values_list("month_end", flat=True)
    )
    assert months == [D(2025, 1, 31), D(2025, 2, 28), D(2025, 5, 31), D(2025, 6, 30)]


def test_running_a_pdsa_without_patients_drops_the_project_to_little_i(personas, pat_member):
    project = make_project(personas, start_date=D(2025, 1, 10))
    make_big_i(project, pat_member, personas.leo, D(2025, 1, 10))
    driver = project_services.add_element(
        project,
        by=personas.leo,
        kind=ElementKind.PRIMARY,
        text="Reminders",
        proposed_on=D(2025, 2, 1),
    )
    secondary = project_services.add_element(
        project,
        by=personas.leo,
        kind=ElementKind.SECONDARY,
        parent=driver,
        text="Text messages",
        proposed_on=D(2025, 2, 1),
    )
    patient = project.team.get(pool_member=pat_member)
    idea = project_services.add_element(
        project,
        by=personas.leo,
        kind=ElementKind.CHANGE_IDEA,
        parent=secondary,
        text="Send a text two days before",
        proposed_by=patient,
        proposed_on=D(2025, 2, 3),
    )
    project_services.add_pdsa(
        idea, by=personas.leo, participants=[], objective="Try texts", started_on=D(2025, 4, 2)
    )
    levels = dict(MonthlyLevel.objects.filter(project=project).values_list("month_end", "level"))
    assert levels[D(2025, 3, 31)] == Level.BIG_I
    assert levels[D(2025, 4, 30)] == Level.LITTLE_I
    row = MonthlyLevel.objects.get(project=project, month_end=D(2025, 4, 30))
    assert row.missing_stages == ["pdsa"]


def test_changes_applied_one_by_one_match_a_full_rebuild(personas, pat_member, carl_member):
    other = DirectorateFactory(organisation=personas.trust, name="Older Adults")
    first = make_project(personas, start_date=D(2025, 1, 10))
    second = make_project(personas, title="B", start_date=D(2025, 2, 10), directorate=other)
    make_big_i(first, pat_member, personas.leo, D(2025, 2, 1))
    make_big_i(second, carl_member, personas.leo, D(2025, 4, 1))
    project_services.update_project(second, by=personas.leo, directorate=personas.directorate)
    member = first.team.get(pool_member=pat_member)
    project_services.record_leaving(member, left_on=D(2025, 6, 15), by=personas.leo)
    step_by_step = counts(personas.trust)
    measure.rebuild(personas.trust)
    assert counts(personas.trust) == step_by_step
    assert step_by_step


def test_a_new_rule_redraws_history(personas, pat_member, django_capture_on_commit_callbacks):
    project = make_project(personas, start_date=D(2025, 1, 10))
    project_services.add_team_member(
        project, pool_member=pat_member, joined_on=D(2025, 1, 10), by=personas.leo
    )
    services.add_record(
        project,
        by=personas.leo,
        stage=Stage.FOCUS,
        how=How.CONSULTED,
        pool_member=pat_member,
        started_on=D(2025, 1, 10),
    )
    assert figure(personas.trust, D(2025, 1, 31)).big_i == 0
    own = InvolvementSettings.objects.get(organisation=personas.trust)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_settings(own, by=personas.cora, consultation_counts=True)
    assert figure(personas.trust, D(2025, 1, 31)).big_i == 1


def test_a_new_month_is_added_for_running_projects(personas):
    project = make_project(personas, start_date=D(2025, 1, 10))
    latest = measure.current_month_end()
    MonthlyLevel.objects.filter(month_end=latest).delete()
    MeasureMonth.objects.filter(month_end=latest).delete()
    own = InvolvementSettings.objects.get(organisation=personas.trust)
    own.measured_through = D(2025, 12, 31)
    own.save()
    measure.ensure_current(personas.trust)
    assert MonthlyLevel.objects.filter(project=project, month_end=latest).exists()
    assert figure(personas.trust, latest).active == 1


def test_the_series_take_the_same_number_of_queries_however_many_projects(
    personas, django_assert_num_queries
):
    make_project(personas, start_date=D(2025, 1, 10))
    with django_assert_num_queries(1):
        measure.trust_series(personas.trust)
    for number in range(5):
        make_project(personas, title=f"Project {number}", start_date=D(2025, 3, 1))
    with django_assert_num_queries(1):
        measure.trust_series(personas.trust)
    with django_assert_num_queries(1):
        measure.series_by(personas.trust, "directorate_id")


def test_another_trusts_projects_never_enter_the_measure(personas):
    other = DirectorateFactory(organisation=personas.other_trust)
    make_project(
        personas,
        organisation=personas.other_trust,
        directorate=other,
        lead=personas.olga,
        start_date=D(2025, 1, 10),
    )
    assert measure.trust_series(personas.trust) == []


def test_the_rebuild_command_recomputes_from_the_records(personas, pat_member):
    from django.core.management import call_command

    project = make_project(personas, start_date=D(2025, 1, 10))
    make_big_i(project, pat_member, personas.leo, D(2025, 1, 10))
    before = counts(personas.trust)
    MonthlyLevel.objects.all().delete()
    MeasureMonth.objects.all().delete()
    call_command("rebuild_involvement_measure", verbosity=0)
    assert counts(personas.trust) == before
    assert figure(personas.trust, D(2025, 1, 31)).big_i == 1
