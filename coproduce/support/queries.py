"""Which support requests the team's queue shows (the page and its downloads share it)."""

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from coproduce.support.models import RequestStatus, SupportRequest

OPEN = [RequestStatus.NEW, RequestStatus.CONTACTED, RequestStatus.CALL_BOOKED]


def filtered_requests(user: Any, params: Mapping[str, str]) -> tuple[QuerySet[SupportRequest], str]:
    """The requests the queue shows for this status."""
    requests = SupportRequest.objects.filter(organisation=user.organisation_id).select_related(
        "project"
    )
    status = str(params.get("status", "open"))
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    elif status != "all":
        status = "open"
        requests = requests.filter(status__in=OPEN)
    return requests.order_by("-created_at", "-pk"), status
