"""Training workflows: booking places, the waiting list, attendance, completions and reminders.

Booking and cancelling lock the session row (select_for_update) so that two people taking the last
place at the same moment cannot both get it, and a freed place goes to exactly one person from the
waiting list. Each change is audited in the same transaction.
"""

import datetime
import logging
import uuid
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coproduce.audit import services as auditor
from coproduce.lib.months import add_months
from coproduce.organisations.contact import team_contact
from coproduce.training.models import (
    Completion,
    Course,
    Enrolment,
    EnrolmentStatus,
    Facilitator,
    Session,
)

logger = logging.getLogger(__name__)

ACTIVE_BOOKING = (EnrolmentStatus.BOOKED, EnrolmentStatus.WAITING)
# How far ahead a booked person is reminded of their session, and a completion of its expiry.
SESSION_REMINDER_AHEAD = datetime.timedelta(days=2)
REFRESHER_REMINDER_DAYS = 30


class BookingError(Exception):
    """A booking that cannot be made or changed; the message is shown to the person."""


def _email(
    template: str, subject: str, recipient: str, context: dict[str, Any], *, organisation: Any
) -> None:
    """Email about one organisation's training: the team address in it is that organisation's."""
    context = {
        **context,
        "site_url": settings.SITE_URL,
        "team_email": team_contact(organisation).email,
    }
    send_mail(
        subject=subject,
        message=render_to_string(f"training/emails/{template}.txt", context),
        from_email=None,
        recipient_list=[recipient],
    )


def session_url(session: Session) -> str:
    return settings.SITE_URL + reverse("training:session-detail", args=[session.pk])


def places_taken(session: Session) -> int:
    return session.enrolments.filter(status=EnrolmentStatus.BOOKED).count()


def _lock(session: Session) -> Session:
    return Session.objects.select_for_update().select_related("course").get(pk=session.pk)


@transaction.atomic
def book(session: Session, user: Any, *, by: Any) -> Enrolment:
    """Give `user` a place, or a place on the waiting list when the session is full."""
    session = _lock(session)
    now = timezone.now()
    if session.is_cancelled:
        raise BookingError("This session has been cancelled, so it cannot be booked")
    if session.starts_at <= now:
        raise BookingError("This session has already started, so it cannot be booked")
    enrolment = Enrolment.objects.filter(session=session, user=user).first()
    if enrolment is not None and enrolment.status in ACTIVE_BOOKING:
        raise BookingError("You are already booked on this session")
    status = (
        EnrolmentStatus.BOOKED
        if places_taken(session) < session.capacity
        else EnrolmentStatus.WAITING
    )
    if enrolment is None:
        enrolment = Enrolment(session=session, user=user)
    enrolment.status = status
    enrolment.enrolled_at = now
    enrolment.waiting_since = now if status == EnrolmentStatus.WAITING else None
    enrolment.promoted_at = None
    enrolment.cancelled_at = None
    enrolment.reminder_sent_at = None
    enrolment.save()
    auditor.record(
        "training.booked" if status == EnrolmentStatus.BOOKED else "training.waiting_list_joined",
        actor=by,
        target=enrolment,
        target_label=f"{user} on {session}",
        organisation=session.course.organisation,
        changes={"status": [None, status]},
    )
    transaction.on_commit(lambda: _send_booking_email(enrolment.pk))
    return enrolment


@transaction.atomic
def cancel(enrolment: Enrolment, *, by: Any) -> Enrolment | None:
    """Cancel a place (or a place on the waiting list). Returns whoever moved up, if anyone."""
    session = _lock(enrolment.session)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status not in ACTIVE_BOOKING:
        raise BookingError("This booking has already been cancelled")
    if session.starts_at <= timezone.now():
        raise BookingError("This session has already started, so the booking cannot be cancelled")
    was = enrolment.status
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.save(update_fields=["status", "cancelled_at"])
    auditor.record(
        "training.booking_cancelled",
        actor=by,
        target=enrolment,
        target_label=f"{enrolment.user} on {session}",
        organisation=session.course.organisation,
        changes={"status": [was, EnrolmentStatus.CANCELLED]},
    )
    promoted = _fill_places(session, by=by)
    return promoted[0] if promoted else None


def _fill_places(session: Session, *, by: Any) -> list[Enrolment]:
    """Move people up from the waiting list, in order, while places are free.

    The caller holds the session's lock."""
    free = session.capacity - places_taken(session)
    if free <= 0 or session.is_cancelled:
        return []
    waiting = list(
        Enrolment.objects.select_for_update()
        .filter(session=session, status=EnrolmentStatus.WAITING)
        .order_by("waiting_since", "pk")[:free]
    )
    now = timezone.now()
    for enrolment in waiting:
        enrolment.status = EnrolmentStatus.BOOKED
        enrolment.promoted_at = now
        enrolment.save(update_fields=["status", "promoted_at"])
        auditor.record(
            "training.moved_up_from_waiting_list",
            actor=by,
            target=enrolment,
            target_label=f"{enrolment.user} on {session}",
            organisation=session.course.organisation,
            changes={"status": [EnrolmentStatus.WAITING, EnrolmentStatus.BOOKED]},
        )
        transaction.on_commit(lambda pk=enrolment.pk: _send_promoted_email(pk))
    return waiting


