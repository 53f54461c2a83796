"""One way to reach anyone: pick the channel the person chose, render, record, queue, send."""

import logging
import re
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coproduce.audit import services as auditor
from coproduce.outreach import registry
from coproduce.outreach.backends import PermanentFailure, TemporaryFailure, Unsupported, backend
from coproduce.outreach.models import (
    CHOOSABLE_TOPICS,
    Channel,
    ContactPreference,
    Message,
    MessageStatus,
    Topic,
)

logger = logging.getLogger(__name__)

MOBILE = re.compile(r"^(?:\+44|0044|0)7\d{9}$")


def is_mobile(phone: str) -> bool:
    return bool(MOBILE.match(re.sub(r"[\s()-]", "", phone or "")))


def preference(member: Any) -> ContactPreference | None:
    try:
        return member.contact_preference
    except ContactPreference.DoesNotExist:
        return None


def address_for(member: Any, channel: str) -> str:
    """The email, number or address to use on a channel, or "" when the member gave none."""
    if channel == Channel.EMAIL:
        return member.email or ""
    if channel == Channel.SMS:
        return member.phone if is_mobile(member.phone) else ""
    if channel == Channel.CALL:
        return member.phone or ""
    if channel == Channel.LETTER:
        choice = preference(member)
        return choice.postal_address.strip() if choice else ""
    return ""


def channels_for(member: Any, topic: str) -> list[str]:
    """The channels to try, in the member's order, for one topic. Without a recorded choice: email
    when they gave one, else a text to the mobile number they gave."""
    choice = preference(member)
    if choice is None:
        wanted = [Channel.EMAIL, Channel.SMS]
    else:
        if topic != Topic.ACCOUNT and topic not in choice.topics:
            return []
        wanted = list(choice.channels)
    return [channel for channel in wanted if address_for(member, channel)]


def can_be_reached(member: Any) -> bool:
    choice = preference(member)
    wanted = choice.channels if choice else [Channel.EMAIL, Channel.SMS]
    return any(address_for(member, channel) for channel in wanted)


def cannot_be_reached(members: Iterable[Any]) -> list[Any]:
    return [member for member in members if not can_be_reached(member)]


def failures(member: Any) -> list[Message]:
    """Messages that could not be delivered to the details the member has now: a changed email
    address or phone number clears them."""
    failed = member.messages.filter(status=MessageStatus.FAILED).order_by("-created_at")
    return [m for m in failed if m.channel and m.to == address_for(member, m.channel)]


def forget(member: Any) -> None:
    """When a member is anonymised: drop their choices and address, and keep of each message only
    what it was, how it went and when."""
    ContactPreference.objects.filter(member=member).delete()
    member.messages.update(to="", subject="", body="", last_error="", provider_reference="")


@transaction.atomic
def choose(
    member: Any, *, channels: list[str], topics: list[str], postal_address: str, by: Any
) -> ContactPreference:
    """Record what the member chose (by themselves or by the team on their behalf), audited."""
    channels = [c for c in Channel.values if c in channels]
    topics = [t for t in CHOOSABLE_TOPICS if t in topics]
    before = preference(member)
    was = (
        {
            "channels": before.channels,
            "topics": before.topics,
            "postal_address": before.postal_address,
        }
        if before
        else {"channels": None, "topics": None, "postal_address": None}
    )
    choice, _ = ContactPreference.objects.update_or_create(
        member=member,
        defaults={
            "channels": channels,
            "topics": topics,
            "postal_address": postal_address.strip(),
            "chosen_at": timezone.now(),
            "chosen_by": by,
        },
    )
    now = {"channels": channels, "topics": topics, "postal_address": choice.postal_address}
    auditor.record(
        "outreach.contact_choices_changed",
        actor=by,
        target=member,
        changes={key: [was[key], now[key]] for key in now if was[key] != now[key]},
    )
    member.contact_preference = choice
    return choice


