"""Projects with their team, involvement level (and why) and the involvement ledger.

Mirrors the project pages: the list is for staff (`projects.view_project_list`); a project is
seen by staff of its trust and by a patient or carer on its team (`projects.view_project`);
the ledger names patients and carers, so only staff see it (`involvement.view_ledger`); and
entries are added through the same form rules and service as the "Record involvement" page.
"""

import datetime
from enum import StrEnum
from typing import Any, Literal

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import Field, Header, Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ValidationInfo, field_validator

from coproduce.api import idempotency
from coproduce.api.access import (
    DateFilter,
    FilterId,
    IsoDate,
    ObjectId,
    SearchText,
    get_or_404,
    own_organisation,
    require,
)
from coproduce.api.pagination import Pages, TwoStep
from coproduce.api.problems import replies
from coproduce.api.schemas import Reference
from coproduce.involvement import ledger, measure, services
from coproduce.involvement.forms.record import InvolvementRecordForm
from coproduce.involvement.models import Level
from coproduce.lib import involvement_levels as levels
from coproduce.projects import presenters
from coproduce.projects.models import Project, ProjectStatus
from coproduce.projects.queries import level_now, with_level

router = Router(tags=["Projects"])

StatusCode = StrEnum("ProjectStatusCode", {value: value for value in ProjectStatus.values})  # type: ignore[misc]
LevelCode = StrEnum("LevelCode", {value: value for value in Level.values})  # type: ignore[misc]
StageCode = Literal["focus", "team", "change_ideas", "pdsa", "reporting"]
HowCode = Literal["co_led", "took_part", "consulted"]


class ProjectFilters(Schema):
    directorate: FilterId = Field(None, description="Only this directorate's projects")
    service: FilterId = Field(None, description="Only this service's projects")
    status: StatusCode | None = Field(None, description="Only projects with this status")
    level: LevelCode | None = Field(None, description="Only projects at this level this month")
    started_from: DateFilter = Field(None, description="Started on or after")
    started_to: DateFilter = Field(None, description="Started on or before")
    q: SearchText = Field(None, description="Words in the title, or the exact reference")

    @field_validator("started_to")
    @classmethod
    def dates_in_order(
        cls, value: datetime.date | None, info: ValidationInfo
    ) -> datetime.date | None:
        started_from = info.data.get("started_from")
        if value is not None and started_from is not None and started_from > value:
            raise ValueError("must be on or after started_from")
        return value


class Person(Schema):
    id: int
    name: str


class ProjectOut(Schema):
    id: int
    title: str
    status: StatusCode
    directorate: Reference
    service: Reference | None
    lead: Person
    start_date: datetime.date
    external_reference: str
    level: LevelCode | None = Field(
        description="The involvement level at this month end; null if not active this month"
    )

    @staticmethod
    def resolve_lead(project: Project) -> dict[str, Any]:
        return {"id": project.lead_id, "name": project.lead.display_name}

    @staticmethod
    def resolve_level(project: Project) -> str | None:
        return getattr(project, "level_now", None)


class TeamMemberOut(Schema):
    name: str
    is_patient_or_carer: bool
    role_on_team: str
    joined_on: datetime.date
    left_on: datetime.date | None


class StageOut(Schema):
    stage: StageCode
    name: str
    reached_on: datetime.date | None
    required: bool
    involved: bool
    consulted_only: bool
    status: str


class InvolvementOut(Schema):
    on: datetime.date
    level: LevelCode
    level_name: str
    explanation: str
    stages: list[StageOut]


class LedgerEntryOut(Schema):
    stage: StageCode
    how: HowCode
    person: str
    started_on: IsoDate
    ended_on: datetime.date | None
    evidence: str
    source: str
    record_id: int | None


class ProjectDetailOut(ProjectOut):
    aim: str
    problem: str
    topics: list[str]
    findings_shared_on: datetime.date | None
    team: list[TeamMemberOut]
    involvement: InvolvementOut
    ledger: list[LedgerEntryOut] | None = Field(
        description="Who was involved at each stage; null for callers who may not see names"
    )

    # The project page's parts that are not plain fields, worked out once by the endpoint.
    @staticmethod
    def resolve_topics(project: Project) -> Any:
        return project.api_detail["topics"]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_team(project: Project) -> Any:
        return project.api_detail["team"]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_involvement(project: Project) -> Any:
        return project.api_detail["involvement"]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_ledger(project: Project) -> Any:
        return project.api_detail["ledger"]  # type: ignore[attr-defined]


class LedgerEntryIn(Schema):
    stage: StageCode
    who: Literal["pool", "outside", "anonymous"] = Field(
        description="A pool member, a named person outside the pool, or someone not named"
    )
    pool_member: int | None = Field(None, ge=1, le=2_147_483_647)
    outside_name: str = Field("", max_length=200)
    how: HowCode
    started_on: IsoDate
    ended_on: DateFilter = Field(None, description="Team stage only")
    evidence: str = Field(max_length=500)


def _project(request: HttpRequest, pk: int, permission: str) -> Project:
    """As the pages load a project: scoped to the caller's trust, then checked."""
    project = get_or_404(
        with_level(
            Project.objects.filter(organisation=request.user.organisation_id)
        ).select_related("organisation"),
        pk,
    )
    require(request, permission, project)
    return project


def _ledger(project: Project) -> list[dict[str, Any]]:
    return [
        {
            "stage": e.stage,
            "how": e.how,
            "person": e.person,
            "started_on": e.started_on,
            "ended_on": e.ended_on,
            "evidence": e.evidence,
            "source": e.source,
            "record_id": e.record.pk if e.record else None,
        }
        for e in ledger.entries_for(project)
    ]


