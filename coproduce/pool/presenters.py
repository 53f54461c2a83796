"""What the pool's pages show about a member, and everything held about them for "my data"."""

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from coproduce.lib import check_expiry
from coproduce.lib.durations import hours_text
from coproduce.pool.models import (
    PAYMENT_PREFERENCE_OF_THEM,
    TIMES_OF_DAY,
    WEEKDAYS,
    Benefit,
    Check,
    PoolMember,
)
from coproduce.training.presenters import CompletionRow, completion_rows

DAY_NAMES = dict(WEEKDAYS)
TIME_NAMES = dict(TIMES_OF_DAY)
BENEFIT_NAMES = dict(Benefit.choices)


def _names(items: Any) -> str:
    return ", ".join(str(item) for item in items) or "None given"


def _row(key: str, value: Any) -> dict[str, Any]:
    return {
        "key": {"text": key},
        "value": {"text": value if value not in ("", None) else "Not given"},
    }


def wanted_roles(member: PoolMember) -> list[str]:
    """The kinds of involvement they said they would like, by name, in the join page's order."""
    from coproduce.matching.models import OpportunityRole

    wanted = set(member.wants_to_do or [])
    return [label for code, label in OpportunityRole.choices if code in wanted]


def contact_rows(member: PoolMember) -> list[dict[str, Any]]:
    return [
        _row("Name", member.full_name),
        _row("Email address", member.email),
        _row("Phone number", member.phone),
        *([_row("Postal address", member.postal_address)] if member.postal_address else []),
        _row("Patient or carer", member.get_kind_display()),
        *(
            [_row("Training in earlier records", member.earlier_training)]
            if member.earlier_training
            else []
        ),
    ]


def availability_summary(member: PoolMember) -> str:
    days = [DAY_NAMES[d] for d, _ in WEEKDAYS if d in (member.available_days or [])]
    times = [TIME_NAMES[t].lower() for t, _ in TIMES_OF_DAY if t in (member.available_times or [])]
    ways = [
        w
        for w, ok in (("in person", member.in_person), ("online or by phone", member.remote))
        if ok
    ]
    parts = [
        ", ".join(days) if days else "No days given",
        ", ".join(times) if times else "no times given",
        " and ".join(ways) if ways else "no way of meeting given",
        f"up to {hours_text(member.max_hours_per_month)} a month",
    ]
    if member.away_until and member.away_until > timezone.localdate():
        parts.append(f"away until {member.away_until:%-d %B %Y}")
    return "; ".join(parts)


def profile_rows(member: PoolMember) -> list[dict[str, Any]]:
    return [
        _row("Would like to be involved as", _names(wanted_roles(member))),
        _row("What they would like to do", member.about_me),
        _row("Topics of interest", _names(member.topics.all())),
        _row("Skills", _names(member.skills.all())),
        _row("Languages", member.languages),
        _row("Availability", availability_summary(member)),
        _row("Areas they can travel to", _names(member.travel_areas.all())),
        _row(
            "How they want to be paid",
            PAYMENT_PREFERENCE_OF_THEM.get(
                member.payment_preference, member.get_payment_preference_display()
            ),
        ),
    ]


def sensitive_rows(member: PoolMember) -> list[dict[str, Any]]:
    benefits = [BENEFIT_NAMES.get(code, code) for code in member.declared_benefits or []]
    return [
        _row("Services used", _names(member.services_used.all())),
        _row("Lived experience", _names(member.conditions.all())),
        _row("More about their experience", member.experience_notes),
        _row("Adjustments and access needs", member.adjustments),
        _row("Benefits declared", ", ".join(benefits) if benefits else "None declared"),
    ]


@dataclass(frozen=True)
class PassportEntry:
    what: str
    detail: str
    source: str


@dataclass(frozen=True)
class InvolvementRow:
    """One place a member has had in a project: on its team, or in another role (a reviewer, a
    focus group) that the involvement ledger records at the stages it served."""

    project: Any
    role: str
    joined_on: datetime.date
    left_on: datetime.date | None
    on_team: bool
    stages: tuple[str, ...] = ()


