"""Importing projects, their teams and their involvement from a spreadsheet.

Two steps. `check` reads every row against the trust's directorates, staff and pool and works out
what the import would do (the preview), with a problem for each bad cell. `apply` does it, all or
nothing, in one transaction. A project whose external reference is already here is updated, not
added again, and only what differs is written, so importing the same file twice changes nothing.

Thousands of rows are written in a few statements each (`bulk_create`), with the same audit
events and the same shapes of record as the one-at-a-time services in `coproduce.projects` and
`coproduce.involvement`, and the monthly measure is refreshed once for every project touched, not
once per row.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from coproduce.accounts.models import Role, User
from coproduce.audit import services as auditor
from coproduce.imports.columns import BY_NAME, FIELDS, REQUIRED, STAGE_FIELDS
from coproduce.imports.models import (
    RUNNING,
    ImportJob,
    ImportMapping,
    ImportPreset,
    JobStatus,
)
from coproduce.involvement import measure
from coproduce.involvement import services as involvement_services
from coproduce.involvement.models import How, InvolvementRecord
from coproduce.lib import involvement_levels as levels
from coproduce.lib import tabular
from coproduce.lib.batches import chunks
from coproduce.organisations.models import Directorate, Service
from coproduce.pool.models import PoolMember
from coproduce.projects import services as project_services
from coproduce.projects.models import Project, ProjectStatus, StatusChange, TeamMember

MAX_ROWS = 50_000
PREVIEW_ROWS = 20
PROGRESS_EVERY = 500
# Imported involvement says where it came from, so a later import of the same file finds it.
IMPORTED_EVIDENCE = "Imported from a spreadsheet"
UNSTAGED_EVIDENCE = f"{IMPORTED_EVIDENCE}: recorded in the previous system"
YES_WORDS = {"yes", "y"}
NO_WORDS = {"no", "n"}
SCORES = {Decimal(n) / 2 for n in range(1, 11)}  # the IHI scale: 0.5, 1.0 ... 5.0
PREVIOUS_SYSTEM = "Recorded in the previous system"
ANONYMOUS = {"anonymous", "anon", "not named"}
SCORE_FIELDS = ("progress_score_override", "progress_score_reason")
LEAD_ROLES = (Role.PROJECT_LEAD, Role.QI_STAFF)
STAFF_ROLES = (Role.ADMINISTRATOR, Role.INVOLVEMENT_TEAM, Role.PROJECT_LEAD, Role.QI_STAFF)
Progress = Callable[[int], None]


class ImportRefused(Exception):
    """The file cannot be imported as it is; `problems` says which rows and why."""

    def __init__(self, problems: list[dict[str, Any]], message: str = "") -> None:
        super().__init__(message or f"{len(problems)} problems")
        self.problems = problems
        self.message = message


@dataclass(eq=False)
class RowPlan:
    """What one row will do."""

    row: int
    reference: str
    project: Project | None
    values: dict[str, Any]
    changes: dict[str, list[Any]] = field(default_factory=dict)
    status: str | None = None
    status_on: datetime.date | None = None
    new_staff: list[User] = field(default_factory=list)
    new_pool: list[PoolMember] = field(default_factory=list)
    new_outside: list[str] = field(default_factory=list)
    new_records: list[tuple[str, datetime.date]] = field(default_factory=list)
    involvement_notes: str = ""
    moved_records: list[tuple[InvolvementRecord, datetime.date]] = field(default_factory=list)
    is_new: bool = False

    def __post_init__(self) -> None:
        self.is_new = self.project is None

    @property
    def action(self) -> str:
        if self.is_new:
            return "new"
        if (
            self.changes
            or self.status
            or self.new_staff
            or self.new_pool
            or self.new_outside
            or self.new_records
            or self.moved_records
        ):
            return "changed"
        return "unchanged"

    def describe(self) -> str:
        if self.is_new:
            return "Added"
        parts = [name.replace("_", " ") for name in self.changes]
        if self.status:
            parts.append("status")
        if self.new_staff or self.new_pool or self.new_outside:
            parts.append("team")
        if self.new_records or self.moved_records:
            parts.append("involvement")
        return ("Changes " + ", ".join(parts)) if parts else "No change"


@dataclass
class Plan:
    rows: list[RowPlan]
    problems: list[dict[str, Any]]

    def counts(self) -> dict[str, int]:
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts


class _Lookups:
    """Everything a row is checked against, loaded in a handful of queries."""

    def __init__(self, organisation: Any, references: set[str]) -> None:
        self.directorates = {
            d.name.casefold(): d
            for d in Directorate.objects.filter(organisation=organisation, is_active=True)
        }
        self.services = {
            (s.directorate_id, s.name.casefold()): s
            for s in Service.objects.filter(directorate__organisation=organisation, is_active=True)
        }
        staff = (
            User.objects.filter(organisation=organisation, is_active=True)
            .filter(role_grants__role__in=STAFF_ROLES)
            .prefetch_related("role_grants")
            .distinct()
        )
        self.staff = {u.email.casefold(): u for u in staff}
        self.leads = {
            email
            for email, u in self.staff.items()
            if {g.role for g in u.role_grants.all()} & set(LEAD_ROLES)
        }
        self.pool = {
            m.email.casefold(): m
            for m in PoolMember.objects.filter(organisation=organisation, is_anonymised=False)
            .exclude(email="")
            .order_by("pk")
        }
        # References are compared without case; the trust's projects are few enough to scan.
        self.projects: dict[str, list[Project]] = defaultdict(list)
        stored = (
            Project.objects.filter(organisation=organisation)
            .exclude(external_reference="")
            .select_related("directorate", "service", "lead")
            .order_by("pk")
        )
        for project in stored.iterator(chunk_size=2000):
            key = project.external_reference.casefold()
            if key in references:
                self.projects[key].append(project)
        ids = [p.pk for ps in self.projects.values() for p in ps]
        self.team_users: set[tuple[int, int]] = set()
        self.team_pool: set[tuple[int, int]] = set()
        self.team_outside: dict[int, list[str]] = defaultdict(list)
        self.last_status_on: dict[int, datetime.date] = {}
        self.imported: dict[tuple[int, str], InvolvementRecord] = {}
        # Other platforms' words for statuses and for a Yes or No (imports.ImportPreset).
        self.status_words = dict(STATUS_WORDS)
        self.yes_words, self.no_words = set(YES_WORDS), set(NO_WORDS)
        for preset in ImportPreset.objects.filter(kind="projects"):
            words = preset.values or {}
            for word, status in (words.get("status") or {}).items():
                if status in ProjectStatus.values:
                    self.status_words.setdefault(str(word).casefold(), status)
            self.yes_words |= {str(w).casefold() for w in words.get("involvement_yes", ())}
            self.no_words |= {str(w).casefold() for w in words.get("involvement_no", ())}
        for batch in chunks(ids, 2000):
            for row in TeamMember.objects.filter(project_id__in=batch).values(
                "project_id", "user_id", "pool_member_id", "outside_name", "is_patient_or_carer"
            ):
                if row["user_id"]:
                    self.team_users.add((row["project_id"], row["user_id"]))
                elif row["pool_member_id"]:
                    self.team_pool.add((row["project_id"], row["pool_member_id"]))
                elif row["is_patient_or_carer"]:
                    self.team_outside[row["project_id"]].append(row["outside_name"].casefold())
            for row in (
                StatusChange.objects.filter(project_id__in=batch)
                .values("project_id")
                .annotate(last=Max("changed_on"))
            ):
                self.last_status_on[row["project_id"]] = row["last"]
            for record in InvolvementRecord.objects.filter(
                project_id__in=batch,
                evidence__startswith=IMPORTED_EVIDENCE,
                pool_member=None,
                outside_name="",
            ).order_by("pk"):
                self.imported.setdefault((record.project_id, record.stage), record)


STATUS_WORDS = {
    **{value: value for value in ProjectStatus.values},
    **{label.casefold(): value for value, label in ProjectStatus.choices},
    "on hold": ProjectStatus.ON_HOLD,
    "open": ProjectStatus.ACTIVE,
    "in progress": ProjectStatus.ACTIVE,
    "complete": ProjectStatus.COMPLETED,
    "closed": ProjectStatus.COMPLETED,
}


class _Row:
    """One row's cells by field, and the problems found in it."""

    def __init__(self, number: int, cells: dict[str, Any], mapping: dict[str, str]) -> None:
        self.number = number
        self.cells = cells
        self.mapping = mapping
        self.problems: list[dict[str, Any]] = []

    def raw(self, name: str) -> Any:
        heading = self.mapping.get(name)
        return self.cells.get(heading) if heading else None

    def text(self, name: str) -> str:
        return tabular.text_of(self.raw(name))

    def problem(self, name: str, message: str) -> None:
        self.problems.append(
            {
                "row": self.number,
                "column": self.mapping.get(name, BY_NAME[name].label),
                "message": message,
            }
        )

    def date(self, name: str) -> datetime.date | None:
        try:
            return tabular.date_of(self.raw(name))
        except ValueError:
            self.problem(name, f"Enter {BY_NAME[name].label.lower()} as a date, like 31/03/2024")
            return None


