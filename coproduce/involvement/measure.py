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
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from coproduce.involvement import ledger
from coproduce.involvement.models import (
    InvolvementRecord,
    InvolvementSettings,
    Level,
    MeasureMonth,
    MonthlyLevel,
)
from coproduce.lib import involvement_levels as levels
from coproduce.lib.batches import chunks
from coproduce.lib.months import iter_month_ends, month_end
from coproduce.projects.models import (
    DriverElement,
    PdsaCycle,
    Project,
    ProjectStatus,
    StatusChange,
    TeamMember,
)

CHUNK = 2000
STAGE_INDEX = {stage: index for index, stage in enumerate(levels.STAGES)}
# What a stored monthly level says, in the order compared and written.
STORED_FIELDS = (
    "organisation_id",
    "directorate_id",
    "service_id",
    "level",
    "missing",
    "first_missing",
    "missing_count",
)
Stored = tuple[int, int, int | None, str, str, int | None, int]
Bucket = tuple[int, int, int | None, datetime.date]


def today() -> datetime.date:
    return timezone.localdate()


def current_month_end() -> datetime.date:
    return month_end(today())


def settings_for(organisation: Any) -> InvolvementSettings:
    found, _ = InvolvementSettings.objects.get_or_create(organisation=organisation)
    return found


@lru_cache(maxsize=4096)
def _month_ends(first: datetime.date, last: datetime.date) -> tuple[datetime.date, ...]:
    return tuple(iter_month_ends(first, last))


@lru_cache(maxsize=256)
def _missing_fields(missing: tuple[str, ...]) -> tuple[str, int | None, int]:
    return ",".join(missing), STAGE_INDEX[missing[0]] if missing else None, len(missing)


def _computed(
    history: ledger.ProjectHistory,
    through: datetime.date,
    rule: levels.LevelRule,
    on: datetime.date,
) -> dict[datetime.date, Stored]:
    """What the stored rows of one project should say, by month end, through `through`.

    A month that has not ended is judged as it stands on `on` (today), not on its month end:
    nothing dated after today counts yet. No month after the one `on` falls in is stored."""
    days: list[datetime.date] = []
    judged: list[datetime.date] = []
    last = min(month_end(through), month_end(on))
    for day in _month_ends(month_end(history.start_date), last):
        when = min(day, on)
        if history.is_active_on(when):
            days.append(day)
            judged.append(when)
    head = (history.organisation_id, history.directorate_id, history.service_id)
    return {
        day: (*head, level, *_missing_fields(missing))  # type: ignore[misc]
        for day, (level, missing) in zip(
            days, levels.levels_on(history.facts, judged, rule), strict=True
        )
    }


def _count(deltas: dict[Bucket, list[int]], row: Stored, day: datetime.date, sign: int) -> None:
    counts = deltas.setdefault((row[0], row[1], row[2], day), [0, 0, 0])
    counts[0] += sign
    if row[3] == Level.BIG_I:
        counts[1] += sign
    elif row[3] == Level.LITTLE_I:
        counts[2] += sign


def _sync(
    project_ids: Sequence[int],
    plan: dict[int, tuple[ledger.ProjectHistory, datetime.date, levels.LevelRule]],
    deltas: dict[Bucket, list[int]],
) -> tuple[int, int]:
    """Make the stored rows of these projects say what their records say: read the stored rows
    once, work out every month in Python, and write only the differences in a few statements
    (rows that change are updated in groups with the same new values). The count differences
    are added to `deltas`. Returns the project-months now stored and how many changed."""
    existing: dict[tuple[int, datetime.date], tuple[int, Stored]] = {
        (row[1], row[2]): (row[0], row[3:])
        for row in MonthlyLevel.objects.filter(project_id__in=project_ids).values_list(
            "pk", "project_id", "month_end", *STORED_FIELDS
        )
    }
    add: list[tuple[Any, ...]] = []
    change: dict[Stored, list[int]] = defaultdict(list)
    stored = 0
    on = today()
    for project_id in project_ids:
        if project_id not in plan:
            continue
        history, through, rule = plan[project_id]
        for day, row in _computed(history, through, rule, on).items():
            stored += 1
            old = existing.pop((project_id, day), None)
            if old is None:
                add.append((project_id, day, *row))
            elif old[1] == row:
                continue
            else:
                change[row].append(old[0])
                _count(deltas, old[1], day, -1)
            _count(deltas, row, day, +1)
    remove = []
    for (_, day), (pk, old_row) in existing.items():
        remove.append(pk)
        _count(deltas, old_row, day, -1)
    for batch in chunks(remove, CHUNK):
        MonthlyLevel.objects.filter(pk__in=batch).delete()
    for row, pks in change.items():
        for batch in chunks(pks, CHUNK):
            MonthlyLevel.objects.filter(pk__in=batch).update(**_named(row))
    _insert_levels(add)
    return stored, len(add) + len(remove) + sum(len(pks) for pks in change.values())


