"""How long the monthly measure takes to rebuild and to refresh for one trust.

    DATABASE_URL=... python -m bench.rebuild --projects 10000

Generates the trust first (`bench.generate`) if the database does not hold that scale yet,
then times, each in its own transaction: a rebuild from empty tables, a rebuild when nothing
changed, a rebuild after a change of rule, a refresh of every project when nothing changed,
and a refresh of a tenth of the projects after a dated record was added to each of them.
Every step ends by checking the counts against a straightforward sum of the stored levels.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import time
from typing import Any

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402

from bench import generate as generator  # sets up Django
from coproduce.involvement import measure  # noqa: E402
from coproduce.involvement.models import (  # noqa: E402
    How,
    InvolvementRecord,
    InvolvementSettings,
    Level,
    MeasureMonth,
    MonthlyLevel,
    Stage,
)
from coproduce.organisations.models import Organisation  # noqa: E402
from coproduce.projects.models import Project  # noqa: E402

MARK = "Added by bench.rebuild"


def _counts(organisation: Any) -> list[tuple[Any, ...]]:
    buckets: dict[tuple[Any, ...], list[int]] = {}
    for row in MeasureMonth.objects.filter(organisation=organisation).values_list(
        "directorate_id", "service_id", "month_end", "active", "big_i", "little_i"
    ):
        total = buckets.setdefault(row[:3], [0, 0, 0])
        for index in range(3):
            total[index] += row[3 + index]
    return sorted(((*key, *value) for key, value in buckets.items() if value[0]), key=repr)


def _expected(organisation: Any) -> list[tuple[Any, ...]]:
    rows = (
        MonthlyLevel.objects.filter(organisation=organisation)
        .values_list("directorate_id", "service_id", "month_end")
        .annotate(
            active=Count("pk"),
            big_i=Count("pk", filter=Q(level=Level.BIG_I)),
            little_i=Count("pk", filter=Q(level=Level.LITTLE_I)),
        )
    )
    return sorted((tuple(row) for row in rows), key=repr)


def _timed(label: str, work: Any, organisation: Any, results: dict[str, Any]) -> None:
    started = time.perf_counter()
    with transaction.atomic():
        outcome = work()
    seconds = round(time.perf_counter() - started, 2)
    assert _counts(organisation) == _expected(organisation), label
    results[label] = {"seconds": seconds, "result": outcome}


def run(projects: int) -> dict[str, Any]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    organisation = Organisation.objects.filter(name=generator.organisation_name(projects)).first()
    if organisation is None:
        organisation = generator.generate(projects, quiet=True)
    ids = list(
        Project.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    results: dict[str, Any] = {
        "database": connection.vendor,
        "projects": len(ids),
        "load_average_before": [round(n, 2) for n in os.getloadavg()],
    }
    # Start from the generated records and the default rule, whatever an earlier run left.
    InvolvementRecord.objects.filter(project__organisation=organisation, evidence=MARK).delete()
    own = InvolvementSettings.objects.get(organisation=organisation)
    own.consultation_counts = False
    own.grace_days = 0
    own.save()

    def from_empty() -> int:
        MonthlyLevel.objects.filter(organisation=organisation).delete()
        MeasureMonth.objects.filter(organisation=organisation).delete()
        return measure.rebuild(organisation)

    _timed("rebuild from empty tables", from_empty, organisation, results)
    results["project_months"] = MonthlyLevel.objects.filter(organisation=organisation).count()
    _timed(
        "rebuild, nothing changed",
        lambda: measure.rebuild(organisation),
        organisation,
        results,
    )

    def new_rule() -> int:
        InvolvementSettings.objects.filter(pk=own.pk).update(
            consultation_counts=True, grace_days=30
        )
        return measure.rebuild(organisation)

    _timed("rebuild after a new rule", new_rule, organisation, results)
    _timed(
        "refresh every project, nothing changed",
        lambda: measure.refresh_projects(ids),
        organisation,
        results,
    )
    some = ids[:: max(1, len(ids) // (len(ids) // 10 or 1))][: max(1, len(ids) // 10)]

    def edit_some() -> int:
        day = datetime.date.today() - datetime.timedelta(days=200)
        InvolvementRecord.objects.bulk_create(
            [
                InvolvementRecord(
                    project_id=pk,
                    stage=Stage.PDSA,
                    how=How.TOOK_PART,
                    started_on=day,
                    evidence=MARK,
                )
                for pk in some
            ]
        )
        return measure.refresh_projects(some)

    _timed(f"refresh {len(some)} projects after an edit", edit_some, organisation, results)
    results["load_average_after"] = [round(n, 2) for n in os.getloadavg()]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10000)
    args = parser.parse_args()
    print(json.dumps(run(args.projects), indent=1, default=str))


if __name__ == "__main__":
    main()
