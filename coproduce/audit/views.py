"""Administrators search the audit log of their own organisation."""

import datetime

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from coproduce.accounts.decorators import require_permission
from coproduce.audit.models import AuditEvent


def _parse_day(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


@require_safe
@require_permission("audit.view_log")
def audit_log(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    events = AuditEvent.objects.filter(
        Q(organisation=organisation) | Q(actor__organisation=organisation)
    ).select_related("actor")
    filters = {
        "q": request.GET.get("q", "").strip(),
        "action": request.GET.get("action", "").strip(),
        "target_type": request.GET.get("target_type", "").strip(),
        "target_id": request.GET.get("target_id", "").strip(),
        "since": request.GET.get("since", "").strip(),
        "until": request.GET.get("until", "").strip(),
    }
    problems = []
    if filters["q"]:
        events = events.filter(
            Q(actor_label__icontains=filters["q"]) | Q(target_label__icontains=filters["q"])
        )
    if filters["action"]:
        events = events.filter(action__startswith=filters["action"])
    if filters["target_type"]:
        events = events.filter(target_type=filters["target_type"])
    if filters["target_id"]:
        events = events.filter(target_id=filters["target_id"])
    date_filters = (
        ("since", "from", "occurred_at__date__gte"),
        ("until", "to", "occurred_at__date__lte"),
    )
    for name, label, lookup in date_filters:
        if filters[name]:
            day = _parse_day(filters[name])
            if day is None:
                problems.append(
                    {
                        "text": f"Enter the {label} date as year-month-day, like 2026-03-04",
                        "href": f"#{name}",
                    }
                )
            else:
                events = events.filter(**{lookup: day})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    actions = (
        AuditEvent.objects.filter(organisation=organisation)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )
    query_string = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    return render(
        request,
        "audit/log.jinja",
        {
            "page_title": "Audit log",
            "page": page,
            "filters": filters,
            "actions": list(actions),
            "problems": problems,
            "has_errors": bool(problems),
            "query_string": query_string,
        },
    )
