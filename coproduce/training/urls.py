from django.urls import path

from coproduce.training.views import attendance, courses, my_training, reports, sessions

app_name = "training"

urlpatterns = [
    path("", courses.course_list, name="course-list"),
    path("courses/new/", courses.course_form, name="course-new"),
    path("courses/<int:pk>/", courses.course_detail, name="course-detail"),
    path("courses/<int:pk>/edit/", courses.course_form, name="course-edit"),
    path("courses/<int:course_pk>/sessions/new/", sessions.session_form, name="session-new"),
    path(
        "courses/<int:course_pk>/sessions/<int:pk>/edit/",
        sessions.session_form,
        name="session-edit",
    ),
    path("sessions/<int:pk>/", sessions.session_detail, name="session-detail"),
    path("sessions/<int:pk>/book/", sessions.session_book, name="session-book"),
    path(
        "sessions/<int:pk>/cancel-booking/",
        sessions.session_cancel_booking,
        name="session-cancel-booking",
    ),
    path(
        "sessions/<int:pk>/book-someone/",
        sessions.session_book_someone,
        name="session-book-someone",
    ),
    path("sessions/<int:pk>/cancel/", sessions.session_cancel, name="session-cancel"),
    path("sessions/<int:pk>/calendar.ics", sessions.session_calendar, name="session-calendar"),
    path("sessions/<int:pk>/attendance/", attendance.session_attendance, name="session-attendance"),
    path("mine/", my_training.my_training, name="my-training"),
    path("people/<int:user_pk>/", my_training.person_training, name="person-training"),
    path("certificates/<int:pk>/", my_training.certificate, name="certificate"),
    path("reports/", reports.training_reports, name="reports"),
]
