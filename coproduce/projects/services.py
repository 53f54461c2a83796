"""Changes to projects, their teams, driver diagrams, PDSA cycles and measures.

Each is audited in the same transaction, and each change that can move a project's involvement
level refreshes its monthly levels in that transaction too, so the measure is never stale.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from coproduce.audit import services as auditor
from coproduce.involvement import measure
from coproduce.projects.models import (
    DriverElement,
    MeasureValue,
    PdsaCycle,
    Project,
    ProjectMeasure,
    ProjectStatus,
    StatusChange,
    TeamMember,
    Topic,
)

PROJECT_FIELDS = [
    "title",
    "aim",
    "problem",
    "directorate",
    "service",
    "lead",
    "start_date",
    "external_reference",
    "findings_shared_on",
]


def _refresh(project: Project) -> None:
    measure.refresh_projects([project.pk])


@transaction.atomic
def create_project(
    *, organisation: Any, by: Any, topics: list[Topic] | None = None, **fields: Any
) -> Project:
    """Start a project: it is active from its start date, and its lead is on its team."""
    project = Project.objects.create(organisation=organisation, **fields)
    if topics:
        project.topics.set(topics)
    TeamMember.objects.create(
        project=project,
        user=project.lead,
        role_on_team="Project lead",
        joined_on=project.start_date,
    )
    StatusChange.objects.create(
        project=project,
        status=ProjectStatus.ACTIVE,
        changed_on=project.start_date,
        note="Project started",
        changed_by=by,
    )
    auditor.record(
        "projects.project_created",
        actor=by,
        target=project,
        changes={name: [None, getattr(project, name)] for name in PROJECT_FIELDS},
    )
    _refresh(project)
    return project


@transaction.atomic
def update_project(
    project: Project, *, by: Any, topics: list[Topic] | None = None, **fields: Any
) -> Project:
    before = auditor.snapshot(project, PROJECT_FIELDS)
    before_topics = sorted(t.name for t in project.topics.all())
    for name, value in fields.items():
        setattr(project, name, value)
    project.save()
    changes = auditor.diff(before, auditor.snapshot(project, PROJECT_FIELDS))
    if topics is not None:
        project.topics.set(topics)
        after_topics = sorted(t.name for t in topics)
        if after_topics != before_topics:
            changes["topics"] = [before_topics, after_topics]
    if "start_date" in changes:
        # The first status change marks the start; keep it on the start date.
        first = project.status_changes.order_by("changed_on", "pk").first()
        if first is not None and first.status == ProjectStatus.ACTIVE:
            first.changed_on = project.start_date
            first.save(update_fields=["changed_on"])
    if changes:
        auditor.record("projects.project_changed", actor=by, target=project, changes=changes)
    _refresh(project)
    return project


@transaction.atomic
def change_status(
    project: Project, *, status: str, changed_on: datetime.date, note: str, by: Any
) -> StatusChange:
    """Record a new status from a date; the dated history drives which month ends count."""
    old = project.status
    change = StatusChange.objects.create(
        project=project, status=status, changed_on=changed_on, note=note, changed_by=by
    )
    latest = project.status_changes.order_by("-changed_on", "-pk").first()
    project.status = latest.status if latest else status
    project.save(update_fields=["status"])
    auditor.record(
        "projects.status_changed",
        actor=by,
        target=project,
        changes={"status": [old, project.status], "from": [None, changed_on], "note": [None, note]},
    )
    _refresh(project)
    return change


@transaction.atomic
def add_team_member(
    project: Project,
    *,
    joined_on: datetime.date,
    by: Any,
    user: Any = None,
    pool_member: Any = None,
    outside_name: str = "",
    is_patient_or_carer: bool | None = None,
    role_on_team: str = "",
) -> TeamMember:
    """Add someone to a project's team: staff (`user`), a pool member, or a patient or carer
    outside the pool (`outside_name`, or nobody named for an anonymous one).

    A patient or carer joining the team is involvement at the "member of the team" stage: the
    involvement ledger reads it from this row, and the project's monthly levels are refreshed
    here so the measure shows it at once.
    """
    if user is not None and pool_member is not None:
        raise ValueError("A team member is either staff or a pool member, not both")
    if is_patient_or_carer is None:
        is_patient_or_carer = user is None
    member = TeamMember.objects.create(
        project=project,
        user=user,
        pool_member=pool_member,
        outside_name=outside_name,
        is_patient_or_carer=is_patient_or_carer,
        role_on_team=role_on_team,
        joined_on=joined_on,
    )
    auditor.record(
        "projects.team_member_added",
        actor=by,
        target=project,
        changes={
            "team member": [None, str(member)],
            "role on team": [None, role_on_team],
            "joined on": [None, joined_on],
        },
    )
    _refresh(project)
    return member


@transaction.atomic
def record_leaving(member: TeamMember, *, left_on: datetime.date, by: Any) -> TeamMember:
    old = member.left_on
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    auditor.record(
        "projects.team_member_left",
        actor=by,
        target=member.project,
        changes={"team member": [str(member), str(member)], "left on": [old, left_on]},
    )
    _refresh(member.project)
    return member


@transaction.atomic
def add_element(project: Project, *, by: Any, **fields: Any) -> DriverElement:
    """Add a driver or change idea. A change idea proposed by a patient or carer is involvement
    at the change ideas stage; the first change idea starts that stage."""
    parent = fields.get("parent")
    siblings = project.driver_elements.filter(parent=parent)
    position = (siblings.aggregate(top=Max("position"))["top"] or 0) + 1
    element = DriverElement.objects.create(project=project, position=position, **fields)
    auditor.record(
        "projects.driver_element_added",
        actor=by,
        target=project,
        changes={
            element.get_kind_display(): [None, element.text],
            "proposed by": [None, element.proposer_name],
        },
    )
    _refresh(project)
    return element


@transaction.atomic
def update_element(element: DriverElement, *, by: Any, **fields: Any) -> DriverElement:
    names = ["text", "proposed_by", "proposed_by_other", "proposed_on"]
    before = auditor.snapshot(element, names)
    for name, value in fields.items():
        setattr(element, name, value)
    element.save()
    changes = auditor.diff(before, auditor.snapshot(element, names))
    if changes:
        auditor.record(
            "projects.driver_element_changed", actor=by, target=element.project, changes=changes
        )
    _refresh(element.project)
    return element


PDSA_FIELDS = [
    "objective",
    "prediction",
    "plan",
    "do_notes",
    "study_notes",
    "act_decision",
    "act_notes",
    "started_on",
    "finished_on",
]


@transaction.atomic
def add_pdsa(
    change_idea: DriverElement, *, by: Any, participants: list[TeamMember], **fields: Any
) -> PdsaCycle:
    """Start the next PDSA cycle on a change idea, numbered after the last one."""
    number = (change_idea.pdsa_cycles.aggregate(top=Max("number"))["top"] or 0) + 1
    cycle = PdsaCycle.objects.create(
        change_idea=change_idea, project=change_idea.project, number=number, **fields
    )
    cycle.participants.set(participants)
    auditor.record(
        "projects.pdsa_added",
        actor=by,
        target=change_idea.project,
        changes={
            "PDSA cycle": [None, str(cycle)],
            "participants": [None, sorted(str(p) for p in participants)],
        },
    )
    _refresh(change_idea.project)
    return cycle


@transaction.atomic
def update_pdsa(
    cycle: PdsaCycle, *, by: Any, participants: list[TeamMember], **fields: Any
) -> PdsaCycle:
    before = auditor.snapshot(cycle, PDSA_FIELDS)
    before_people = sorted(str(p) for p in cycle.participants.all())
    for name, value in fields.items():
        setattr(cycle, name, value)
    cycle.save()
    cycle.participants.set(participants)
    changes = auditor.diff(before, auditor.snapshot(cycle, PDSA_FIELDS))
    after_people = sorted(str(p) for p in participants)
    if after_people != before_people:
        changes["participants"] = [before_people, after_people]
    if changes:
        auditor.record("projects.pdsa_changed", actor=by, target=cycle.project, changes=changes)
    _refresh(cycle.project)
    return cycle


class DeletionRefused(Exception):
    """Deleting this would remove a record of a patient's or carer's involvement."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class ElementRemoval:
    """What deleting a driver or change idea takes with it, and why it may not be deleted."""

    element: DriverElement
    below: list[DriverElement]  # the drivers and change ideas under it, outline order
    cycles: list[PdsaCycle]  # the PDSA cycles on it or on change ideas under it
    involvement: list[str]  # records of a patient's or carer's involvement that would go