def involvement_rows(member: PoolMember) -> list[InvolvementRow]:
    """Their places in projects, newest first (two queries): team places, and ledger entries
    written for them, one row per accepted invitation (or per entry made by hand)."""
    rows = [
        InvolvementRow(
            row.project,
            row.role_on_team or "Project team member",
            row.joined_on,
            row.left_on,
            on_team=True,
        )
        for row in member.team_memberships.select_related("project__lead")
    ]
    grouped: dict[tuple[str, int], list[Any]] = {}
    for record in member.involvement_records.select_related(
        "project__lead", "invitation__opportunity"
    ).order_by("started_on", "pk"):
        key = ("invitation", record.invitation_id) if record.invitation_id else ("", record.pk)
        grouped.setdefault(key, []).append(record)
    for records in grouped.values():
        first = records[0]
        invitation = first.invitation
        role = (
            invitation.opportunity.get_role_display()
            if invitation is not None
            else first.get_stage_display()
        )
        rows.append(
            InvolvementRow(
                first.project,
                role,
                first.started_on,
                first.ended_on,
                on_team=False,
                stages=tuple(record.get_stage_display() for record in records),
            )
        )
    rows.sort(key=lambda row: (row.joined_on, row.project.pk), reverse=True)
    return rows


def skills_passport(member: PoolMember) -> list[PassportEntry]:
    """Skills they have told us about, and what their recorded involvement shows they have done."""
    entries = [PassportEntry(str(skill), "", "Told us") for skill in member.skills.all()]
    for row in reversed(involvement_rows(member)):
        ended = f" to {row.left_on:%B %Y}" if row.left_on else ""
        stages = f" ({', '.join(row.stages).lower()})" if row.stages else ""
        entries.append(
            PassportEntry(
                row.role,
                f"{row.project.title}{stages}, from {row.joined_on:%B %Y}{ended}",
                "Involvement",
            )
        )
    return entries


def training(member: PoolMember) -> list[CompletionRow]:
    """Their training record as the training pages show it (nothing before they can sign in)."""
    if member.user_id is None:
        return []
    return completion_rows(member.user)


def checks(member: PoolMember, today: datetime.date | None = None) -> list[dict[str, Any]]:
    """Each check with a tag: how soon it runs out, or "Renewed" once a newer one of its kind is
    recorded (the newest check of each kind, or of each other check's name, is the one that
    counts: CheckQuerySet.current)."""
    today = today or timezone.localdate()
    rows = []
    current = set(member.checks.current().values_list("pk", flat=True))
    for check in member.checks.order_by("-checked_on", "-pk"):
        if check.pk not in current:
            state, colour = "Renewed", "grey"
        elif check_expiry.stage_due(check.expires_on, today) == check_expiry.NONE:
            state, colour = "Current", "green"
        else:
            state = check_expiry.describe(check.expires_on, today)
            colour = check_expiry.colour(check.expires_on, today)
        rows.append({"check": check, "state": state, "colour": colour})
    return rows


def checks_running_out(checks: Iterable[Check], today: datetime.date) -> list[dict[str, Any]]:
    """Rows of the team's "Checks running out" page."""
    rows = []
    for check in checks:
        left = check_expiry.days_left(check.expires_on, today)
        if check.last_reminded_on:
            reminded = (
                f"{check.get_reminder_stage_display()}, sent {check.last_reminded_on:%-d %B %Y}"
            )
        else:
            reminded = "None sent yet"
        rows.append(
            {
                "check": check,
                "member": check.member,
                "state": check_expiry.describe(check.expires_on, today),
                "colour": check_expiry.colour(check.expires_on, today),
                "days_left": left,
                "ago": f"{-left} day{'' if left == -1 else 's'} ago" if left < 0 else "",
                "reminded": reminded,
            }
        )
    return rows


