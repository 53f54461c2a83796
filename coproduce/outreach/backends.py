"""Where messages go, chosen by MESSAGES_BACKEND: console, smtp or notify.

console and smtp both hand email to Django's mail (printed by default, SMTP when EMAIL_HOST is
set). console prints texts and letters; smtp cannot send them, so they become tasks for the team.
notify sends all three through GOV.UK Notify.
"""

import sys
from typing import Any

from django.conf import settings
from django.core.mail import send_mail

from coproduce.outreach.models import Channel, Message


class TemporaryFailure(Exception):
    """Try again later: the provider is busy or down."""


class PermanentFailure(Exception):
    """This message can never be delivered as it is (for example a phone number that is not one)."""


class Unsupported(Exception):
    """This back end cannot send on this channel."""


class ConsoleBackend:
    def send(self, message: Message) -> str:
        if message.channel == Channel.EMAIL:
            send_mail(message.subject, message.body, None, [message.to])
            return ""
        sys.stdout.write(f"--- {message.get_channel_display()} to {message.to}\n{message.body}\n")
        return ""


class SMTPBackend:
    def send(self, message: Message) -> str:
        if message.channel != Channel.EMAIL:
            raise Unsupported(message.channel)
        send_mail(message.subject, message.body, None, [message.to])
        return ""


def letter_address(address: str) -> dict[str, str]:
    lines = [line.strip() for line in address.splitlines() if line.strip()][:7]
    return {f"address_line_{n}": line for n, line in enumerate(lines, start=1)}


class NotifyBackend:
    """One Notify template per channel, with ((subject)) and ((body)) filled in from ours."""

    def __init__(self) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(
            settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=10
        )

    def send(self, message: Message) -> str:
        from notifications_python_client.errors import APIError

        ids = settings.NOTIFY_TEMPLATE_IDS
        body = {"subject": message.subject, "body": message.body}
        reference = f"message-{message.pk}"
        try:
            if message.channel == Channel.EMAIL:
                answer = self.client.send_email_notification(
                    message.to, ids["email"], personalisation=body, reference=reference
                )
            elif message.channel == Channel.SMS:
                answer = self.client.send_sms_notification(
                    message.to, ids["sms"], personalisation=body, reference=reference
                )
            elif message.channel == Channel.LETTER:
                answer = self.client.send_letter_notification(
                    ids["letter"], {**letter_address(message.to), **body}, reference=reference
                )
            else:
                raise Unsupported(message.channel)
        except APIError as error:
            status = getattr(error, "status_code", 0) or 0
            text = _error_text(error)
            if status == 429 or status >= 500 or status == 0:
                raise TemporaryFailure(f"{status}: {text}") from error
            raise PermanentFailure(f"{status}: {text}") from error
        return str(answer.get("id", ""))


def _error_text(error: Any) -> str:
    messages = getattr(error, "message", "")
    if isinstance(messages, list):
        return "; ".join(str(m.get("message", m)) for m in messages if isinstance(m, dict))[:250]
    return str(messages)[:250]


def backend() -> Any:
    name = settings.MESSAGES_BACKEND
    if name == "notify":
        return NotifyBackend()
    if name == "smtp":
        return SMTPBackend()
    return ConsoleBackend()
