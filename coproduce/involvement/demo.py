"""Demo ledger entries, notes on the charts, and the monthly measure built from them."""

import datetime

from django.utils import timezone

from coproduce.involvement import measure
from coproduce.involvement.models import Annotation, How, InvolvementRecord, Stage
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
    series = measure.trust_series(organisation)
    window = [f for f in series if f.month_end >= month_end(today - datetime.timedelta(days=730))]
    if window:
        context.write(
            f"Involvement measure: {stored} project-months; Big I {window[0].percent}% in "
            f"{window[0].month_end:%B %Y}, {window[-1].percent}% in {window[-1].month_end:%B %Y}"
        )
