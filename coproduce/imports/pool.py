"""Importing the pool of patients and carers from a trust's earlier records.

Each row is one person with their status, contact details, lived experience, interests,
training and DBS check. Consent is recorded honestly: nobody imported has consented to being
held here yet, so each is marked "consent to be confirmed" (see coproduce/pool/consent.py) and
is never matched or invited until they confirm. A row with no way to contact the person (no
email, phone or postal address) is refused, and so is the whole file: `check` writes nothing
and `apply` writes everything or nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from coproduce.audit import services as auditor
from coproduce.imports.columns import ImportField
from coproduce.lib import tabular
from coproduce.pool.models import (
    Check,
    CheckKind,
    MemberKind,
    MemberStatus,
    OptionKind,
    PoolMember,
    ProfileOption,
    ReminderStage,
    StatusChange,
)

FIELDS: tuple[ImportField, ...] = (
    ImportField("first_name", "First name", True, "", ("forename", "given name", "first")),
    ImportField("last_name", "Last name", False, "", ("surname", "family name", "last")),
    ImportField(
        "kind",
        "Patient or carer",
        True,
        "Patient, Carer or Both.",
        ("kind", "type", "patient carer", "role", "patient or carer or both"),
    ),
    ImportField(
        "status",
        "Status",
        False,
        "Enquiry, Onboarding, Active, Paused or Left. Empty means enquiry.",
        ("pool status", "member status"),
    ),
    ImportField("email", "Email address", False, "", ("email", "e-mail", "email address")),
    ImportField("phone", "Phone number", False, "", ("phone", "telephone", "mobile", "tel")),
    ImportField(
        "postal_address",
        "Postal address",
        False,
        "",
        ("address", "home address", "postal address", "postcode address"),
    ),
    ImportField(
        "lived_experience",
        "Lived experience",
        False,
        "In the person's words, or as the team recorded it.",
        ("experience", "lived experience notes", "experience notes"),
    ),
    ImportField(
        "interests",
        "Interests",
        False,
        "Topics from the trust's list of topics of interest, separated by semicolons.",
        ("topics", "topics of interest", "interested in"),
    ),
    ImportField(
        "training",
        "Training",
        False,
        "Training they have done, as the earlier records give it.",
        ("training done", "courses", "training completed"),
    ),
    ImportField(
        "dbs_checked_on",
        "DBS check date",
        False,
        "When their DBS check was done.",
        ("dbs", "dbs date", "dbs checked", "dbs check"),
    ),
    ImportField(
        "dbs_expires_on",
        "DBS check runs out on",
        False,
        "When it runs out; empty if it does not.",
        ("dbs expiry", "dbs expires", "dbs renewal date"),
    ),
    ImportField("dbs_reference", "DBS certificate number", False, "", ("dbs number", "dbs ref")),
)
BY_NAME = {f.name: f for f in FIELDS}
KIND_WORDS = {
    **{k.value: k.value for k in MemberKind},
    **{k.label.casefold(): k.value for k in MemberKind},
    "patient": MemberKind.PATIENT.value,
    "service user": MemberKind.PATIENT.value,
    "patient and carer": MemberKind.BOTH.value,
}
STATUS_WORDS = {
    **{s.value: s.value for s in MemberStatus},
    **{s.label.casefold(): s.value for s in MemberStatus},
}
NO_CONTACT = (
    "Give an email address, phone number or postal address: without one there is no "
    "lawful way to ask them to confirm their consent"
)
PREVIEW_COLUMNS = (
    ("name", "Name"),
    ("kind", "Patient or carer"),
    ("status", "Status"),
    ("contact", "Contact"),
)


@dataclass(eq=False)
class PersonRow:
    row: int
    values: dict[str, str]
    kind: str
    status: str
    email: str
    topics: list[ProfileOption] = field(default_factory=list)
    dbs_checked_on: datetime.date | None = None
    dbs_expires_on: datetime.date | None = None

    @property
    def name(self) -> str:
        return f"{self.values['first_name']} {self.values['last_name']}".strip()


@dataclass
class PoolPlan:
    rows: list[PersonRow]
    problems: list[dict[str, Any]]

    def counts(self) -> dict[str, int]:
        return {"new": len(self.rows), "changed": 0, "unchanged": 0}


LIMITS = {"first_name": 100, "last_name": 100, "phone": 40, "email": 254}


def check(
    organisation: Any, table: tabular.Table, mapping: dict[str, str], progress: Any = None
) -> PoolPlan:
    """Check every row and work out who would be added. Writes nothing."""
    topics = {
        o.name.casefold(): o
        for o in ProfileOption.objects.filter(
            organisation=organisation, kind=OptionKind.TOPIC, is_active=True
        )
    }
    in_pool = {
        e.lower()
        for e in PoolMember.objects.filter(organisation=organisation, is_anonymised=False)
        .exclude(email="")
        .values_list("email", flat=True)
    }
    rows: list[PersonRow] = []
    problems: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, cells in table.numbered():
        values = {
            name: tabular.text_of(cells.get(mapping[name])) if mapping.get(name) else ""
            for name in BY_NAME
        }
        if not any(values.values()):
            continue
        found: list[dict[str, Any]] = []

        def problem(
            name: str, message: str, found: list[dict[str, Any]] = found, number: int = number
        ) -> None:
            column = mapping.get(name) or BY_NAME[name].label
            found.append({"row": number, "column": column, "message": message})

        if not values["first_name"]:
            problem("first_name", "Enter the person's first name")
        for name, limit in LIMITS.items():
            if len(values[name]) > limit:
                problem(
                    name, f"The {BY_NAME[name].label.lower()} must be {limit} characters or fewer"
                )
        kind = KIND_WORDS.get(values["kind"].casefold(), "")
        if not kind:
            problem("kind", "Enter Patient, Carer or Both")
        status = MemberStatus.ENQUIRY.value
        if values["status"]:
            status = STATUS_WORDS.get(values["status"].casefold(), "")
            if not status:
                problem(
                    "status",
                    f"{values['status']} is not a status; use Enquiry, Onboarding, "
                    "Active, Paused or Left",
                )
        email = values["email"].lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problem(
                    "email", "Enter an email address in the correct format, like name@example.org"
                )
            if email in in_pool:
                problem("email", "Someone in the pool already has this email address")
            if email in seen:
                problem("email", f"{email} is also on row {seen[email]}; give each person once")
            seen.setdefault(email, number)
        if not (email or values["phone"] or values["postal_address"]):
            problem("email", NO_CONTACT)
        chosen: list[ProfileOption] = []
        for word in tabular.split_list(values["interests"]):
            option = topics.get(word.casefold())
            if option is None:
                problem("interests", f"{word} is not in the trust's list of topics of interest")
            elif option not in chosen:
                chosen.append(option)
        dates: dict[str, datetime.date | None] = {}
        for name in ("dbs_checked_on", "dbs_expires_on"):
            try:
                dates[name] = (
                    tabular.date_of(cells.get(mapping[name])) if mapping.get(name) else None
                )
            except ValueError:
                problem(name, f"{values[name]} is not a date; write it like 31/03/2025")
                dates[name] = None
        if dates["dbs_expires_on"] and not values["dbs_checked_on"]:
            problem("dbs_checked_on", "Give the date the DBS check was done")
        if (
            dates["dbs_checked_on"]
            and dates["dbs_expires_on"]
            and dates["dbs_expires_on"] < dates["dbs_checked_on"]
        ):
            problem("dbs_expires_on", "The DBS check cannot run out before it was done")
        if dates["dbs_checked_on"] and dates["dbs_checked_on"] > timezone.localdate():
            problem("dbs_checked_on", "The DBS check date must be today or in the past")
        problems.extend(found)
        if not found:
            rows.append(
                PersonRow(
                    number,
                    values,
                    kind,
                    status,
                    email,
                    chosen,
                    dates["dbs_checked_on"],
                    dates["dbs_expires_on"],
                )
            )
    if progress is not None:
        progress(len(table.rows))
    if not rows and not problems:
        problems.append({"row": 2, "column": "", "message": "The file has no rows to import"})
    return PoolPlan(rows, problems)


def preview_rows(plan: PoolPlan, limit: int = 20) -> list[dict[str, Any]]:
    return [
        {
            "row": row.row,
            "name": row.name,
            "kind": MemberKind(row.kind).label,
            "status": MemberStatus(row.status).label,
            "contact": row.email or row.values["phone"] or "By post",
            "what": "Adds them, with consent to be confirmed",
        }
        for row in plan.rows[:limit]
    ]


@transaction.atomic
def apply(organisation: Any, plan: PoolPlan, *, by: Any, progress: Any = None) -> dict[str, int]:
    """Add everyone, each audited, marked "consent to be confirmed"."""
    from coproduce.imports.services import ImportRefused

    if plan.problems:
        raise ImportRefused(plan.problems, "The file has problems")
    now = timezone.now()
    today = timezone.localdate()
    members = PoolMember.objects.bulk_create(
        [
            PoolMember(
                organisation=organisation,
                first_name=row.values["first_name"],
                last_name=row.values["last_name"],
                email=row.email,
                phone=row.values["phone"],
                postal_address=row.values["postal_address"],
                kind=row.kind,
                status=row.status,
                status_changed_at=now,
                experience_notes=row.values["lived_experience"],
                earlier_training=row.values["training"],
                consent_to_confirm=True,
                consented_at=None,
                imported_at=now,
            )
            for row in plan.rows
        ],
        batch_size=500,
    )
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                member=member,
                from_status="",
                to_status=row.status,
                changed_on=today,
                reason="Brought in from earlier records",
                changed_by=by,
            )
            for member, row in zip(members, plan.rows, strict=True)
        ],
        batch_size=500,
    )
    Through = PoolMember.topics.through
    Through.objects.bulk_create(
        [
            Through(poolmember_id=member.pk, profileoption_id=option.pk)
            for member, row in zip(members, plan.rows, strict=True)
            for option in row.topics
        ],
        batch_size=1000,
    )
    Check.objects.bulk_create(
        [
            Check(
                member=member,
                kind=CheckKind.DBS,
                checked_on=row.dbs_checked_on,
                expires_on=row.dbs_expires_on,
                reference=row.values["dbs_reference"],
                recorded_by=by,
                reminder_stage=ReminderStage.EXPIRED
                if row.dbs_expires_on and row.dbs_expires_on < today
                else ReminderStage.NONE,
            )
            for member, row in zip(members, plan.rows, strict=True)
            if row.dbs_checked_on
        ],
        batch_size=500,
    )
    events = []
    for done, (member, row) in enumerate(zip(members, plan.rows, strict=True), start=1):
        # Their ranking summary is written when they confirm (pool.consent.confirm): until then
        # matching never reads it.
        events.append(
            auditor.event(
                "pool.member_imported",
                actor=by,
                target=member,
                organisation=organisation,
                changes={
                    "status": [None, row.status],
                    "consent": [None, "to be confirmed"],
                    "email": [None, row.email],
                    "phone": [None, row.values["phone"]],
                    "postal address": [None, "given" if row.values["postal_address"] else ""],
                },
            )
        )
        if progress is not None and done % 200 == 0:
            progress(done)
    auditor.record_many(events)
    if progress is not None:
        progress(len(plan.rows))
    return plan.counts()
