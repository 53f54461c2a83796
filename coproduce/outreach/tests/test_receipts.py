import json

import pytest
from django.urls import reverse

from coproduce.outreach import services as outreach
from coproduce.outreach.models import Message, MessageStatus
from coproduce.pool.tests.factories import member_for

pytestmark = pytest.mark.django_db

TOKEN = "a-long-random-callback-token-for-tests"  # noqa: S105


@pytest.fixture
def sent_text(personas, settings):  # type: ignore[no-untyped-def]
    settings.NOTIFY_CALLBACK_TOKEN = TOKEN
    member = member_for(personas.pat)
    member.email = ""
    member.phone = "07700 900123"
    member.save()
    message = outreach.send("account_link", member=member, context={"name": "Pat", "link": "x"})
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENT, provider_reference="740e5834-3a29-46b4-9a6f-16142fde533a"
    )
    return Message.objects.get(pk=message.pk)


def _receipt(client, status, token=TOKEN):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("outreach:notify-receipt"),
        json.dumps({"id": "740e5834-3a29-46b4-9a6f-16142fde533a", "status": status}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )


def test_a_delivered_receipt_updates_the_status(client, sent_text):
    assert _receipt(client, "delivered").status_code == 200
    sent_text.refresh_from_db()
    assert sent_text.status == MessageStatus.DELIVERED


def test_a_permanent_failure_shows_on_the_profile_and_the_teams_list_until_the_number_changes(
    client, personas, sent_text
):
    assert _receipt(client, "permanent-failure").status_code == 200
    sent_text.refresh_from_db()
    assert sent_text.status == MessageStatus.FAILED
    client.force_login(personas.cora)
    member = sent_text.member
    profile = client.get(reverse("pool:member-detail", args=[member.pk])).content.decode()
    assert "Could not reach Pat" in profile and "does not exist" in profile
    assert "does not exist" in client.get(reverse("outreach:calls")).content.decode()
    member.phone = "07700 900456"
    member.save()
    profile = client.get(reverse("pool:member-detail", args=[member.pk])).content.decode()
    assert "Could not reach Pat" not in profile
    assert "does not exist" not in client.get(reverse("outreach:calls")).content.decode()


@pytest.mark.parametrize("token", ["", "wrong-token"])
def test_a_receipt_without_the_right_bearer_token_changes_nothing(client, sent_text, token):
    response = _receipt(client, "permanent-failure", token=token)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    sent_text.refresh_from_db()
    assert sent_text.status == MessageStatus.SENT


def test_a_malformed_receipt_is_a_clear_problem(client, sent_text):
    response = client.post(
        reverse("outreach:notify-receipt"),
        "not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 400 and "id and status" in response.json()["detail"]


def test_receipts_are_refused_when_no_token_is_configured(client, sent_text, settings):
    settings.NOTIFY_CALLBACK_TOKEN = ""
    assert _receipt(client, "delivered", token="").status_code == 404
