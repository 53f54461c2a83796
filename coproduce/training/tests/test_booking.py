"""Booking a place, the waiting list, and moving up when someone cancels."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.training import services
from coproduce.training.models import Enrolment, EnrolmentStatus
from coproduce.training.tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_the_first_people_get_places_and_the_rest_join_the_waiting_list(
    personas, upcoming, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.book(upcoming, personas.pat, by=personas.pat)
        second = services.book(upcoming, personas.carl, by=personas.carl)
        third = services.book(upcoming, personas.cora, by=personas.cora)
    assert [first.status, second.status, third.status] == ["booked", "booked", "waiting"]
    assert "waiting list" in mail.outbox[2].subject
    assert "is booked" in mail.outbox[0].subject


def test_cancelling_moves_the_first_person_on_the_waiting_list_up(
    personas, upcoming, django_capture_on_commit_callbacks
):
    services.book(upcoming, personas.pat, by=personas.pat)
    carl = services.book(upcoming, personas.carl, by=personas.carl)
    cora = services.book(upcoming, personas.cora, by=personas.cora)
    leo = services.book(upcoming, personas.leo, by=personas.leo)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel(carl, by=personas.carl)
    assert promoted == cora
    cora.refresh_from_db()
    leo.refresh_from_db()
    assert cora.status == EnrolmentStatus.BOOKED and cora.promoted_at is not None
    assert leo.status == EnrolmentStatus.WAITING
    assert [m.to for m in mail.outbox] == [[personas.cora.email]]
    assert AuditEvent.objects.filter(action="training.moved_up_from_waiting_list").count() == 1


def test_leaving_the_waiting_list_moves_nobody_up(personas, upcoming):
    services.book(upcoming, personas.pat, by=personas.pat)
    services.book(upcoming, personas.carl, by=personas.carl)
    cora = services.book(upcoming, personas.cora, by=personas.cora)
    assert services.cancel(cora, by=personas.cora) is None
    assert upcoming.enrolments.filter(status="booked").count() == 2


def test_someone_who_cancels_and_rebooks_goes_to_the_back_of_the_queue(personas, upcoming):
    services.book(upcoming, personas.pat, by=personas.pat)
    services.book(upcoming, personas.carl, by=personas.carl)
    cora = services.book(upcoming, personas.cora, by=personas.cora)
    services.book(upcoming, personas.leo, by=personas.leo)
    services.cancel(cora, by=personas.cora)
    again = services.book(upcoming, personas.cora, by=personas.cora)
    assert again.pk == cora.pk and again.status == EnrolmentStatus.WAITING
    pat = upcoming.enrolments.get(user=personas.pat)
    assert services.cancel(pat, by=personas.pat).user == personas.leo


def test_you_cannot_book_twice_or_book_a_session_that_has_started(personas, upcoming, past_session):
    services.book(upcoming, personas.pat, by=personas.pat)
    with pytest.raises(services.BookingError, match="already booked"):
        services.book(upcoming, personas.pat, by=personas.pat)
    with pytest.raises(services.BookingError, match="already started"):
        services.book(past_session, personas.pat, by=personas.pat)
    assert not past_session.enrolments.exists()


def test_a_larger_capacity_fills_places_from_the_waiting_list(personas, upcoming):
    for person in (personas.pat, personas.carl, personas.cora, personas.leo):
        services.book(upcoming, person, by=person)
    upcoming.capacity = 3
    promoted = services.save_session(
        upcoming, facilitators=[personas.sam], by=personas.cora, created=False
    )
    assert [e.user for e in promoted] == [personas.cora]
    assert upcoming.facilitations.get().user == personas.sam


def test_a_patient_books_and_cancels_through_the_pages(client, personas, upcoming):
    client.force_login(personas.pat)
    page = client.get(reverse("training:session-detail", args=[upcoming.pk]))
    assert b"Book a place" in page.content
    response = client.post(reverse("training:session-book", args=[upcoming.pk]), follow=True)
    assert b"Your place is booked" in response.content
    assert Enrolment.objects.get(user=personas.pat).status == EnrolmentStatus.BOOKED
    response = client.post(
        reverse("training:session-cancel-booking", args=[upcoming.pk]), follow=True
    )
    assert b"Your booking has been cancelled" in response.content
    assert Enrolment.objects.get(user=personas.pat).status == EnrolmentStatus.CANCELLED


def test_booking_pages_refuse_visitors_other_trusts_and_wrong_audiences(client, personas, upcoming):
    url = reverse("training:session-book", args=[upcoming.pk])
    response = client.post(url)
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
    client.force_login(personas.olga)
    assert client.post(url).status_code == 404
    # Finance has no training pages at all.
    client.force_login(personas.fin)
    assert client.post(url).status_code == 403
    # Staff do not see a course for patients and carers.
    client.force_login(personas.sam)
    assert client.get(reverse("training:session-detail", args=[upcoming.pk])).status_code == 404
    assert not Enrolment.objects.exists()


def test_a_calendar_file_describes_the_session(client, personas, upcoming):
    client.force_login(personas.pat)
    response = client.get(reverse("training:session-calendar", args=[upcoming.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    body = response.content.decode()
    assert "SUMMARY:QI basics for patients and carers" in body
    assert f"UID:training-session-{upcoming.pk}@" in body
    start = upcoming.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in body


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_the_last_place_cannot_both_get_it(personas, qi_basics):
    """Run on PostgreSQL, where two connections really run at once."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs a database with row locks and concurrent connections (PostgreSQL)")
    session = SessionFactory(course=qi_basics, capacity=1)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def take(user):  # type: ignore[no-untyped-def]
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results.append(services.book(session, user, by=user).status)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=take, args=(u,)) for u in (personas.pat, personas.carl)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["booked", "waiting"]
    assert session.enrolments.filter(status="booked").count() == 1


def test_session_reminders_are_sent_once_to_people_booked_soon(personas, qi_basics):
    soon = SessionFactory(course=qi_basics, starts_at=timezone.now() + datetime.timedelta(hours=20))
    later = SessionFactory(course=qi_basics, starts_at=timezone.now() + datetime.timedelta(days=9))
    services.book(soon, personas.pat, by=personas.pat)
    services.book(later, personas.carl, by=personas.carl)
    mail.outbox.clear()
    assert services.send_session_reminders() == 1
    assert services.send_session_reminders() == 0
    assert mail.outbox[0].to == [personas.pat.email]
    assert soon.video_link in mail.outbox[0].body


def test_the_involvement_team_books_a_patient_who_phoned(client, personas, upcoming):
    url = reverse("training:session-book-someone", args=[upcoming.pk])
    client.force_login(personas.pat)
    assert client.post(url, {"book-person": personas.carl.pk}).status_code == 403
    client.force_login(personas.cora)
    page = client.get(reverse("training:session-detail", args=[upcoming.pk])).content.decode()
    assert "Who would you like to book?" in page and "Carl Example" in page
    response = client.post(url, {"book-person": personas.carl.pk}, follow=True)
    assert b"Carl Example is booked on a place" in response.content
    assert Enrolment.objects.get(user=personas.carl).status == EnrolmentStatus.BOOKED
    # Staff are not offered a place on a course for patients and carers, nor other trusts' people.
    for outsider in (personas.sam, personas.olga):
        response = client.post(url, {"book-person": outsider.pk}, follow=True)
        assert b"Select the person to book" in response.content
    assert Enrolment.objects.count() == 1
