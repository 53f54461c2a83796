"""Recalculated limits and fixed baselines on a chart, with their reasons (`LimitChange`).

A change names its series (the trust, a directorate, a service or a project measure) and the
month it starts at. Drawing a chart turns the series' changes in force into the engine's
`recalculate_at` and `baselines` (`coproduce.spc.xmr`); recording one is a page action that
changes one row, never a rebuild of the measure.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from coproduce import spc
from coproduce.audit import services as auditor
from coproduce.involvement.models import LimitChange, LimitChangeKind

BREAK_PREFIX = "Limits recalculated"


@dataclass(frozen=True)
class EngineOptions:
    recalculate_at: tuple[int, ...] = ()
    baselines: dict[int, int] = field(default_factory=dict)
    # (point index, words shown on the chart and in its table)
    breaks: tuple[tuple[int, str], ...] = ()

    def as_kwargs(self) -> dict[str, Any]:
        return {"recalculate_at": self.recalculate_at, "baselines": self.baselines}


def break_text(change: LimitChange) -> str:
    if change.kind == LimitChangeKind.BASELINE:
        return f"Baseline of {change.baseline_points} points fixed: {change.reason}"
    return f"{BREAK_PREFIX}: {change.reason}"


def options_for(days: Sequence[datetime.date], changes: Sequence[LimitChange]) -> EngineOptions:
    """The engine settings for a series whose points fall on `days`. A change whose month is
    not a point of the series (say a month with no active projects) or that would leave a
    section of one point is left out, so a chart always draws."""
    index = {day: i for i, day in enumerate(days)}
    starts: list[int] = []
    baselines: dict[int, int] = {}
    breaks: list[tuple[int, str]] = []
    for change in sorted(changes, key=lambda c: (c.month, c.pk or 0)):
        at = index.get(change.month)
        if at is None:
            continue
        if at > 0:
            if at in starts or at - (starts[-1] if starts else 0) < 2 or len(days) - at < 2:
                continue
            starts.append(at)
        if change.kind == LimitChangeKind.BASELINE and change.baseline_points:
            baselines[at] = change.baseline_points
        breaks.append((at, break_text(change)))
    # A baseline longer than its section (a later change shortened it) is dropped.
    bounds = dict(zip([0, *starts], [*starts, len(days)], strict=True))
    baselines = {a: k for a, k in baselines.items() if 2 <= k <= bounds.get(a, 0) - a}
    return EngineOptions(tuple(starts), baselines, tuple(breaks))


def series_filter(
    *, directorate: Any = None, service: Any = None, project_measure: Any = None
) -> dict[str, Any]:
    return {
        "directorate": directorate,
        "service": service,
        "project_measure": project_measure,
    }


def in_force(organisation: Any, **series: Any) -> list[LimitChange]:
    return list(
        LimitChange.objects.filter(
            organisation=organisation, undone_at__isnull=True, **series_filter(**series)
        )
    )


def by_directorate(organisation: Any) -> dict[int | None, list[LimitChange]]:
    """The changes in force on the trust chart (key None) and each directorate's, in one query."""
    found: dict[int | None, list[LimitChange]] = {}
    for change in LimitChange.objects.filter(
        organisation=organisation,
        undone_at__isnull=True,
        service__isnull=True,
        project_measure__isnull=True,
    ):
        found.setdefault(change.directorate_id, []).append(change)
    return found


def warnings_for(
    values: Sequence[Any], days: Sequence[datetime.date], month: datetime.date, current: Sequence
) -> list[str]:
    """What MDC guidance says against recalculating from `month`, given the changes in force."""
    if month not in days:
        return []
    at = list(days).index(month)
    if at == 0:
        return []
    others = [i for i in options_for(days, current).recalculate_at if i != at]
    return spc.recalculation_warnings(values, at, recalculate_at=others)


@transaction.atomic
def record(
    organisation: Any, *, by: Any, warnings: Sequence[str] = (), **fields: Any
) -> LimitChange:
    change = LimitChange.objects.create(
        organisation=organisation, created_by=by, warnings=list(warnings), **fields
    )
    auditor.record(
        "measure.limits_changed",
        actor=by,
        target=change,
        changes={
            "chart": [None, change.series_name],
            "month": [None, change.month],
            "kind": [None, change.kind],
            "baseline_points": [None, change.baseline_points],
            "reason": [None, change.reason],
            "warnings": [None, list(warnings)],
        },
        organisation=organisation,
    )
    return change


@transaction.atomic
def undo(change: LimitChange, *, by: Any) -> None:
    change.undone_at = timezone.now()
    change.undone_by = by
    change.save(update_fields=["undone_at", "undone_by"])
    auditor.record(
        "measure.limits_change_undone",
        actor=by,
        target=change,
        changes={"undone": [False, True], "month": [change.month, change.month]},
        organisation=change.organisation,
    )
