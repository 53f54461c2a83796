"""How long a large project import takes, first time and again (when nothing changes).

    python -m bench.imports --rows 10000                       # SQLite file in /tmp
    DATABASE_URL=postgres://... python -m bench.imports --rows 10000

Builds a fresh trust with directorates, services, staff and pool members, writes an XLSX of
`--rows` projects (each with staff, patients and carers on the team and a dated involvement
stage), then times: reading the workbook, checking every row, the import itself (one
transaction, measure refreshed once, and the part of it spent on the measure), and a re-import
of the same file, which must change nothing. `--measure refresh` corrects the measure project by
project, as an import of fewer projects than half the trust does, instead of rebuilding it.
"""

import argparse
import datetime
import io
import os
import random
import time
from typing import Any

HEADINGS = [
    "Reference",
    "Title",
    "Directorate",
    "Service",
    "Lead email",
    "Status",
    "Start date",
    "Aim",
    "Staff",
    "Patients and carers",
    "Involved in choosing the focus from",
    "Involved in PDSA cycles from",
]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings.base")
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/coproduce-bench-imports.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build_trust(seed: int) -> Any:
    from coproduce.accounts.models import Role, RoleGrant, User
    from coproduce.organisations.models import Directorate, Organisation, Service
    from coproduce.pool.models import MemberKind, MemberStatus, PoolMember

    name = f"Bench Imports NHS Trust {seed}-{time.time_ns()}"
    trust = Organisation.objects.create(name=name)
    tag = trust.pk
    directorates = [
        Directorate.objects.create(organisation=trust, name=f"Directorate {d}") for d in range(8)
    ]
    for directorate in directorates:
        for s in range(5):
            Service.objects.create(directorate=directorate, name=f"Service {s}")
    staff = User.objects.bulk_create(
        [
            User(
                email=f"staff{n}-{tag}@bench.example.org",
                full_name=f"Staff {n}",
                organisation=trust,
            )
            for n in range(300)
        ]
    )
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=u, role=Role.PROJECT_LEAD) for u in staff]
        + [RoleGrant(user=u, role=Role.QI_STAFF) for u in staff]
    )
    coordinator = User.objects.create(
        email=f"cora-{tag}@bench.example.org", full_name="Cora Bench", organisation=trust
    )
    RoleGrant.objects.create(user=coordinator, role=Role.INVOLVEMENT_TEAM)
    PoolMember.objects.bulk_create(
        [
            PoolMember(
                organisation=trust,
                first_name=f"Member{n}",
                last_name="Bench",
                email=f"member{n}-{tag}@bench.example.org",
                kind=MemberKind.PATIENT,
                status=MemberStatus.ACTIVE,
            )
            for n in range(2000)
        ]
    )
    return trust, coordinator, [u.email for u in staff], tag


def workbook(rows: int, tag: int, staff: list[str], seed: int) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Projects")
    sheet.append(HEADINGS)
    today = datetime.date.today()
    for n in range(rows):
        start = today - datetime.timedelta(days=rng.randint(30, 900))
        status = rng.choices(["Active", "On hold", "Completed", "Stopped"], [70, 10, 15, 5])[0]
        people = "; ".join(
            [f"member{rng.randrange(2000)}-{tag}@bench.example.org", f"Outside Person {n}"]
        )
        sheet.append(
            [
                f"EXT-{n:06d}",
                f"Improvement project {n}",
                f"Directorate {rng.randrange(8)}",
                f"Service {rng.randrange(5)}",
                rng.choice(staff),
                status,
                start,
                "Reduce waiting times by a fifth within a year",
                "; ".join(rng.sample(staff, 2)),
                people,
                start + datetime.timedelta(days=rng.randint(0, 20)),
                start + datetime.timedelta(days=rng.randint(21, 29))
                if rng.random() < 0.5
                else None,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description="Time a large project import")
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--measure",
        choices=["auto", "refresh"],
        default="auto",
        help="refresh: correct the measure project by project even when a rebuild would be chosen",
    )
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from coproduce.imports import columns, services
    from coproduce.involvement import measure

    if args.measure == "refresh":
        services.REBUILD_FROM = args.rows + 1
    in_measure = [0.0]

    def timing(work: Any) -> Any:
        def timed_work(*arguments: Any, **options: Any) -> Any:
            started = time.perf_counter()
            try:
                return work(*arguments, **options)
            finally:
                in_measure[0] += time.perf_counter() - started

        return timed_work

    measure.rebuild = timing(measure.rebuild)
    measure.refresh_projects = timing(measure.refresh_projects)
    from coproduce.lib import tabular
    from coproduce.projects.models import Project

    trust, coordinator, staff, tag = build_trust(args.seed)
    data = workbook(args.rows, tag, staff, args.seed)
    print(f"database: {connection.vendor}; rows: {args.rows:,}; file: {len(data) / 1e6:.1f} MB")

    def timed(label: str, work: Any) -> Any:
        started = time.perf_counter()
        result = work()
        print(f"{label:<28}{time.perf_counter() - started:>8.2f} s")
        return result

    total = time.perf_counter()
    table = timed("read workbook", lambda: tabular.read(data))
    mapping = columns.guess(table.headers)
    plan = timed("check rows", lambda: services.check(trust, table, mapping))
    assert not plan.problems, plan.problems[:5]
    result = timed("import (one transaction)", lambda: services.apply(trust, plan, by=coordinator))
    print(f"{'  of which the measure':<28}{in_measure[0]:>8.2f} s")
    print(f"{'first import total':<28}{time.perf_counter() - total:>8.2f} s  {result}")
    assert Project.objects.filter(organisation=trust).count() == args.rows

    total = time.perf_counter()
    table = tabular.read(data)
    plan = services.check(trust, table, mapping)
    again = services.apply(trust, plan, by=coordinator)
    print(f"{'re-import total':<28}{time.perf_counter() - total:>8.2f} s  {again}")
    assert again == {"new": 0, "changed": 0, "unchanged": args.rows}


if __name__ == "__main__":
    main()
