"""What the dashboard shows: the measure as SPC charts with MDC icons, and the data beside them."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.urls import NoReverseMatch, reverse

from coproduce import spc
from coproduce.involvement import limits
from coproduce.involvement.measure import MonthFigure
from coproduce.involvement.models import Annotation, LimitChange
from coproduce.lib import charts
from coproduce.lib import involvement_levels as levels
from coproduce.lib.months import month_label, short_month_label

VARIATION_WORDS = {
    "common_cause": "Common cause",
    "improvement": "Improvement",
    "concern": "Concern",
    "neither": "Special cause",
}


@dataclass(frozen=True)
class ChartRow:
    figure: MonthFigure
    variation: str
    notes: str

    @property
    def month(self) -> str:
        return figure_month(self.figure)

    @property
    def short_month(self) -> str:
        return figure_month(self.figure, short=True)


SO_FAR = " so far"


def figure_month(figure: MonthFigure, *, short: bool = False) -> str:
    """The month a figure is for, "so far" while the month has not ended."""
    label = short_month_label(figure.month_end) if short else month_label(figure.month_end)
    return label if figure.complete else label + SO_FAR


@dataclass(frozen=True)
class MeasureChart:
    title: str
    figures: list[MonthFigure]
    svg: str
    rows: list[ChartRow]
    variation_icon: str | None
    assurance_icon: str | None
    variation_text: str | None
    assurance_text: str | None
    # Where a sustained shift still running began (after the latest recalculation): a month to
    # suggest recalculating from. Never applied on its own.
    suggested_index: int | None = None
    breaks: tuple[tuple[int, str], ...] = ()

    @property
    def latest(self) -> MonthFigure | None:
        return self.figures[-1] if self.figures else None


CHART_CACHE_SECONDS = 24 * 60 * 60


def measure_chart(
    title: str,
    figures: Sequence[MonthFigure],
    target: Decimal,
    annotations: Sequence[Annotation] = (),
    changes: Sequence[LimitChange] = (),
    *,
    element_id: str | None = None,
) -> MeasureChart:
    """An XmR chart of the monthly percentage (a plain run of points below 13 months).

    Drawing is the dashboard's main cost once the counts are summed in SQL, so each chart is
    cached under a digest of everything drawn on it: new figures or notes make a new key.
    """
    figures = [f for f in figures if f.percent is not None]
    digest = hashlib.sha256(
        repr(
            (
                title,
                [(f.month_end, f.active, f.big_i, f.little_i, f.complete) for f in figures],
                str(target),
                [(n.month_end, n.text) for n in annotations],
                [(c.month, c.kind, c.baseline_points, c.reason) for c in changes],
                element_id,
            )
        ).encode()
    ).hexdigest()
    key = f"involvement-chart:{digest}"
    found = cache.get(key)
    if found is None:
        found = _draw(title, figures, target, annotations, changes, element_id)
        cache.set(key, found, CHART_CACHE_SECONDS)
    return found


def _draw(
    title: str,
    figures: list[MonthFigure],
    target: Decimal,
    annotations: Sequence[Annotation],
    changes: Sequence[LimitChange],
    element_id: str | None,
) -> MeasureChart:
    values = [f.percent for f in figures]
    options = limits.options_for([f.month_end for f in figures], changes)
    chart = spc.xmr(values, improvement="up", target=target, **options.as_kwargs())
    index = {f.month_end: i for i, f in enumerate(figures)}
    notes_by_index: dict[int, list[str]] = {}
    for at, text in options.breaks:
        notes_by_index.setdefault(at, []).append(text)
    for note in annotations:
        if note.month_end in index:
            notes_by_index.setdefault(index[note.month_end], []).append(note.text)
    svg = charts.xmr_chart_svg(
        chart,
        [figure_month(f, short=True) for f in figures],
        title=title,
        target=float(target),
        annotations=[(i, "; ".join(texts)) for i, texts in sorted(notes_by_index.items())],
        percent=True,
        y_label="% of active projects with Big I",
        element_id=element_id,
    )
    rows = [
        ChartRow(f, VARIATION_WORDS[p.variation], "; ".join(notes_by_index.get(i, [])))
        for i, (f, p) in enumerate(zip(figures, chart.points, strict=True))
    ]
    return MeasureChart(
        title=title,
        figures=figures,
        svg=svg,
        rows=rows,
        variation_icon=charts.variation_icon_svg(chart.variation_icon)
        if chart.variation_icon
        else None,
        assurance_icon=charts.assurance_icon_svg(chart.assurance) if chart.assurance else None,
        variation_text=charts.VARIATION_ICON_TITLES[chart.variation_icon]
        if chart.variation_icon
        else None,
        assurance_text=charts.ASSURANCE_ICON_TITLES[chart.assurance] if chart.assurance else None,
        suggested_index=spc.running_shift_start(chart),
        breaks=options.breaks,
    )


def csv_text(series: Sequence[tuple[str, str, Sequence[MonthFigure]]]) -> str:
    """One row per area per month: the same figures as the charts, for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "area",
            "name",
            "month_end",
            "active_projects",
            "big_i",
            "little_i",
            "none",
            "percent_big_i",
            "month_complete",
        ]
    )
    for area, name, figures in series:
        for f in figures:
            writer.writerow(
                [
                    area,
                    _safe_cell(name),
                    f.month_end.isoformat(),
                    f.active,
                    f.big_i,
                    f.little_i,
                    f.none,
                    "" if f.percent is None else f.percent,
                    "yes" if f.complete else "no, so far",
                ]
            )
    return out.getvalue()


def _safe_cell(text: str) -> str:
    # Spreadsheet programs run cells starting with these as formulas.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def missing_names(stages: Sequence[str]) -> list[str]:
    return [levels.STAGE_NAMES[s] for s in stages]


def match_request_url(project_id: int) -> str:
    """Where to ask the involvement team for a patient or carer for this project: the support
    request form when this installation has one, else the contact page."""
    try:
        return reverse("support:request-new") + f"?project={project_id}"
    except NoReverseMatch:
        return reverse("pages:contact")


def annotations_for(organisation: Any, directorate: Any = None) -> list[Annotation]:
    notes = Annotation.objects.filter(organisation=organisation)
    notes = notes.filter(directorate=directorate) if directorate else notes.filter(directorate=None)
    return list(notes)


def rule_explanation(rule: levels.LevelRule) -> list[str]:
    """A rule in plain English, for the dashboard: the rule its figures were worked out with."""
    later = [levels.STAGE_NAMES[s].lower() for s in rule.required_stages if s != levels.TEAM]
    team = "a patient or carer was on the team, and " if levels.TEAM in rule.required_stages else ""
    paragraphs = [
        "On each month end we count the projects that were active that day. A project has Big I "
        f"involvement when, on that date, {team}patients or carers took part in each of these "
        f"stages that the project had reached by then: {', '.join(later) or 'none'}.",
        "A project is never faulted for a stage it has not reached: before its first PDSA "
        "cycle, nobody expects patients or carers in its PDSA cycles.",
    ]
    if rule.consultation_counts:
        paragraphs.append("Being consulted, for example in a survey, counts towards a stage.")
    else:
        paragraphs.append(
            "Being consulted, for example in a survey, is little i involvement: it is recorded "
            "but does not count towards Big I."
        )
    if rule.grace_days:
        paragraphs.append(
            f"A project has {rule.grace_days} days after reaching a stage to involve patients "
            "or carers in it before it counts against the project."
        )
    return paragraphs
