"""Claims and finance batches, as the Claims and Finance pages show them.

Claims: the list needs `payments.view_claim_list` and holds the claims the caller can open
(every claim for the involvement team and finance; a project lead's own projects' claims); a
claim needs `payments.view_claim`, so a pool member can read their own. Batches need
`payments.view_batches` (finance). Amounts are decimal strings in pounds, never floats.
"""

import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models import Count, DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import ValidationInfo, field_validator

from coproduce.api.access import DateFilter, FilterId, ObjectId, get_or_404, require
from coproduce.api.pagination import Pages, TwoStep
from coproduce.api.problems import replies
from coproduce.api.schemas import Reference
from coproduce.payments.models import BatchStatus, Claim, ClaimStatus, PaymentBatch
from coproduce.payments.queries import claims_visible_to

router = Router(tags=["Payments"])

ClaimStatusCode = StrEnum("ClaimStatusCode", {v: v for v in ClaimStatus.values})  # type: ignore[misc]
BatchStatusCode = StrEnum("BatchStatusCode", {v: v for v in BatchStatus.values})  # type: ignore[misc]
ZERO = Decimal("0.00")
PENNY = Decimal("0.01")


class ClaimFilters(Schema):
    status: ClaimStatusCode | None = Field(None, description="Only claims with this status")
    project: FilterId = Field(None, description="Only claims for this project's activities")
    directorate: FilterId = Field(None, description="Only claims for this directorate's projects")
    activity_from: DateFilter = Field(None, description="Activity on or after")
    activity_to: DateFilter = Field(None, description="Activity on or before")

    @field_validator("activity_to")
    @classmethod
    def dates_in_order(
        cls, value: datetime.date | None, info: ValidationInfo
    ) -> datetime.date | None:
        activity_from = info.data.get("activity_from")
        if value is not None and activity_from is not None and activity_from > value:
            raise ValueError("must be on or after activity_from")
        return value


class ClaimOut(Schema):
    id: int
    reference: str
    status: ClaimStatusCode
    member: Reference
    activity_type: str
    activity_date: datetime.date
    duration_minutes: int
    project: Reference | None
    choice: str
    fee: Decimal
    payable_fee: Decimal
    expenses_total: Decimal
    total: Decimal
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    paid_at: datetime.datetime | None

    @staticmethod
    def resolve_member(claim: Claim) -> dict[str, Any]:
        return {"id": claim.member_id, "name": claim.member.full_name}

    @staticmethod
    def resolve_activity_type(claim: Claim) -> str:
        return claim.activity.activity_type.name

    @staticmethod
    def resolve_activity_date(claim: Claim) -> datetime.date:
        return claim.activity.activity_date

    @staticmethod
    def resolve_duration_minutes(claim: Claim) -> int:
        return claim.activity.duration_minutes

    @staticmethod
    def resolve_project(claim: Claim) -> dict[str, Any] | None:
        project = claim.activity.project
        return {"id": project.pk, "name": project.title} if project else None


class ExpenseOut(Schema):
    kind: str
    description: str
    miles: Decimal | None
    amount: Decimal
    has_receipt: bool

    @staticmethod
    def resolve_has_receipt(expense: Any) -> bool:
        return bool(expense.receipt)


class ClaimDetailOut(ClaimOut):
    rate_basis: str
    rate_amount: Decimal
    paid_minutes: int
    reduced_amount: Decimal | None
    charity_name: str
    decision_reason: str
    expenses: list[ExpenseOut]

    @staticmethod
    def resolve_expenses(claim: Claim) -> list[Any]:
        return list(claim.expenses.all())


