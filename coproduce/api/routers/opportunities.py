"""Involvement opportunities, as staff see them on the Opportunities pages.

The list needs `matching.view_opportunity_list` (staff) and each opportunity
`matching.view_opportunity` (staff of the same trust). Invitations are left out: they name
pool members, and who may see which of their details is decided invitation by invitation.
"""

import datetime
from enum import StrEnum
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import ValidationInfo, field_validator

from coproduce.api.access import DateFilter, FilterId, ObjectId, get_or_404, require
from coproduce.api.pagination import Pages, TwoStep
from coproduce.api.problems import replies
from coproduce.api.schemas import Reference
from coproduce.matching.models import InvitationStatus, Mode, Opportunity, OpportunityRole
from coproduce.matching.models import OpportunityStatus as Status

router = Router(tags=["Opportunities"])

StatusCode = StrEnum("OpportunityStatusCode", {v: v for v in Status.values})  # type: ignore[misc]
RoleCode = StrEnum("OpportunityRoleCode", {v: v for v in OpportunityRole.values})  # type: ignore[misc]
ModeCode = StrEnum("OpportunityModeCode", {v: v for v in Mode.values})  # type: ignore[misc]


class OpportunityFilters(Schema):
    status: StatusCode | None = Field(None, description="Only opportunities with this status")
    project: FilterId = Field(None, description="Only this project's opportunities")
    directorate: FilterId = Field(None, description="Only projects in this directorate")
    starts_from: DateFilter = Field(None, description="Starting on or after")
    starts_to: DateFilter = Field(None, description="Starting on or before")

    @field_validator("starts_to")
    @classmethod
    def dates_in_order(
        cls, value: datetime.date | None, info: ValidationInfo
    ) -> datetime.date | None:
        starts_from = info.data.get("starts_from")
        if value is not None and starts_from is not None and starts_from > value:
            raise ValueError("must be on or after starts_from")
        return value


class OpportunityOut(Schema):
    id: int
    title: str
    status: StatusCode
    role: RoleCode
    project: Reference
    stages: list[str]
    start_date: datetime.date
    end_date: datetime.date | None
    hours_per_month: int
    mode: ModeCode
    place: str
    places: int
    accepted: int = Field(description="Invitations accepted")
    waiting: int = Field(description="Invitations waiting for a reply")

    @staticmethod
    def resolve_project(opportunity: Opportunity) -> dict[str, Any]:
        return {"id": opportunity.project_id, "name": opportunity.project.title}


class OpportunityDetailOut(OpportunityOut):
    description: str
    time_commitment: str
    days: list[str]
    times: list[str]
    preferred_experience: str
    required_courses: list[Reference]

    @staticmethod
    def resolve_required_courses(opportunity: Opportunity) -> list[dict[str, Any]]:
        return [{"id": c.pk, "name": c.title} for c in opportunity.required_courses.all()]


def _own(request: HttpRequest) -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(organisation=request.user.organisation_id)


def _scoped(request: HttpRequest) -> QuerySet[Opportunity]:
    return (
        _own(request)
        .select_related("project")
        .annotate(
            accepted=Count("invitations", filter=Q(invitations__status=InvitationStatus.ACCEPTED)),
            waiting=Count("invitations", filter=Q(invitations__status=InvitationStatus.SENT)),
        )
    )


@router.get(
    "/opportunities",
    response=replies(list[OpportunityOut]),
    summary="Opportunities of your trust, by start date, then title, then id",
)
@paginate(Pages)
def opportunity_list(request: HttpRequest, filters: Query[OpportunityFilters]) -> Any:
    require(request, "matching.view_opportunity_list")
    opportunities = _own(request)
    if filters.status is not None:
        opportunities = opportunities.filter(status=filters.status.value)
    if filters.project is not None:
        opportunities = opportunities.filter(project_id=filters.project)
    if filters.directorate is not None:
        opportunities = opportunities.filter(project__directorate_id=filters.directorate)
    if filters.starts_from is not None:
        opportunities = opportunities.filter(start_date__gte=filters.starts_from)
    if filters.starts_to is not None:
        opportunities = opportunities.filter(start_date__lte=filters.starts_to)
    return TwoStep(keys=opportunities.order_by("start_date", "title", "pk"), rows=_scoped(request))


@router.get(
    "/opportunities/{opportunity_id}",
    response=replies(OpportunityDetailOut),
    summary="One opportunity",
)
def opportunity_detail(request: HttpRequest, opportunity_id: ObjectId) -> Any:
    require(request, "matching.view_opportunity_list")
    opportunity = get_or_404(_scoped(request), opportunity_id)
    require(request, "matching.view_opportunity", opportunity)
    return opportunity