def _insert_levels(rows: list[tuple[Any, ...]]) -> None:
    """Insert new monthly levels, given as (project_id, month_end, *STORED_FIELDS): with COPY on
    PostgreSQL, else with multi-row INSERT statements. The ORM's bulk_create spent most of an
    import's measure time building model instances and preparing each value one by one, and
    COPY takes about a third of the server's time of INSERT for a trust's 150,000 rows."""
    if not rows:
        return
    meta = MonthlyLevel._meta
    columns = {field.attname: field.column for field in meta.concrete_fields}
    names = ["project_id", "month_end", *STORED_FIELDS]
    quote = connection.ops.quote_name
    # Only the model's own table and column names, quoted, go into the text; values are params.
    table = f"{quote(meta.db_table)} ({', '.join(quote(columns[name]) for name in names)})"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "postgresql" and hasattr(raw, "copy"):
            with raw.copy(f"COPY {table} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        per_statement = max(
            1, min(500, (connection.features.max_query_params or 999) // len(names))
        )
        one = "(" + ", ".join(["%s"] * len(names)) + ")"
        dates: dict[datetime.date, Any] = {}
        for batch in chunks(rows, per_statement):
            params: list[Any] = []
            for project_id, day, *rest in batch:
                if day not in dates:
                    dates[day] = connection.ops.adapt_datefield_value(day)
                params += (project_id, dates[day], *rest)
            sql = f"INSERT INTO {table} VALUES " + ", ".join([one] * len(batch))  # noqa: S608
            cursor.execute(sql, params)


def _named(row: Stored) -> dict[str, Any]:
    return dict(zip(STORED_FIELDS, row, strict=True))


def _apply(deltas: dict[Bucket, list[int]]) -> None:
    """Add the count differences to the stored counts: one read, one bulk update of the
    buckets that exist (as increments, so refreshes of other projects at the same time add up)
    and one bulk insert of new buckets."""
    deltas = {bucket: counts for bucket, counts in deltas.items() if any(counts)}
    if not deltas:
        return
    found: dict[Bucket, int] = {}
    for pk, *bucket in (
        MeasureMonth.objects.filter(
            organisation_id__in={b[0] for b in deltas}, month_end__in={b[3] for b in deltas}
        )
        .order_by("pk")
        .values_list("pk", "organisation_id", "directorate_id", "service_id", "month_end")
    ):
        found.setdefault(tuple(bucket), pk)  # type: ignore[arg-type]
    changed: list[tuple[int, int, int, int]] = []
    new: list[MeasureMonth] = []
    for bucket in sorted(deltas, key=lambda b: (b[0], b[1], b[2] or 0, b[3])):
        active, big, little = deltas[bucket]
        pk = found.get(bucket)
        if pk is None:
            organisation_id, directorate_id, service_id, day = bucket
            new.append(
                MeasureMonth(
                    organisation_id=organisation_id,
                    directorate_id=directorate_id,
                    service_id=service_id,
                    month_end=day,
                    active=active,
                    big_i=big,
                    little_i=little,
                )
            )
        else:
            changed.append((pk, active, big, little))
    _add_to_counts(changed)
    MeasureMonth.objects.bulk_create(new, batch_size=CHUNK)


def _add_to_counts(changed: list[tuple[int, int, int, int]]) -> None:
    """Add (pk, active, big_i, little_i) increments to stored counts, a few hundred rows per
    UPDATE ... FROM a list of values. The ORM's bulk_update spent a second per thousand buckets
    compiling and evaluating one CASE branch per row."""
    if not changed:
        return
    meta = MeasureMonth._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    key = quote(meta.pk.column)
    sets = ", ".join(
        f"{quote(meta.get_field(name).column)} = {table}.{quote(meta.get_field(name).column)} "
        f"+ increments.{name}"
        for name in ("active", "big_i", "little_i")
    )
    with connection.cursor() as cursor:
        for batch in chunks(changed, 500):
            values = ", ".join(["(%s, %s, %s, %s)"] * len(batch))
            # Only the model's own table and column names go into the text; values are params.
            sql = (
                f"WITH increments (id, active, big_i, little_i) AS (VALUES {values}) "  # noqa: S608
                f"UPDATE {table} SET {sets} FROM increments WHERE {table}.{key} = increments.id"
            )
            cursor.execute(sql, [number for row in batch for number in row])


def _lock(project_ids: Sequence[int]) -> None:
    # One refresh of a project at a time, and none while a rebuild reads it: two at once would
    # both apply the same difference. Always in the same order, so two never wait on each other.
    list(
        Project.objects.select_for_update()
        .filter(pk__in=project_ids)
        .order_by("pk")
        .values_list("pk")
    )


@transaction.atomic
def refresh_projects(project_ids: Iterable[int], through: datetime.date | None = None) -> int:
    """Recompute the monthly levels of these projects and correct the counts by the difference.

    Returns how many project-months changed. Call it inside the transaction that changed the
    records, so the measure and the records cannot disagree. The levels follow the rule the
    stored measure was worked out with (see `InvolvementSettings.measure_rule`), so a refresh
    while a new rule waits for its rebuild keeps every stored month under one rule.
    """
    changed = 0
    deltas: dict[Bucket, list[int]] = {}
    for batch in chunks(sorted(set(project_ids)), CHUNK):
        changed += _refresh_batch(batch, through, deltas)
    _apply(deltas)
    return changed


def _refresh_batch(
    project_ids: Sequence[int], through: datetime.date | None, deltas: dict[Bucket, list[int]]
) -> int:
    _lock(project_ids)
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
    rules = {pk: own.measure_rule for pk, own in settings.items()}
    today = through or current_month_end()
    plan = {}
    for pk, history in histories.items():
        own = settings[history.organisation_id]
        last = max(today, own.measured_through or history.start_date)
        plan[pk] = (history, last, rules[history.organisation_id])
    _, changed = _sync(project_ids, plan, deltas)
    return changed


@transaction.atomic
def rebuild(organisation: Any, through: datetime.date | None = None) -> int:
    """Recompute every monthly level of an organisation from its dated records, under its
    current rule, writing only what differs from what is stored; then recount.

    Runs as a background task after the rule changes (`coproduce.involvement.tasks`), and by
    `coproduce rebuild_involvement_measure`, large imports and the data generators. Returns the
    number of project-months stored.
    """
    through = through or current_month_end()
    own = InvolvementSettings.objects.select_for_update().get(pk=settings_for(organisation).pk)
    rule = own.rule
    ids = list(
        Project.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    stored = 0
    unused: dict[Bucket, list[int]] = {}
    for batch in chunks(ids, CHUNK):
        _lock(batch)
        plan = {pk: (h, through, rule) for pk, h in ledger.histories(batch).items()}
        stored += _sync(batch, plan, unused)[0]
    MonthlyLevel.objects.filter(organisation=organisation).exclude(
        project__organisation=organisation
    ).delete()
    _recount(organisation)
    own.measured_through = through
    own.measured_on = today()
    own.measured_rule = own.rule_fields()
    own.save(update_fields=["measured_through", "measured_on", "measured_rule", "updated_at"])
    return stored


def _recount(organisation: Any) -> None:
    """Set the stored counts to the sums of the stored levels, writing only what differs."""
    sums = {
        (row[0], row[1], row[2]): row[3:]
        for row in MonthlyLevel.objects.filter(organisation=organisation)
        .values_list("directorate_id", "service_id", "month_end")
        .annotate(
            active=Count("pk"),
            big_i=Count("pk", filter=Q(level=Level.BIG_I)),
            little_i=Count("pk", filter=Q(level=Level.LITTLE_I)),
        )
        .order_by()
    }
    kept: set[tuple[Any, ...]] = set()
    remove: list[int] = []
    change: list[MeasureMonth] = []
    for pk, *key, active, big, little in (
        MeasureMonth.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list(
            "pk", "directorate_id", "service_id", "month_end", "active", "big_i", "little_i"
        )
    ):
        bucket = tuple(key)
        if bucket in kept or bucket not in sums:
            remove.append(pk)
            continue
        kept.add(bucket)
        want = sums[bucket]
        if (active, big, little) != want:
            change.append(MeasureMonth(pk=pk, active=want[0], big_i=want[1], little_i=want[2]))
    for batch in chunks(remove, CHUNK):
        MeasureMonth.objects.filter(pk__in=batch).delete()
    MeasureMonth.objects.bulk_update(change, ["active", "big_i", "little_i"], batch_size=500)
    MeasureMonth.objects.bulk_create(
        [
            MeasureMonth(
                organisation=organisation,
                directorate_id=bucket[0],
                service_id=bucket[1],
                month_end=bucket[2],
                active=counts[0],
                big_i=counts[1],
                little_i=counts[2],
            )
            for bucket, counts in sums.items()
            if bucket not in kept
        ],
        batch_size=CHUNK,
    )


def ensure_current(organisation: Any) -> InvolvementSettings:
    """Make sure the stored levels are right today. A new month needs a row for every project
    still running; and the current month is stored as it stood on the day it was worked out,
    so anything dated since then (a join, a cycle, a status change, a grace period ending) must
    now be brought in. A scheduled job (`coproduce rebuild_involvement_measure --extend`, run
    daily) does this ahead of time; the first read of a day does it otherwise, for only the
    projects with something dated since (see docs/adr/0108)."""
    own = settings_for(organisation)
    on = today()
    today_month = month_end(on)
    if (
        own.measured_through is not None
        and own.measured_through >= today_month
        and own.measured_on is not None
        and own.measured_on >= on
    ):
        return own
    with transaction.atomic():
        own = InvolvementSettings.objects.select_for_update().get(pk=own.pk)
        if own.measured_through is None or own.measured_on is None:
            # Never worked out, or stored before the day it was worked out on was recorded.
            rebuild(organisation, max(today_month, own.measured_through or today_month))
        elif own.measured_through < today_month:
            # A new month: every running project, and every project with anything dated since.
            running = Project.objects.filter(organisation=organisation).filter(
                Q(status__in=[ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD])
                | Q(status_changes__changed_on__gt=own.measured_through)
            )
            ids = set(running.values_list("pk", flat=True).distinct())
            ids |= dated_between(organisation, own.measured_on, on, own.measure_rule)
            refresh_projects(ids, today_month)
        elif own.measured_on < on:
            refresh_projects(
                dated_between(organisation, own.measured_on, on, own.measure_rule), today_month
            )
        if own.measured_through is not None and own.measured_on is not None:
            own.measured_through = max(own.measured_through, today_month)
            own.measured_on = on
            own.save(update_fields=["measured_through", "measured_on", "updated_at"])
    own.refresh_from_db()
    return own


def dated_between(
    organisation: Any, after: datetime.date, until: datetime.date, rule: levels.LevelRule
) -> set[int]:
    """The organisation's projects with anything the rule reads dated after `after` and up to
    `until`: the projects whose current level may have changed since `after` without any
    record being written. A stage reached is a change when it is reached and again when its
    grace period ends, so those dates are looked for a grace period further back."""
    grace = after - datetime.timedelta(days=rule.grace_days)
    window = {"gt": after, "lte": until}
    reach = {"gt": grace, "lte": until}

    def between(field: str, dates: dict[str, datetime.date]) -> Q:
        return Q(**{f"{field}__{op}": day for op, day in dates.items()})

    ids: set[int] = set()
    projects = Project.objects.filter(organisation=organisation)
    ids.update(
        projects.filter(
            between("start_date", reach) | between("findings_shared_on", reach)
        ).values_list("pk", flat=True)
    )
    sources: list[tuple[Any, str, Q]] = [
        (StatusChange.objects, "project_id", between("changed_on", window)),
        (
            TeamMember.objects.filter(is_patient_or_carer=True),
            "project_id",
            between("joined_on", window) | between("left_on", window),
        ),
        (
            InvolvementRecord.objects,
            "project_id",
            between("started_on", window) | between("ended_on", window),
        ),
        (DriverElement.objects, "project_id", between("proposed_on", reach)),
        (PdsaCycle.objects, "project_id", between("started_on", reach)),
    ]
    for rows, field, dated in sources:
        ids.update(
            rows.filter(dated, project__organisation=organisation)
            .order_by()
            .values_list(field, flat=True)
            .distinct()
        )
    return ids


@dataclass(frozen=True)
class MonthFigure:
    """The counts on one month end. A month that has not ended yet (`complete` false) holds
    the counts as they stand today, and is shown as "so far"."""

    month_end: datetime.date
    active: int
    big_i: int
    little_i: int
    complete: bool = True

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
    on = today()
    return [
        MonthFigure(
            row["month_end"],
            row["active"] or 0,
            row["big_i"] or 0,
            row["little_i"] or 0,
            complete=row["month_end"] < on,
        )
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
