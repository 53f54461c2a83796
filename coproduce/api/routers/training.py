"""Training sessions, as the Training pages show them.

Everyone who may see training (`training.view_courses`) sees the sessions of courses for their
audience in their trust (`training.view_session`); the video link only once they have a place,
as on the session's page; and who booked only with `training.view_session_people` (the
involvement team and the session's facilitators).
"""

import datetime
from enum import StrEnum
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import ValidationInfo, field_validator

from coproduce.api.access import DateFilter, FilterId, ObjectId, get_or_404, require
from coproduce.api.pagination import Pages, TwoStep
from coproduce.api.problems import replies
from coproduce.api.schemas import Reference
from coproduce.training import queries
from coproduce.training.models import Enrolment, EnrolmentStatus, Session, SessionMode

router = Router(tags=["Training"])

ModeCode = StrEnum("SessionModeCode", {v: v for v in SessionMode.values})  # type: ignore[misc]
EnrolmentCode = StrEnum("SessionEnrolmentCode", {v: v for v in EnrolmentStatus.values})  # type: ignore[misc]


class SessionFilters(Schema):
    course: FilterId = Field(None, description="Only this course's sessions")
    starts_from: DateFilter = Field(None, description="Starting on or after this day")
    starts_to: DateFilter = Field(None, description="Starting on or before this day")
    include_cancelled: bool = Field(False, description="Include cancelled sessions")

    @field_validator("starts_to")
    @classmethod
    def dates_in_order(
        cls, value: datetime.date | None, info: ValidationInfo
    ) -> datetime.date | None:
        starts_from = info.data.get("starts_from")
        if value is not None and starts_from is not None and starts_from > value:
            raise ValueError("must be on or after starts_from")
        return value


class SessionOut(Schema):
    id: int
    course: Reference
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    mode: ModeCode
    venue: str
    access_information: str
    capacity: int
    booked: int
    waiting: int
    places_left: int
    is_cancelled: bool
    my_booking: EnrolmentCode | None = Field(description="Your own place, if you have one")
    video_link: str | None = Field(description="Given once you have a place on an online session")

    @staticmethod
    def resolve_course(session: Session) -> dict[str, Any]:
        return {"id": session.course_id, "name": session.course.title}

    @staticmethod
    def resolve_booked(session: Session) -> int:
        return session.booked_count  # type: ignore[attr-defined]

    @staticmethod
    def resolve_waiting(session: Session) -> int:
        return session.waiting_count  # type: ignore[attr-defined]

    @staticmethod
    def resolve_places_left(session: Session) -> int:
        return max(session.capacity - session.booked_count, 0)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_video_link(session: Session) -> str | None:
        booked = session.my_booking == EnrolmentStatus.BOOKED  # type: ignore[attr-defined]
        online = session.mode == SessionMode.ONLINE
        return session.video_link if booked and online and session.video_link else None


class PersonOnSessionOut(Schema):
    name: str
    status: EnrolmentCode
    enrolled_at: datetime.datetime


class SessionDetailOut(SessionOut):
    facilitators: list[str]
    people: list[PersonOnSessionOut] | None = Field(
        description="Who booked, waits or came; null unless you may see them"
    )

    @staticmethod
    def resolve_facilitators(session: Session) -> list[str]:
        return [user.full_name for user in session.facilitators.all()]


def _sessions(request: HttpRequest) -> QuerySet[Session]:
    mine = Enrolment.objects.filter(session=OuterRef("pk"), user=request.user.pk).values("status")[
        :1
    ]
    return queries.with_places(queries.sessions_for(request.user)).annotate(
        my_booking=Subquery(mine)
    )


@router.get(
    "/training/sessions",
    response=replies(list[SessionOut]),
    summary="Training sessions you can see, by start time then id",
)
@paginate(Pages)
def session_list(request: HttpRequest, filters: Query[SessionFilters]) -> Any:
    require(request, "training.view_courses")
    sessions = queries.sessions_for(request.user).filter(
        course__audience__in=queries.audiences_for(request.user)
    )
    if not request.user.has_perm("training.manage_courses"):
        sessions = sessions.filter(course__is_active=True)
    if filters.course is not None:
        sessions = sessions.filter(course_id=filters.course)
    if filters.starts_from is not None:
        sessions = sessions.filter(starts_at__date__gte=filters.starts_from)
    if filters.starts_to is not None:
        sessions = sessions.filter(starts_at__date__lte=filters.starts_to)
    if not filters.include_cancelled:
        sessions = sessions.filter(is_cancelled=False)
    return TwoStep(keys=sessions.order_by("starts_at", "pk"), rows=_sessions(request))


@router.get(
    "/training/sessions/{session_id}", response=replies(SessionDetailOut), summary="One session"
)
def session_detail(request: HttpRequest, session_id: ObjectId) -> Any:
    require(request, "training.view_courses")
    session = get_or_404(_sessions(request), session_id)
    hidden = session.course.audience not in queries.audiences_for(request.user)
    if hidden and not request.user.has_perm("training.view_session_people", session):
        raise Http404("No such session")
    require(request, "training.view_session", session)
    people = None
    if request.user.has_perm("training.view_session_people", session):
        people = [
            {"name": e.user.full_name, "status": e.status, "enrolled_at": e.enrolled_at}
            for e in session.enrolments.select_related("user").order_by("status", "enrolled_at")
        ]
    session.people = people  # type: ignore[attr-defined]
    return session
