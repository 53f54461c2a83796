"""What training a person may see: courses for their audience, sessions with places taken.

The training pages, their downloads and the API read through here."""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.training.models import Audience, Course, EnrolmentStatus, Session


def audiences_for(user: Any) -> list[str]:
    """The course audiences a person sees. The involvement team sees every course."""
    if user.has_role(Role.INVOLVEMENT_TEAM, Role.ADMINISTRATOR):
        return list(Audience.values)
    audiences = [Audience.BOTH.value]
    if user.has_role(Role.PROJECT_LEAD, Role.QI_STAFF):
        audiences.append(Audience.STAFF.value)
    if user.has_role(Role.POOL_MEMBER):
        audiences.append(Audience.PATIENTS_AND_CARERS.value)
    return audiences


def courses_for(user: Any) -> QuerySet[Course]:
    return Course.objects.filter(organisation=user.organisation_id)


def visible_courses(user: Any) -> QuerySet[Course]:
    return courses_for(user).filter(audience__in=audiences_for(user))


def sessions_for(user: Any) -> QuerySet[Session]:
    return Session.objects.filter(course__organisation=user.organisation_id).select_related(
        "course"
    )


def with_places(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.annotate(
        booked_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.BOOKED)),
        waiting_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
    )


def courses_with_sessions(user: Any) -> list[tuple[Course, list[Any]]]:
    """The courses the list shows, each with its upcoming sessions (shared with downloads)."""
    courses = visible_courses(user)
    if not user.has_perm("training.manage_courses"):
        courses = courses.filter(is_active=True)
    upcoming = with_places(
        sessions_for(user).filter(
            starts_at__gte=timezone.now(), is_cancelled=False, course__in=courses
        )
    )
    by_course: dict[int, list] = {}
    for session in upcoming:
        by_course.setdefault(session.course_id, []).append(session)
    return [(course, by_course.get(course.pk, [])) for course in courses]
