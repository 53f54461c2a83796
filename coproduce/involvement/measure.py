"""The monthly measure: the share of active projects with Big I involvement on each month end.

Every figure is computed from dated records (the ledger, the team, status changes, the dates a
project reached each stage) by `coproduce.lib.involvement_levels`, so changing a record or the
organisation's rule redraws history. Two derived tables make the dashboard fast:
`MonthlyLevel` (one row per project per month end it was active) and `MeasureMonth` (the counts
per service and month). `refresh_projects` keeps both right whenever a project changes, by
applying the difference; `rebuild` recomputes an organisation from scratch.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from coproduce.involvement import ledger
from coproduce.involvement.models import (
    InvolvementSettings,
    Level,
    MeasureMonth,
    MonthlyLevel,
)
from coproduce.lib import involvement_levels as levels
from coproduce.lib.months import iter_month_ends, month_end
from coproduce.projects.models import Project, ProjectStatus

CHUNK = 2000
STAGE_INDEX = {stage: index for index, stage in enumerate(levels.STAGES)}


def current_month_end() -> datetime.date:
    return month_end(timezone.localdate())


def settings_for(organisation: Any) -> InvolvementSettings:
    found, _ = InvolvementSettings.objects.get_or_create(organisation=organisation)
    return found


def _rows_for(
    history: ledger.ProjectHistory, through: datetime.date, rule: levels.LevelRule
) -> dict[datetime.date, MonthlyLevel]:
    rows = {}
    for day in iter_month_ends(history.start_date, through):
        if not history.is_active_on(day):
            continue
        result = levels.assess(history.facts, day, rule)
        missing = result.missing
        rows[day] = MonthlyLevel(
            organisation_id=history.organisation_id,
            project_id=history.project_id,
            directorate_id=history.directorate_id,
            service_id=history.service_id,
            month_end=day,
            level=result.level,
            missing=",".join(missing),
            first_missing=STAGE_INDEX[missing[0]] if missing else None,
            missing_count=len(missing),
        )
    return rows


def _same(a: MonthlyLevel, b: MonthlyLevel) -> bool:
    return (a.level, a.missing, a.directorate_id, a.service_id) == (
        b.level,
        b.missing,
        b.directorate_id,
        b.service_id,
    )


Bucket = tuple[int, int, int | None, datetime.date]


def _count(deltas: dict[Bucket, list[int]], row: MonthlyLevel, sign: int) -> None:
    bucket = (row.organisation_id, row.directorate_id, row.service_id, row.month_end)
    counts = deltas.setdefault(bucket, [0, 0, 0])
    counts[0] += sign
    if row.level == Level.BIG_I:
        counts[1] += sign
    elif row.level == Level.LITTLE_I:
        counts[2] += sign


def _apply(deltas: dict[Bucket, list[int]]) -> None:
    for (organisation_id, directorate_id, service_id, day), (active, big, little) in sorted(
        deltas.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or 0, item[0][3])
    ):
        if not (active or big or little):
            continue
        bucket = MeasureMonth.objects.filter(
            organisation_id=organisation_id,
            directorate_id=directorate_id,
            service_id=service_id,
            month_end=day,
        )
        updated = bucket.update(
            active=F("active") + active, big_i=F("big_i") + big, little_i=F("little_i") + little
        )
        if not updated:
            MeasureMonth.objects.create(
                organisation_id=organisation_id,
                directorate_id=directorate_id,
                service_id=service_id,
                month_end=day,
                active=active,
                big_i=big,
                little_i=little,
            )


@transaction.atomic
def refresh_projects(project_ids: Iterable[int], through: datetime.date | None = None) -> int:
    """Recompute the monthly levels of these projects and correct the counts by the difference.

    Returns how many project-months changed. Call it inside the transaction that changed the
    records, so the measure and the records cannot disagree.
    """
    changed = 0
    for batch in ledger.chunks(sorted(set(project_ids)), CHUNK):
        changed += _refresh_batch(batch, through)
    return changed


def _refresh_batch(project_ids: Sequence[int], through: datetime.date | None) -> int:
    # One refresh of a project at a time: two at once would both apply the same difference.
    list(Project.objects.select_for_update().filter(pk__in=project_ids).values_list("pk"))
    histories = ledger.histories(project_ids)
    organisation_ids = {h.organisation_id for h in histories.values()}
    settings = {
        s.organisation_id: s
        for s in InvolvementSettings.objects.filter(organisation_id__in=organisation_ids)
    }
    for organisation_id in organisation_ids - set(settings):
        settings[organisation_id] = InvolvementSettings.objects.create(
            organisation_id=organisation_id
        )
    existing: dict[tuple[int, datetime.date], MonthlyLevel] = {
        (row.project_id, row.month_end): row
        for row in MonthlyLevel.objects.filter(project_id__in=project_ids)
    }
    deltas: dict[Bucket, list[int]] = {}
    remove: list[int] = []
    add: list[MonthlyLevel] = []
    for history in histories.values():
        own = settings[history.organisation_id]
        last = max(through or current_month_end(), own.measured_through or history.start_date)
        for day, row in _rows_for(history, last, own.rule).items():
            old = existing.pop((history.project_id, day), None)
            if old is not None and _same(old, row):
                continue
            if old is not None:
                remove.append(old.pk)
                _count(deltas, old, -1)
            add.append(row)
            _count(deltas, row, +1)
    for old in existing.values():
        remove.append(old.pk)
        _count(deltas, old, -1)
    for batch in ledger.chunks(remove, CHUNK):
        MonthlyLevel.objects.filter(pk__in=batch).delete()
    MonthlyLevel.objects.bulk_create(add, batch_size=CHUNK)
    _apply(deltas)
    return len(add) + len(remove)


@transaction.atomic
def rebuild(organisation: Any, through: datetime.date | None = None) -> int:
    """Recompute every monthly level of an organisation from its dated records.

    Used after the rule changes, by `coproduce rebuild_involvement_measure`, and by the data
    generators. Returns the number of project-months stored.
    """
    through = through or current_month_end()
    own = InvolvementSettings.objects.select_for_update().get(pk=settings_for(organisation).pk)
    rule = own.rule
    MonthlyLevel.objects.filter(organisation=organisation).delete()
    MeasureMonth.objects.filter(organisation=organisation).delete()
    ids = list(
        Project.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    stored = 0
    for batch in ledger.chunks(ids, CHUNK):
        rows: list[MonthlyLevel] = []
        for history in ledger.histories(batch).values():
            rows.extend(_rows_for(history, through, rule).values())
        MonthlyLevel.objects.bulk_create(rows, batch_size=CHUNK)
        stored += len(rows)
    sums = (
        MonthlyLevel.objects.filter(organisation=organisation)
        .values("directorate_id", "service_id", "month_end")
        .annotate(
            active=Count("pk"),
            big_i=Count("pk", filter=Q(level=Level.BIG_I)),
            little_i=Count("pk", filter=Q(level=Level.LITTLE_I)),
        )
    )
    MeasureMonth.objects.bulk_create(
        [MeasureMonth(organisation=organisation, **row) for row in sums], batch_size=CHUNK
    )
    own.measured_through = through
    own.save(update_fields=["measured_through", "updated_at"])
    return stored


def ensure_current(organisation: Any) -> InvolvementSettings:
    """Make sure the stored levels reach this month: a new month needs a row for every project
    still running. A monthly cron job (`coproduce rebuild_involvement_measure --extend`) does
    this ahead of time; the dashboard does it on its first visit of a month otherwise."""
    own = settings_for(organisation)
    today_month = current_month_end()
    if own.measured_through is not None and own.measured_through >= today_month:
        return own
    with transaction.atomic():
        own = InvolvementSettings.objects.select_for_update().get(pk=own.pk)
        if own.measured_through is None:
            rebuild(organisation, today_month)
        elif own.measured_through < today_month:
            running = Project.objects.filter(organisation=organisation).filter(
                Q(status__in=[ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD])
                | Q(status_changes__changed_on__gt=own.measured_through)
            )
            refresh_projects(running.values_list("pk", flat=True).distinct(), today_month)
            own.measured_through = today_month
            own.save(update_fields=["measured_through", "updated_at"])
    own.refresh_from_db()
    return own


@dataclass(frozen=True)
class MonthFigure:
    month_end: datetime.date
    active: int
    big_i: int
    little_i: int

    @property
    def none(self) -> int:
        return self.active - self.big_i - self.little_i

    @property
    def percent(self) -> Decimal | None:
        if not self.active:
            return None
        return (Decimal(self.big_i) * 100 / self.active).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def _figures(rows: Iterable[dict[str, Any]]) -> list[MonthFigure]:
    return [
        MonthFigure(row["month_end"], row["active"] or 0, row["big_i"] or 0, row["little_i"] or 0)
        for row in rows
    ]


def trust_series(organisation: Any) -> list[MonthFigure]:
    """The measure for the whole organisation, month by month (one query)."""
    rows = (
        MeasureMonth.objects.filter(organisation=organisation)
        .values("month_end")
        .annotate(active=Sum("active"), big_i=Sum("big_i"), little_i=Sum("little_i"))
        .filter(active__gt=0)
        .order_by("month_end")
    )
    return _figures(rows)


def series_by(organisation: Any, field: str, **filters: Any) -> dict[int, list[MonthFigure]]:
    """The measure for each directorate (`field="directorate_id"`) or service, in one query."""
    rows = (
        MeasureMonth.objects.filter(organisation=organisation, **filters)
        .exclude(**{f"{field}__isnull": True})
        .values(field, "month_end")
        .annotate(active=Sum("active"), big_i=Sum("big_i"), little_i=Sum("little_i"))
        .filter(active__gt=0)
        .order_by(field, "month_end")
    )
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row[field]].append(row)
    return {key: _figures(value) for key, value in grouped.items()}


def not_yet_meaningful(organisation: Any, day: datetime.date, directorate: Any = None) -> Any:
    """Active projects missing involvement at a stage on `day`, grouped by the first such stage
    and the nearest to Big I first: a queryset to paginate. (Big I rows miss nothing; a project
    that has not yet reached any required stage is not listed, as it lacks nothing yet.)"""
    rows = MonthlyLevel.objects.filter(
        organisation=organisation, month_end=day, first_missing__isnull=False
    )
    if directorate is not None:
        rows = rows.filter(directorate=directorate)
    return rows.select_related("project", "project__lead", "directorate").order_by(
        # The same order as the drill-down index, so a page needs no sort of every project.
        "first_missing",
        "missing_count",
        "project_id",
    )
