"""Every message the product sends: one named template with an email, a text and a letter form.

Each form is a plain-text Jinja template. The email form of a message that was an email before may
stay where it was; the text and letter forms live in outreach/messages/.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from coproduce.outreach.models import Channel, Topic


@dataclass(frozen=True)
class MessageTemplate:
    name: str
    topic: str
    subject: str
    email: str
    sms: str
    letter: str
    # Words for the team's call list: "Ring Pat about ...".
    call_about: str

    def render(self, channel: str, context: dict[str, Any]) -> tuple[str, str]:
        """The subject and the body of this message for one channel."""
        form = {Channel.EMAIL: self.email, Channel.SMS: self.sms, Channel.LETTER: self.letter}
        path = form.get(channel, self.letter)
        body = render_to_string(path, {"site_url": settings.SITE_URL, **context}).strip()
        return self.subject, body + ("\n" if channel != Channel.SMS else "")


def _forms(name: str, email: str | None = None) -> dict[str, str]:
    base = f"outreach/messages/{name}"
    return {
        "email": email or f"{base}.email.txt",
        "sms": f"{base}.sms.txt",
        "letter": f"{base}.letter.txt",
    }


TEMPLATES: dict[str, MessageTemplate] = {
    t.name: t
    for t in [
        MessageTemplate(
            name="invitation",
            topic=Topic.INVITATIONS,
            subject="You are invited to get involved in a project",
            call_about="the invitation to get involved",
            **_forms("invitation", email="matching/emails/invitation.txt"),
        ),
        MessageTemplate(
            name="training_place",
            topic=Topic.TRAINING,
            subject="You have a place on a training session",
            call_about="their training place",
            **_forms("training_place"),
        ),
        MessageTemplate(
            name="payment_decision",
            topic=Topic.PAYMENTS,
            subject="We have looked at your claim",
            call_about="the decision on their claim",
            **_forms("payment_decision"),
        ),
        MessageTemplate(
            name="account_link",
            topic=Topic.ACCOUNT,
            subject="Your Coproduce account is ready",
            call_about="their link to sign in",
            **_forms("account_link", email="accounts/emails/welcome.txt"),
        ),
    ]
}


def get(name: str) -> MessageTemplate:
    return TEMPLATES[name]