SESSION_FIELDS = (
    "starts_at",
    "ends_at",
    "mode",
    "video_link",
    "venue",
    "access_information",
    "capacity",
)


@transaction.atomic
def save_session(
    session: Session, *, facilitators: list[Any], by: Any, created: bool
) -> list[Enrolment]:
    """Create or change a session and its facilitators; a larger capacity fills from the list."""
    before = {} if created else auditor.snapshot(Session.objects.get(pk=session.pk), SESSION_FIELDS)
    session.save()
    session = _lock(session)
    current = set(session.facilitations.values_list("user_id", flat=True))
    wanted = {user.pk for user in facilitators}
    session.facilitations.filter(
        user_id__in=current - wanted, paid_activity_id__isnull=True
    ).delete()
    Facilitator.objects.bulk_create(
        [Facilitator(session=session, user_id=pk) for pk in sorted(wanted - current)]
    )
    changes = auditor.diff(before, auditor.snapshot(session, SESSION_FIELDS))
    if current != wanted:
        changes["facilitators"] = [sorted(current), sorted(wanted)]
    auditor.record(
        "training.session_created" if created else "training.session_changed",
        actor=by,
        target=session,
        organisation=session.course.organisation,
        changes=changes,
    )
    return _fill_places(session, by=by)


@transaction.atomic
def cancel_session(session: Session, *, by: Any) -> int:
    """Cancel a session that has not started and tell everyone booked or waiting. Returns how many
    people were told."""
    session = _lock(session)
    if session.is_cancelled:
        raise BookingError("This session has already been cancelled")
    if session.starts_at <= timezone.now():
        raise BookingError("This session has already started, so it cannot be cancelled")
    session.is_cancelled = True
    session.save(update_fields=["is_cancelled"])
    auditor.record(
        "training.session_cancelled",
        actor=by,
        target=session,
        organisation=session.course.organisation,
        changes={"cancelled": [False, True]},
    )
    affected = list(
        session.enrolments.filter(status__in=ACTIVE_BOOKING).values_list("pk", flat=True)
    )
    for pk in affected:
        transaction.on_commit(lambda pk=pk: _send_session_cancelled_email(pk))
    return len(affected)


@transaction.atomic
def save_course(course: Course, *, by: Any, created: bool) -> Course:
    fields = ("title", "audience", "description", "grants", "valid_for_months", "is_active")
    before = {} if created else auditor.snapshot(Course.objects.get(pk=course.pk), fields)
    course.save()
    auditor.record(
        "training.course_created" if created else "training.course_changed",
        actor=by,
        target=course,
        changes=auditor.diff(before, auditor.snapshot(course, fields)),
    )
    return course


def directorate_for(user: Any, on: datetime.date) -> Any:
    """The directorate someone worked in on a date: that of the project team they most recently
    joined (as staff or as a pool member), else of a project they lead; None if neither."""
    from coproduce.projects.models import Project, TeamMember

    membership = Q(user=user)
    pool_member = getattr(user, "pool_member", None) if hasattr(user, "pool_member") else None
    if pool_member is not None:
        membership |= Q(pool_member=pool_member)
    team = (
        TeamMember.objects.filter(membership, joined_on__lte=on)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=on))
        .select_related("project__directorate")
        .order_by("-joined_on", "-pk")
        .first()
    )
    if team is not None:
        return team.project.directorate
    led = Project.objects.filter(lead=user).select_related("directorate").order_by("-start_date")
    project = led.first()
    return project.directorate if project else None


def expiry_for(course: Course, completed_on: datetime.date) -> datetime.date | None:
    if not course.valid_for_months:
        return None
    return add_months(completed_on, course.valid_for_months)