class BatchOut(Schema):
    id: int
    reference: str
    status: BatchStatusCode
    created_at: datetime.datetime
    exported_at: datetime.datetime | None
    paid_at: datetime.datetime | None
    payments: int = Field(description="How many payments the batch holds")
    total: Decimal

    @staticmethod
    def resolve_payments(batch: PaymentBatch) -> int:
        return batch.payment_count  # type: ignore[attr-defined]

    @staticmethod
    def resolve_total(batch: PaymentBatch) -> Decimal:
        # SQLite sums decimals without their places; pounds always show pence.
        total = batch.fee_total + batch.expenses_total  # type: ignore[attr-defined]
        return Decimal(total).quantize(PENNY)


class BatchPaymentOut(Schema):
    claim: int
    claim_reference: str
    member: str
    choice: str
    cost_centre: str | None
    fee: Decimal
    expenses: Decimal
    total: Decimal


class BatchDetailOut(BatchOut):
    lines: list[BatchPaymentOut]


def _claims(request: HttpRequest) -> QuerySet[Claim]:
    """The claims the caller could open on the Claims pages."""
    return claims_visible_to(request.user)


def _own_batches(request: HttpRequest) -> QuerySet[PaymentBatch]:
    return PaymentBatch.objects.filter(organisation=request.user.organisation_id)


def _batches(request: HttpRequest) -> QuerySet[PaymentBatch]:
    money = DecimalField(max_digits=12, decimal_places=2)
    return (
        _own_batches(request)
        .defer("csv_file", "xlsx_file")
        .annotate(
            payment_count=Count("payments"),
            fee_total=Coalesce(Sum("payments__fee"), Value(ZERO), output_field=money),
            expenses_total=Coalesce(Sum("payments__expenses"), Value(ZERO), output_field=money),
        )
    )


@router.get(
    "/claims",
    response=replies(list[ClaimOut]),
    summary="Claims you can open, newest activity first, then by id",
)
@paginate(Pages)
def claim_list(request: HttpRequest, filters: Query[ClaimFilters]) -> Any:
    require(request, "payments.view_claim_list")
    claims = _claims(request)
    if filters.status is not None:
        claims = claims.filter(status=filters.status.value)
    if filters.project is not None:
        claims = claims.filter(activity__project_id=filters.project)
    if filters.directorate is not None:
        claims = claims.filter(activity__project__directorate_id=filters.directorate)
    if filters.activity_from is not None:
        claims = claims.filter(activity__activity_date__gte=filters.activity_from)
    if filters.activity_to is not None:
        claims = claims.filter(activity__activity_date__lte=filters.activity_to)
    return TwoStep(keys=claims.order_by("-activity__activity_date", "-pk"), rows=_claims(request))


@router.get("/claims/{claim_id}", response=replies(ClaimDetailOut), summary="One claim")
def claim_detail(request: HttpRequest, claim_id: ObjectId) -> Any:
    claim = get_or_404(_claims(request), claim_id)
    require(request, "payments.view_claim", claim)
    return claim


@router.get(
    "/batches",
    response=replies(list[BatchOut]),
    summary="Finance batches, newest first (finance only)",
)
@paginate(Pages)
def batch_list(request: HttpRequest) -> Any:
    require(request, "payments.view_batches")
    return TwoStep(
        keys=_own_batches(request).order_by("-created_at", "-pk"), rows=_batches(request)
    )


@router.get(
    "/batches/{batch_id}", response=replies(BatchDetailOut), summary="One batch with its lines"
)
def batch_detail(request: HttpRequest, batch_id: ObjectId) -> Any:
    require(request, "payments.view_batches")
    batch = get_or_404(_batches(request), batch_id)
    payments = batch.payments.select_related(
        "claim__member", "claim__activity__project__directorate"
    ).order_by("claim__member_id", "claim_id")
    batch.lines = [  # type: ignore[attr-defined]
        {
            "claim": p.claim_id,
            "claim_reference": p.claim.reference,
            "member": p.claim.member.full_name,
            "choice": p.claim.choice,
            "cost_centre": p.claim.activity.project.directorate.cost_centre
            if p.claim.activity.project
            else None,
            "fee": p.fee,
            "expenses": p.expenses,
            "total": p.total,
        }
        for p in payments
    ]
    return batch
