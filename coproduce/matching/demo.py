"""Demo opportunities on the demo projects, with suggestions and an invitation or two.

Projects come from the projects demo, which runs first; without any, nothing is added.
Safe to run again.
"""

import datetime

from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.lib.durations import hours_text
from coproduce.matching import services
from coproduce.matching.models import Invitation, Mode, Opportunity, OpportunityRole, Stage
from coproduce.operations.demo import DemoContext
from coproduce.pool.models import OptionKind, PoolMember, ProfileOption
from coproduce.projects.models import Project, ProjectStatus

OPPORTUNITIES = [
    # title, role, stages, mode, hours, topics, conditions
    (
        "Join the project team",
        OpportunityRole.TEAM_MEMBER,
        [Stage.TEAM, Stage.CHANGE_IDEAS, Stage.PDSA],
        Mode.EITHER,
        3,
        ["Admission and discharge", "Staff training"],
        ["Caring for someone with dementia", "Psychosis"],
    ),
    (
        "Review our new leaflet",
        OpportunityRole.REVIEWER,
        [Stage.CHANGE_IDEAS],
        Mode.REMOTE,
        1,
        ["Medication"],
        [],
    ),
    (
        "Help present what we found",
        OpportunityRole.CO_PRESENTER,
        [Stage.REPORTING],
        Mode.IN_PERSON,
        2,
        ["Crisis care"],
        ["Psychosis"],
    ),
]


def load(context: DemoContext) -> None:
    projects = list(
        Project.objects.filter(organisation=context.organisation, status=ProjectStatus.ACTIVE)[:3]
    )
    if not projects:
        return
    coordinator = User.objects.filter(email="coordinator@example.org").first()
    options = {
        (o.kind, o.name): o for o in ProfileOption.objects.filter(organisation=context.organisation)
    }
    start = timezone.localdate() + datetime.timedelta(days=21)
    created = []
    for project, spec in zip(projects, OPPORTUNITIES, strict=False):
        title, role, stages, mode, hours, topics, conditions = spec
        opportunity, new = Opportunity.objects.get_or_create(
            project=project,
            title=title,
            defaults={
                "organisation": context.organisation,
                "role": role,
                "stages": list(stages),
                "mode": mode,
                "hours_per_month": hours,
                "start_date": start,
                "end_date": start + datetime.timedelta(days=120),
                "time_commitment": f"About {hours_text(hours)} a month, at times agreed with "
                "the team",
                "description": "Work alongside staff as an equal partner in this project.",
                "places": 2,
                "posted_by": project.lead,
            },
        )
        if new:
            opportunity.preferred_topics.set(
                [options[(OptionKind.TOPIC, n)] for n in topics if (OptionKind.TOPIC, n) in options]
            )
            opportunity.preferred_conditions.set(
                [
                    options[(OptionKind.CONDITION, n)]
                    for n in conditions
                    if (OptionKind.CONDITION, n) in options
                ]
            )
        created.append(opportunity)

    # Invitations from the coordinator, with the scores as they stood; written directly so that
    # loading the demo sends no email.
    if coordinator is None:
        return
    wanted = [("carer@example.org", 0), ("patient@example.org", 1)]
    for email, index in wanted:
        if index >= len(created):
            continue
        member = PoolMember.objects.filter(user__email=email).first()
        if member is None or Invitation.objects.filter(member=member).exists():
            continue
        opportunity = created[index]
        placing = services.placing(opportunity, member)
        Invitation.objects.create(
            opportunity=opportunity,
            member=member,
            sent_by=coordinator,
            score=placing.suggestion.total if placing.suggestion else None,
            rank=placing.rank,
            breakdown=[
                {"name": p.name, "points": p.points, "out_of": p.out_of, "reason": p.reason}
                for p in (placing.suggestion.parts if placing.suggestion else ())
            ],
            message="I thought of you for this one. No pressure at all.",
            override_reason="" if not placing.is_override else "Demo invitation",
        )