def _involvement_in_cycles(cycles: list[PdsaCycle]) -> list[str]:
    took_part = (
        PdsaCycle.participants.through.objects.filter(
            pdsacycle__in=cycles, teammember__is_patient_or_carer=True
        )
        .select_related("pdsacycle__change_idea", "teammember__user", "teammember__pool_member")
        .order_by("pdsacycle__change_idea__position", "pdsacycle__number", "teammember__pk")
    )
    return [
        f"{row.teammember}, a patient or carer, took part in PDSA cycle "
        f"{row.pdsacycle.number} on “{row.pdsacycle.change_idea.text}”"
        for row in took_part
    ]


def element_removal(element: DriverElement, *, lock: bool = False) -> ElementRemoval:
    """Everything under the element (at most two levels: drivers, then change ideas), the PDSA
    cycles that go with them, and any involvement of patients and carers they record. With
    `lock`, the rows are locked until the transaction ends, so nobody adds to them meanwhile."""
    elements = DriverElement.objects.select_related(
        "proposed_by__user", "proposed_by__pool_member"
    ).order_by("position", "pk")
    if lock:
        elements = elements.select_for_update(of=("self",))
    found = [elements.get(pk=element.pk)]
    below: list[DriverElement] = []
    level = [element.pk]
    while level:
        children = list(elements.filter(parent__in=level))
        below.extend(children)
        level = [child.pk for child in children]
    cycles_query = PdsaCycle.objects.filter(change_idea__in=[*found, *below]).order_by(
        "change_idea__position", "number"
    )
    if lock:
        cycles_query = cycles_query.select_for_update()
    cycles = list(cycles_query.select_related("change_idea"))
    involvement = [
        f"“{item.text}” was proposed by {item.proposed_by}, a patient or carer"
        for item in [*found, *below]
        if item.proposed_by_patient_or_carer
    ]
    involvement += _involvement_in_cycles(cycles)
    return ElementRemoval(found[0], below, cycles, involvement)


