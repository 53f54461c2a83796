"""How long ranking one opportunity takes with a large pool.

    python -m bench.matching                      # SQLite file in /tmp
    DATABASE_URL=postgres://... python -m bench.matching

Builds (once per database) a trust with 50,000 pool members, 2,000 open opportunities, training
completions, past involvement and accepted invitations, then times `matching.services.rank` (hard
filters in the database, scores in coproduce.lib.matching, top 20 explained) for a sample of
opportunities and prints the median and 95th percentile.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from typing import Any

BENCH_TRUST = "Bench Matching NHS Trust"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings.base")
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/coproduce-bench-matching.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build(members: int, opportunities: int, seed: int = 7) -> Any:
    from django.db import transaction
    from django.utils import timezone

    from coproduce.accounts.models import User
    from coproduce.lib import matching
    from coproduce.matching.models import (
        Invitation,
        InvitationStatus,
        Mode,
        Opportunity,
        OpportunityRole,
    )
    from coproduce.organisations.models import Directorate, Organisation, Service
    from coproduce.pool.models import (
        MemberKind,
        MemberStatus,
        OptionKind,
        PoolMember,
        ProfileOption,
    )
    from coproduce.projects.models import Project, TeamMember
    from coproduce.training.models import Completion, Course

    existing = Organisation.objects.filter(name=BENCH_TRUST).first()
    if existing is not None and PoolMember.objects.filter(organisation=existing).count() >= members:
        return existing

    rng = random.Random(seed)
    today = timezone.localdate()
    started = time.perf_counter()
    print(f"Building {members:,} members and {opportunities:,} opportunities...", flush=True)
    with transaction.atomic():
        if existing is not None:
            sys.exit("A partly built bench trust exists; delete the bench database and retry.")
        trust = Organisation.objects.create(name=BENCH_TRUST)
        services = []
        for d in range(4):
            directorate = Directorate.objects.create(organisation=trust, name=f"Directorate {d}")
            for s in range(6):
                services.append(
                    Service.objects.create(directorate=directorate, name=f"Service {d}-{s}")
                )
        options: dict[str, list[ProfileOption]] = {}
        for kind, count in (
            (OptionKind.CONDITION, 15),
            (OptionKind.TOPIC, 20),
            (OptionKind.SKILL, 12),
            (OptionKind.AREA, 8),
        ):
            options[kind] = ProfileOption.objects.bulk_create(
                [
                    ProfileOption(organisation=trust, kind=kind, name=f"{kind} {i}")
                    for i in range(count)
                ]
            )
        courses = [
            Course.objects.create(organisation=trust, title=f"Course {i}", audience="both")
            for i in range(3)
        ]
        lead = User.objects.create_user(
            email="bench-lead@bench.invalid", full_name="Bench Lead", organisation=trust
        )

        users = User.objects.bulk_create(
            [
                User(
                    email=f"member{i}@bench.invalid",
                    full_name=f"Member {i}",
                    organisation=trust,
                    password="!",  # noqa: S106 - an unusable password, as Django writes it
                )
                for i in range(members)
            ],
            batch_size=5000,
        )
        days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        times = ["morning", "afternoon", "evening"]
        statuses = [MemberStatus.ACTIVE] * 7 + [
            MemberStatus.PAUSED,
            MemberStatus.ENQUIRY,
            MemberStatus.LEFT,
        ]
        now = timezone.now()
        pool = []
        profiles = []
        for i, user in enumerate(users):
            used = rng.sample(services, rng.randint(0, 3))
            profile = {
                "services_used": used,
                "conditions": rng.sample(options[OptionKind.CONDITION], rng.randint(0, 3)),
                "topics": rng.sample(options[OptionKind.TOPIC], rng.randint(0, 5)),
                "skills": rng.sample(options[OptionKind.SKILL], rng.randint(0, 3)),
                "travel_areas": rng.sample(options[OptionKind.AREA], rng.randint(0, 3)),
            }
            member_days = sorted(rng.sample(days, rng.randint(1, 5)))
            member_times = sorted(rng.sample(times, rng.randint(1, 3)))
            in_person, remote = rng.choice([(True, True), (True, False), (False, True)])
            pool.append(
                PoolMember(
                    organisation=trust,
                    user=user,
                    first_name=f"Member{i}",
                    last_name="Bench",
                    email=user.email,
                    kind=rng.choice(MemberKind.values),
                    status=rng.choice(statuses),
                    consented_at=now if rng.random() > 0.02 else None,
                    available_days=member_days,
                    available_times=member_times,
                    in_person=in_person,
                    remote=remote,
                    max_hours_per_month=rng.choice([2, 4, 6, 8, 10, 16]),
                    away_until=today + datetime.timedelta(days=200)
                    if rng.random() < 0.03
                    else None,
                    match_terms=matching.terms_for(
                        services=[s.pk for s in used],
                        directorates=[s.directorate_id for s in used],
                        conditions=[o.pk for o in profile["conditions"]],
                        topics=[o.pk for o in profile["topics"]],
                        skills=[o.pk for o in profile["skills"]],
                        areas=[o.pk for o in profile["travel_areas"]],
                        days=member_days,
                        times=member_times,
                        in_person=in_person,
                        remote=remote,
                    ),
                )
            )
            profiles.append(profile)
        pool = PoolMember.objects.bulk_create(pool, batch_size=5000)
        for name in ("services_used", "conditions", "topics", "skills", "travel_areas"):
            through = getattr(PoolMember, name).through
            target = "service" if name == "services_used" else "profileoption"
            rows = [
                through(**{"poolmember_id": member.pk, f"{target}_id": item.pk})
                for member, profile in zip(pool, profiles, strict=True)
                for item in profile[name]
            ]
            through.objects.bulk_create(rows, batch_size=10000)

        completions = []
        for user in users:
            for course in courses:
                if rng.random() < 0.5:
                    done = today - datetime.timedelta(days=rng.randint(10, 900))
                    expires = done + datetime.timedelta(days=730) if rng.random() < 0.5 else None
                    completions.append(
                        Completion(course=course, user=user, completed_on=done, expires_on=expires)
                    )
        Completion.objects.bulk_create(completions, batch_size=10000)

        projects = Project.objects.bulk_create(
            [
                Project(
                    organisation=trust,
                    directorate=services[i % len(services)].directorate,
                    service=services[i % len(services)],
                    title=f"Project {i}",
                    lead=lead,
                    start_date=today - datetime.timedelta(days=rng.randint(0, 700)),
                )
                for i in range(500)
            ]
        )
        TeamMember.objects.bulk_create(
            [
                TeamMember(
                    project=rng.choice(projects),
                    pool_member=member,
                    is_patient_or_carer=True,
                    joined_on=today - datetime.timedelta(days=rng.randint(0, 700)),
                )
                for member in rng.sample(pool, members // 3)
            ],
            batch_size=10000,
        )
        opps = []
        for i in range(opportunities):
            start = today + datetime.timedelta(days=rng.randint(7, 120))
            opps.append(
                Opportunity(
                    organisation=trust,
                    project=rng.choice(projects),
                    title=f"Opportunity {i}",
                    role=rng.choice(OpportunityRole.values),
                    hours_per_month=rng.choice([1, 2, 3, 4, 6]),
                    start_date=start,
                    end_date=start + datetime.timedelta(days=rng.randint(30, 180)),
                    days=sorted(rng.sample(days, rng.randint(0, 2))),
                    times=sorted(rng.sample(times, rng.randint(0, 2))),
                    mode=rng.choice(Mode.values),
                    area=rng.choice(options[OptionKind.AREA]) if rng.random() < 0.5 else None,
                    places=rng.randint(1, 4),
                    posted_by=lead,
                )
            )
        opps = Opportunity.objects.bulk_create(opps, batch_size=2000)
        for field, kind, most in (
            ("preferred_topics", OptionKind.TOPIC, 3),
            ("preferred_conditions", OptionKind.CONDITION, 2),
            ("preferred_skills", OptionKind.SKILL, 2),
        ):
            through = getattr(Opportunity, field).through
            through.objects.bulk_create(
                [
                    through(opportunity_id=o.pk, profileoption_id=item.pk)
                    for o in opps
                    for item in rng.sample(options[kind], rng.randint(0, most))
                ],
                batch_size=10000,
            )
        through = Opportunity.required_courses.through
        through.objects.bulk_create(
            [
                through(opportunity_id=o.pk, course_id=rng.choice(courses).pk)
                for o in opps
                if rng.random() < 0.4
            ]
        )
        Invitation.objects.bulk_create(
            [
                Invitation(
                    opportunity=rng.choice(opps),
                    member=member,
                    status=rng.choice([InvitationStatus.ACCEPTED, InvitationStatus.SENT]),
                    sent_by=lead,
                )
                for member in rng.sample(pool, members // 10)
            ],
            batch_size=10000,
            ignore_conflicts=True,
        )
    print(f"Built in {time.perf_counter() - started:.0f} s", flush=True)
    return trust


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--opportunities", type=int, default=2_000)
    parser.add_argument("--samples", type=int, default=60)
    args = parser.parse_args()
    setup_django()

    from django.db import connection

    from coproduce.matching import services
    from coproduce.matching.models import Opportunity, OpportunityStatus

    trust = build(args.members, args.opportunities)
    # Fresh tables have no planner statistics yet; a live database gathers them by itself
    # (autovacuum on PostgreSQL, `PRAGMA optimize` on SQLite).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    rng = random.Random(11)
    open_ids = list(
        Opportunity.objects.filter(organisation=trust, status=OpportunityStatus.OPEN).values_list(
            "pk", flat=True
        )
    )
    sample = rng.sample(open_ids, min(args.samples, len(open_ids)))
    services.rank(Opportunity.objects.get(pk=sample[0]))  # warm caches and connections
    timings = []
    cpu = []
    eligible = []
    for pk in sample:
        opportunity = Opportunity.objects.select_related("project").get(pk=pk)
        started, started_cpu = time.perf_counter(), time.process_time()
        services.rank(opportunity)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        eligible.append(services.eligible_members(opportunity).count())
    timings.sort()
    cpu.sort()

    def p95(values: list[float]) -> float:
        return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]

    print(
        f"Ranking one opportunity ({connection.vendor}, {args.members:,} members, "
        f"{len(open_ids):,} open opportunities, {len(sample)} samples, "
        f"median {int(statistics.median(eligible)):,} eligible people each, {os.cpu_count()} CPUs):"
    )
    print(
        f"  wall time: median {statistics.median(timings):.0f} ms, p95 {p95(timings):.0f} ms, "
        f"max {timings[-1]:.0f} ms"
    )
    # On a busy machine wall time includes waiting for a core; this process's CPU time does not
    # (with PostgreSQL it leaves out the server's share of the work).
    print(
        f"  CPU time in this process: median {statistics.median(cpu):.0f} ms, p95 {p95(cpu):.0f} ms"
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"  load average while measuring: {load:.1f}")


if __name__ == "__main__":
    main()
