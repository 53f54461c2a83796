"""The stored measure, kept right by refreshes, always equals a plain recomputation from the
records: each month judged by `assess` one day at a time, and a rebuild from empty tables."""

import datetime
import random
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.involvement import ledger, measure, services
from coproduce.involvement.models import (
    How,
    InvolvementRecord,
    InvolvementSettings,
    Level,
    MeasureMonth,
    MonthlyLevel,
    Stage,
)
from coproduce.lib import involvement_levels as levels
from coproduce.lib.months import iter_month_ends
from coproduce.organisations.tests.factories import DirectorateFactory, ServiceFactory
from coproduce.pool.tests.factories import PoolMemberFactory
from coproduce.projects import services as project_services
from coproduce.projects.models import ElementKind, Project, ProjectStatus, TeamMember
from coproduce.projects.tests.factories import make_project

D = datetime.date
pytestmark = pytest.mark.django_db


def plain_levels(organisation):
    """Every project-month worked out the slow, obvious way: `assess` on each month end."""
    own = InvolvementSettings.objects.get(organisation=organisation)
    ids = list(Project.objects.filter(organisation=organisation).values_list("pk", flat=True))
    rows = set()
    for history in ledger.histories(ids).values():
        through = max(measure.current_month_end(), own.measured_through or history.start_date)
        for day in iter_month_ends(history.start_date, through):
            if history.is_active_on(day):
                result = levels.assess(history.facts, day, own.measure_rule)
                rows.add(
                    (
                        history.project_id,
                        day,
                        history.directorate_id,
                        history.service_id,
                        result.level,
                        ",".join(result.missing),
                    )
                )
    return rows


def stored_levels(organisation):
    return set(
        MonthlyLevel.objects.filter(organisation=organisation).values_list(
            "project_id", "month_end", "directorate_id", "service_id", "level", "missing"
        )
    )


def counts_of(rows):
    counted = Counter()
    for _, day, directorate_id, service_id, level, _ in rows:
        counted[(directorate_id, service_id, day, "active")] += 1
        if level in (Level.BIG_I, Level.LITTLE_I):
            counted[(directorate_id, service_id, day, level)] += 1
    return counted


def stored_counts(organisation):
    counted = Counter()
    for directorate_id, service_id, day, active, big, little in MeasureMonth.objects.filter(
        organisation=organisation
    ).values_list("directorate_id", "service_id", "month_end", "active", "big_i", "little_i"):
        for name, value in (("active", active), (Level.BIG_I, big), (Level.LITTLE_I, little)):
            if value:
                counted[(directorate_id, service_id, day, name)] += value
    return counted


def first_levels(organisation):
    return {(row[0], row[1]): row for row in stored_levels(organisation)}


def some_day(rng):
    return D(2024, 1, 1) + datetime.timedelta(days=rng.randrange(700))


def random_edit(rng, personas, world):
    """One change through the services, as a person would make it."""
    projects = list(Project.objects.filter(organisation=personas.trust))
    project = rng.choice(projects)
    by = personas.leo
    choice = rng.randrange(12)
    if choice == 11:
        # What most often makes a young project Big I: a patient on the team who chose the focus.
        member = rng.choice(world["members"])
        project_services.add_team_member(
            project, joined_on=project.start_date, by=by, pool_member=member
        )
        services.add_record(
            project,
            by=by,
            stage=Stage.FOCUS,
            how=How.TOOK_PART,
            pool_member=member,
            started_on=project.start_date,
        )
    elif choice == 0:
        directorate = rng.choice(world["directorates"])
        service = rng.choice([None, *world["services"][directorate.pk]])
        make_project(
            personas,
            title=f"Project {len(projects)}",
            start_date=some_day(rng),
            directorate=directorate,
            service=service,
        )
    elif choice == 1:
        project_services.add_team_member(
            project,
            joined_on=project.start_date + datetime.timedelta(days=rng.randrange(-30, 200)),
            by=by,
            pool_member=rng.choice(world["members"]),
        )
    elif choice == 2:
        members = list(project.team.filter(is_patient_or_carer=True))
        if members:
            member = rng.choice(members)
            left = member.joined_on + datetime.timedelta(days=rng.randrange(0, 300))
            project_services.record_leaving(member, left_on=left, by=by)
    elif choice == 3:
        services.add_record(
            project,
            by=by,
            stage=rng.choice(levels.STAGES),
            how=rng.choice(list(How)),
            outside_name="Someone",
            started_on=some_day(rng),
        )
    elif choice == 4:
        record = InvolvementRecord.objects.filter(project=project).first()
        if record:
            services.update_record(
                record, by=by, started_on=some_day(rng), how=rng.choice(list(How))
            )
    elif choice == 5:
        record = InvolvementRecord.objects.filter(project=project).last()
        if record:
            services.remove_record(record, by=by)
    elif choice == 6:
        project_services.change_status(
            project,
            status=rng.choice(list(ProjectStatus)),
            changed_on=project.start_date + datetime.timedelta(days=rng.randrange(1, 400)),
            note="",
            by=by,
        )
    elif choice == 7:
        directorate = rng.choice(world["directorates"])
        service = rng.choice([None, *world["services"][directorate.pk]])
        project_services.update_project(project, by=by, directorate=directorate, service=service)
    elif choice == 8:
        project_services.update_project(
            project,
            by=by,
            start_date=project.start_date + datetime.timedelta(days=rng.randrange(-90, 90)),
        )
    elif choice == 9:
        project_services.update_project(project, by=by, findings_shared_on=some_day(rng))
    else:
        proposer = project.team.filter(is_patient_or_carer=True).first()
        on = project.start_date + datetime.timedelta(days=rng.randrange(0, 300))
        primary = project_services.add_element(
            project, by=by, kind=ElementKind.PRIMARY, text="Driver", proposed_on=on
        )
        secondary = project_services.add_element(
            project,
            by=by,
            kind=ElementKind.SECONDARY,
            parent=primary,
            text="Secondary",
            proposed_on=on,
        )
        idea = project_services.add_element(
            project,
            by=by,
            kind=ElementKind.CHANGE_IDEA,
            parent=secondary,
            text="Idea",
            proposed_by=proposer if rng.random() < 0.5 else None,
            proposed_on=on,
        )
        participants = list(project.team.filter(is_patient_or_carer=True)[:1])
        project_services.add_pdsa(
            idea,
            by=by,
            participants=participants if rng.random() < 0.5 else [],
            objective="Try it",
            started_on=on + datetime.timedelta(days=rng.randrange(0, 60)),
        )