MISSING = {
    "external_reference": "Enter the project's external reference",
    "title": "Enter the project's title",
    "directorate": "Enter the directorate",
    "lead_email": "Enter the project lead's email address",
    "start_date": "Enter the start date, like 31/03/2024",
}


def check_mapping(
    mapping: dict[str, str], headers: list[str], fields: tuple[Any, ...] = FIELDS
) -> dict[str, str]:
    """Problems with a mapping itself, by field name: required fields unmatched, headings that
    are not in the file, or one heading used twice."""
    by_name = {item.name: item for item in fields}
    errors: dict[str, str] = {}
    seen: dict[str, str] = {}
    for item in fields:
        heading = mapping.get(item.name, "")
        if not heading:
            if item.required:
                errors[item.name] = f"Select the column that holds the {item.label.lower()}"
            continue
        if heading not in headers:
            errors[item.name] = f"The file has no column called {heading}"
        elif heading in seen:
            errors[item.name] = (
                f"The column {heading} is already used for the "
                f"{by_name[seen[heading]].label.lower()}"
            )
        else:
            seen[heading] = item.name
    return errors


def check(
    organisation: Any,
    table: tabular.Table,
    mapping: dict[str, str],
    progress: Progress | None = None,
) -> Plan:
    """Check every row and work out what importing it would do. Writes nothing."""
    mapping_errors = check_mapping(mapping, table.headers)
    if mapping_errors:
        raise ImportRefused(
            [
                {"row": 1, "column": BY_NAME[k].label, "message": m}
                for k, m in mapping_errors.items()
            ],
            "The columns are not matched yet",
        )
    if len(table.rows) > MAX_ROWS:
        raise ImportRefused(
            [],
            f"The file has {len(table.rows):,} rows; import at most {MAX_ROWS:,} at a time",
        )
    reference_heading = mapping["external_reference"]
    references = {
        tabular.text_of(cells.get(reference_heading)).casefold() for _, cells in table.numbered()
    }
    references.discard("")
    lookups = _Lookups(organisation, references)
    rows: list[RowPlan] = []
    problems: list[dict[str, Any]] = []
    first_row_of: dict[str, int] = {}
    today = timezone.localdate()
    for done, (number, cells) in enumerate(table.numbered(), start=1):
        if all(tabular.text_of(v) == "" for v in cells.values()):
            continue
        row = _Row(number, cells, mapping)
        planned = _check_row(row, lookups, first_row_of, today)
        problems.extend(row.problems)
        if planned is not None and not row.problems:
            rows.append(planned)
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress is not None:
        progress(len(table.rows))
    if not rows and not problems:
        problems.append({"row": 2, "column": "", "message": "The file has no rows to import"})
    return Plan(rows, problems)


