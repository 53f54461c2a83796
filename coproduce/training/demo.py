"""Demo training: the two courses the team runs, sessions past and upcoming, and completions.

Runs before projects (matching needs completions), so directorates are set from the demo
structure directly. Loading again adds nothing.
"""

import datetime

from django.utils import timezone

from coproduce.operations.demo import DemoContext
from coproduce.organisations.models import Directorate
from coproduce.training.models import (
    Audience,
    Completion,
    Course,
    Enrolment,
    EnrolmentStatus,
    Facilitator,
    Session,
    SessionMode,
)
from coproduce.training.services import expiry_for

QI_BASICS = "QI basics for patients and carers"
STAFF_COURSE = "Involving patients and carers in QI"


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour, 0), tzinfo=timezone.get_current_timezone()
    )


def _session(course: Course, days: int, hour: int, hours: int, **fields: object) -> Session:
    return Session.objects.create(
        course=course, starts_at=_at(days, hour), ends_at=_at(days, hour + hours), **fields
    )


def _attended(session: Session, users: list, directorate: Directorate | None, by) -> None:  # type: ignore[no-untyped-def]
    completed_on = timezone.localdate(session.starts_at)
    for user in users:
        Enrolment.objects.create(
            session=session,
            user=user,
            status=EnrolmentStatus.ATTENDED,
            enrolled_at=session.starts_at - datetime.timedelta(days=14),
        )
        Completion.objects.create(
            course=session.course,
            user=user,
            session=session,
            completed_on=completed_on,
            expires_on=expiry_for(session.course, completed_on),
            directorate=directorate,
            recorded_by=by,
        )
    session.attendance_taken_at = session.ends_at
    session.save(update_fields=["attendance_taken_at"])


def load(context: DemoContext) -> None:
    trust = context.organisation
    people = context.records
    coordinator = people["coordinator@example.org"]
    basics, _ = Course.objects.get_or_create(
        organisation=trust,
        title=QI_BASICS,
        defaults={
            "audience": Audience.PATIENTS_AND_CARERS,
            "description": (
                "An introduction to quality improvement for patients and carers, delivered "
                "jointly by a service user and a carer rep.\n\n"
                "We cover the Model for Improvement, how to test small changes (PDSA cycles) and "
                "what it is like to be part of a project team. No experience needed."
            ),
            "grants": "team roles",
            "valid_for_months": 24,
        },
    )
    staff_course, _ = Course.objects.get_or_create(
        organisation=trust,
        title=STAFF_COURSE,
        defaults={
            "audience": Audience.STAFF,
            "description": (
                "Why involving patients and carers matters in QI, and how to do it well: "
                "Big I and little i, the five stages of involvement, paying people fairly and "
                "finding people through the involvement pool."
            ),
        },
    )
    context.records["course:qi-basics"] = basics
    context.records["course:staff"] = staff_course
    if Session.objects.filter(course__organisation=trust).exists():
        return
    adult = Directorate.objects.filter(organisation=trust, name="Adult Mental Health").first()
    older = Directorate.objects.filter(organisation=trust, name__startswith="Older").first()

    past_basics = _session(
        basics,
        -45,
        10,
        3,
        mode=SessionMode.IN_PERSON,
        venue="Riverside Recovery College, 12 Mill Lane",
        access_information="Step-free access and a hearing loop. A quiet room is available.",
        capacity=10,
    )
    for email in ("coordinator@example.org", "jo.taylor@example.org"):
        Facilitator.objects.create(session=past_basics, user=people[email])
    _attended(
        past_basics,
        [
            people[e]
            for e in ("carer@example.org", "sunita.rao@example.org", "michael.obi@example.org")
        ],
        adult,
        coordinator,
    )

    upcoming_basics = _session(
        basics,
        10,
        14,
        2,
        mode=SessionMode.ONLINE,
        video_link="https://video.example.org/qi-basics",
        capacity=8,
    )
    for email in ("coordinator@example.org", "jo.taylor@example.org"):
        Facilitator.objects.create(session=upcoming_basics, user=people[email])
    for email in ("patient@example.org", "alex.reid@example.org"):
        Enrolment.objects.create(
            session=upcoming_basics,
            user=people[email],
            status=EnrolmentStatus.BOOKED,
            enrolled_at=timezone.now() - datetime.timedelta(days=2),
        )

    past_staff = _session(
        staff_course,
        -20,
        13,
        2,
        mode=SessionMode.ONLINE,
        video_link="https://video.example.org/involving-patients",
        capacity=20,
    )
    Facilitator.objects.create(session=past_staff, user=people["maria.santos@example.org"])
    _attended(
        past_staff,
        [people["lead@example.org"], people["dev.kumar@example.org"]],
        adult,
        coordinator,
    )
    # Recorded by hand from an earlier session held before the trust used Coproduce.
    Completion.objects.create(
        course=staff_course,
        user=people["hannah.white@example.org"],
        completed_on=timezone.localdate() - datetime.timedelta(days=80),
        directorate=older,
        recorded_by=coordinator,
    )
    _session(
        staff_course,
        21,
        9,
        3,
        mode=SessionMode.IN_PERSON,
        venue="Trust headquarters, Room 4",
        access_information="Step-free access from the car park entrance.",
        capacity=16,
    )
