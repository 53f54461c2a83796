"""The pool of patients and carers: for the involvement team only, as on the Pool pages.

The list needs `pool.view_member_list` and each member `pool.view_member` (the team of the
same trust). Lived experience, adjustments and declared benefits are sent only with
`pool.view_sensitive_details`, checked member by member as the member's page does. Checks
running out are the "Checks running out" page's rows (`pool.view_member_list`, the team's own
pool), worded by the same presenter, and never with a check's reference number.
"""

import datetime
from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from coproduce.api.access import ObjectId, SearchText, get_or_404, require
from coproduce.api.pagination import Pages, TwoStep
from coproduce.api.problems import replies
from coproduce.api.schemas import Reference
from coproduce.lib import check_expiry
from coproduce.pool import presenters, services
from coproduce.pool.models import (
    Check,
    CheckKind,
    MemberKind,
    MemberStatus,
    PaymentPreference,
    PoolMember,
    ReminderStage,
)

router = Router(tags=["Pool"])

StatusCode = StrEnum("MemberStatusCode", {v: v for v in MemberStatus.values})  # type: ignore[misc]
KindCode = StrEnum("MemberKindCode", {v: v for v in MemberKind.values})  # type: ignore[misc]
PaymentCode = StrEnum("MemberPaymentCode", {v: v for v in PaymentPreference.values})  # type: ignore[misc]
CheckKindCode = StrEnum("CheckKindCode", {v: v for v in CheckKind.values})  # type: ignore[misc]
# "days_60", "days_30", "days_7", "expired" (and "none"), in order of urgency.
REMINDER_CODES = {stage.value: stage.name.lower() for stage in ReminderStage}
ReminderCode = StrEnum("ReminderStageCode", {v: v for v in REMINDER_CODES.values()})  # type: ignore[misc]


def _names(items: Any) -> list[str]:
    return [str(item) for item in items]


class MemberFilters(Schema):
    status: StatusCode | None = Field(None, description="Only members with this status")
    kind: KindCode | None = Field(None, description="Only patients, carers, or both")
    q: SearchText = Field(None, description="Words in the name or email address")


class MemberOut(Schema):
    id: int
    first_name: str
    last_name: str
    kind: KindCode
    status: StatusCode
    since: datetime.datetime = Field(description="When the status last changed, or they joined")
    came_from: Reference | None = Field(description="The service whose poster they came from")
    deletion_requested: bool
    is_anonymised: bool

    @staticmethod
    def resolve_since(member: PoolMember) -> datetime.datetime:
        return member.status_changed_at or member.created_at

    @staticmethod
    def resolve_came_from(member: PoolMember) -> dict[str, Any] | None:
        service = member.source_service
        return {"id": service.pk, "name": service.name} if service else None

    @staticmethod
    def resolve_deletion_requested(member: PoolMember) -> bool:
        return member.deletion_requested_at is not None and not member.is_anonymised


class SensitiveOut(Schema):
    services_used: list[str]
    lived_experience: list[str]
    experience_notes: str
    adjustments: str
    declared_benefits: list[str]


class MemberDetailOut(MemberOut):
    email: str
    phone: str
    about_me: str
    topics: list[str]
    skills: list[str]
    languages: str
    travel_areas: list[str]
    available_days: list[str]
    available_times: list[str]
    in_person: bool
    remote: bool
    max_hours_per_month: int
    away_until: datetime.date | None
    payment_preference: PaymentCode
    sensitive: SensitiveOut | None = Field(
        description="Lived experience, adjustments and benefits; null unless you may see them"
    )

    @staticmethod
    def resolve_topics(member: PoolMember) -> list[str]:
        return _names(member.topics.all())

    @staticmethod
    def resolve_skills(member: PoolMember) -> list[str]:
        return _names(member.skills.all())

    @staticmethod
    def resolve_travel_areas(member: PoolMember) -> list[str]:
        return _names(member.travel_areas.all())

    @staticmethod
    def resolve_available_days(member: PoolMember) -> list[str]:
        return [str(day) for day in member.available_days or []]

    @staticmethod
    def resolve_available_times(member: PoolMember) -> list[str]:
        return [str(time) for time in member.available_times or []]

    @staticmethod
    def resolve_sensitive(member: PoolMember) -> Any:
        # Worked out by the endpoint, which knows who is asking.
        return member.api_sensitive  # type: ignore[attr-defined]


def _pool(request: HttpRequest) -> QuerySet[PoolMember]:
    return PoolMember.objects.filter(organisation=request.user.organisation_id).select_related(
        "source_service"
    )