def send(
    name: str,
    *,
    member: Any = None,
    user: Any = None,
    email: str = "",
    context: dict[str, Any] | None = None,
    organisation: Any = None,
) -> Message:
    """Record one message and queue it to be sent when the current transaction commits.

    A pool member is reached the way they chose; staff (a user without a member) by email.
    """
    template = registry.get(name)
    context = dict(context or {})
    if member is not None:
        organisation = organisation or member.organisation
        user = user or member.user
        channels = channels_for(member, template.topic)
        channel = channels[0] if channels else ""
        to = address_for(member, channel) if channel else ""
    else:
        channel = Channel.EMAIL
        to = email or getattr(user, "email", "")
    message = Message(
        organisation=organisation,
        member=member,
        user=user,
        template=name,
        topic=template.topic,
        channel=channel,
        to=to,
    )
    if not channel or not to:
        message.channel = ""
        message.status = MessageStatus.CANNOT_REACH
        message.save()
        return message
    message.subject, message.body = template.render(
        Channel.LETTER if channel == Channel.CALL else channel, context
    )
    if channel == Channel.CALL:
        message.status = MessageStatus.TO_CALL
        message.save()
        return message
    message.save()
    from coproduce.outreach.tasks import deliver

    transaction.on_commit(lambda: deliver.enqueue(message.pk))
    return message


def _attempt(message: Message) -> bool:
    """One try. True when the message is settled (sent, failed or handed to the team)."""
    message.attempts += 1
    try:
        reference = backend().send(message)
    except TemporaryFailure as error:
        message.status = MessageStatus.RETRYING
        message.last_error = str(error)[:300]
        message.save(update_fields=["attempts", "status", "last_error", "updated_at"])
        return False
    except PermanentFailure as error:
        message.status = MessageStatus.FAILED
        message.last_error = str(error)[:300]
        message.save(update_fields=["attempts", "status", "last_error", "updated_at"])
        return True
    except Unsupported:
        # This back end cannot send a text or a letter: the team makes the contact instead.
        message.status = MessageStatus.TO_CALL
        message.last_error = f"Cannot send a {message.get_channel_display().lower()} from here"
        message.save(update_fields=["attempts", "status", "last_error", "updated_at"])
        return True
    message.status = MessageStatus.SENT
    message.provider_reference = reference or ""
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(
        update_fields=[
            "attempts",
            "status",
            "provider_reference",
            "sent_at",
            "last_error",
            "updated_at",
        ]
    )
    return True


def deliver(message_id: int) -> Message:
    """Send one queued message, trying again after each of MESSAGES_RETRY_DELAYS on a temporary
    failure. Still failing, it waits as "retrying" for `send_waiting_messages`; never dropped."""
    message = Message.objects.get(pk=message_id)
    if message.status not in (MessageStatus.QUEUED, MessageStatus.RETRYING):
        return message
    delays = list(settings.MESSAGES_RETRY_DELAYS)
    while not _attempt(message):
        if not delays:
            logger.warning("Message %s waits to be sent again: %s", message.pk, message.last_error)
            break
        time.sleep(delays.pop(0))
    return message


def send_waiting() -> int:
    """Try again every message that is waiting; how many were sent."""
    sent = 0
    for pk in Message.objects.filter(status=MessageStatus.RETRYING).values_list("pk", flat=True):
        if deliver(pk).status == MessageStatus.SENT:
            sent += 1
    return sent


@transaction.atomic
def call_made(message: Message, *, by: Any) -> Message:
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.TO_CALL:
        return message
    message.status = MessageStatus.CALLED
    message.done_by = by
    message.sent_at = timezone.now()
    message.save(update_fields=["status", "done_by", "sent_at", "updated_at"])
    auditor.record(
        "outreach.call_made",
        actor=by,
        target=message.member or message,
        organisation=message.organisation,
        changes={"call about": [None, registry.get(message.template).call_about]},
    )
    return message