def _check_row(
    row: _Row, lookups: _Lookups, first_row_of: dict[str, int], today: datetime.date
) -> RowPlan | None:
    for name in REQUIRED:
        if row.text(name) == "":
            row.problem(name, MISSING[name])
    reference = row.text("external_reference")
    key = reference.casefold()
    if len(reference) > 100:
        row.problem("external_reference", "The external reference must be 100 characters or fewer")
    if key and key in first_row_of:
        row.problem(
            "external_reference",
            f"The reference {reference} is also on row {first_row_of[key]}; each project "
            "must appear once",
        )
    elif key:
        first_row_of[key] = row.number
    existing = lookups.projects.get(key, []) if key else []
    if len(existing) > 1:
        row.problem(
            "external_reference",
            f"{len(existing)} projects here already have the reference {reference}; "
            "give them different references first",
        )
    project = existing[0] if len(existing) == 1 else None

    values: dict[str, Any] = {}
    title = row.text("title")
    if len(title) > 200:
        row.problem("title", "The title must be 200 characters or fewer")
    elif title:
        values["title"] = title
    directorate_name = row.text("directorate")
    directorate = (
        lookups.directorates.get(directorate_name.casefold()) if directorate_name else None
    )
    if directorate_name and directorate is None:
        row.problem(
            "directorate",
            f"There is no directorate called {directorate_name}; check the spelling or add it",
        )
    if directorate is not None:
        values["directorate"] = directorate
    service_name = row.text("service")
    if service_name and directorate is not None:
        service = lookups.services.get((directorate.pk, service_name.casefold()))
        if service is None:
            row.problem(
                "service", f"There is no service called {service_name} in {directorate.name}"
            )
        else:
            values["service"] = service
    elif (
        directorate is not None and project is not None and project.directorate_id != directorate.pk
    ):
        # A project moving directorate cannot keep a service of the old one.
        values["service"] = None
    lead_email = row.text("lead_email").casefold()
    if lead_email:
        if lead_email not in lookups.leads:
            row.problem(
                "lead_email",
                f"No project lead or QI staff member here has the email address {lead_email}",
            )
        else:
            values["lead"] = lookups.staff[lead_email]
    start_date = row.date("start_date")
    if start_date is not None:
        values["start_date"] = start_date
    aim = row.text("aim") if row.mapping.get("aim") else ""
    if aim:
        values["aim"] = str(row.raw("aim")).strip()
    if project is None:
        # A project already here keeps its reference as written, whatever the case in the file.
        values["external_reference"] = reference

    status_text = row.text("status").casefold()
    status = None
    if status_text:
        status = lookups.status_words.get(status_text)
        if status is None:
            row.problem("status", "The status must be Active, On hold, Completed or Stopped")
    status_on = row.date("status_changed_on")
    start = values.get("start_date") or (project.start_date if project else None)
    if status_on is not None and start is not None and status_on < start:
        row.problem("status_changed_on", "The status must change on or after the start date")
    if status_on is not None and status_on > today:
        row.problem("status_changed_on", "The status change date must be today or in the past")

    staff: list[User] = []
    for email in tabular.split_list(row.raw("staff_team")):
        user = lookups.staff.get(email.casefold())
        if user is None:
            row.problem("staff_team", f"No member of staff here has the email address {email}")
        elif user not in staff:
            staff.append(user)
    pool: list[PoolMember] = []
    outside: list[str] = []
    for entry in tabular.split_list(row.raw("patients_carers")):
        if "@" in entry:
            member = lookups.pool.get(entry.casefold())
            if member is None:
                row.problem("patients_carers", f"Nobody in the pool has the email address {entry}")
            elif member not in pool:
                pool.append(member)
        elif len(entry) > 200:
            row.problem("patients_carers", "Each name must be 200 characters or fewer")
        else:
            outside.append("" if entry.casefold() in ANONYMOUS else entry)
    stage_dates: dict[str, datetime.date] = {}
    for stage, name in STAGE_FIELDS.items():
        day = row.date(name)
        if day is None:
            continue
        if start is not None and day < start:
            row.problem(name, "The date must be on or after the project's start date")
        elif day > today:
            row.problem(name, "The date must be today or in the past")
        else:
            stage_dates[stage] = day
    involvement = row.text("involvement").casefold()
    if involvement in lookups.yes_words and start is not None:
        # A bare "Yes": involvement at a stage not known, dated from the project's start.
        stage_dates[levels.UNSTAGED] = start
    elif involvement and involvement not in lookups.no_words | lookups.yes_words:
        row.problem("involvement", "Service user involvement must be Yes or No (or empty)")
    notes = row.text("involvement_notes")
    score_text = row.text("progress_score")
    if score_text:
        try:
            score = Decimal(score_text)
        except InvalidOperation:
            score = None
        if score not in SCORES:
            row.problem(
                "progress_score",
                "The IHI progress score must be 0.5 to 5.0, in steps of 0.5, like 2.5",
            )
        else:
            values["progress_score_override"] = score.quantize(Decimal("0.1"))
            values["progress_score_reason"] = PREVIOUS_SYSTEM
    if row.problems:
        return None
    planned = RowPlan(row.number, reference, project, values)
    planned.involvement_notes = notes

    if project is None:
        planned.status = status if status and status != ProjectStatus.ACTIVE else None
        planned.status_on = status_on or today
        if planned.status and planned.status_on < values["start_date"]:
            planned.status_on = values["start_date"]
        planned.new_staff = [u for u in staff if u != values["lead"]]
        planned.new_pool = pool
        planned.new_outside = outside
        planned.new_records = sorted(stage_dates.items())
        return planned

    before = auditor.snapshot(project, [*project_services.PROJECT_FIELDS, *SCORE_FIELDS])
    after = {**before, **values}
    planned.changes = auditor.diff(before, after)
    if status and status != project.status:
        planned.status = status
        planned.status_on = status_on or today
        last = lookups.last_status_on.get(project.pk)
        if last is not None and planned.status_on < last:
            row.problem(
                "status_changed_on",
                f"The project's status last changed on {last:%d/%m/%Y}; a new status must "
                "take effect on or after that date",
            )
            return None
    planned.new_staff = [u for u in staff if (project.pk, u.pk) not in lookups.team_users]
    planned.new_pool = [m for m in pool if (project.pk, m.pk) not in lookups.team_pool]
    already = list(lookups.team_outside.get(project.pk, []))
    for name in outside:
        if name.casefold() in already:
            already.remove(name.casefold())
        else:
            planned.new_outside.append(name)
    for stage, day in sorted(stage_dates.items()):
        record = lookups.imported.get((project.pk, stage))
        if record is None:
            planned.new_records.append((stage, day))
        elif record.started_on != day:
            planned.moved_records.append((record, day))
    return planned


