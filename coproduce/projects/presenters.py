"""Turn a project and its records into what its pages show."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from coproduce import spc
from coproduce.involvement import ledger, measure
from coproduce.lib import charts
from coproduce.lib import involvement_levels as levels
from coproduce.lib.driver_diagram import Node, driver_diagram_svg
from coproduce.lib.progress_score import SCALE, Evidence, Suggestion, suggest
from coproduce.projects.models import (
    ActDecision,
    DriverElement,
    ElementKind,
    Project,
    ProjectMeasure,
    ProjectStatus,
)
from coproduce.projects.services import ElementRemoval

MIN_POINTS_FOR_SPC = spc.MINIMUM_POINTS_FOR_LIMITS
TAG_COLOURS = {levels.BIG_I: "green", levels.LITTLE_I: "yellow", levels.NONE: "grey"}


@dataclass(frozen=True)
class StageRow:
    name: str
    reached_on: datetime.date | None
    required: bool
    involved: bool
    consulted_only: bool

    @property
    def status(self) -> str:
        if self.reached_on is None:
            return "Not reached yet"
        if self.involved:
            return "Patients or carers involved"
        if self.consulted_only:
            return "Consulted only"
        if not self.required:
            return "Not required"
        return "No patient or carer involvement"


def involvement_summary(project: Project, on: datetime.date | None = None) -> dict[str, Any]:
    """The project's level today (or on a date) with the plain-English reason, stage by stage."""
    on = on or timezone.localdate()
    history = ledger.history(project)
    rule = measure.settings_for(project.organisation).rule
    result = levels.assess(history.facts, on, rule)
    stages = [
        StageRow(
            name=levels.STAGE_NAMES[stage],
            reached_on=history.facts.reached_on(stage) if stage in result.reached else None,
            required=stage in result.required,
            involved=stage in result.meaningful,
            consulted_only=stage in result.consulted_only,
        )
        for stage in levels.STAGES
    ]
    return {
        "assessment": result,
        "level_name": result.level_name,
        "tag_colour": TAG_COLOURS[result.level],
        "stages": stages,
    }


def evidence_for(project: Project) -> Evidence:
    counts = project.pdsa_cycles.aggregate(
        total=Count("pk"),
        studied=Count("pk", filter=~Q(study_notes="")),
        adopted=Count("pk", filter=Q(act_decision=ActDecision.ADOPT)),
    )
    improved = False
    with_data = 0
    for item in project.measures.prefetch_related("values"):
        values = [v.value for v in item.values.all()]
        if values:
            with_data += 1
        if len(values) >= MIN_POINTS_FOR_SPC and item.improvement != "neither":
            chart = spc.xmr(values, improvement=item.improvement)
            improved = improved or any(p.variation == "improvement" for p in chart.points[-3:])
    return Evidence(
        aim_set=bool(project.aim.strip()),
        team_size=project.team.filter(left_on__isnull=True).count(),
        change_ideas=project.driver_elements.filter(kind=ElementKind.CHANGE_IDEA).count(),
        measures_with_data=with_data,
        pdsa_cycles=counts["total"],
        pdsa_cycles_studied=counts["studied"],
        changes_adopted=counts["adopted"],
        measure_improved=improved,
    )


@dataclass(frozen=True)
class ProgressScore:
    suggestion: Suggestion
    override: Any
    override_reason: str

    @property
    def shown(self) -> Any:
        return self.override if self.override is not None else self.suggestion.score

    @property
    def shown_label(self) -> str:
        return SCALE[self.shown]

    @property
    def is_override(self) -> bool:
        return self.override is not None


def progress_score(project: Project) -> ProgressScore:
    return ProgressScore(
        suggest(evidence_for(project)),
        project.progress_score_override,
        project.progress_score_reason,
    )


@dataclass
class OutlineItem:
    element: DriverElement
    children: list[OutlineItem]


def driver_outline(project: Project) -> list[OutlineItem]:
    """Primary drivers with their secondary drivers and change ideas, in one query."""
    elements = list(
        project.driver_elements.select_related("proposed_by__user", "proposed_by__pool_member")
        .annotate(cycle_count=Count("pdsa_cycles"))
        .order_by("position", "pk")
    )
    items = {e.pk: OutlineItem(e, []) for e in elements}
    roots: list[OutlineItem] = []
    for element in elements:
        item = items[element.pk]
        if element.parent_id and element.parent_id in items:
            items[element.parent_id].children.append(item)
        else:
            roots.append(item)
    return roots


