"""A training session's page, booking and cancelling a place, and its calendar file."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.accounts.decorators import check_permission, require_permission
from coproduce.lib.ics import CalendarEvent, calendar
from coproduce.organisations.contact import team_contact
from coproduce.training import presenters, queries, services
from coproduce.training.forms.book_someone import BookSomeoneForm
from coproduce.training.forms.session import SessionForm
from coproduce.training.models import EnrolmentStatus, Session, SessionMode


def _session_or_404(request: HttpRequest, pk: int) -> Session:
    """Sessions of courses the person can see; another trust's or audience's sessions 404."""
    session = get_object_or_404(queries.sessions_for(request.user), pk=pk)
    hidden = session.course.audience not in queries.audiences_for(request.user)
    if hidden and not request.user.has_perm("training.view_session_people", session):
        raise Http404("No such session")
    return session


@require_safe
@require_permission("training.view_courses")
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    check_permission(request, "training.view_session", session)
    enrolment = session.enrolments.filter(user=request.user).first()
    people = None
    if request.user.has_perm("training.view_session_people", session):
        people = session.enrolments.select_related("user").order_by("status", "enrolled_at")
    return render(
        request,
        "training/session_detail.jinja",
        {
            "page_title": f"{session.course.title}: {session.starts_at:%d %B %Y}",
            "session": session,
            "enrolment": enrolment if enrolment and enrolment.status != "cancelled" else None,
            "waiting_position": presenters.waiting_position(enrolment) if enrolment else None,
            "places_text": presenters.places_text(session),
            "people": people,
            "facilitators": list(session.facilitators.all()),
            "has_started": session.starts_at <= timezone.now(),
            "ends_text": presenters.time_text(session.ends_at),
            "can_take_attendance": request.user.has_perm("training.take_attendance", session),
            "can_change": request.user.has_perm("training.change_course", session.course),
            "book_someone": BookSomeoneForm(session=session, prefix="book"),
            "statuses": EnrolmentStatus,
        },
    )


@require_POST
@require_permission("training.view_courses")
def session_book(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    check_permission(request, "training.book_session", session)
    try:
        enrolment = services.book(session, request.user, by=request.user)
    except services.BookingError as error:
        messages.error(request, str(error))
    else:
        if enrolment.status == EnrolmentStatus.BOOKED:
            messages.success(request, "Your place is booked. We have sent you an email.")
        else:
            messages.success(
                request,
                "The session is full, so you are on the waiting list. We will email you if a "
                "place comes free.",
            )
    return redirect("training:session-detail", pk=session.pk)


@require_POST
@require_permission("training.view_courses")
def session_cancel_booking(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    enrolment = session.enrolments.filter(user=request.user).first()
    if enrolment is None:
        raise Http404("No booking")
    try:
        services.cancel(enrolment, by=request.user)
    except services.BookingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your booking has been cancelled")
    return redirect("training:session-detail", pk=session.pk)


@require_POST
@require_permission("training.manage_courses")
def session_book_someone(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(queries.sessions_for(request.user), pk=pk)
    check_permission(request, "training.change_course", session.course)
    form = BookSomeoneForm(request.POST, session=session, prefix="book")
    if not form.is_valid():
        messages.error(request, "Select the person to book")
        return redirect("training:session-detail", pk=session.pk)
    person = form.cleaned_data["person"]
    try:
        enrolment = services.book(session, person, by=request.user)
    except services.BookingError as error:
        messages.error(request, str(error))
    else:
        where = "a place" if enrolment.status == EnrolmentStatus.BOOKED else "the waiting list"
        messages.success(request, f"{person.full_name} is booked on {where} and has been emailed")
    return redirect("training:session-detail", pk=session.pk)


@require_POST
@require_permission("training.manage_courses")
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(queries.sessions_for(request.user), pk=pk)
    check_permission(request, "training.change_course", session.course)
    try:
        told = services.cancel_session(session, by=request.user)
    except services.BookingError as error:
        messages.error(request, str(error))
    else:
        people = "person" if told == 1 else "people"
        messages.success(request, f"The session is cancelled and {told} {people} have been told")
    return redirect("training:session-detail", pk=session.pk)


@require_safe
@require_permission("training.view_courses")
def session_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    check_permission(request, "training.view_session", session)
    link = services.session_url(session)
    if session.mode == SessionMode.ONLINE:
        location = session.video_link
        description = f"Online session. Join with: {session.video_link}\n\nDetails: {link}"
    else:
        location = session.venue
        description = f"At {session.venue}."
        if session.access_information:
            description += f"\nAccess: {session.access_information}"
        description += f"\n\nDetails: {link}"
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    body = calendar(
        CalendarEvent(
            uid=f"training-session-{session.pk}@{host}",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            summary=session.course.title,
            description=description,
            location=location,
            url=link,
            organiser_email=team_contact(session.course.organisation).email,
            cancelled=session.is_cancelled,
        ),
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="training-session-{session.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
@require_permission("training.manage_courses")
def session_form(request: HttpRequest, course_pk: int, pk: int | None = None) -> HttpResponse:
    course = get_object_or_404(queries.courses_for(request.user), pk=course_pk)
    check_permission(request, "training.change_course", course)
    session = get_object_or_404(course.sessions, pk=pk) if pk is not None else None
    form = SessionForm(
        request.POST or None,
        instance=session,
        initial=None if session else {"mode": SessionMode.ONLINE},
        organisation=request.user.organisation,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = session or Session(course=course)
        for name in ("starts_at", "ends_at", "mode", "capacity", "access_information"):
            setattr(target, name, data[name])
        target.video_link = data["video_link"] if data["mode"] == SessionMode.ONLINE else ""
        target.venue = data["venue"].strip() if data["mode"] == SessionMode.IN_PERSON else ""
        promoted = services.save_session(
            target,
            facilitators=list(data["facilitators"]),
            by=request.user,
            created=session is None,
        )
        text = "The session has been saved"
        if promoted:
            count = len(promoted)
            people = "person" if count == 1 else "people"
            text += f" and {count} {people} moved up from the waiting list"
        messages.success(request, text)
        return redirect("training:session-detail", pk=target.pk)
    return render(
        request,
        "training/session_form.jinja",
        {
            "page_title": "Change the session" if session else "Add a session",
            "form": form,
            "course": course,
            "session": session,
        },
    )
