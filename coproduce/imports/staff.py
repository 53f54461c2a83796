"""Importing staff accounts from a spreadsheet: name, email, roles, directorate.

Each new person gets the same account, audit events and email to set a password as one added on
the "Add a person" page. Someone who already has an account here is left as they are (their
roles are changed on their own page), so importing the same file twice adds nobody twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from coproduce.accounts import services as accounts
from coproduce.accounts.models import Role, User
from coproduce.imports.columns import ImportField
from coproduce.lib import tabular
from coproduce.organisations.models import Directorate

FIELDS: tuple[ImportField, ...] = (
    ImportField("full_name", "Full name", True, "", ("name", "staff name", "person")),
    ImportField(
        "email",
        "Email address",
        True,
        "Their work email address; they sign in with it.",
        ("email", "e-mail", "work email", "nhs email", "nhsmail"),
    ),
    ImportField(
        "roles",
        "Roles",
        True,
        "One or more of Administrator, Involvement team, Project lead, QI staff and Finance, "
        "separated by semicolons.",
        ("role", "access", "permissions"),
    ),
    ImportField(
        "directorate",
        "Directorate",
        False,
        "The directorate's name, as in Coproduce.",
        ("department", "division", "care group"),
    ),
    ImportField("job_title", "Job title", False, "", ("title", "position", "job")),
    ImportField("preferred_name", "Preferred name", False, "", ("known as", "first name")),
)
BY_NAME = {f.name: f for f in FIELDS}
# Patients' and carers' accounts come with their place in the pool, never from a staff list.
STAFF_ROLES = [r for r in Role if r != Role.POOL_MEMBER]
ROLE_WORDS = {
    **{r.value: r.value for r in STAFF_ROLES},
    **{r.label.casefold(): r.value for r in STAFF_ROLES},
    "admin": Role.ADMINISTRATOR.value,
    "involvement": Role.INVOLVEMENT_TEAM.value,
    "lead": Role.PROJECT_LEAD.value,
    "qi": Role.QI_STAFF.value,
}
ROLE_LIST = ", ".join(r.label for r in STAFF_ROLES)


@dataclass(eq=False)
class PersonPlan:
    row: int
    full_name: str
    email: str
    roles: list[str]
    directorate: Directorate | None
    job_title: str
    preferred_name: str
    existing: User | None

    @property
    def action(self) -> str:
        return "new" if self.existing is None else "unchanged"


@dataclass
class StaffPlan:
    rows: list[PersonPlan]
    problems: list[dict[str, Any]]

    def counts(self) -> dict[str, int]:
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts


def check(
    organisation: Any, table: tabular.Table, mapping: dict[str, str], progress: Any = None
) -> StaffPlan:
    """Check every row and work out who would be added. Writes nothing."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    directorates = {
        d.name.casefold(): d
        for d in Directorate.objects.filter(organisation=organisation, is_active=True)
    }
    emails = {
        tabular.text_of(cells.get(mapping.get("email", ""))).strip().lower()
        for _, cells in table.numbered()
    }
    accounts_here = {u.email.lower(): u for u in User.objects.filter(email__in=emails - {""})}
    rows: list[PersonPlan] = []
    problems: list[dict[str, Any]] = []
    seen: dict[str, int] = {}

    for number, cells in table.numbered():

        def text(name: str, cells: dict[str, Any] = cells) -> str:
            heading = mapping.get(name)
            return " ".join(tabular.text_of(cells.get(heading)).split()) if heading else ""

        values = {name: text(name) for name in BY_NAME}
        if not any(values.values()):
            continue
        found: list[dict[str, Any]] = []

        def problem(
            name: str, message: str, found: list[dict[str, Any]] = found, number: int = number
        ) -> None:
            found.append(
                {
                    "row": number,
                    "column": mapping.get(name, BY_NAME[name].label),
                    "message": message,
                }
            )

        if not values["full_name"]:
            problem("full_name", "Enter the person's full name")
        elif len(values["full_name"]) > 200:
            problem("full_name", "The full name must be 200 characters or fewer")
        email = values["email"].lower()
        existing = None
        if not email:
            problem("email", "Enter an email address")
        else:
            try:
                validate_email(email)
            except ValidationError:
                problem(
                    "email", "Enter an email address in the correct format, like name@example.org"
                )
            if email in seen:
                problem("email", f"{email} is also on row {seen[email]}; give each person once")
            seen.setdefault(email, number)
            existing = accounts_here.get(email)
            if existing is not None and existing.organisation_id != organisation.pk:
                problem("email", "Someone at another trust already has an account with this email")
        roles: list[str] = []
        for word in tabular.split_list(values["roles"].replace(",", ";")):
            role = ROLE_WORDS.get(word.strip().casefold())
            if role is None:
                problem("roles", f"{word} is not a role; use {ROLE_LIST}")
            elif role not in roles:
                roles.append(role)
        if not values["roles"]:
            problem("roles", f"Enter at least one role: {ROLE_LIST}")
        directorate = None
        if values["directorate"]:
            directorate = directorates.get(values["directorate"].casefold())
            if directorate is None:
                problem("directorate", f"There is no directorate called {values['directorate']}")
        for name, limit in (("job_title", 200), ("preferred_name", 100)):
            if len(values[name]) > limit:
                problem(
                    name, f"The {BY_NAME[name].label.lower()} must be {limit} characters or fewer"
                )
        problems.extend(found)
        if not found:
            rows.append(
                PersonPlan(
                    number,
                    values["full_name"],
                    email,
                    roles,
                    directorate,
                    values["job_title"],
                    values["preferred_name"],
                    existing,
                )
            )
    if progress is not None:
        progress(len(table.rows))
    if not rows and not problems:
        problems.append({"row": 2, "column": "", "message": "The file has no rows to import"})
    return StaffPlan(rows, problems)


def preview_rows(plan: StaffPlan, limit: int = 20) -> list[dict[str, Any]]:
    labels = dict(Role.choices)
    return [
        {
            "row": row.row,
            "name": row.full_name,
            "email": row.email,
            "roles": ", ".join(str(labels[r]) for r in row.roles),
            "directorate": row.directorate.name if row.directorate else "",
            "what": "Adds the account and sends an email to set a password"
            if row.existing is None
            else "Already has an account: no change",
        }
        for row in plan.rows[:limit]
    ]


PREVIEW_COLUMNS = (
    ("name", "Name"),
    ("email", "Email address"),
    ("roles", "Roles"),
    ("directorate", "Directorate"),
)


@transaction.atomic
def apply(organisation: Any, plan: StaffPlan, *, by: Any, progress: Any = None) -> dict[str, int]:
    """Add the new accounts, each audited and sent its email once the import commits."""
    if plan.problems:
        from coproduce.imports.services import ImportRefused

        raise ImportRefused(plan.problems, "The file has problems")
    for done, row in enumerate(plan.rows, start=1):
        if row.existing is None:
            accounts.create_user(
                organisation=organisation,
                full_name=row.full_name,
                email=row.email,
                roles=row.roles,
                by=by,
                preferred_name=row.preferred_name,
                job_title=row.job_title,
                directorate=row.directorate,
            )
        if progress is not None and done % 100 == 0:
            progress(done)
    if progress is not None:
        progress(len(plan.rows))
    return plan.counts()
