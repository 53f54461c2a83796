"""The monthly involvement measure with its SPC result, for the trust and each directorate.

The same figures and the same XmR chart (Making Data Count rules, `coproduce.spc`) as the
dashboard, for the same people (`involvement.view_dashboard`): each point carries the value,
the mean and process limits of its section, the variation it shows and the rules that fired,
and the series carries the variation and assurance icons.
"""

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from coproduce import spc
from coproduce.api.access import ObjectId, get_or_404, own_organisation, require
from coproduce.api.problems import replies
from coproduce.involvement import limits, measure
from coproduce.involvement.measure import MonthFigure
from coproduce.involvement.models import Annotation, LimitChange
from coproduce.lib import charts
from coproduce.organisations.models import Directorate

router = Router(tags=["Measures"])

IMPROVEMENT = "up"


class MeasurePointOut(Schema):
    month_end: datetime.date
    complete: bool = Field(
        description="False for the month not yet ended: its counts are as they stand today "
        "(nothing dated later counts), and settle at the month end"
    )
    active: int = Field(
        description="Projects active on the month end (today, for a month not yet ended)"
    )
    big_i: int
    little_i: int
    value: float = Field(description="Percentage of active projects with Big I involvement")
    mean: float
    upper_limit: float | None = Field(description="Upper process limit; null below 13 points")
    lower_limit: float | None
    upper_two_sigma: float | None
    lower_two_sigma: float | None
    variation: spc.Variation
    rules: list[spc.Rule]
    notes: list[str]
    limits_recalculated: str | None = Field(
        description="Where the limits start again at this point (a recalculation or a fixed "
        "baseline), the change and its reason; null elsewhere"
    )


class MeasureSeriesOut(Schema):
    area: Literal["trust", "directorate"]
    id: int
    name: str
    target_percent: Decimal
    improvement: Literal["up"] = Field(description="Higher is better")
    variation_icon: spc.VariationIcon | None
    variation_text: str | None
    assurance_icon: spc.Assurance | None
    assurance_text: str | None
    points: list[MeasurePointOut]


def _series(
    area: str,
    pk: int,
    name: str,
    figures: Sequence[MonthFigure],
    target: Decimal,
    notes: Sequence[Annotation],
    changes: Sequence[LimitChange] = (),
) -> dict[str, Any]:
    figures = [f for f in figures if f.percent is not None]
    result: dict[str, Any] = {
        "area": area,
        "id": pk,
        "name": name,
        "target_percent": target,
        "improvement": IMPROVEMENT,
        "variation_icon": None,
        "variation_text": None,
        "assurance_icon": None,
        "assurance_text": None,
        "points": [],
    }
    if not figures:
        return result
    options = limits.options_for([f.month_end for f in figures], changes)
    breaks = dict(options.breaks)
    chart = spc.xmr(
        [f.percent for f in figures],
        improvement=IMPROVEMENT,
        target=target,
        **options.as_kwargs(),
    )
    notes_by_month: dict[datetime.date, list[str]] = {}
    for note in notes:
        notes_by_month.setdefault(note.month_end, []).append(note.text)
    icon, assurance = chart.variation_icon, chart.assurance
    result.update(
        variation_icon=icon,
        variation_text=charts.VARIATION_ICON_TITLES[icon] if icon else None,
        assurance_icon=assurance,
        assurance_text=charts.ASSURANCE_ICON_TITLES[assurance] if assurance else None,
        points=[
            {
                "month_end": figure.month_end,
                "complete": figure.complete,
                "active": figure.active,
                "big_i": figure.big_i,
                "little_i": figure.little_i,
                "value": point.value,
                "mean": point.mean,
                "upper_limit": point.upl,
                "lower_limit": point.lpl,
                "upper_two_sigma": point.upper_two_sigma,
                "lower_two_sigma": point.lower_two_sigma,
                "variation": point.variation,
                "rules": list(point.rules),
                "notes": notes_by_month.get(figure.month_end, []),
                "limits_recalculated": breaks.get(point.index),
            }
            for figure, point in zip(figures, chart.points, strict=True)
        ],
    )
    return result


def _notes(organisation: Any) -> dict[int | None, list[Annotation]]:
    notes: dict[int | None, list[Annotation]] = {}
    for note in Annotation.objects.filter(organisation=organisation):
        notes.setdefault(note.directorate_id, []).append(note)
    return notes


@router.get(
    "/measures/trust",
    response=replies(MeasureSeriesOut),
    summary="Your trust's monthly share of active projects with Big I involvement, as SPC",
)
def trust_measure(request: HttpRequest) -> Any:
    require(request, "involvement.view_dashboard")
    organisation = own_organisation(request)
    own = measure.ensure_current(organisation)
    return _series(
        "trust",
        organisation.pk,
        organisation.name,
        measure.trust_series(organisation),
        own.target_percent,
        _notes(organisation).get(None, []),
        limits.by_directorate(organisation).get(None, []),
    )


@router.get(
    "/measures/directorates",
    response=replies(list[MeasureSeriesOut]),
    summary="The measure for each directorate with data, by name",
)
def directorate_measures(request: HttpRequest) -> Any:
    require(request, "involvement.view_dashboard")
    organisation = own_organisation(request)
    own = measure.ensure_current(organisation)
    notes = _notes(organisation)
    changes = limits.by_directorate(organisation)
    series = measure.series_by(organisation, "directorate_id")
    return [
        _series(
            "directorate",
            d.pk,
            d.name,
            series[d.pk],
            own.target_percent,
            notes.get(d.pk, []),
            changes.get(d.pk, []),
        )
        for d in Directorate.objects.filter(organisation=organisation).order_by("name", "pk")
        if d.pk in series
    ]


@router.get(
    "/measures/directorates/{directorate_id}",
    response=replies(MeasureSeriesOut),
    summary="The measure for one directorate",
)
def directorate_measure(request: HttpRequest, directorate_id: ObjectId) -> Any:
    require(request, "involvement.view_dashboard")
    organisation = own_organisation(request)
    chosen = get_or_404(Directorate.objects.filter(organisation=organisation), directorate_id)
    own = measure.ensure_current(organisation)
    figures = measure.series_by(organisation, "directorate_id", directorate=chosen)
    return _series(
        "directorate",
        chosen.pk,
        chosen.name,
        figures.get(chosen.pk, []),
        own.target_percent,
        _notes(organisation).get(chosen.pk, []),
        limits.in_force(organisation, directorate=chosen),
    )