@router.get(
    "/pool/members",
    response=replies(list[MemberOut]),
    summary="The pool, by first name, last name and id (involvement team only)",
)
@paginate(Pages)
def member_list(request: HttpRequest, filters: Query[MemberFilters]) -> Any:
    require(request, "pool.view_member_list")
    members = _pool(request)
    if filters.status is not None:
        members = members.filter(status=filters.status.value)
    if filters.kind is not None:
        members = members.filter(kind=filters.kind.value)
    if filters.q:
        words = filters.q.strip()
        members = members.filter(
            Q(first_name__icontains=words)
            | Q(last_name__icontains=words)
            | Q(email__icontains=words)
        )
    return TwoStep(keys=members.order_by("first_name", "last_name", "pk"), rows=_pool(request))


@router.get(
    "/pool/members/{member_id}",
    response=replies(MemberDetailOut),
    summary="One member of the pool, with sensitive details for those who may see them",
)
def member_detail(request: HttpRequest, member_id: ObjectId) -> Any:
    require(request, "pool.view_member_list")
    member = get_or_404(
        _pool(request).prefetch_related(
            "topics", "skills", "travel_areas", "services_used", "conditions"
        ),
        member_id,
    )
    require(request, "pool.view_member", member)
    sensitive = None
    if request.user.has_perm("pool.view_sensitive_details", member):
        sensitive = {
            "services_used": _names(member.services_used.all()),
            "lived_experience": _names(member.conditions.all()),
            "experience_notes": member.experience_notes,
            "adjustments": member.adjustments,
            "declared_benefits": list(member.declared_benefits or []),
        }
    member.api_sensitive = sensitive  # type: ignore[attr-defined]
    return member


class CheckFilters(Schema):
    within_days: int | None = Field(
        None,
        ge=1,
        le=check_expiry.HORIZON_DAYS,
        description=(
            f"Only checks that run out within this many days (1 to {check_expiry.HORIZON_DAYS}), "
            f"or have run out; {check_expiry.HORIZON_DAYS} when left out, as on the page"
        ),
    )


class CheckHolderOut(Schema):
    id: int
    name: str
    status: StatusCode


class LastReminderOut(Schema):
    stage: ReminderCode = Field(description="days_60, days_30, days_7 or expired")
    name: str = Field(description='How the page says it, e.g. "30 days before"')
    sent_on: datetime.date


class CheckRunningOutOut(Schema):
    id: int = Field(description="The check's id")
    member: CheckHolderOut
    kind: CheckKindCode
    kind_name: str = Field(description='The kind, or an other check\'s own name: "DBS check"')
    expires_on: datetime.date
    days_left: int = Field(description="0 on the day it runs out, negative once it has")
    state: str = Field(description='As the page says it: "Runs out in 12 days", "Expired"')
    last_reminder: LastReminderOut | None = Field(description="null when none has been sent")

    # Each item is a row of the page's presenter: {"check", "member", "state", "days_left", ...}.
    @staticmethod
    def resolve_id(row: dict[str, Any]) -> int:
        return row["check"].pk

    @staticmethod
    def resolve_member(row: dict[str, Any]) -> dict[str, Any]:
        member = row["member"]
        return {"id": member.pk, "name": member.full_name, "status": member.status}

    @staticmethod
    def resolve_kind(row: dict[str, Any]) -> str:
        return row["check"].kind

    @staticmethod
    def resolve_kind_name(row: dict[str, Any]) -> str:
        return row["check"].title

    @staticmethod
    def resolve_expires_on(row: dict[str, Any]) -> datetime.date:
        return row["check"].expires_on

    @staticmethod
    def resolve_last_reminder(row: dict[str, Any]) -> dict[str, Any] | None:
        check = row["check"]
        if not check.last_reminded_on:
            return None
        return {
            "stage": REMINDER_CODES[check.reminder_stage],
            "name": check.get_reminder_stage_display(),
            "sent_on": check.last_reminded_on,
        }


@router.get(
    "/pool/checks-running-out",
    response=replies(list[CheckRunningOutOut]),
    summary="Checks of the pool that run out soon or have run out, soonest first (team only)",
)
@paginate(Pages)
def checks_running_out(request: HttpRequest, filters: Query[CheckFilters]) -> Any:
    require(request, "pool.view_member_list")
    today = timezone.localdate()
    organisation = request.user.organisation_id
    keys = services.checks_running_out(
        organisation, today, filters.within_days or check_expiry.HORIZON_DAYS
    )
    return TwoStep(
        keys=keys,
        rows=Check.objects.filter(member__organisation=organisation).select_related("member"),
        present=lambda checks: presenters.checks_running_out(checks, today),
    )
