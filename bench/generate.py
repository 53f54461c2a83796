"""Generate a realistic trust at a chosen scale: projects with two years of status history,
teams, driver diagrams, PDSA cycles and ledgers, then build the monthly measure.

    python -m bench.generate --projects 100000

Uses DATABASE_URL like the app. Each run adds a new organisation named after its size, so the
same database can hold several scales side by side.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings.test")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from coproduce.accounts.models import Role, RoleGrant, User  # noqa: E402
from coproduce.involvement import measure  # noqa: E402
from coproduce.involvement.models import How, InvolvementRecord, Stage  # noqa: E402
from coproduce.lib.months import month_end  # noqa: E402
from coproduce.organisations.models import Directorate, Organisation, Service  # noqa: E402
from coproduce.pool.models import MemberKind, MemberStatus, PoolMember  # noqa: E402
from coproduce.projects.models import (  # noqa: E402
    ActDecision,
    DriverElement,
    ElementKind,
    PdsaCycle,
    Project,
    ProjectStatus,
    StatusChange,
    TeamMember,
)

BATCH = 5000
DIRECTORATES = 12
SERVICES_PER_DIRECTORATE = 5


def organisation_name(projects: int) -> str:
    return f"Bench trust with {projects} projects"


def _bulk(model: Any, rows: list[Any]) -> list[Any]:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def generate(projects: int, *, months: int = 24, seed: int = 1, quiet: bool = False) -> Any:
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, file=sys.stderr, flush=True))
    generator = random.Random(seed)  # noqa: S311 - test data
    today = datetime.date.today()
    first = month_end(today - datetime.timedelta(days=int(months * 30.5)))
    span = (today - first).days
    started = time.perf_counter()
    with transaction.atomic():
        organisation = Organisation.objects.create(name=organisation_name(projects))
        directorates = _bulk(
            Directorate,
            [
                Directorate(organisation=organisation, name=f"Directorate {n + 1}")
                for n in range(DIRECTORATES)
            ],
        )
        services = _bulk(
            Service,
            [
                Service(directorate=d, name=f"{d.name} service {n + 1}")
                for d in directorates
                for n in range(SERVICES_PER_DIRECTORATE)
            ],
        )
        by_directorate: dict[int, list[Service]] = {}
        for service in services:
            by_directorate.setdefault(service.directorate_id, []).append(service)
        lead_count = max(5, projects // 25)
        leads = _bulk(
            User,
            [
                User(
                    email=f"bench{projects}-lead{n}@example.org",
                    full_name=f"Lead {n}",
                    organisation=organisation,
                    password="!",  # noqa: S106 - unusable: nobody signs in as a generated person
                )
                for n in range(lead_count)
            ],
        )
        _bulk(
            RoleGrant,
            [RoleGrant(user=u, role=r) for u in leads for r in (Role.PROJECT_LEAD, Role.QI_STAFF)],
        )
        pool = _bulk(
            PoolMember,
            [
                PoolMember(
                    organisation=organisation,
                    first_name=f"Member {n}",
                    kind=MemberKind.PATIENT if n % 3 else MemberKind.CARER,
                    status=MemberStatus.ACTIVE,
                )
                for n in range(max(20, projects // 8))
            ],
        )
        say(f"people and structure: {time.perf_counter() - started:.1f}s")

        plans = []
        rows = []
        for n in range(projects):
            directorate = directorates[n % DIRECTORATES]
            start = (
                first
                - datetime.timedelta(days=180)
                + datetime.timedelta(days=generator.randint(0, span + 170))
            )
            ends = None
            if generator.random() < 0.35:
                ends = start + datetime.timedelta(days=generator.randint(240, 720))
                if ends >= today:
                    ends = None
            # Involvement grows over the two years, unevenly across directorates.
            progress = max(0.0, min(1.0, (start - first).days / span))
            pace = 0.7 + 0.05 * (n % DIRECTORATES)
            involved = generator.random() < (0.25 + 0.5 * progress) * pace
            plans.append((start, ends, involved))
            rows.append(
                Project(
                    organisation=organisation,
                    directorate=directorate,
                    service=generator.choice(by_directorate[directorate.pk])
                    if generator.random() < 0.8
                    else None,
                    title=f"Bench project {n + 1}",
                    lead=leads[n % lead_count],
                    status=(
                        ProjectStatus.COMPLETED
                        if ends and n % 5
                        else ProjectStatus.STOPPED
                        if ends
                        else ProjectStatus.ACTIVE
                    ),
                    start_date=start,
                    aim="Improve a measure by a set amount by a date, for a named group of people",
                    findings_shared_on=ends - datetime.timedelta(days=14) if ends else None,
                )
            )
        made = _bulk(Project, rows)
        say(f"projects: {time.perf_counter() - started:.1f}s")

        changes, team, records = [], [], []
        for project, (start, ends, involved) in zip(made, plans, strict=True):
            changes.append(
                StatusChange(project=project, status=ProjectStatus.ACTIVE, changed_on=start)
            )
            if ends:
                changes.append(
                    StatusChange(project=project, status=project.status, changed_on=ends)
                )
            team.append(
                TeamMember(project=project, user=project.lead, role_on_team="Lead", joined_on=start)
            )
            if involved:
                joined = start + datetime.timedelta(days=generator.randint(0, 90))
                member = pool[generator.randrange(len(pool))]
                team.append(
                    TeamMember(
                        project=project,
                        pool_member=member,
                        is_patient_or_carer=True,
                        role_on_team="Lived experience partner",
                        joined_on=joined,
                    )
                )
                records.append(
                    InvolvementRecord(
                        project=project,
                        stage=Stage.FOCUS,
                        how=How.TOOK_PART,
                        pool_member=member,
                        started_on=joined,
                        evidence="Focus workshop",
                    )
                )
                if ends:
                    records.append(
                        InvolvementRecord(
                            project=project,
                            stage=Stage.REPORTING,
                            how=How.CO_LED,
                            pool_member=member,
                            started_on=ends - datetime.timedelta(days=14),
                            evidence="Co-presented the findings",
                        )
                    )
            elif generator.random() < 0.4:
                records.append(
                    InvolvementRecord(
                        project=project,
                        stage=Stage.FOCUS,
                        how=How.CONSULTED,
                        started_on=start,
                        evidence="Survey",
                    )
                )
        _bulk(StatusChange, changes)
        team = _bulk(TeamMember, team)
        _bulk(InvolvementRecord, records)
        say(f"teams and ledgers: {time.perf_counter() - started:.1f}s")

        members: dict[int, list[TeamMember]] = {}
        for member in team:
            members.setdefault(member.project_id, []).append(member)
        primaries = _bulk(
            DriverElement,
            [
                DriverElement(
                    project=p,
                    kind=ElementKind.PRIMARY,
                    text="Primary driver",
                    proposed_by=members[p.pk][0],
                    proposed_on=plan[0],
                )
                for p, plan in zip(made, plans, strict=True)
            ],
        )
        secondaries = _bulk(
            DriverElement,
            [
                DriverElement(
                    project_id=e.project_id,
                    parent=e,
                    kind=ElementKind.SECONDARY,
                    text="Secondary driver",
                    proposed_by_id=e.proposed_by_id,
                    proposed_on=e.proposed_on,
                )
                for e in primaries
            ],
        )
        ideas = []
        for element, (start, ends, _involved) in zip(secondaries, plans, strict=True):
            day = start + datetime.timedelta(days=generator.randint(20, 90))
            if day < (ends or today):
                team_here = members[element.project_id]
                ideas.append(
                    DriverElement(
                        project_id=element.project_id,
                        parent=element,
                        kind=ElementKind.CHANGE_IDEA,
                        text="Change idea",
                        proposed_by=team_here[-1],
                        proposed_on=max(day, team_here[-1].joined_on),
                    )
                )
        ideas = _bulk(DriverElement, ideas)
        say(f"driver diagrams: {time.perf_counter() - started:.1f}s")

        cycles = []
        plan_of = {p.pk: plan for p, plan in zip(made, plans, strict=True)}
        for idea in ideas:
            _start, ends, _involved = plan_of[idea.project_id]
            day = idea.proposed_on + datetime.timedelta(days=generator.randint(20, 80))
            if day < (ends or today):
                cycles.append(
                    PdsaCycle(
                        change_idea=idea,
                        project_id=idea.project_id,
                        number=1,
                        objective="Test the change on a small scale",
                        started_on=day,
                        study_notes="As predicted",
                        act_decision=ActDecision.ADOPT,
                    )
                )
        cycles = _bulk(PdsaCycle, cycles)
        through = PdsaCycle.participants.through
        _bulk(
            through,
            [
                through(pdsacycle_id=c.pk, teammember_id=m.pk)
                for c in cycles
                for m in members[c.project_id]
                if m.joined_on <= c.started_on
            ],
        )
        say(f"PDSA cycles: {time.perf_counter() - started:.1f}s")
    stored = measure.rebuild(organisation)
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would give a real database after a bulk load.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    say(f"monthly measure ({stored} project-months): {time.perf_counter() - started:.1f}s")
    return organisation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    generate(args.projects, months=args.months, seed=args.seed)


if __name__ == "__main__":
    main()
