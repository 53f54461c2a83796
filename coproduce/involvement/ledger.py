"""The involvement ledger: every patient's and carer's involvement in a project, by stage.

Entries come from two places. Involvement that follows from the work itself is read from that
work whenever it is asked for: a patient or carer on the team (any `TeamMember` row, however it
was added), a change idea one proposed, a PDSA cycle one took part in. Everything else is an
`InvolvementRecord`, written by hand or by accepting an invitation to a role other than the team
(a reviewer, a focus group place: see `coproduce.matching.services.ledger_entries`). Reading
rather than copying means the ledger cannot drift from the team list or the driver diagram.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Min
from django.utils import timezone

from coproduce.involvement.models import InvolvementRecord
from coproduce.lib import involvement_levels as levels
from coproduce.projects.models import (
    DriverElement,
    ElementKind,
    PdsaCycle,
    Project,
    ProjectStatus,
    StatusChange,
    TeamMember,
)

FROM_TEAM = "On the project team"
FROM_DRIVER_DIAGRAM = "Proposed a change idea"
FROM_PDSA = "Took part in a PDSA cycle"
BY_HAND = "Recorded by hand"
FROM_INVITATION = "From an accepted invitation"


@dataclass(frozen=True)
class LedgerEntry:
    stage: str
    how: str
    person: str
    started_on: datetime.date
    ended_on: datetime.date | None
    evidence: str
    source: str
    record: InvolvementRecord | None = None

    @property
    def stage_name(self) -> str:
        return levels.STAGE_NAMES[self.stage]

    @property
    def how_name(self) -> str:
        return levels.HOW_NAMES[self.how]

    @property
    def is_future(self) -> bool:
        """Dated after today: it does not count until its day comes."""
        return self.started_on > timezone.localdate()

    @property
    def involvement(self) -> levels.Involvement:
        return levels.Involvement(self.stage, self.how, self.started_on, self.ended_on)


def _person(member: TeamMember) -> str:
    return str(member)


def entries_for(project: Project) -> list[LedgerEntry]:
    """The whole ledger of one project, in stage order then date order (4 queries)."""
    entries: list[LedgerEntry] = []
    team = project.team.filter(is_patient_or_carer=True).select_related("pool_member", "user")
    for member in team:
        role = f" as {member.role_on_team}" if member.role_on_team else ""
        entries.append(
            LedgerEntry(
                levels.TEAM,
                levels.TOOK_PART,
                _person(member),
                member.joined_on,
                member.left_on,
                f"Joined the team{role}",
                FROM_TEAM,
            )
        )
    ideas = DriverElement.objects.filter(
        project=project, kind=ElementKind.CHANGE_IDEA, proposed_by__is_patient_or_carer=True
    ).select_related("proposed_by__pool_member", "proposed_by__user")
    for idea in ideas:
        entries.append(
            LedgerEntry(
                levels.CHANGE_IDEAS,
                levels.TOOK_PART,
                _person(idea.proposed_by),  # type: ignore[arg-type]
                idea.proposed_on,
                None,
                f"Proposed the change idea \u201c{idea.text}\u201d",
                FROM_DRIVER_DIAGRAM,
            )
        )
    through = PdsaCycle.participants.through.objects.filter(
        pdsacycle__project=project, teammember__is_patient_or_carer=True
    ).select_related("pdsacycle", "teammember__pool_member", "teammember__user")
    for row in through:
        entries.append(
            LedgerEntry(
                levels.PDSA,
                levels.TOOK_PART,
                _person(row.teammember),
                row.pdsacycle.started_on,
                None,
                f"Took part in PDSA cycle {row.pdsacycle.number}",
                FROM_PDSA,
            )
        )
    for record in project.involvement_records.select_related("pool_member"):
        entries.append(
            LedgerEntry(
                record.stage,
                record.how,
                record.person_name,
                record.started_on,
                record.ended_on,
                record.evidence,
                FROM_INVITATION if record.invitation_id else BY_HAND,
                record,
            )
        )
    order = {stage: index for index, stage in enumerate(levels.LEDGER_STAGES)}
    entries.sort(key=lambda e: (order[e.stage], e.started_on, e.person))
    return entries


@dataclass
class ProjectHistory:
    """A project's dated facts: what the level rule and the monthly measure are computed from."""

    project_id: int
    organisation_id: int
    directorate_id: int
    service_id: int | None
    start_date: datetime.date
    status_changes: list[tuple[datetime.date, str]]
    facts: levels.ProjectFacts

    def is_active_on(self, day: datetime.date) -> bool:
        if self.start_date > day:
            return False
        status = ProjectStatus.ACTIVE
        for changed_on, new_status in self.status_changes:
            if changed_on > day:
                break
            status = new_status
        return status == ProjectStatus.ACTIVE