@transaction.atomic
def record_attendance(session: Session, *, attended_user_ids: set[int], by: Any) -> dict[str, Any]:
    """Mark who came to a session. Everyone who came completes the course on the session's date;
    correcting a mistake (marking someone absent after all) removes that session's completion.

    Pool members who facilitated are logged for payment once (see `_log_facilitations`); the
    result's "not_logged_for_payment" names any whose payment could not be logged.
    """
    session = _lock(session)
    if session.starts_at > timezone.now():
        raise BookingError("You can take attendance once the session has started")
    if session.is_cancelled:
        raise BookingError("This session was cancelled, so there is no attendance to take")
    course = session.course
    completed_on = timezone.localdate(session.starts_at)
    enrolments = list(
        Enrolment.objects.select_for_update()
        .filter(
            session=session,
            status__in=[EnrolmentStatus.BOOKED, EnrolmentStatus.ATTENDED, EnrolmentStatus.ABSENT],
        )
        .select_related("user")
    )
    unknown = set(attended_user_ids) - {enrolment.user_id for enrolment in enrolments}
    if unknown:
        raise BookingError("Only people booked on this session can be marked as attending")
    counts: dict[str, Any] = {
        "attended": 0,
        "absent": 0,
        "completions_added": 0,
        "completions_removed": 0,
    }
    for enrolment in enrolments:
        came = enrolment.user_id in attended_user_ids
        new_status = EnrolmentStatus.ATTENDED if came else EnrolmentStatus.ABSENT
        counts["attended" if came else "absent"] += 1
        if enrolment.status != new_status:
            auditor.record(
                "training.attendance_recorded",
                actor=by,
                target=enrolment,
                target_label=f"{enrolment.user} on {session}",
                organisation=course.organisation,
                changes={"status": [enrolment.status, new_status]},
            )
            enrolment.status = new_status
            enrolment.save(update_fields=["status"])
        existing = Completion.objects.filter(session=session, user=enrolment.user)
        if came and not existing.exists():
            completion = Completion.objects.create(
                course=course,
                user=enrolment.user,
                session=session,
                completed_on=completed_on,
                expires_on=expiry_for(course, completed_on),
                directorate=directorate_for(enrolment.user, completed_on),
                recorded_by=by,
            )
            counts["completions_added"] += 1
            auditor.record(
                "training.completion_recorded",
                actor=by,
                target=completion,
                organisation=course.organisation,
                changes={
                    "course": [None, course.title],
                    "completed on": [None, completed_on],
                    "expires on": [None, completion.expires_on],
                },
            )
        elif not came and existing.exists():
            for completion in existing:
                auditor.record(
                    "training.completion_removed",
                    actor=by,
                    target=completion,
                    organisation=course.organisation,
                    changes={"course": [course.title, None]},
                )
            counts["completions_removed"] += existing.count()
            existing.delete()
    session.attendance_taken_at = timezone.now()
    session.save(update_fields=["attendance_taken_at"])
    counts["not_logged_for_payment"] = _log_facilitations(session, by=by)
    return counts


# Facilitating training is paid at the enhanced rate (DOMAIN.md: chairing, training or leading).
FACILITATION_ACTIVITY_TYPE = "enhanced"
FACILITATION_NAMESPACE = uuid.UUID("6f1f2d0e-5b8e-4c1b-9a53-3f0c2f9d7a41")


def facilitation_key(facilitation: Facilitator) -> uuid.UUID:
    """The same key for the same facilitation every time, so it is never logged twice."""
    return uuid.uuid5(FACILITATION_NAMESPACE, f"training.facilitator:{facilitation.pk}")


def _log_facilitations(session: Session, *, by: Any) -> list[str]:
    """A patient or carer who facilitates is paid for it: log one activity per facilitation.

    Each facilitation is logged once (its `paid_activity_id`, and an idempotency key derived from
    it, stop a second activity when attendance is saved again). When payments cannot log it (the
    trust's policy has no enhanced activity type), the attendance still stands: the failure is
    audited, the facilitation stays unlogged so saving attendance again retries it, and the names
    are returned for the page to tell the team. See docs/adr/0500.
    """
    # Imported here: payments imports the pool and projects, which import training.
    from coproduce.payments.services import PaymentError, log_activity
    from coproduce.pool.models import PoolMember

    pending = list(session.facilitations.filter(paid_activity_id__isnull=True))
    members = {
        member.user_id: member
        for member in PoolMember.objects.filter(
            user_id__in=[f.user_id for f in pending]
        ).select_related("organisation")
    }
    not_logged = []
    for facilitation in pending:
        member = members.get(facilitation.user_id)
        if member is None:
            continue  # staff facilitators are not paid through Coproduce
        try:
            with transaction.atomic():  # a savepoint: a failure leaves the attendance intact
                activity = log_activity(
                    member,
                    activity_date=timezone.localdate(session.starts_at),
                    duration_minutes=session.duration_minutes,
                    activity_type=FACILITATION_ACTIVITY_TYPE,
                    by=by,
                    description=f"Facilitated {session.course.title}",
                    source="training",
                    idempotency_key=facilitation_key(facilitation),
                )
        except PaymentError as error:
            logger.warning(
                "Facilitation %s of session %s not logged for payment: %s",
                facilitation.pk,
                session.pk,
                error,
            )
            auditor.record(
                "training.facilitation_not_logged_for_payment",
                actor=by,
                target=facilitation,
                target_label=f"{member} facilitating {session}",
                organisation=session.course.organisation,
                changes={"reason": [None, str(error)]},
            )
            not_logged.append(str(member))
            continue
        facilitation.paid_activity_id = activity.pk
        facilitation.save(update_fields=["paid_activity_id"])
    return not_logged


