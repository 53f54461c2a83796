"""What training pages show: courses a person can see, sessions with places left, a person's
completions with their state. Templates get plain values from here."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from coproduce.training.models import (
    Completion,
    Enrolment,
    EnrolmentStatus,
    Session,
)


def places_text(session: Session) -> str:
    booked = getattr(session, "booked_count", None)
    if booked is None:
        booked = session.enrolments.filter(status=EnrolmentStatus.BOOKED).count()
    left = max(session.capacity - booked, 0)
    if session.is_cancelled:
        return "Cancelled"
    if left == 0:
        return "Full: join the waiting list"
    return f"{left} {'place' if left == 1 else 'places'} left"


def time_text(moment: datetime.datetime) -> str:
    """A time the NHS way, in local time: 4pm, 9:30am."""
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local:%M}{suffix}"


def where_text(session: Session) -> str:
    if session.mode == "online":
        return "Online, by video"
    return session.venue


@dataclass(frozen=True)
class CompletionRow:
    completion: Completion
    course_title: str
    completed_on: datetime.date
    expires_on: datetime.date | None
    state: str  # "valid", "expiring" or "expired"
    state_text: str
    tag_colour: str


def completion_state(completion: Completion, today: datetime.date) -> tuple[str, str, str]:
    if completion.expires_on is None:
        return "valid", "Complete", "green"
    if completion.expires_on < today:
        return "expired", "Expired: refresher needed", "red"
    if completion.expires_on <= today + datetime.timedelta(days=30):
        return "expiring", "Refresher due soon", "yellow"
    return "valid", "Complete", "green"


def completion_rows(user: Any, today: datetime.date | None = None) -> list[CompletionRow]:
    """Someone's training record, newest first, for their own page or their profile."""
    today = today or timezone.localdate()
    rows = []
    for completion in Completion.objects.filter(user=user).select_related("course"):
        state, text, colour = completion_state(completion, today)
        rows.append(
            CompletionRow(
                completion=completion,
                course_title=completion.course.title,
                completed_on=completion.completed_on,
                expires_on=completion.expires_on,
                state=state,
                state_text=text,
                tag_colour=colour,
            )
        )
    return rows


def current_bookings(user: Any) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(
            user=user,
            status__in=[EnrolmentStatus.BOOKED, EnrolmentStatus.WAITING],
            session__starts_at__gte=timezone.now(),
        )
        .select_related("session__course")
        .order_by("session__starts_at")
    )


def waiting_position(enrolment: Enrolment) -> int | None:
    if enrolment.status != EnrolmentStatus.WAITING:
        return None
    ahead = Enrolment.objects.filter(
        session_id=enrolment.session_id, status=EnrolmentStatus.WAITING
    ).filter(
        Q(waiting_since__lt=enrolment.waiting_since)
        | Q(waiting_since=enrolment.waiting_since, pk__lt=enrolment.pk)
    )
    return ahead.count() + 1