def preview_rows(plan: Plan, limit: int = PREVIEW_ROWS) -> list[dict[str, Any]]:
    """The first rows as the import reads them, for the preview page."""
    shown = []
    for row in plan.rows[:limit]:
        values = row.values
        project = row.project
        shown.append(
            {
                "row": row.row,
                "reference": row.reference,
                "title": values.get("title") or (project.title if project else ""),
                "directorate": str(
                    values.get("directorate") or (project.directorate if project else "")
                ),
                "lead": str(values.get("lead") or (project.lead if project else "")),
                "action": row.action,
                "what": row.describe(),
            }
        )
    return shown


# Above this many projects in one import, and when they are most of the trust's, recomputing the
# trust's measure from scratch is cheaper than correcting it project by project.
REBUILD_FROM = 1000


@transaction.atomic
def apply(
    organisation: Any, plan: Plan, *, by: Any, progress: Progress | None = None
) -> dict[str, int]:
    """Do what the plan says, all or nothing. Returns how many projects were added, changed and
    left as they were. `progress` hears how many rows are written, as the work goes on."""
    report = progress or (lambda done: None)
    if plan.problems:
        raise ImportRefused(plan.problems, "The file has problems")
    new_rows = [r for r in plan.rows if r.is_new]
    # Someone may have added a project with one of these references since the check.
    taken = set(
        Project.objects.filter(
            organisation=organisation,
            external_reference__in=[r.reference for r in new_rows],
        ).values_list("external_reference", flat=True)
    )
    if taken:
        raise ImportRefused(
            [
                {
                    "row": r.row,
                    "column": "",
                    "message": f"A project with the reference {r.reference} was added while "
                    "this file was being checked; check the file again",
                }
                for r in new_rows
                if r.reference in taken
            ],
            "Projects were added while the file was being checked",
        )
    events: list[Any] = []
    team: list[TeamMember] = []
    status_changes: list[StatusChange] = []
    records: list[InvolvementRecord] = []

    created = [
        Project(organisation=organisation, status=ProjectStatus.ACTIVE, **r.values)
        for r in new_rows
    ]
    Project.objects.bulk_create(created, batch_size=1000)
    for row, project in zip(new_rows, created, strict=True):
        row.project = project
        team.append(
            TeamMember(
                project=project,
                user=project.lead,
                role_on_team="Project lead",
                joined_on=project.start_date,
            )
        )
        status_changes.append(
            StatusChange(
                project=project,
                status=ProjectStatus.ACTIVE,
                changed_on=project.start_date,
                note="Project started",
                changed_by=by,
            )
        )
        events.append(
            auditor.event(
                "projects.project_created",
                actor=by,
                target=project,
                organisation=organisation,
                changes={
                    name: [None, getattr(project, name)] for name in project_services.PROJECT_FIELDS
                },
            )
        )

    changed_fields: set[str] = set()
    updated: list[Project] = []
    first_changes: list[tuple[Project, datetime.date]] = []
    for row in plan.rows:
        if row.is_new or not row.changes:
            continue
        project = row.project
        for name in row.changes:
            setattr(project, name, row.values[name])
            changed_fields.add(name)
        updated.append(project)
        if "start_date" in row.changes:
            first_changes.append((project, project.start_date))
        events.append(
            auditor.event(
                "projects.project_changed",
                actor=by,
                target=project,
                organisation=organisation,
                changes=row.changes,
            )
        )
    if updated:
        Project.objects.bulk_update(updated, sorted(changed_fields), batch_size=1000)
    _move_first_status_changes(first_changes)
    total = len(plan.rows)
    report(total // 10)

    status_updates: list[Project] = []
    for row in plan.rows:
        project = row.project
        assert project is not None
        if row.status:
            old = ProjectStatus.ACTIVE if row.is_new else project.status
            status_changes.append(
                StatusChange(
                    project=project,
                    status=row.status,
                    changed_on=row.status_on,
                    note="Imported from a spreadsheet",
                    changed_by=by,
                )
            )
            project.status = row.status
            status_updates.append(project)
            events.append(
                auditor.event(
                    "projects.status_changed",
                    actor=by,
                    target=project,
                    organisation=organisation,
                    changes={
                        "status": [old, row.status],
                        "from": [None, row.status_on],
                        "note": [None, "Imported from a spreadsheet"],
                    },
                )
            )
        joined_on = project.start_date
        for user in row.new_staff:
            team.append(TeamMember(project=project, user=user, joined_on=joined_on))
        for member in row.new_pool:
            team.append(
                TeamMember(
                    project=project,
                    pool_member=member,
                    is_patient_or_carer=True,
                    joined_on=joined_on,
                )
            )
        for name in row.new_outside:
            team.append(
                TeamMember(
                    project=project,
                    outside_name=name,
                    is_patient_or_carer=True,
                    joined_on=joined_on,
                )
            )
        for added in team_additions(row):
            events.append(
                auditor.event(
                    "projects.team_member_added",
                    actor=by,
                    target=project,
                    organisation=organisation,
                    changes={
                        "team member": [None, added],
                        "role on team": [None, ""],
                        "joined on": [None, joined_on],
                    },
                )
            )
        for stage, day in row.new_records:
            record = InvolvementRecord(
                project=project,
                stage=stage,
                how=How.TOOK_PART,
                started_on=day,
                evidence=(
                    f"{UNSTAGED_EVIDENCE}. {row.involvement_notes}"[:500]
                    if stage == levels.UNSTAGED and row.involvement_notes
                    else UNSTAGED_EVIDENCE
                    if stage == levels.UNSTAGED
                    else IMPORTED_EVIDENCE
                ),
                recorded_by=by,
            )
            records.append(record)
            events.append(
                auditor.event(
                    "involvement.record_added",
                    actor=by,
                    target=project,
                    organisation=organisation,
                    changes={
                        name: [None, getattr(record, name)]
                        for name in involvement_services.RECORD_FIELDS
                    },
                )
            )
        for record, day in row.moved_records:
            events.append(
                auditor.event(
                    "involvement.record_changed",
                    actor=by,
                    target=project,
                    organisation=organisation,
                    changes={"started_on": [record.started_on, day]},
                )
            )
            record.started_on = day
    if status_updates:
        Project.objects.bulk_update(status_updates, ["status"], batch_size=1000)
    # Bulk writes send no signals: the measure is refreshed below, once for every project.
    TeamMember.objects.bulk_create(team, batch_size=2000)
    StatusChange.objects.bulk_create(status_changes, batch_size=2000)
    InvolvementRecord.objects.bulk_create(records, batch_size=2000)
    moved = [record for row in plan.rows for record, _ in row.moved_records]
    if moved:
        InvolvementRecord.objects.bulk_update(moved, ["started_on"], batch_size=2000)
    counts = plan.counts()
    touched = [r.project.pk for r in plan.rows if r.action != "unchanged" and r.project]
    report(total // 3)
    if len(touched) >= REBUILD_FROM and len(touched) * 2 >= (
        Project.objects.filter(organisation=organisation).count()
    ):
        measure.rebuild(organisation)
    else:
        for done, batch in enumerate(chunks(touched, 1000), start=1):
            measure.refresh_projects(batch)
            report(total // 3 + (total * 6 // 10) * done * 1000 // max(len(touched), 1))
    if touched:
        events.append(
            auditor.event(
                "imports.projects_imported",
                actor=by,
                target=None,
                target_label="Project import",
                organisation=organisation,
                changes={
                    "added": [None, counts["new"]],
                    "changed": [None, counts["changed"]],
                    "unchanged": [None, counts["unchanged"]],
                },
            )
        )
    auditor.record_many(events)
    report(total)
    return counts


def team_additions(row: RowPlan) -> list[str]:
    names = [str(u) for u in row.new_staff]
    names += [str(m) for m in row.new_pool]
    names += [n or "Anonymous patient or carer" for n in row.new_outside]
    return names


def _move_first_status_changes(moves: list[tuple[Project, datetime.date]]) -> None:
    """A changed start date moves the project's opening status change with it, as a change
    through the project form does."""
    if not moves:
        return
    by_project = dict(moves)
    firsts: dict[int, StatusChange] = {}
    for change in StatusChange.objects.filter(project_id__in=list(by_project)).order_by(
        "project_id", "changed_on", "pk"
    ):
        firsts.setdefault(change.project_id, change)
    moved = []
    for project, day in moves:
        first = firsts.get(project.pk)
        if first is not None and first.status == ProjectStatus.ACTIVE:
            first.changed_on = day
            moved.append(first)
    StatusChange.objects.bulk_update(moved, ["changed_on"], batch_size=1000)


# Jobs: an upload on its way through the steps, with progress the page can show.


def start_job(
    organisation: Any, *, by: Any, upload: Any, file_name: str, kind: str = "projects"
) -> ImportJob:
    """Store an upload that has been checked as a readable table, ready for matching."""
    data = upload.read()
    table = tabular.read(data)
    job = ImportJob(
        organisation=organisation,
        kind=kind,
        created_by=by,
        uid=uuid.uuid4().hex,
        file_name=file_name[:255],
        file_kind=table.kind,
        headers=table.headers,
        total_rows=len(table.rows),
        created_at=timezone.now(),
    )
    job.file.save("upload", ContentFile(data), save=False)
    job.save()
    return job


def read_job_table(job: ImportJob) -> tabular.Table:
    with job.file.open("rb") as handle:
        return tabular.read(handle.read())


def save_mapping(
    organisation: Any, *, name: str, columns: dict[str, str], by: Any
) -> ImportMapping:
    mapping, _ = ImportMapping.objects.update_or_create(
        organisation=organisation,
        name=name,
        defaults={"columns": {k: v for k, v in columns.items() if v}, "created_by": by},
    )
    return mapping


def _set_progress(job_id: int, done: int) -> None:
    ImportJob.objects.filter(pk=job_id).update(done_rows=done)


@contextlib.contextmanager
def _outside_progress(job_id: int) -> Iterator[Progress]:
    """Report progress from inside the import's transaction, which nobody else can see into.

    On PostgreSQL a second connection writes the job's progress, committed at once. SQLite has
    one writer at a time, so there the page shows the import as half done until it commits.
    """
    if connection.vendor != "postgresql":
        yield lambda done: None
        return
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    table = ImportJob._meta.db_table

    def report(done: int) -> None:
        with other.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET done_rows = %s WHERE id = %s", [done, job_id])  # noqa: S608

    try:
        yield report
    finally:
        other.close()


def _mapping_refusal(job: ImportJob, table: tabular.Table, kind: Any) -> None:
    errors = check_mapping(job.mapping, table.headers, kind.fields)
    if errors:
        labels = {item.name: item.label for item in kind.fields}
        raise ImportRefused(
            [{"row": 1, "column": labels[k], "message": m} for k, m in errors.items()],
            "The columns are not matched yet",
        )


# Leases: a running job is renewed by its worker; a job whose lease ran out lost its worker.

logger = logging.getLogger(__name__)

STOPPED_MESSAGE = (
    "The work on this file stopped before it finished, perhaps because the server restarted. "
    "Nothing has been imported."
)


def lease_length() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.IMPORT_LEASE_SECONDS)


def take_lease(job: ImportJob, status: str, *, only_from: str | None = None) -> str | None:
    """Start an attempt at checking or importing a job: a new token and a fresh lease, which
    also covers the time the job waits for a worker. Returns the attempt's token, or None when
    `only_from` is given and the job was no longer in that state (someone else took it)."""
    token = uuid.uuid4().hex
    jobs = ImportJob.objects.filter(pk=job.pk)
    if only_from is not None:
        jobs = jobs.filter(status=only_from)
    updated = jobs.update(
        status=status,
        done_rows=0,
        error="",
        stopped_while="",
        lease_token=token,
        lease_expires_at=timezone.now() + lease_length(),
    )
    return token if updated else None


def _renew(job_id: int, token: str, status: str | None = None, length: Any = None) -> bool:
    """Renew the attempt's lease; False when the job is no longer this attempt's to run."""
    jobs = ImportJob.objects.filter(pk=job_id, lease_token=token)
    if status is not None:
        jobs = jobs.filter(status=status)
    return bool(jobs.update(lease_expires_at=timezone.now() + (length or lease_length())))


@contextlib.contextmanager
def _heartbeat(job_id: int, token: str) -> Iterator[None]:
    """Renew the lease from a thread of its own while the work goes on, whatever it is doing.

    A killed or restarted worker stops renewing, and `recover_lost_jobs` then offers the job
    again. (Inside the import's transaction on SQLite, which has one writer at a time, a renewal
    waits and may fail; `run_job` takes a long lease there first.)
    """
    stop = threading.Event()
    every = max(1.0, settings.IMPORT_LEASE_SECONDS / 3)

    def beat() -> None:
        try:
            while not stop.wait(every):
                try:
                    if not _renew(job_id, token):
                        return
                except DatabaseError as error:
                    logger.warning("Import %s: the lease was not renewed: %s", job_id, error)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=beat, name=f"import-{job_id}-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 10)


def recover_lost_jobs(jobs: Any = None) -> int:
    """Mark each running job whose lease ran out as stopped, so its page offers to try again.

    Imports are all or nothing, so a lost one wrote nothing. One conditional UPDATE: a worker
    that is still renewing its lease is never touched, and a lost attempt, were it to come back,
    no longer holds the token it would need to write its result."""
    now = timezone.now()
    jobs = ImportJob.objects.all() if jobs is None else jobs
    lost = jobs.filter(status__in=RUNNING).filter(
        Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True)
    )
    count = lost.update(
        status=JobStatus.STOPPED,
        stopped_while=F("status"),
        error=STOPPED_MESSAGE,
        finished_at=now,
        lease_token="",
        lease_expires_at=None,
    )
    if count:
        logger.warning("Import jobs stopped before they finished: %s offered again", count)
    return count


def recover_if_lost(job: ImportJob) -> ImportJob:
    if job.is_lost and recover_lost_jobs(ImportJob.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return job


def check_job(job: ImportJob, token: str | None = None) -> Any:
    """Check a job's rows (the preview). Progress is written as rows are checked.

    `token` is the attempt queued by `tasks.queue_check`; an attempt that is no longer the
    job's (it was found lost and tried again) does nothing."""
    if token is None:
        token = str(take_lease(job, JobStatus.CHECKING))
    elif not _renew(job.pk, token, JobStatus.CHECKING):
        return None
    with _heartbeat(job.pk, token):
        return _check_job(job, token)


def _check_job(job: ImportJob, token: str) -> Any:
    from coproduce.imports import kinds

    kind = kinds.get(job.kind)
    try:
        table = read_job_table(job)
        _mapping_refusal(job, table, kind)
        plan = kind.check(
            job.organisation, table, job.mapping, progress=lambda n: _set_progress(job.pk, n)
        )
    except ImportRefused as refusal:
        _finish(job, token, JobStatus.FAILED, problems=refusal.problems, error=refusal.message)
        return None
    except tabular.UnreadableFile as error:
        _finish(job, token, JobStatus.FAILED, error=str(error))
        return None
    job.refresh_from_db()
    if job.lease_token != token:
        return None
    job.status = JobStatus.CHECKED
    job.problems = plan.problems
    job.summary = plan.counts()
    job.preview = kind.preview(plan)
    job.done_rows = job.total_rows
    job.lease_expires_at = None
    job.save(
        update_fields=["status", "problems", "summary", "preview", "done_rows", "lease_expires_at"]
    )
    return plan


def run_job(job: ImportJob, token: str | None = None) -> None:
    """Check the rows again (the data here may have changed since the preview), then import
    them all or none. `token` as for `check_job`."""
    if token is None:
        token = str(take_lease(job, JobStatus.IMPORTING))
    elif not _renew(job.pk, token, JobStatus.IMPORTING):
        return
    with _heartbeat(job.pk, token):
        _run_job(job, token)


def _run_job(job: ImportJob, token: str) -> None:
    from coproduce.imports import kinds

    kind = kinds.get(job.kind)
    try:
        table = read_job_table(job)
        _mapping_refusal(job, table, kind)
        plan = kind.check(
            job.organisation,
            table,
            job.mapping,
            progress=lambda n: _set_progress(job.pk, n // 2),
        )
        if plan.problems:
            raise ImportRefused(plan.problems, "The file has problems; nothing was imported")
        if connection.vendor != "postgresql":
            # The heartbeat cannot write while the import's transaction holds SQLite's one
            # write lock: lease the whole write up front.
            _renew(job.pk, token, length=lease_length() * 12)
        with _outside_progress(job.pk) as report:
            counts = kind.apply(
                job.organisation,
                plan,
                by=job.created_by,
                progress=lambda n: report(job.total_rows // 2 + n // 2),
            )
    except ImportRefused as refusal:
        _finish(job, token, JobStatus.FAILED, problems=refusal.problems, error=refusal.message)
        return
    except tabular.UnreadableFile as error:
        _finish(job, token, JobStatus.FAILED, error=str(error))
        return
    except Exception:
        _finish(job, token, JobStatus.FAILED, error="Something went wrong; nothing was imported")
        raise
    _finish(job, token, JobStatus.DONE, summary=counts)


def _finish(
    job: ImportJob,
    token: str,
    status: str,
    *,
    problems: list[dict[str, Any]] | None = None,
    error: str = "",
    summary: dict[str, int] | None = None,
) -> None:
    fields: dict[str, Any] = {
        "status": status,
        "error": error[:500],
        "finished_at": timezone.now(),
        "lease_expires_at": None,
    }
    if problems is not None:
        fields["problems"] = problems
    if summary is not None:
        fields["summary"] = summary
        fields["done_rows"] = job.total_rows
    ImportJob.objects.filter(pk=job.pk, lease_token=token).update(**fields)
    job.refresh_from_db()


def recent_jobs(organisation: Any, kind: str = "projects") -> Any:
    return ImportJob.objects.filter(organisation=organisation, kind=kind).select_related(
        "created_by"
    )[:20]
