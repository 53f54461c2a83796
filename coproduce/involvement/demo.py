"""Demo ledger entries, notes on the charts, and the monthly measure built from them."""

import datetime

from django.utils import timezone

from coproduce import spc
from coproduce.involvement import limits, measure
from coproduce.involvement.models import (
    Annotation,
    How,
    InvolvementRecord,
    LimitChange,
    LimitChangeKind,
    Stage,
)
from coproduce.lib.months import month_end
from coproduce.operations.demo import DemoContext
from coproduce.projects.demo import plans
from coproduce.projects.models import Project


def load(context: DemoContext) -> None:
    organisation = context.organisation
    today = timezone.localdate()
    projects = {p.title: p for p in Project.objects.filter(organisation=organisation)}
    coordinator = context.records.get("coordinator@example.org")
    all_plans = plans(today)
    for plan in all_plans:
        project = projects.get(plan.title)
        if project is None:
            continue
        member = context.records[f"pool:{plan.patient}"]
        horizon = plan.ends_on or today
        if plan.consulted_on and plan.consulted_on <= horizon:
            InvolvementRecord.objects.get_or_create(
                project=project,
                stage=Stage.FOCUS,
                how=How.CONSULTED,
                started_on=plan.consulted_on,
                defaults={
                    "evidence": "Survey of 40 people who use the service on what to improve",
                    "recorded_by": coordinator,
                },
            )
        if plan.big_i_on and plan.big_i_on <= horizon:
            InvolvementRecord.objects.get_or_create(
                project=project,
                stage=Stage.FOCUS,
                how=How.TOOK_PART,
                pool_member=member,
                started_on=plan.big_i_on,
                defaults={
                    "evidence": "Reviewed and agreed the project's focus at a team workshop",
                    "recorded_by": coordinator,
                },
            )
            if project.findings_shared_on:
                InvolvementRecord.objects.get_or_create(
                    project=project,
                    stage=Stage.REPORTING,
                    how=How.CO_LED,
                    pool_member=member,
                    started_on=project.findings_shared_on,
                    defaults={
                        "evidence": "Co-presented the findings at the trust's QI forum",
                        "recorded_by": coordinator,
                    },
                )
    first = min(plan.start for plan in all_plans)
    notes = [
        (month_end(today - datetime.timedelta(days=540)), "Patient partner training started"),
        (month_end(today - datetime.timedelta(days=300)), "Involvement coordinators in post"),
    ]
    for day, text in notes:
        if day >= month_end(first):
            Annotation.objects.get_or_create(
                organisation=organisation,
                directorate=None,
                month_end=day,
                text=text,
                defaults={"created_by": coordinator},
            )
    stored = measure.rebuild(organisation)
    _record_recalculations(organisation, coordinator)
    series = measure.trust_series(organisation)
    window = [f for f in series if f.month_end >= month_end(today - datetime.timedelta(days=730))]
    if window:
        context.write(
            f"Involvement measure: {stored} project-months; Big I {window[0].percent}% in "
            f"{window[0].month_end:%B %Y}, {window[-1].percent}% in {window[-1].month_end:%B %Y}"
        )


def _record_recalculations(organisation, by) -> None:  # type: ignore[no-untyped-def]
    """Where the demo's process changed (the trust's notes) and the chart shows a sustained
    shift from that month or the next, the involvement team has recalculated the limits, with
    the note as the reason, as a team following Making Data Count would. Any guidance the
    recalculation goes against (too few points since) is recorded with it, as on the page."""
    notes = list(Annotation.objects.filter(organisation=organisation, directorate=None))
    charts = [(None, measure.trust_series(organisation))]
    charts += sorted(measure.series_by(organisation, "directorate_id").items())
    for directorate_id, figures in charts:
        figures = [f for f in figures if f.percent is not None]
        days = [f.month_end for f in figures]
        values = [f.percent for f in figures]
        where = {"directorate_id": directorate_id, "service": None, "project_measure": None}
        for note in notes:
            mine = LimitChange.objects.filter(
                organisation=organisation, undone_at__isnull=True, **where
            )
            if mine.filter(reason=note.text).exists():
                continue
            current = list(mine)
            taken = set(limits.options_for(days, current).recalculate_at)
            for day in days:
                if day < note.month_end or (day - note.month_end).days > 62:
                    continue
                at = days.index(day)
                if at < 2 or at in taken or len(days) - at < spc.DEFAULT_SHIFT_LENGTH:
                    continue
                warnings = spc.recalculation_warnings(values, at, recalculate_at=sorted(taken))
                if any("no sustained shift" in w for w in warnings):
                    continue
                LimitChange.objects.create(
                    organisation=organisation,
                    month=day,
                    kind=LimitChangeKind.RECALCULATE,
                    reason=note.text,
                    warnings=warnings,
                    created_by=by,
                    **where,
                )
                break