def valid_completions(user: Any, on: datetime.date | None = None) -> QuerySet[Completion]:
    """Completions that count today: not expired (matching treats these as training held)."""
    on = on or timezone.localdate()
    return Completion.objects.filter(user=user).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=on)
    )


def has_completed(user: Any, course: Course, on: datetime.date | None = None) -> bool:
    return valid_completions(user, on).filter(course=course).exists()


# Emails -----------------------------------------------------------------------------------------


def _send_booking_email(enrolment_pk: int) -> None:
    enrolment = Enrolment.objects.select_related("session__course__organisation", "user").get(
        pk=enrolment_pk
    )
    waiting = enrolment.status == EnrolmentStatus.WAITING
    subject = (
        f"You are on the waiting list for {enrolment.session.course.title}"
        if waiting
        else f"Your place on {enrolment.session.course.title} is booked"
    )
    _email(
        "booked",
        subject,
        enrolment.user.email,
        {"enrolment": enrolment, "waiting": waiting, "link": session_url(enrolment.session)},
        organisation=enrolment.session.course.organisation,
    )


def _send_promoted_email(enrolment_pk: int) -> None:
    enrolment = Enrolment.objects.select_related("session__course__organisation", "user").get(
        pk=enrolment_pk
    )
    _email(
        "promoted",
        f"A place is now yours on {enrolment.session.course.title}",
        enrolment.user.email,
        {"enrolment": enrolment, "link": session_url(enrolment.session)},
        organisation=enrolment.session.course.organisation,
    )


def _send_session_cancelled_email(enrolment_pk: int) -> None:
    enrolment = Enrolment.objects.select_related("session__course__organisation", "user").get(
        pk=enrolment_pk
    )
    _email(
        "session_cancelled",
        f"Cancelled: {enrolment.session.course.title} on {enrolment.session.starts_at:%d %B %Y}",
        enrolment.user.email,
        {
            "enrolment": enrolment,
            "link": settings.SITE_URL
            + reverse("training:course-detail", args=[enrolment.session.course_id]),
        },
        organisation=enrolment.session.course.organisation,
    )


def send_session_reminders(now: datetime.datetime | None = None) -> int:
    """Remind people booked on a session starting within the next two days, once each."""
    now = now or timezone.now()
    due = Enrolment.objects.filter(
        status=EnrolmentStatus.BOOKED,
        reminder_sent_at__isnull=True,
        session__is_cancelled=False,
        session__starts_at__gt=now,
        session__starts_at__lte=now + SESSION_REMINDER_AHEAD,
    ).select_related("session__course__organisation", "user")
    sent = 0
    for enrolment in due:
        with transaction.atomic():
            claimed = Enrolment.objects.filter(
                pk=enrolment.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue  # another run got there first
            _email(
                "session_reminder",
                f"Reminder: {enrolment.session.course.title} is coming up",
                enrolment.user.email,
                {"enrolment": enrolment, "link": session_url(enrolment.session)},
                organisation=enrolment.session.course.organisation,
            )
            sent += 1
    return sent


def send_refresher_reminders(today: datetime.date | None = None) -> int:
    """Tell people whose training expires within 30 days (or has expired) that a refresher is due,
    once per completion, unless they have completed the course again since."""
    today = today or timezone.localdate()
    due = Completion.objects.filter(
        expires_on__isnull=False,
        expires_on__lte=today + datetime.timedelta(days=REFRESHER_REMINDER_DAYS),
        refresher_reminder_sent_on__isnull=True,
        user__is_active=True,
    ).select_related("course__organisation", "user")
    sent = 0
    for completion in due:
        newer = Completion.objects.filter(
            user=completion.user,
            course=completion.course,
            completed_on__gt=completion.completed_on,
        ).exists()
        claimed = Completion.objects.filter(
            pk=completion.pk, refresher_reminder_sent_on__isnull=True
        ).update(refresher_reminder_sent_on=today)
        if not claimed or newer:
            continue
        _email(
            "refresher_reminder",
            f"Your {completion.course.title} training needs a refresher",
            completion.user.email,
            {
                "completion": completion,
                "expired": completion.expires_on < today,
                "link": settings.SITE_URL
                + reverse("training:course-detail", args=[completion.course_id]),
            },
            organisation=completion.course.organisation,
        )
        sent += 1
    return sent
