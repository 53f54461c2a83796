import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from coproduce.audit.models import AuditEvent
from coproduce.matching import services as matching
from coproduce.outreach import services as outreach
from coproduce.outreach.models import Channel, Message, MessageStatus, Topic
from coproduce.outreach.tests import notify_server
from coproduce.pool.tests.factories import member_for

pytestmark = pytest.mark.django_db


def _member(user, **changes):  # type: ignore[no-untyped-def]
    member = member_for(user)
    for name, value in changes.items():
        setattr(member, name, value)
    member.save()
    return member


def _invite(opportunity, member, by, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        matching.invite(opportunity, member, by=by, override_reason="Knows the ward well")
    return Message.objects.get(member=member, template="invitation")


def _choose(member, channels, topics=("invitations",), address=""):  # type: ignore[no-untyped-def]
    return outreach.choose(
        member, channels=list(channels), topics=list(topics), postal_address=address, by=None
    )


def test_an_invitation_to_someone_who_gave_only_a_phone_number_arrives_as_a_text(
    personas, opportunity, notify, django_capture_on_commit_callbacks
):
    member = _member(personas.pat, email="", phone="07700 900123")
    message = _invite(opportunity, member, personas.cora, django_capture_on_commit_callbacks)
    [sent] = notify.received
    assert sent["kind"] == "sms" and sent["phone_number"] == "07700 900123"
    assert sent["template_id"] == "9a0e5b5d-8d3e-4a1c-9a5f-2f4c1a3a2b11"
    assert "Calmer ward rounds" in sent["personalisation"]["body"]
    assert len(sent["personalisation"]["body"]) <= 3 * 160
    message.refresh_from_db()
    assert message.channel == Channel.SMS and message.status == MessageStatus.SENT
    assert message.provider_reference == sent["id"] and message.sent_at is not None
    assert sent["reference"] == f"message-{message.pk}"


def test_an_email_goes_through_notify_with_our_subject_and_body(
    personas, opportunity, notify, django_capture_on_commit_callbacks
):
    member = member_for(personas.pat)
    _invite(opportunity, member, personas.cora, django_capture_on_commit_callbacks)
    [sent] = notify.received
    assert sent["kind"] == "email" and sent["email_address"] == member.email
    assert sent["personalisation"]["subject"] == "You are invited to get involved in a project"
    assert "Sign in to reply" in sent["personalisation"]["body"]
    assert mail.outbox == []


def test_a_letter_goes_to_the_address_the_member_gave(
    personas, opportunity, notify, django_capture_on_commit_callbacks
):
    member = member_for(personas.pat)
    _choose(member, [Channel.LETTER], address="Pat Example\n1 High Street\nLeeds\nLS1 1AA")
    _invite(opportunity, member, personas.cora, django_capture_on_commit_callbacks)
    [sent] = notify.received
    assert sent["kind"] == "letter"
    assert sent["personalisation"]["address_line_1"] == "Pat Example"
    assert sent["personalisation"]["address_line_4"] == "LS1 1AA"
    assert "Dear Pat" in sent["personalisation"]["body"]


def test_a_member_who_chose_a_call_becomes_a_task_for_the_team_and_nothing_is_sent(
    personas, opportunity, notify, django_capture_on_commit_callbacks
):
    member = member_for(personas.pat)
    _choose(member, [Channel.CALL])
    message = _invite(opportunity, member, personas.cora, django_capture_on_commit_callbacks)
    assert notify.requests == 0 and mail.outbox == []
    assert message.status == MessageStatus.TO_CALL and message.to == member.phone
    outreach.call_made(message, by=personas.cora)
    message.refresh_from_db()
    assert message.status == MessageStatus.CALLED and message.done_by == personas.cora
    assert AuditEvent.objects.filter(action="outreach.call_made", actor=personas.cora).exists()


def test_nobody_is_contacted_on_a_channel_they_did_not_give_and_the_team_sees_it(
    personas, opportunity, notify, django_capture_on_commit_callbacks
):
    member = _member(personas.pat, phone="")
    _choose(member, [Channel.SMS, Channel.LETTER])  # no mobile number, no address
    message = _invite(opportunity, member, personas.cora, django_capture_on_commit_callbacks)
    assert notify.requests == 0 and mail.outbox == []
    assert message.status == MessageStatus.CANNOT_REACH and message.channel == ""
    assert outreach.cannot_be_reached([member]) == [member]


def test_a_topic_the_member_did_not_choose_is_not_sent(personas, notify):
    member = member_for(personas.pat)
    _choose(member, [Channel.EMAIL], topics=[Topic.NEWS])
    assert outreach.channels_for(member, Topic.INVITATIONS) == []
    assert outreach.channels_for(member, Topic.NEWS) == [Channel.EMAIL]
    # Account links reach them whatever topics they chose.
    assert outreach.channels_for(member, Topic.ACCOUNT) == [Channel.EMAIL]


def test_a_provider_outage_is_retried_and_never_loses_the_message(
    personas, opportunity, notify, django_capture_on_commit_callbacks
):
    member = member_for(personas.pat)
    notify.fail_with = [500, 429, 500]  # three tries fail: the message waits
    message = _invite(opportunity, member, personas.cora, django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert message.status == MessageStatus.RETRYING and message.attempts == 3
    assert "500" in message.last_error and notify.received == []
    call_command("send_waiting_messages")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 4
    assert len(notify.received) == 1


def test_a_short_outage_is_retried_within_the_task(
    personas, opportunity, notify, django_capture_on_commit_callbacks
):
    notify.fail_with = [500]
    message = _invite(
        opportunity, member_for(personas.pat), personas.cora, django_capture_on_commit_callbacks
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 2


def test_an_invalid_phone_number_is_a_permanent_failure(
    personas, opportunity, notify, django_capture_on_commit_callbacks
):
    member = _member(personas.pat, email="", phone="07700 900123")
    notify.fail_with = [400]
    message = _invite(opportunity, member, personas.cora, django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and message.attempts == 1
    assert "Not a UK mobile number" in message.last_error


def test_a_wrong_api_key_is_refused_by_the_jwt_check(
    personas, opportunity, notify, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_API_KEY = (
        f"wrong-{notify_server.SERVICE_ID}-{'0' * 8}-8d35-48ac-975b-e847b4f122b0"
    )
    message = _invite(
        opportunity, member_for(personas.pat), personas.cora, django_capture_on_commit_callbacks
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and "403" in message.last_error
    assert notify.received == []


def test_nothing_is_sent_for_a_change_that_rolled_back(
    personas, opportunity, notify, django_capture_on_commit_callbacks
):
    member = member_for(personas.pat)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        matching.invite(opportunity, member, by=personas.cora, override_reason="x")
        raise RuntimeError("the change failed")
    assert callbacks == [] and notify.requests == 0
    assert not Message.objects.exists()


def test_the_console_back_end_prints_texts_and_emails_through_django_mail(
    personas, opportunity, capsys, django_capture_on_commit_callbacks
):
    texted = _member(personas.pat, email="", phone="07700 900123")
    _invite(opportunity, texted, personas.cora, django_capture_on_commit_callbacks)
    assert "Text message to 07700 900123" in capsys.readouterr().out
    emailed = member_for(personas.carl)
    _invite(opportunity, emailed, personas.cora, django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert email.to == [emailed.email]


def test_the_smtp_back_end_hands_a_text_to_the_team(
    personas, opportunity, settings, django_capture_on_commit_callbacks
):
    settings.MESSAGES_BACKEND = "smtp"
    member = _member(personas.pat, email="", phone="07700 900123")
    message = _invite(opportunity, member, personas.cora, django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert message.status == MessageStatus.TO_CALL and mail.outbox == []


def test_choices_are_recorded_with_the_date_and_audited(personas):
    member = member_for(personas.pat)
    choice = outreach.choose(
        member,
        channels=["sms", "email", "pigeon"],
        topics=["training", "invitations", "account"],
        postal_address="",
        by=personas.cora,
    )
    assert choice.channels == ["email", "sms"] and choice.topics == ["invitations", "training"]
    assert choice.chosen_at is not None and choice.chosen_by == personas.cora
    event = AuditEvent.objects.get(action="outreach.contact_choices_changed")
    assert event.changes["channels"] == [None, ["email", "sms"]]


def test_the_link_to_choose_a_password_reaches_a_phone_only_member_by_text_and_staff_by_email(
    personas, notify, django_capture_on_commit_callbacks
):
    from coproduce.accounts.services import send_welcome_email

    _member(personas.pat, email="", phone="07700 900123")
    with django_capture_on_commit_callbacks(execute=True):
        send_welcome_email(personas.pat)
        send_welcome_email(personas.leo)
    texted, emailed = notify.received
    assert texted["kind"] == "sms" and "/account/" in texted["personalisation"]["body"]
    assert emailed["kind"] == "email" and emailed["email_address"] == personas.leo.email
    assert emailed["personalisation"]["subject"] == "Your Coproduce account is ready"
    assert Message.objects.filter(template="account_link", status=MessageStatus.SENT).count() == 2