def driver_svg(project: Project) -> str:
    def node(item: OutlineItem) -> Node:
        element = item.element
        return Node(
            element.text,
            element.proposer_name if (element.proposed_by_id or element.proposed_by_other) else "",
            element.proposed_by_patient_or_carer,
            [node(child) for child in item.children],
        )

    aim = Node(project.aim or project.title, children=[node(i) for i in driver_outline(project)])
    return driver_diagram_svg(aim, title=f"Driver diagram: {project.title}")


@dataclass(frozen=True)
class MeasureChart:
    measure: ProjectMeasure
    rows: list[tuple[datetime.date, Any, str]]
    svg: str
    kind: str
    suggested_index: int | None = None
    breaks: tuple[tuple[int, str], ...] = ()


VARIATION_WORDS = {
    "common_cause": "Common cause",
    "improvement": "Special cause: improvement",
    "concern": "Special cause: concern",
    "neither": "Special cause",
}


def measure_chart(item: ProjectMeasure) -> MeasureChart:
    """An SPC chart from 13 points on, a run chart before that, and the data as a table."""
    values = list(item.values.order_by("recorded_for"))
    labels = [v.recorded_for.strftime("%-d %b %Y") for v in values]
    numbers = [v.value for v in values]
    target = float(item.target) if item.target is not None else None
    percent = item.unit.strip() == "%"
    if len(values) >= MIN_POINTS_FOR_SPC:
        from coproduce.involvement.limits import options_for

        changes = [c for c in item.limit_changes.all() if c.undone_at is None]
        options = options_for([v.recorded_for for v in values], changes)
        chart = spc.xmr(
            numbers, improvement=item.improvement, target=item.target, **options.as_kwargs()
        )
        svg = charts.xmr_chart_svg(
            chart,
            labels,
            title=item.name,
            target=target,
            annotations=list(options.breaks),
            percent=percent,
            y_label=item.unit or None,
        )
        breaks = dict(options.breaks)
        rows = [
            (
                v.recorded_for,
                v.value,
                VARIATION_WORDS[p.variation]
                + (f". {breaks[p.index]}" if p.index in breaks else ""),
            )
            for v, p in zip(values, chart.points, strict=True)
        ]
        return MeasureChart(
            item, rows, svg, "SPC chart", spc.running_shift_start(chart), tuple(options.breaks)
        )
    run = spc.run_chart(numbers)
    svg = charts.run_chart_svg(
        run, labels, title=item.name, percent=percent, y_label=item.unit or None
    )
    rows = [
        (v.recorded_for, v.value, ", ".join(p.rules).capitalize() or "No signal")
        for v, p in zip(values, run.points, strict=True)
    ]
    return MeasureChart(item, rows, svg, "Run chart")


def _counted(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def removal_summary(removal: ElementRemoval) -> str:
    """'1 secondary driver, 2 change ideas and 3 PDSA cycles': what else a deletion takes."""
    kinds = [element.kind for element in removal.below]
    parts = [
        _counted(kinds.count(ElementKind.SECONDARY), "secondary driver", "secondary drivers"),
        _counted(kinds.count(ElementKind.CHANGE_IDEA), "change idea", "change ideas"),
        _counted(len(removal.cycles), "PDSA cycle", "PDSA cycles"),
    ]
    parts = [part for part in parts if not part.startswith("0 ")]
    if len(parts) > 1:
        return f"{', '.join(parts[:-1])} and {parts[-1]}"
    return parts[0] if parts else ""


def removal_lines(removal: ElementRemoval) -> list[str]:
    """Each driver, change idea and PDSA cycle that goes with the element, in outline order."""
    lines = [f"{element.get_kind_display()}: {element.text}" for element in removal.below]
    lines += [f"PDSA cycle {c.number} on “{c.change_idea.text}”" for c in removal.cycles]
    return lines


def find_people_step(user: Any, project: Project, involvement: dict[str, Any]) -> Any:
    """For a project still under way with no patient or carer involved at all, the step the
    person reading can take to find one (see involvement.next_steps); None otherwise."""
    from coproduce.involvement.next_steps import next_step

    if project.status not in {ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD}:
        return None
    assessment = involvement["assessment"]
    if assessment.level != levels.NONE:
        return None
    return next_step(user, project, assessment.missing)
