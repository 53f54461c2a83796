"""The involvement team adds courses and sessions; people see the courses meant for them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.training.models import Audience, Course, Session
from coproduce.training.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db


def test_the_involvement_team_adds_a_course_and_a_session(client, personas):
    client.force_login(personas.cora)
    response = client.post(
        reverse("training:course-new"),
        {
            "title": "Involving patients and carers in QI",
            "audience": Audience.STAFF,
            "description": "Why and how.",
            "grants": "",
            "valid_for_months": "",
        },
    )
    course = Course.objects.get()
    assert response["Location"] == reverse("training:course-detail", args=[course.pk])
    assert course.organisation == personas.trust
    day = timezone.localdate() + datetime.timedelta(days=14)
    response = client.post(
        reverse("training:session-new", args=[course.pk]),
        {
            "date_0": day.day,
            "date_1": day.month,
            "date_2": day.year,
            "start_time": "10:00",
            "end_time": "12:30",
            "mode": "in_person",
            "venue": "Room 4, Trust headquarters",
            "access_information": "Step-free access",
            "capacity": "12",
            "facilitators": [str(personas.cora.pk), str(personas.carl.pk)],
        },
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert timezone.localtime(session.starts_at).hour == 10
    assert session.duration_minutes == 150
    assert set(session.facilitators.all()) == {personas.cora, personas.carl}


def test_a_session_form_with_problems_says_what_to_fix(client, personas):
    course = CourseFactory(organisation=personas.trust)
    client.force_login(personas.cora)
    response = client.post(
        reverse("training:session-new", args=[course.pk]),
        {"start_time": "14:00", "end_time": "13:00", "mode": "online", "capacity": "0"},
    )
    content = response.content.decode()
    assert "Error: Add a session" in content
    assert "Enter the date of the session" in content
    assert "The end time must be after the start time" in content
    assert "Enter the video call link for an online session" in content
    assert "Number of places must be 1 or more" in content
    assert "Select at least one facilitator" in content
    assert not Session.objects.exists()


def test_only_the_involvement_team_manages_courses(client, personas):
    course = CourseFactory(organisation=personas.trust)
    urls = [
        reverse("training:course-new"),
        reverse("training:course-edit", args=[course.pk]),
        reverse("training:session-new", args=[course.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    for person in (personas.leo, personas.pat, personas.alice):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 403
    other = CourseFactory(organisation=personas.other_trust)
    client.force_login(personas.cora)
    assert client.get(reverse("training:course-edit", args=[other.pk])).status_code == 404


def test_people_see_the_courses_meant_for_them(client, personas):
    CourseFactory(organisation=personas.trust, title="For patients", audience="patients_carers")
    CourseFactory(organisation=personas.trust, title="For staff", audience="staff")
    CourseFactory(organisation=personas.trust, title="For everyone", audience="both")
    CourseFactory(organisation=personas.other_trust, title="Elsewhere", audience="both")
    client.force_login(personas.pat)
    page = client.get(reverse("training:course-list")).content.decode()
    assert "For patients" in page and "For everyone" in page
    assert "For staff" not in page and "Elsewhere" not in page
    client.force_login(personas.sam)
    page = client.get(reverse("training:course-list")).content.decode()
    assert "For staff" in page and "For patients" not in page
    client.force_login(personas.fin)
    assert client.get(reverse("training:course-list")).status_code == 403


def test_the_team_cancels_a_session_and_everyone_booked_is_told(
    client, personas, django_capture_on_commit_callbacks
):
    from django.core import mail

    from coproduce.training import services
    from coproduce.training.tests.factories import SessionFactory

    session = SessionFactory(course=CourseFactory(organisation=personas.trust), capacity=1)
    services.book(session, personas.pat, by=personas.pat)
    services.book(session, personas.carl, by=personas.carl)
    mail.outbox.clear()
    url = reverse("training:session-cancel", args=[session.pk])
    client.force_login(personas.pat)
    assert client.post(url).status_code == 403
    client.force_login(personas.cora)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert b"2 people have been told" in response.content
    session.refresh_from_db()
    assert session.is_cancelled
    assert sorted(m.to[0] for m in mail.outbox) == [personas.carl.email, personas.pat.email]
    client.force_login(personas.pat)
    ics = client.get(reverse("training:session-calendar", args=[session.pk])).content.decode()
    assert "STATUS:CANCELLED" in ics


def test_the_team_sees_a_persons_training_record(client, personas):
    course = CourseFactory(organisation=personas.trust, title="QI basics")
    from coproduce.training.models import Completion

    Completion.objects.create(course=course, user=personas.pat, completed_on=timezone.localdate())
    url = reverse("training:person-training", args=[personas.pat.pk])
    client.force_login(personas.cora)
    assert b"QI basics" in client.get(url).content
    client.force_login(personas.leo)
    assert client.get(url).status_code == 403
    client.force_login(personas.cora)
    other = personas.olga
    assert client.get(reverse("training:person-training", args=[other.pk])).status_code == 404
