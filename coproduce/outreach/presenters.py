from typing import Any

from django.urls import reverse

from coproduce.outreach import services


def contact_summary(member: Any, *, own: bool) -> dict[str, Any]:
    """What the profile and "my data" show of a member's contact choices and messages."""
    return {
        "member": member,
        "own_page": own,
        "reachable": services.can_be_reached(member),
        "choices_url": reverse("outreach:my-choices")
        if own
        else reverse("outreach:member-choices", args=[member.pk]),
        "message_history": list(member.messages.all()[:50]),
        "failures": services.failures(member),
    }


def export(member: Any) -> dict[str, Any]:
    """The member's contact choices and the messages sent to them, for "my data"."""
    choice = services.preference(member)
    return {
        "contact_choices": {
            "ways": choice.channel_labels() if choice else [],
            "about": choice.topic_labels() if choice else [],
            "address_for_letters": choice.postal_address if choice else "",
            "chosen_at": choice.chosen_at.isoformat() if choice else None,
        },
        "messages": [
            {
                "sent_at": (message.sent_at or message.created_at).isoformat(),
                "message": message.subject or message.template,
                "how": message.get_channel_display(),
                "to": message.to,
                "what_happened": message.get_status_display(),
            }
            for message in member.messages.all()
        ],
    }
