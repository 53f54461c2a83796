"""How long a trust's move from its earlier systems takes: a Life QI project export and a
spreadsheet of the pool.

    python -m bench.legacy_imports                       # 5,000 projects, 2,000 people, SQLite
    python -m bench.legacy_imports --projects 5000 --people 2000
    DATABASE_URL=postgres://... python -m bench.legacy_imports

Builds a fresh trust (bench.imports.build_trust), writes an XLSX laid out as a Life QI export
(headings matched through the Life QI preset, a Yes/No "Service user involvement" with notes,
an IHI score) and a CSV of patients and carers (each with a way to contact them, some with
interests and a DBS check), then times reading, checking and importing each, and a re-import
of the Life QI file, which must add nothing.
"""

import argparse
import datetime
import io
import random
import time
from typing import Any

from bench.imports import build_trust, setup_django

LIFE_QI = [
    "Project ID",
    "Project title",
    "Aim",
    "Status",
    "Project lead",
    "Group",
    "Start date",
    "IHI progress score",
    "Service user involvement",
    "Service user involvement notes",
]
POOL = [
    "First name",
    "Last name",
    "Type",
    "Status",
    "Email",
    "Phone",
    "Address",
    "Interests",
    "Lived experience",
    "Training",
    "DBS date",
    "DBS expiry",
]


def life_qi_workbook(rows: int, staff: list[str], seed: int) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Projects")
    sheet.append(LIFE_QI)
    today = datetime.date.today()
    for n in range(rows):
        involved = rng.random() < 0.4
        sheet.append(
            [
                f"LQI-{n:06d}",
                f"Improvement project {n}",
                "Reduce waiting times by a fifth within a year",
                rng.choices(["Active", "On hold", "Completed", "Abandoned"], [70, 10, 15, 5])[0],
                rng.choice(staff),
                f"Directorate {rng.randrange(8)}",
                today - datetime.timedelta(days=rng.randint(30, 900)),
                rng.choice(["0.5", "1", "1.5", "2", "2.5", "3", "3.5", "4", "4.5", "5"]),
                "Yes" if involved else "No",
                "Carers joined the planning meetings" if involved else "",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pool_file(people: int, tag: int, seed: int) -> bytes:
    from coproduce.lib import tabular

    rng = random.Random(seed)
    rows = []
    for n in range(people):
        route = rng.choice(["email", "phone", "post"])
        rows.append(
            [
                f"Person{n}",
                "Imported",
                rng.choice(["Patient", "Carer", "Both"]),
                rng.choice(["Active", "Paused", "Enquiry"]),
                f"person{n}-{tag}@bench.example.net" if route == "email" else "",
                "07700 900123" if route == "phone" else "",
                f"{n} High Street, Leeds" if route == "post" else "",
                "Bench topic" if rng.random() < 0.5 else "",
                "Uses community mental health services",
                "QI basics",
                "01/03/2024" if rng.random() < 0.3 else "",
                "01/03/2027" if rng.random() < 0.3 else "",
            ]
        )
    # A DBS expiry needs the date it was done: keep the two together.
    for row in rows:
        if row[11] and not row[10]:
            row[10] = "01/03/2024"
    return tabular.to_csv(POOL, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the Life QI and pool imports")
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from coproduce.imports import kinds, pool, services
    from coproduce.lib import tabular
    from coproduce.pool.models import OptionKind, PoolMember, ProfileOption
    from coproduce.projects.models import Project

    trust, coordinator, staff, tag = build_trust(args.seed)
    ProfileOption.objects.create(organisation=trust, kind=OptionKind.TOPIC, name="Bench topic")

    def timed(label: str, work: Any) -> Any:
        started = time.perf_counter()
        result = work()
        print(f"{label:<34}{time.perf_counter() - started:>8.2f} s")
        return result

    data = life_qi_workbook(args.projects, staff, args.seed)
    print(
        f"database: {connection.vendor}; Life QI projects: {args.projects:,} "
        f"({len(data) / 1e6:.1f} MB XLSX)"
    )
    total = time.perf_counter()
    table = timed("read workbook", lambda: tabular.read(data))
    mapping = kinds.get("projects").guess(table.headers)
    assert len(mapping) == len(LIFE_QI), mapping
    plan = timed("check rows", lambda: services.check(trust, table, mapping))
    assert not plan.problems, plan.problems[:5]
    result = timed("import (one transaction)", lambda: services.apply(trust, plan, by=coordinator))
    print(f"{'Life QI first import total':<34}{time.perf_counter() - total:>8.2f} s  {result}")
    assert Project.objects.filter(organisation=trust).count() == args.projects
    total = time.perf_counter()
    plan = services.check(trust, tabular.read(data), mapping)
    again = services.apply(trust, plan, by=coordinator)
    print(f"{'Life QI re-import total':<34}{time.perf_counter() - total:>8.2f} s  {again}")
    assert again["new"] == 0

    data = pool_file(args.people, tag, args.seed)
    print(f"pool people: {args.people:,} ({len(data) / 1e6:.2f} MB CSV)")
    total = time.perf_counter()
    table = timed("read file", lambda: tabular.read(data))
    mapping = kinds.get("pool").guess(table.headers)
    plan = timed("check rows", lambda: pool.check(trust, table, mapping))
    assert not plan.problems, plan.problems[:5]
    result = timed("import (one transaction)", lambda: pool.apply(trust, plan, by=coordinator))
    print(f"{'pool import total':<34}{time.perf_counter() - total:>8.2f} s  {result}")
    assert PoolMember.objects.filter(organisation=trust, consent_to_confirm=True).count() == (
        args.people
    )


if __name__ == "__main__":
    main()
