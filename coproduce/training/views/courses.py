"""The course list and a course's page; the involvement team adds and changes courses."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.accounts.decorators import check_permission, require_permission
from coproduce.training import presenters, queries, services
from coproduce.training.forms.course import CourseForm


@require_safe
@require_permission("training.view_courses")
def course_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/course_list.jinja",
        {
            "page_title": "Training",
            "courses": queries.courses_with_sessions(request.user),
            "places_text": presenters.places_text,
            "where_text": presenters.where_text,
        },
    )


@require_safe
@require_permission("training.view_courses")
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(queries.visible_courses(request.user), pk=pk)
    sessions = queries.with_places(course.sessions.all())
    now = timezone.now()
    bookings = {
        enrolment.session_id: enrolment
        for enrolment in request.user.training_enrolments.filter(session__course=course)
    }
    return render(
        request,
        "training/course_detail.jinja",
        {
            "page_title": course.title,
            "course": course,
            "upcoming": [s for s in sessions if s.starts_at >= now],
            "past": [s for s in sessions if s.starts_at < now][::-1][:20],
            "bookings": bookings,
            "completed": services.has_completed(request.user, course),
            "places_text": presenters.places_text,
            "where_text": presenters.where_text,
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("training.manage_courses")
def course_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    course = None
    if pk is not None:
        course = get_object_or_404(queries.courses_for(request.user), pk=pk)
        check_permission(request, "training.change_course", course)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if course is None:
            saved.organisation = request.user.organisation
        services.save_course(saved, by=request.user, created=course is None)
        messages.success(request, f"{saved.title} has been saved")
        return redirect("training:course-detail", pk=saved.pk)
    return render(
        request,
        "training/course_form.jinja",
        {
            "page_title": "Change the course" if course else "Add a course",
            "form": form,
            "course": course,
        },
    )
