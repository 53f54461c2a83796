"""Importing a trust's structure (directorates and the services within them) from a spreadsheet.

Each row is a directorate (no parent) or a service (its parent is a directorate, in the file or
already here). Names are matched without case, so importing the same file twice changes
nothing, and a row whose code differs updates the unit rather than adding it again. Like the
project import, `check` writes nothing and `apply` writes everything or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from coproduce.audit import services as auditor
from coproduce.imports.columns import ImportField
from coproduce.lib import tabular
from coproduce.organisations.models import Directorate, Service

FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "name",
        "Name",
        True,
        "The directorate's or service's name.",
        ("unit", "unit name", "directorate or service", "team name", "service name"),
    ),
    ImportField(
        "parent",
        "Parent",
        False,
        "Empty for a directorate; for a service, the name of its directorate.",
        ("directorate", "parent name", "belongs to", "part of"),
    ),
    ImportField(
        "code",
        "Code",
        False,
        "The finance cost centre, used on payment exports.",
        ("cost centre", "cost center", "cost code", "finance code"),
    ),
)
BY_NAME = {f.name: f for f in FIELDS}
NAME_LENGTH = 200
CODE_LENGTH = 30


@dataclass(eq=False)
class UnitPlan:
    """What one row will do: add or change a directorate or a service."""

    row: int
    name: str
    parent: str
    code: str
    existing: Directorate | Service | None
    changes: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def is_service(self) -> bool:
        return bool(self.parent)

    @property
    def action(self) -> str:
        if self.existing is None:
            return "new"
        return "changed" if self.changes else "unchanged"

    def describe(self) -> str:
        kind = "service" if self.is_service else "directorate"
        if self.existing is None:
            return f"Adds the {kind}"
        if not self.changes:
            return "No change"
        words = {"cost_centre": "code", "is_active": "switches it back on"}
        return "Changes " + ", ".join(words.get(name, name) for name in self.changes)


@dataclass
class StructurePlan:
    rows: list[UnitPlan]
    problems: list[dict[str, Any]]

    def counts(self) -> dict[str, int]:
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts


def _problem(number: int, mapping: dict[str, str], name: str, message: str) -> dict[str, Any]:
    return {"row": number, "column": mapping.get(name, BY_NAME[name].label), "message": message}


def check(
    organisation: Any, table: tabular.Table, mapping: dict[str, str], progress: Any = None
) -> StructurePlan:
    """Check every row and work out what importing it would do. Writes nothing."""
    directorates = {
        d.name.casefold(): d for d in Directorate.objects.filter(organisation=organisation)
    }
    services = {
        (s.directorate.name.casefold(), s.name.casefold()): s
        for s in Service.objects.filter(directorate__organisation=organisation).select_related(
            "directorate"
        )
    }

    def text(cells: dict[str, Any], name: str) -> str:
        heading = mapping.get(name)
        return " ".join(tabular.text_of(cells.get(heading)).split()) if heading else ""

    read = []
    for number, cells in table.numbered():
        values = {name: text(cells, name) for name in BY_NAME}
        if any(values.values()):
            read.append((number, values))
    in_file = {v["name"].casefold(): n for n, v in read if v["name"] and not v["parent"]}
    service_names = {v["name"].casefold() for _, v in read if v["name"] and v["parent"]}

    rows: list[UnitPlan] = []
    problems: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    for number, values in read:
        name, parent, code = values["name"], values["parent"], values["code"]
        found = []
        if not name:
            found.append(
                _problem(number, mapping, "name", "Enter the directorate's or service's name")
            )
        elif len(name) > NAME_LENGTH:
            found.append(
                _problem(
                    number, mapping, "name", f"The name must be {NAME_LENGTH} characters or fewer"
                )
            )
        if len(code) > CODE_LENGTH:
            found.append(
                _problem(
                    number, mapping, "code", f"The code must be {CODE_LENGTH} characters or fewer"
                )
            )
        key = (parent.casefold(), name.casefold())
        if name and key in seen:
            found.append(
                _problem(
                    number, mapping, "name", f"{name} is also on row {seen[key]}; give each once"
                )
            )
        elif name:
            seen[key] = number
        if parent and parent.casefold() not in in_file and parent.casefold() not in directorates:
            message = (
                f"{parent} is a service in this file, not a directorate; a service's parent "
                "must be a directorate"
                if parent.casefold() in service_names
                else f"There is no directorate called {parent}, here or in this file"
            )
            found.append(_problem(number, mapping, "parent", message))
        problems.extend(found)
        if found:
            continue
        if parent:
            existing: Directorate | Service | None = services.get(key)
            if existing is not None:
                parent = existing.directorate.name
        else:
            existing = directorates.get(name.casefold())
        plan = UnitPlan(number, name, parent, code, existing)
        if existing is not None:
            if code and code != getattr(existing, "cost_centre", ""):
                plan.changes["cost_centre"] = [existing.cost_centre, code]
            if not existing.is_active:
                plan.changes["is_active"] = [False, True]
        rows.append(plan)
    if progress is not None:
        progress(len(table.rows))
    if not rows and not problems:
        problems.append({"row": 2, "column": "", "message": "The file has no rows to import"})
    return StructurePlan(rows, problems)


def preview_rows(plan: StructurePlan, limit: int = 20) -> list[dict[str, Any]]:
    return [
        {
            "row": row.row,
            "name": row.name,
            "parent": row.parent or "(a directorate)",
            "code": row.code,
            "what": row.describe(),
        }
        for row in plan.rows[:limit]
    ]


PREVIEW_COLUMNS = (("name", "Name"), ("parent", "Parent"), ("code", "Code"))


@transaction.atomic
def apply(
    organisation: Any, plan: StructurePlan, *, by: Any, progress: Any = None
) -> dict[str, int]:
    """Add and change the units the plan says, directorates first, with an audit event each."""
    if plan.problems:
        from coproduce.imports.services import ImportRefused

        raise ImportRefused(plan.problems, "The file has problems")
    events = []
    directorates = {
        d.name.casefold(): d for d in Directorate.objects.filter(organisation=organisation)
    }
    # Directorates first, so that the services in the same file find their parent.
    for row in sorted(plan.rows, key=lambda r: r.is_service):
        if row.action == "unchanged":
            continue
        if row.existing is None:
            if row.is_service:
                unit: Directorate | Service = Service.objects.create(
                    directorate=directorates[row.parent.casefold()],
                    name=row.name,
                    cost_centre=row.code,
                )
            else:
                unit = Directorate.objects.create(
                    organisation=organisation, name=row.name, cost_centre=row.code
                )
                directorates[row.name.casefold()] = unit
            action = f"organisations.{unit._meta.model_name}_created"
            changes = {"name": [None, row.name], "cost_centre": [None, row.code]}
        else:
            unit = row.existing
            for name, (_old, new) in row.changes.items():
                setattr(unit, name, new)
            unit.save(update_fields=list(row.changes))
            action = f"organisations.{unit._meta.model_name}_changed"
            changes = row.changes
        events.append(
            auditor.event(action, actor=by, target=unit, organisation=organisation, changes=changes)
        )
    auditor.record_many(events)
    if progress is not None:
        progress(len(plan.rows))
    return plan.counts()
