"""The involvement team's queue of support requests."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from coproduce.accounts.decorators import require_permission
from coproduce.lib.durations import describe_duration
from coproduce.support import services
from coproduce.support.models import RequestStatus, SupportRequest
from coproduce.support.queries import filtered_requests


@require_safe
@require_permission("support.view_queue")
def request_list(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    requests, status = filtered_requests(request.user, request.GET)
    counts = dict(
        SupportRequest.objects.filter(organisation=organisation)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    now = timezone.now()
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    rows = []
    for item in page:
        waited, still_waiting = services.time_to_first_contact(item, now)
        rows.append(
            {
                "request": item,
                "first_contact": describe_duration(waited),
                "still_waiting": still_waiting,
                "overdue": still_waiting and waited > services.WAITING_TOO_LONG,
            }
        )
    summary = services.first_contact_summary(organisation, now=now)
    return render(
        request,
        "support/request_list.jinja",
        {
            "page_title": "Support requests",
            "rows": rows,
            "page": page,
            "status": status,
            "statuses": RequestStatus.choices,
            "counts": {value: counts.get(value, 0) for value in RequestStatus.values},
            "summary": summary,
            "median_text": describe_duration(summary.median) if summary.median else None,
        },
    )