@transaction.atomic
def delete_element(element: DriverElement, *, by: Any) -> ElementRemoval:
    """Delete a driver or change idea with everything under it and their PDSA cycles, all or
    nothing; refused if any of it records a patient's or carer's involvement, which the ledger
    and the monthly measure read from these rows."""
    removal = element_removal(element, lock=True)
    if removal.involvement:
        raise DeletionRefused(removal.involvement)
    project = element.project
    changes: dict[str, Any] = {element.get_kind_display(): [element.text, None]}
    if removal.below:
        changes["drivers and change ideas under it"] = [
            [f"{item.get_kind_display()}: {item.text}" for item in removal.below],
            None,
        ]
    if removal.cycles:
        changes["PDSA cycles"] = [
            [f"{cycle} (on {cycle.change_idea.text})" for cycle in removal.cycles],
            None,
        ]
    # Cycles first: the database would cascade them, but explicitly is clearer to read.
    PdsaCycle.objects.filter(pk__in=[cycle.pk for cycle in removal.cycles]).delete()
    DriverElement.objects.filter(pk__in=[e.pk for e in [*removal.below, element]]).delete()
    auditor.record("projects.driver_element_deleted", actor=by, target=project, changes=changes)
    # The first change idea and the first PDSA cycle date the project's stages.
    _refresh(project)
    return removal


