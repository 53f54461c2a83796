"""Demo projects: two years of a trust's QI programme, in which patient and carer involvement
grows from about a quarter of active projects towards the 80% target, faster in some
directorates than others.

Every date is relative to today, so the demo always shows the last two years. The plan for each
project is fixed by a seeded random generator, so loading twice adds nothing the second time.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from coproduce.lib.months import month_end, previous_month_end
from coproduce.operations.demo import DemoContext
from coproduce.organisations.models import Directorate
from coproduce.projects.models import (
    ActDecision,
    DriverElement,
    ElementKind,
    Improvement,
    MeasureKind,
    MeasureValue,
    PdsaCycle,
    Project,
    ProjectMeasure,
    ProjectStatus,
    StatusChange,
    TeamMember,
    Topic,
)

TITLES = [
    ("Adult Mental Health", "Fewer missed first appointments in the community team"),
    ("Adult Mental Health", "Calmer evenings on Willow Ward"),
    ("Adult Mental Health", "Reducing restraint on acute wards"),
    ("Adult Mental Health", "Physical health checks for people on antipsychotics"),
    ("Adult Mental Health", "Faster crisis callbacks"),
    ("Adult Mental Health", "Safety plans written with patients"),
    ("Adult Mental Health", "Discharge letters people can read"),
    ("Adult Mental Health", "Carers included in care planning"),
    ("Adult Mental Health", "Smoke-free ward support"),
    ("Adult Mental Health", "Early Intervention: back to work and study"),
    ("Adult Mental Health", "Medication reviews before discharge"),
    ("Adult Mental Health", "Welcome packs for new admissions"),
    ("Adult Mental Health", "Peer support on the crisis line"),
    ("Adult Mental Health", "Fewer out-of-area placements"),
    ("Adult Mental Health", "Sleep without sedatives"),
    ("Adult Mental Health", "Community meetings that people attend"),
    ("Adult Mental Health", "Ward rounds people can take part in"),
    ("Adult Mental Health", "Less waiting for psychological therapy"),
    ("Child and Adolescent Mental Health", "Shorter waits for a first CAMHS assessment"),
    ("Child and Adolescent Mental Health", "Meal support that young people trust"),
    ("Child and Adolescent Mental Health", "School links from Oak House"),
    ("Child and Adolescent Mental Health", "Parents' evenings for eating disorders"),
    ("Child and Adolescent Mental Health", "Text reminders young people reply to"),
    ("Child and Adolescent Mental Health", "Moving on to adult services"),
    ("Child and Adolescent Mental Health", "Self-harm: safer waiting"),
    ("Child and Adolescent Mental Health", "Outcome measures young people choose"),
    ("Child and Adolescent Mental Health", "Fewer cancelled family sessions"),
    ("Child and Adolescent Mental Health", "A calmer waiting room"),
    ("Child and Adolescent Mental Health", "Quicker help after A&E"),
    ("Child and Adolescent Mental Health", "Digital appointments that work"),
    ("Child and Adolescent Mental Health", "Siblings' support group"),
    ("Child and Adolescent Mental Health", "Sleep hygiene on the adolescent unit"),
    ("Older Adults and Community Health", "Earlier memory assessment"),
    ("Older Adults and Community Health", "Fewer falls on Cedar Ward"),
    ("Older Adults and Community Health", "Carers' support after a dementia diagnosis"),
    ("Older Adults and Community Health", "Hydration on the ward"),
    ("Older Adults and Community Health", "Delirium spotted sooner"),
    ("Older Adults and Community Health", "Rehabilitation goals people set"),
    ("Older Adults and Community Health", "Fewer hospital transfers at night"),
    ("Older Adults and Community Health", "Life story work on Cedar Ward"),
    ("Older Adults and Community Health", "Home visits on time"),
    ("Older Adults and Community Health", "Hearing aids that work on the ward"),
    ("Older Adults and Community Health", "Mealtimes with family"),
    ("Older Adults and Community Health", "Advance care plans with carers"),
    ("Older Adults and Community Health", "Less time in bed after surgery"),
    ("Older Adults and Community Health", "Antipsychotics in dementia reviewed"),
    ("Older Adults and Community Health", "Discharge home before midday"),
    ("Older Adults and Community Health", "Loneliness after discharge"),
]

# How far ahead each directorate is with involvement (1.0 = the trust as a whole).
DIRECTORATE_PACE = {
    "Adult Mental Health": 1.15,
    "Child and Adolescent Mental Health": 1.0,
    "Older Adults and Community Health": 0.72,
}
LEADS = [
    "lead@example.org",
    "dev.kumar@example.org",
    "hannah.white@example.org",
    "tom.evans@example.org",
    "grace.liu@example.org",
    "lead@example.org",
]
STAFF = ["staff@example.org", "ben.adeyemi@example.org", "maria.santos@example.org"]
POOL = [
    "patient@example.org",
    "carer@example.org",
    "jo.taylor@example.org",
    "sunita.rao@example.org",
    "michael.obi@example.org",
    "alex.reid@example.org",
    "priya.shah@example.org",
    "david.brown@example.org",
    "nadia.ali@example.org",
    "owen.hughes@example.org",
]
TOPICS = ["Restrictive practice", "Carers", "Waiting times", "Physical health", "Transitions"]
MONTHS = 24


@dataclass
class Plan:
    """What happens to one demo project, decided before anything is written."""

    directorate: str
    title: str
    lead: str
    start: datetime.date
    change_ideas_on: datetime.date
    pdsa_on: datetime.date
    big_i_on: datetime.date | None
    consulted_on: datetime.date | None
    patient: str
    ends_on: datetime.date | None
    end_status: str
    topics: list[str] = field(default_factory=list)
    with_measure: bool = False


def _target_share(day: datetime.date, first: datetime.date, last: datetime.date) -> float:
    """The share of projects with Big I the demo aims for on `day`: about a fifth rising to 80%."""
    progress = max(0.0, min(1.0, (day - first).days / max(1, (last - first).days)))
    return 0.22 + 0.6 * progress


def plans(today: datetime.date | None = None) -> list[Plan]:
    today = today or timezone.localdate()
    last = previous_month_end(today)
    first = month_end(last - datetime.timedelta(days=MONTHS * 30.5))
    generator = random.Random(2019)  # noqa: S311 - demo data, not security
    result = []
    for index, (directorate, title) in enumerate(TITLES):
        # Half the projects are running when the two years start; the rest start during them.
        if index % 2 == 0:
            start = first - datetime.timedelta(days=generator.randint(20, 75))
        else:
            start = first + datetime.timedelta(days=generator.randint(0, MONTHS * 30 - 60))
        pace = DIRECTORATE_PACE[directorate]
        chance = generator.random()
        big_i_on = None
        day = month_end(start)
        while day <= today:
            if chance < min(0.97, _target_share(day, first, last) * pace):
                big_i_on = max(start, day - datetime.timedelta(days=generator.randint(0, 20)))
                break
            day = month_end(day + datetime.timedelta(days=1))
        ends_on = None
        end_status = ProjectStatus.COMPLETED
        if generator.random() < 0.45:
            ends_on = start + datetime.timedelta(days=generator.randint(300, 640))
            if ends_on > today - datetime.timedelta(days=10):
                ends_on = None
            elif generator.random() < 0.2:
                end_status = ProjectStatus.STOPPED
        result.append(
            Plan(
                directorate=directorate,
                title=title,
                lead=LEADS[index % len(LEADS)],
                start=start,
                change_ideas_on=start + datetime.timedelta(days=generator.randint(20, 60)),
                pdsa_on=start + datetime.timedelta(days=generator.randint(70, 130)),
                big_i_on=big_i_on if big_i_on and big_i_on <= today else None,
                consulted_on=start + datetime.timedelta(days=10)
                if generator.random() < 0.5
                else None,
                patient=POOL[index % len(POOL)],
                ends_on=ends_on,
                end_status=end_status,
                topics=[TOPICS[index % len(TOPICS)]],
                with_measure=index % 4 == 0,
            )
        )
    return result


def load(context: DemoContext) -> None:
    organisation = context.organisation
    directorates = {d.name: d for d in Directorate.objects.filter(organisation=organisation)}
    topics = {
        name: Topic.objects.get_or_create(organisation=organisation, name=name)[0]
        for name in TOPICS
    }
    today = timezone.localdate()
    made = 0
    for plan in plans(today):
        if Project.objects.filter(organisation=organisation, title=plan.title).exists():
            continue
        _make(context, plan, directorates[plan.directorate], topics, today)
        made += 1
    context.write(f"Demo projects: {made} added")


@transaction.atomic
def _make(
    context: DemoContext,
    plan: Plan,
    directorate: Directorate,
    topics: dict[str, Topic],
    today: datetime.date,
) -> None:
    records = context.records
    generator = random.Random(plan.title)  # noqa: S311 - demo data, not security
    services = list(directorate.services.all())
    ended = plan.ends_on is not None
    project = Project.objects.create(
        organisation=context.organisation,
        directorate=directorate,
        service=generator.choice(services) if services and generator.random() < 0.8 else None,
        title=plan.title,
        lead=records[plan.lead],
        status=plan.end_status if ended else ProjectStatus.ACTIVE,
        start_date=plan.start,
        aim=f"{plan.title}: a measurable improvement within 12 months, for the people we serve.",
        problem="People who use the service and their carers told us this needs to change.",
        findings_shared_on=plan.ends_on - datetime.timedelta(days=20) if ended else None,
    )
    project.topics.set([topics[name] for name in plan.topics])
    StatusChange.objects.create(
        project=project, status=ProjectStatus.ACTIVE, changed_on=plan.start, note="Started"
    )
    if ended:
        StatusChange.objects.create(
            project=project, status=plan.end_status, changed_on=plan.ends_on, note="Closed"
        )
    lead = TeamMember.objects.create(
        project=project, user=records[plan.lead], role_on_team="Project lead", joined_on=plan.start
    )
    staff = TeamMember.objects.create(
        project=project,
        user=records[STAFF[generator.randrange(len(STAFF))]],
        role_on_team="Team member",
        joined_on=plan.start,
    )
    primary = DriverElement.objects.create(
        project=project,
        kind=ElementKind.PRIMARY,
        text="People know what to expect",
        proposed_by=lead,
        proposed_on=plan.start,
        position=1,
    )
    secondary = DriverElement.objects.create(
        project=project,
        parent=primary,
        kind=ElementKind.SECONDARY,
        text="Clear information at the right time",
        proposed_by=staff,
        proposed_on=plan.start,
        position=1,
    )
    horizon = plan.ends_on or today
    if plan.change_ideas_on <= horizon:
        idea = DriverElement.objects.create(
            project=project,
            parent=secondary,
            kind=ElementKind.CHANGE_IDEA,
            text="A short leaflet written with people who use the service",
            proposed_by=staff,
            proposed_on=plan.change_ideas_on,
            position=1,
        )
        if plan.pdsa_on <= horizon:
            cycle = PdsaCycle.objects.create(
                change_idea=idea,
                project=project,
                number=1,
                objective="Test the leaflet with five people for one week",
                prediction="Most will say it helped them know what to expect",
                plan="Staff hand it out at first contact",
                started_on=plan.pdsa_on,
                study_notes="Four of five found it useful",
                act_decision=ActDecision.ADAPT,
                finished_on=plan.pdsa_on + datetime.timedelta(days=14),
            )
            cycle.participants.set([lead, staff])
    if plan.big_i_on and plan.big_i_on <= horizon:
        _involve(project, plan, records, secondary, lead, staff, horizon)
    if plan.with_measure:
        _measure(project, plan, generator, horizon)


def _involve(project, plan, records, secondary, lead, staff, horizon) -> None:  # type: ignore[no-untyped-def]
    """A patient or carer joins the team and takes part from then on."""
    member = records[f"pool:{plan.patient}"]
    patient = TeamMember.objects.create(
        project=project,
        pool_member=member,
        is_patient_or_carer=True,
        role_on_team="Lived experience partner",
        joined_on=plan.big_i_on,
    )
    day = max(plan.big_i_on, plan.change_ideas_on)
    if day <= horizon:
        idea = DriverElement.objects.create(
            project=project,
            parent=secondary,
            kind=ElementKind.CHANGE_IDEA,
            text="Ask people what they want to know before their first visit",
            proposed_by=patient,
            proposed_on=day,
            position=2,
        )
        day = max(plan.big_i_on, plan.pdsa_on) + datetime.timedelta(days=7)
        if day <= horizon:
            cycle = PdsaCycle.objects.create(
                change_idea=idea,
                project=project,
                number=1,
                objective="Ask ten people what they want to know",
                prediction="They will ask about waiting times and who they will see",
                plan="A patient partner and a staff member ask together",
                started_on=day,
                study_notes="Waiting times came first, as predicted",
                act_decision=ActDecision.ADOPT,
                finished_on=day + datetime.timedelta(days=14),
            )
            cycle.participants.set([patient, lead, staff])


def _measure(project: Project, plan: Plan, generator: random.Random, horizon) -> None:  # type: ignore[no-untyped-def]
    item = ProjectMeasure.objects.create(
        project=project,
        name="People who said they knew what to expect",
        kind=MeasureKind.OUTCOME,
        improvement=Improvement.UP,
        unit="%",
        target=Decimal("80"),
    )
    day = plan.start + datetime.timedelta(days=14)
    level = 45.0
    values = []
    while day <= horizon and len(values) < 30:
        if plan.big_i_on and day > plan.big_i_on:
            level = min(90.0, level + 1.5)
        values.append(
            MeasureValue(
                measure=item,
                recorded_for=day,
                value=Decimal(str(round(level + generator.uniform(-6, 6), 1))),
            )
        )
        day += datetime.timedelta(days=14)
    MeasureValue.objects.bulk_create(values)