def export(member: PoolMember) -> dict[str, Any]:
    """Everything Coproduce holds about a pool member, for them to download."""
    from coproduce.matching.models import Invitation

    def date(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "exported_at": timezone.now().isoformat(),
        "details": {
            "first_name": member.first_name,
            "last_name": member.last_name,
            "email": member.email,
            "phone": member.phone,
            "patient_or_carer": member.get_kind_display(),
            "status": member.get_status_display(),
            "joined_enquiry_on": date(member.created_at),
            "consented_at": date(member.consented_at),
            "privacy_notice_version": member.privacy_notice_version,
            "came_from_service": str(member.source_service or ""),
            "ways_i_would_like_to_be_involved": wanted_roles(member),
            "what_i_would_like_to_do": member.about_me,
        },
        "lived_experience": {
            "services_used": [str(s) for s in member.services_used.all()],
            "experiences": [str(o) for o in member.conditions.all()],
            "more_about_my_experience": member.experience_notes,
        },
        "adjustments": member.adjustments,
        "topics": [str(o) for o in member.topics.all()],
        "skills": [str(o) for o in member.skills.all()],
        "languages": member.languages,
        "availability": {
            "days": [DAY_NAMES.get(d, d) for d in member.available_days or []],
            "times": [TIME_NAMES.get(t, t) for t in member.available_times or []],
            "in_person": member.in_person,
            "online_or_phone": member.remote,
            "most_hours_a_month": member.max_hours_per_month,
            "away_until": date(member.away_until),
        },
        "travel_areas": [str(o) for o in member.travel_areas.all()],
        "payment_preference": member.get_payment_preference_display(),
        "benefits_declared": [BENEFIT_NAMES.get(c, c) for c in member.declared_benefits or []],
        "status_history": [
            {
                "status": change.get_to_status_display(),
                "on": date(change.changed_on),
                "reason": change.reason,
            }
            for change in member.status_changes.all()
        ],
        "checks": [
            {
                "check": check.title,
                "checked_on": date(check.checked_on),
                "expires_on": date(check.expires_on),
                "reference": check.reference,
            }
            for check in member.checks.all()
        ],
        "training": [
            {
                "course": row.course_title,
                "completed_on": date(row.completed_on),
                "expires_on": date(row.expires_on),
            }
            for row in training(member)
        ],
        "projects": [
            {
                "project": row.project.title,
                "role": row.role_on_team,
                "joined_on": date(row.joined_on),
                "left_on": date(row.left_on),
            }
            for row in member.team_memberships.select_related("project")
        ],
        "involvement_records": [
            {
                "project": record.project.title,
                "stage": record.get_stage_display(),
                "how": record.get_how_display(),
                "started_on": date(record.started_on),
                "ended_on": date(record.ended_on),
                "evidence": record.evidence,
            }
            for record in member.involvement_records.select_related("project")
        ],
        "invitations": [
            {
                "opportunity": inv.opportunity.title,
                "project": inv.opportunity.project.title,
                "status": inv.get_status_display(),
                "sent_at": date(inv.sent_at),
                "replied_at": date(inv.responded_at),
                "my_reason": inv.reply_reason,
            }
            for inv in Invitation.objects.filter(member=member).select_related(
                "opportunity__project"
            )
        ],
    }


def export_csv(member: PoolMember) -> str:
    """The same as `export`, flattened to section, item, value rows for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "item", "value"])

    def walk(section: str, item: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(section, f"{item}.{key}" if item else key, inner)
        elif isinstance(value, list):
            if not value:
                writer.writerow([section, item, ""])
            for index, inner in enumerate(value, start=1):
                walk(section, f"{item}[{index}]" if item else str(index), inner)
        else:
            text = "" if value is None else str(value)
            # Spreadsheets run cells that start with these as formulas.
            if text[:1] in ("=", "+", "-", "@"):
                text = "'" + text
            writer.writerow([section, item, text])

    for section, value in export(member).items():
        walk(section, "", value)
    return out.getvalue()