@pytest.mark.parametrize(
    ("seed", "rule"),
    [
        (1, {}),
        (2, {"consultation_counts": True}),
        (3, {"grace_days": 45, "required_stages": ["team", "pdsa", "reporting"]}),
        (4, {}),
    ],
)
def test_refreshes_after_random_edits_equal_a_plain_recomputation_and_a_rebuild(
    personas, pat_member, carl_member, seed, rule
):
    rng = random.Random(seed)
    directorates = [personas.directorate, DirectorateFactory(organisation=personas.trust)]
    world = {
        "directorates": directorates,
        "services": {d.pk: [ServiceFactory(directorate=d) for _ in range(2)] for d in directorates},
        "members": [
            pat_member,
            carl_member,
            PoolMemberFactory(organisation=personas.trust, first_name="Robin"),
        ],
    }
    make_project(personas, start_date=D(2024, 3, 5))
    if rule:
        InvolvementSettings.objects.filter(organisation=personas.trust).update(**rule)
        measure.rebuild(personas.trust)
    for _ in range(60):
        random_edit(rng, personas, world)

    refreshed = stored_levels(personas.trust)
    assert refreshed == plain_levels(personas.trust)
    assert stored_counts(personas.trust) == counts_of(refreshed)
    assert {row[4] for row in refreshed} == {Level.NONE, Level.LITTLE_I, Level.BIG_I}

    MonthlyLevel.objects.all().delete()
    MeasureMonth.objects.all().delete()
    measure.rebuild(personas.trust)
    assert stored_levels(personas.trust) == refreshed
    assert stored_counts(personas.trust) == counts_of(refreshed)


def test_a_rebuild_corrects_wrong_levels_and_counts_writing_only_what_differs(personas, pat_member):
    first = make_project(personas, start_date=D(2025, 1, 10))
    make_project(personas, title="Second", start_date=D(2025, 2, 1))
    project_services.add_team_member(
        first, pool_member=pat_member, joined_on=D(2025, 1, 10), by=personas.leo
    )
    right = stored_levels(personas.trust)
    counts = stored_counts(personas.trust)
    MonthlyLevel.objects.filter(project=first, month_end=D(2025, 3, 31)).update(
        level=Level.BIG_I, missing=""
    )
    MonthlyLevel.objects.filter(project=first, month_end=D(2025, 4, 30)).delete()
    MeasureMonth.objects.filter(month_end=D(2025, 5, 31)).update(active=7)
    MeasureMonth.objects.create(
        organisation=personas.trust, directorate=personas.directorate, month_end=D(2019, 1, 31)
    )
    unchanged = MonthlyLevel.objects.get(project=first, month_end=D(2025, 2, 28)).pk
    measure.rebuild(personas.trust)
    assert stored_levels(personas.trust) == right
    assert stored_counts(personas.trust) == counts
    assert not MeasureMonth.objects.filter(month_end=D(2019, 1, 31)).exists()
    assert MonthlyLevel.objects.get(project=first, month_end=D(2025, 2, 28)).pk == unchanged


def test_a_refresh_with_nothing_new_writes_nothing(personas, pat_member):
    project = make_project(personas, start_date=D(2025, 1, 10))
    project_services.add_team_member(
        project, pool_member=pat_member, joined_on=D(2025, 1, 10), by=personas.leo
    )
    with CaptureQueriesContext(connection) as captured:
        assert measure.refresh_projects([project.pk]) == 0
    writes = [q["sql"] for q in captured if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []


def _refresh_queries(personas, projects):
    for project in projects:
        InvolvementRecord.objects.create(
            project=project, stage=Stage.FOCUS, how=How.TOOK_PART, started_on=D(2025, 2, 2)
        )
        TeamMember.objects.bulk_create(
            [TeamMember(project=project, joined_on=D(2025, 3, 3), is_patient_or_carer=True)]
        )
    with CaptureQueriesContext(connection) as captured:
        changed = measure.refresh_projects([p.pk for p in projects])
    assert changed
    return len(captured)


def test_a_refresh_takes_the_same_queries_for_three_projects_as_for_thirty(personas):
    directorates = [personas.directorate, DirectorateFactory(organisation=personas.trust)]
    few = [
        make_project(personas, title=f"Few {n}", start_date=D(2024, 6, 1), directorate=d)
        for n, d in enumerate(directorates * 2)
    ][:3]
    many = [
        make_project(personas, title=f"Many {n}", start_date=D(2024, 6, 1), directorate=d)
        for n, d in enumerate(directorates * 15)
    ]
    assert _refresh_queries(personas, many) == _refresh_queries(personas, few)
    assert stored_levels(personas.trust) == plain_levels(personas.trust)
