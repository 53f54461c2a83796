"""The involvement team's queue: new -> contacted -> call booked -> done."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.support import services
from coproduce.support.models import RequestStatus, SupportRequest
from coproduce.support.tests.factories import SupportRequestFactory

pytestmark = pytest.mark.django_db


def _aged(personas, hours: float, **fields):  # type: ignore[no-untyped-def]
    item = SupportRequestFactory(organisation=personas.trust, **fields)
    SupportRequest.objects.filter(pk=item.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=hours)
    )
    item.refresh_from_db()
    return item


def test_the_coordinator_moves_a_request_through_to_done(
    client, personas, django_capture_on_commit_callbacks
):
    item = _aged(personas, 5)
    client.force_login(personas.cora)
    url = reverse("support:request-detail", args=[item.pk])
    response = client.post(url, {"action": "contacted", "contacted-note": "Emailed to offer times"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == RequestStatus.CONTACTED
    assert abs((item.first_contacted_at - item.created_at) - datetime.timedelta(hours=5)) < (
        datetime.timedelta(minutes=1)
    )
    day = timezone.localdate() + datetime.timedelta(days=3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "action": "book_call",
                "book_call-call_date_0": day.day,
                "book_call-call_date_1": day.month,
                "book_call-call_date_2": day.year,
                "book_call-call_time": "10:30",
                "book_call-video_link": "https://video.example.org/room-12",
            },
        )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == RequestStatus.CALL_BOOKED
    assert timezone.localtime(item.call_at).hour == 10
    assert mail.outbox[0].to == [item.email]
    assert "https://video.example.org/room-12" in mail.outbox[0].body
    response = client.post(
        url,
        {
            "action": "done",
            "done-outcome": "Talked through the project; two carers to be invited",
            "done-follow_up": "Send the toolkit",
        },
    )
    item.refresh_from_db()
    assert item.status == RequestStatus.DONE and item.closed_at is not None
    assert item.notes.count() == 3
    actions = list(
        AuditEvent.objects.filter(target_id=str(item.pk), target_type="support.supportrequest")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["support.request_contacted", "support.call_booked", "support.request_done"]
    page = client.get(url).content.decode()
    assert "Talked through the project" in page and "Mark as done" not in page


def test_bad_handling_input_is_explained_and_changes_nothing(client, personas):
    item = _aged(personas, 1)
    client.force_login(personas.cora)
    url = reverse("support:request-detail", args=[item.pk])
    response = client.post(
        url,
        {
            "action": "book_call",
            "book_call-call_date_0": "1",
            "book_call-call_date_1": "1",
            "book_call-call_date_2": "2020",
            "book_call-call_time": "25:00",
            "book_call-video_link": "",
        },
    )
    content = response.content.decode()
    assert "Error: Support request" in content
    assert "Enter the time of the call as hours and minutes, like 14:30" in content
    assert "Enter the video call link" in content
    response = client.post(url, {"action": "done", "done-outcome": ""})
    assert "Enter the outcome" in response.content.decode()
    item.refresh_from_db()
    assert item.status == RequestStatus.NEW and item.first_contacted_at is None


def test_a_done_request_cannot_move_again(personas):
    item = _aged(personas, 1)
    services.close(
        item, outcome="Answered by email", follow_up="", follow_up_on=None, by=personas.cora
    )
    with pytest.raises(services.SupportError, match="cannot be marked"):
        services.mark_contacted(item, note="", by=personas.cora)


def test_the_queue_shows_time_to_first_contact_and_the_median(client, personas):
    for hours in (2, 4, 30):
        item = _aged(personas, hours + 1)
        SupportRequest.objects.filter(pk=item.pk).update(
            first_contacted_at=item.created_at + datetime.timedelta(hours=hours),
            status=RequestStatus.CONTACTED,
        )
    _aged(personas, 72, name="Still Waiting")
    SupportRequestFactory(organisation=personas.other_trust, name="Other Trust Person")
    summary = services.first_contact_summary(personas.trust)
    assert summary.median == datetime.timedelta(hours=4)
    assert (summary.contacted, summary.waiting, summary.waiting_too_long) == (3, 1, 1)
    client.force_login(personas.cora)
    page = client.get(reverse("support:request-list")).content.decode()
    assert "4 hours (3 requests in the last 90 days)" in page
    assert "1 day 6 hours" in page
    assert "Waiting 3 days" in page
    assert "Other Trust Person" not in page


def test_only_the_involvement_team_sees_the_queue(client, personas):
    item = _aged(personas, 1)
    other = SupportRequestFactory(organisation=personas.other_trust)
    list_url = reverse("support:request-list")
    detail_url = reverse("support:request-detail", args=[item.pk])
    assert client.get(list_url).status_code == 302
    assert client.get(detail_url).status_code == 302
    for person in (personas.leo, personas.pat, personas.alice, personas.fin):
        client.force_login(person)
        assert client.get(list_url).status_code == 403
        assert client.post(detail_url, {"action": "note", "note-text": "x"}).status_code == 403
    client.force_login(personas.cora)
    assert client.get(reverse("support:request-detail", args=[other.pk])).status_code == 404
    assert not item.notes.exists()


def test_the_team_is_reminded_once_a_day_about_requests_left_waiting(personas):
    _aged(personas, 60)
    _aged(personas, 5)  # not yet waiting too long
    contacted = _aged(personas, 80)
    services.mark_contacted(contacted, note="", by=personas.cora)
    call_command("send_support_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["involvement@example.org"]
    assert "1 support request waiting" in mail.outbox[0].subject
    assert services.send_waiting_reminders() == 0
    later = timezone.now() + datetime.timedelta(days=1, minutes=1)
    assert services.send_waiting_reminders(later) == 1
