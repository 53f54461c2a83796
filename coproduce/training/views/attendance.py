"""The facilitator (or the involvement team) marks who came; that records completions."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.accounts.decorators import check_permission, require_sign_in
from coproduce.training import queries, services
from coproduce.training.forms.attendance import AttendanceForm
from coproduce.training.models import EnrolmentStatus


@require_http_methods(["GET", "POST"])
@require_sign_in
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(queries.sessions_for(request.user), pk=pk)
    check_permission(request, "training.take_attendance", session)
    enrolments = list(
        session.enrolments.filter(
            status__in=[EnrolmentStatus.BOOKED, EnrolmentStatus.ATTENDED, EnrolmentStatus.ABSENT]
        )
        .select_related("user")
        .order_by("user__full_name")
    )
    people = [(e.user_id, e.user.full_name) for e in enrolments]
    initial = [str(e.user_id) for e in enrolments if e.status == EnrolmentStatus.ATTENDED]
    form = AttendanceForm(request.POST or None, people=people, initial={"attended": initial})
    if request.method == "POST" and form.is_valid():
        try:
            counts = services.record_attendance(
                session, attended_user_ids=form.attended_ids(), by=request.user
            )
        except services.BookingError as error:
            form.add_error(None, str(error))
        else:
            came = counts["attended"]
            messages.success(
                request,
                f"Attendance saved: {came} {'person' if came == 1 else 'people'} completed "
                f"{session.course.title}",
            )
            if counts["not_logged_for_payment"]:
                # Shown to whoever took attendance; the audit log keeps it for the team.
                messages.warning(
                    request,
                    f"Payment for facilitating was not logged for "
                    f"{', '.join(counts['not_logged_for_payment'])}: the payment policy has no "
                    "rate for training. Ask the involvement team to add one to the payment "
                    "policy, then save attendance again.",
                )
            return redirect("training:session-detail", pk=session.pk)
    return render(
        request,
        "training/session_attendance.jinja",
        {"page_title": "Take attendance", "form": form, "session": session, "people": people},
    )