@router.get(
    "/projects",
    response=replies(list[ProjectOut]),
    summary="Projects of your trust, filtered, ordered by title then id",
)
@paginate(Pages)
def project_list(request: HttpRequest, filters: Query[ProjectFilters]) -> Any:
    require(request, "projects.view_project_list")
    measure.ensure_current(own_organisation(request))
    scope = Project.objects.filter(organisation=request.user.organisation_id)
    projects = scope
    if filters.directorate is not None:
        projects = projects.filter(directorate_id=filters.directorate)
    if filters.service is not None:
        projects = projects.filter(service_id=filters.service)
    if filters.status is not None:
        projects = projects.filter(status=filters.status.value)
    if filters.level is not None:
        projects = projects.alias(level_now=level_now()).filter(level_now=filters.level.value)
    if filters.started_from is not None:
        projects = projects.filter(start_date__gte=filters.started_from)
    if filters.started_to is not None:
        projects = projects.filter(start_date__lte=filters.started_to)
    if filters.q:
        words = filters.q.strip()
        projects = projects.filter(Q(title__icontains=words) | Q(external_reference__iexact=words))
    return TwoStep(keys=projects.order_by("title", "pk"), rows=with_level(scope))


@router.get(
    "/projects/{project_id}",
    response=replies(ProjectDetailOut),
    summary="A project with its team, level and the reasons for it, and its ledger",
)
def project_detail(request: HttpRequest, project_id: ObjectId) -> Any:
    project = _project(request, project_id, "projects.view_project")
    summary = presenters.involvement_summary(project)
    assessment = summary["assessment"]
    project.api_detail = {  # type: ignore[attr-defined]
        "topics": [topic.name for topic in project.topics.all()],
        "team": [
            {
                "name": str(member),
                "is_patient_or_carer": member.is_patient_or_carer,
                "role_on_team": member.role_on_team,
                "joined_on": member.joined_on,
                "left_on": member.left_on,
            }
            for member in project.team.select_related("user", "pool_member")
        ],
        "involvement": {
            "on": assessment.on,
            "level": assessment.level,
            "level_name": assessment.level_name,
            "explanation": assessment.explanation,
            "stages": [
                {
                    "stage": code,
                    "name": row.name,
                    "reached_on": row.reached_on,
                    "required": row.required,
                    "involved": row.involved,
                    "consulted_only": row.consulted_only,
                    "status": row.status,
                }
                for code, row in zip(levels.STAGES, summary["stages"], strict=True)
            ],
        },
        "ledger": _ledger(project)
        if request.user.has_perm("involvement.view_ledger", project)
        else None,
    }
    return project


@router.get(
    "/projects/{project_id}/ledger",
    response=replies(list[LedgerEntryOut]),
    summary="Who was involved in a project at each stage (staff only)",
)
def project_ledger(request: HttpRequest, project_id: ObjectId) -> Any:
    require(request, "projects.view_project_list")
    project = _project(request, project_id, "involvement.view_ledger")
    return _ledger(project)


@router.post(
    "/projects/{project_id}/ledger",
    response=replies(LedgerEntryOut, 201),
    summary="Record involvement by hand, as on the 'Record involvement' page",
    description=(
        "Send an `Idempotency-Key` header so that sending the entry again after a lost reply "
        "records it once and answers the first reply."
    ),
)
def add_ledger_entry(
    request: HttpRequest,
    response: HttpResponse,
    project_id: ObjectId,
    payload: LedgerEntryIn,
    idempotency_key: str | None = Header(  # type: ignore[type-arg]
        None,
        alias=idempotency.HEADER,
        pattern=idempotency.KEY_PATTERN,
        description=idempotency.HEADER_DESCRIPTION,
    ),
) -> Any:
    require(request, "projects.view_project_list")
    project = _project(request, project_id, "involvement.change_ledger")
    data: dict[str, Any] = {
        "stage": payload.stage,
        "who": payload.who,
        "pool_member": payload.pool_member or "",
        "outside_name": payload.outside_name,
        "how": payload.how,
        "evidence": payload.evidence,
    }
    for name in ("started_on", "ended_on"):
        day = getattr(payload, name)
        parts = [day.day, day.month, day.year] if day else ["", "", ""]
        data.update({f"{name}_{i}": str(part) for i, part in enumerate(parts)})

    def record_entry() -> tuple[int, Any]:
        form = InvolvementRecordForm(data, project=project)
        if not form.is_valid():
            raise ValidationError(
                [
                    {
                        "loc": ["body", "payload", *([] if field == "__all__" else [field])],
                        "msg": str(message),
                    }
                    for field, messages in form.errors.items()
                    for message in messages
                ]
            )
        record = services.add_record(project, by=request.user, **form.record_fields())
        entry = {
            "stage": record.stage,
            "how": record.how,
            "person": record.person_name,
            "started_on": record.started_on,
            "ended_on": record.ended_on,
            "evidence": record.evidence,
            "source": ledger.BY_HAND,
            "record_id": record.pk,
        }
        return 201, LedgerEntryOut.model_validate(entry).model_dump(mode="json")

    try:
        status, body, replayed = idempotency.once(
            request, idempotency_key, payload.model_dump(mode="json"), record_entry
        )
    except idempotency.KeyReused as error:
        raise HttpError(422, str(error)) from None
    if replayed:
        response[idempotency.REPLAYED_HEADER] = "true"
    return Status(status, body)