def pdsa_removal_involvement(cycle: PdsaCycle) -> list[str]:
    """The patients and carers who took part: a cycle with any of them is not deleted."""
    return _involvement_in_cycles([cycle])


@transaction.atomic
def delete_pdsa(cycle: PdsaCycle, *, by: Any) -> None:
    """Delete one PDSA cycle, unless a patient or carer took part in it. The other cycles keep
    their numbers, so what the audit log and the team said about them still holds."""
    locked = PdsaCycle.objects.select_for_update().select_related("change_idea").get(pk=cycle.pk)
    involvement = pdsa_removal_involvement(locked)
    if involvement:
        raise DeletionRefused(involvement)
    project = cycle.project
    participants = sorted(str(p) for p in locked.participants.all())
    locked.delete()
    auditor.record(
        "projects.pdsa_deleted",
        actor=by,
        target=project,
        changes={
            "PDSA cycle": [f"{locked} (on {locked.change_idea.text})", None],
            "participants": [participants, None],
        },
    )
    _refresh(project)


@transaction.atomic
def add_measure(project: Project, *, by: Any, **fields: Any) -> ProjectMeasure:
    item = ProjectMeasure.objects.create(project=project, **fields)
    auditor.record(
        "projects.measure_added", actor=by, target=project, changes={"measure": [None, item.name]}
    )
    return item


@transaction.atomic
def record_value(
    item: ProjectMeasure, *, recorded_for: datetime.date, value: Decimal, by: Any
) -> MeasureValue:
    """Record (or correct) the value for one date."""
    existing = item.values.filter(recorded_for=recorded_for).first()
    old = existing.value if existing else None
    row, _ = MeasureValue.objects.update_or_create(
        measure=item, recorded_for=recorded_for, defaults={"value": value}
    )
    auditor.record(
        "projects.measure_value_recorded",
        actor=by,
        target=item.project,
        changes={f"{item.name} on {recorded_for.isoformat()}": [old, value]},
    )
    return row


@transaction.atomic
def record_values(
    item: ProjectMeasure, rows: list[tuple[datetime.date, Decimal]], *, by: Any
) -> int:
    """Record many dated values at once (pasted from a spreadsheet), each audited."""
    for recorded_for, value in rows:
        record_value(item, recorded_for=recorded_for, value=value, by=by)
    return len(rows)


@transaction.atomic
def remove_value(item: ProjectMeasure, recorded_for: datetime.date, *, by: Any) -> bool:
    """Delete the value for one date (audited). False when there was none."""
    existing = item.values.filter(recorded_for=recorded_for).first()
    if existing is None:
        return False
    old = existing.value
    existing.delete()
    auditor.record(
        "projects.measure_value_removed",
        actor=by,
        target=item.project,
        changes={f"{item.name} on {recorded_for.isoformat()}": [old, None]},
    )
    return True


@transaction.atomic
def set_progress_override(
    project: Project, *, score: Decimal | None, reason: str, by: Any
) -> Project:
    """The lead's own IHI score, shown as an override beside the suggested one (None clears)."""
    before = auditor.snapshot(project, ["progress_score_override", "progress_score_reason"])
    project.progress_score_override = score
    project.progress_score_reason = reason if score is not None else ""
    project.save(update_fields=["progress_score_override", "progress_score_reason"])
    changes = auditor.diff(
        before, auditor.snapshot(project, ["progress_score_override", "progress_score_reason"])
    )
    if changes:
        auditor.record("projects.progress_score_set", actor=by, target=project, changes=changes)
    return project