def histories(project_ids: Sequence[int]) -> dict[int, ProjectHistory]:
    """The dated facts of many projects at once, in a fixed number of queries (eight)."""
    if not project_ids:
        return {}
    ids = list(project_ids)
    status: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for project_id, changed_on, new_status in (
        StatusChange.objects.filter(project_id__in=ids)
        .order_by("project_id", "changed_on", "pk")
        .values_list("project_id", "changed_on", "status")
    ):
        status[project_id].append((changed_on, new_status))

    involvement: dict[int, list[levels.Involvement]] = defaultdict(list)
    for project_id, joined_on, left_on in TeamMember.objects.filter(
        project_id__in=ids, is_patient_or_carer=True
    ).values_list("project_id", "joined_on", "left_on"):
        involvement[project_id].append(
            levels.Involvement(levels.TEAM, levels.TOOK_PART, joined_on, left_on)
        )
    for project_id, proposed_on in DriverElement.objects.filter(
        project_id__in=ids, kind=ElementKind.CHANGE_IDEA, proposed_by__is_patient_or_carer=True
    ).values_list("project_id", "proposed_on"):
        involvement[project_id].append(
            levels.Involvement(levels.CHANGE_IDEAS, levels.TOOK_PART, proposed_on)
        )
    for project_id, started_on in PdsaCycle.participants.through.objects.filter(
        pdsacycle__project_id__in=ids, teammember__is_patient_or_carer=True
    ).values_list("pdsacycle__project_id", "pdsacycle__started_on"):
        involvement[project_id].append(
            levels.Involvement(levels.PDSA, levels.TOOK_PART, started_on)
        )
    for project_id, stage, how, started_on, ended_on in InvolvementRecord.objects.filter(
        project_id__in=ids
    ).values_list("project_id", "stage", "how", "started_on", "ended_on"):
        involvement[project_id].append(levels.Involvement(stage, how, started_on, ended_on))

    first_idea = dict(
        DriverElement.objects.filter(project_id__in=ids, kind=ElementKind.CHANGE_IDEA)
        .values("project_id")
        .annotate(first=Min("proposed_on"))
        .values_list("project_id", "first")
    )
    first_pdsa = dict(
        PdsaCycle.objects.filter(project_id__in=ids)
        .values("project_id")
        .annotate(first=Min("started_on"))
        .values_list("project_id", "first")
    )
    result: dict[int, ProjectHistory] = {}
    for row in Project.objects.filter(pk__in=ids).values(
        "pk", "organisation_id", "directorate_id", "service_id", "start_date", "findings_shared_on"
    ):
        pk = row["pk"]
        result[pk] = ProjectHistory(
            project_id=pk,
            organisation_id=row["organisation_id"],
            directorate_id=row["directorate_id"],
            service_id=row["service_id"],
            start_date=row["start_date"],
            status_changes=status.get(pk, []),
            facts=levels.ProjectFacts(
                start_date=row["start_date"],
                change_ideas_on=first_idea.get(pk),
                pdsa_on=first_pdsa.get(pk),
                reporting_on=row["findings_shared_on"],
                involvement=tuple(involvement.get(pk, ())),
            ),
        )
    return result


def history(project: Project) -> ProjectHistory:
    return histories([project.pk])[project.pk]
