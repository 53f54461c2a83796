"""The facilitator takes attendance; everyone who came completes the course."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.lib.months import add_months
from coproduce.projects.models import Project, TeamMember
from coproduce.training import services
from coproduce.training.models import Completion, Enrolment, EnrolmentStatus
from coproduce.training.tests.factories import EnrolmentFactory, FacilitatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(personas, past_session):  # type: ignore[no-untyped-def]
    FacilitatorFactory(session=past_session, user=personas.sam)
    for person in (personas.pat, personas.carl):
        EnrolmentFactory(session=past_session, user=person)
    return past_session


def test_the_facilitator_marks_who_came_and_they_complete_the_course(client, personas, booked):
    client.force_login(personas.sam)
    url = reverse("training:session-attendance", args=[booked.pk])
    page = client.get(url)
    assert b"Pat Example" in page.content and b"Carl Example" in page.content
    response = client.post(url, {"attended": [str(personas.pat.pk)]}, follow=True)
    assert b"Attendance saved: 1 person completed" in response.content
    completion = Completion.objects.get()
    assert completion.user == personas.pat
    assert completion.completed_on == timezone.localdate(booked.starts_at)
    assert completion.expires_on == add_months(completion.completed_on, 24)
    assert Enrolment.objects.get(user=personas.carl).status == EnrolmentStatus.ABSENT
    assert services.has_completed(personas.pat, booked.course)
    assert not services.has_completed(personas.carl, booked.course)
    assert AuditEvent.objects.filter(action="training.completion_recorded").count() == 1


def test_correcting_attendance_moves_the_completion(personas, booked):
    services.record_attendance(booked, attended_user_ids={personas.pat.pk}, by=personas.sam)
    services.record_attendance(booked, attended_user_ids={personas.carl.pk}, by=personas.sam)
    assert list(Completion.objects.values_list("user", flat=True)) == [personas.carl.pk]
    # Saving the same attendance again adds nothing.
    services.record_attendance(booked, attended_user_ids={personas.carl.pk}, by=personas.sam)
    assert Completion.objects.count() == 1


def test_attendance_refuses_people_who_were_not_booked_and_future_sessions(
    personas, booked, upcoming
):
    with pytest.raises(services.BookingError, match="Only people booked"):
        services.record_attendance(booked, attended_user_ids={personas.leo.pk}, by=personas.sam)
    with pytest.raises(services.BookingError, match="once the session has started"):
        services.record_attendance(upcoming, attended_user_ids=set(), by=personas.cora)
    assert not Completion.objects.exists()


def test_only_facilitators_and_the_involvement_team_take_attendance(client, personas, booked):
    url = reverse("training:session-attendance", args=[booked.pk])
    assert client.get(url).status_code == 302
    client.force_login(personas.pat)  # booked, not facilitating
    assert client.get(url).status_code == 403
    client.force_login(personas.leo)
    assert client.post(url, {"attended": [str(personas.pat.pk)]}).status_code == 403
    client.force_login(personas.olga)
    assert client.get(url).status_code == 404
    client.force_login(personas.cora)
    assert client.get(url).status_code == 200
    assert not Completion.objects.exists()


def test_the_completion_records_the_directorate_of_the_persons_project(personas, booked):
    project = Project.objects.create(
        organisation=personas.trust,
        directorate=personas.directorate,
        title="Fewer missed appointments",
        lead=personas.leo,
        start_date=timezone.localdate() - datetime.timedelta(days=90),
    )
    TeamMember.objects.create(
        project=project, user=personas.pat, joined_on=project.start_date, is_patient_or_carer=True
    )
    services.record_attendance(booked, attended_user_ids={personas.pat.pk}, by=personas.sam)
    assert Completion.objects.get().directorate == personas.directorate


def test_a_person_sees_their_completion_and_downloads_an_a4_certificate(client, personas, booked):
    services.record_attendance(booked, attended_user_ids={personas.pat.pk}, by=personas.sam)
    completion = Completion.objects.get()
    client.force_login(personas.pat)
    page = client.get(reverse("training:my-training"))
    assert b"QI basics for patients and carers" in page.content
    assert b"Complete" in page.content
    response = client.get(reverse("training:certificate", args=[completion.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    import pypdfium2

    document = pypdfium2.PdfDocument(response.content)
    width, height = document[0].get_size()
    # A4 is 210 x 297 mm: 595 x 842 points, either way round.
    assert sorted([round(width), round(height)]) == [595, 842]
    text = " ".join(document[0].get_textpage().get_text_range().split())
    assert "Pat Example" in text and "QI basics for patients and carers" in text


def test_nobody_else_can_guess_a_certificate_address(client, personas, booked):
    services.record_attendance(booked, attended_user_ids={personas.pat.pk}, by=personas.sam)
    url = reverse("training:certificate", args=[Completion.objects.get().pk])
    assert client.get(url).status_code == 302
    for outsider in (personas.carl, personas.sam, personas.leo, personas.olga):
        client.force_login(outsider)
        assert client.get(url).status_code == 404, outsider
    client.force_login(personas.cora)
    assert client.get(url).status_code == 200


def test_refresher_reminders_go_once_before_expiry_and_not_after_a_refresher(personas, qi_basics):
    from django.core import mail

    today = timezone.localdate()
    soon = Completion.objects.create(
        course=qi_basics,
        user=personas.pat,
        completed_on=today - datetime.timedelta(days=700),
        expires_on=today + datetime.timedelta(days=20),
    )
    Completion.objects.create(
        course=qi_basics,
        user=personas.carl,
        completed_on=today - datetime.timedelta(days=800),
        expires_on=today - datetime.timedelta(days=10),
    )
    Completion.objects.create(  # carl has done it again since
        course=qi_basics,
        user=personas.carl,
        completed_on=today,
        expires_on=today.replace(year=today.year + 2),
    )
    assert services.send_refresher_reminders(today) == 1
    assert services.send_refresher_reminders(today) == 0
    assert mail.outbox[0].to == [personas.pat.email]
    assert soon.expires_on.strftime("%-d") in mail.outbox[0].body
