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
