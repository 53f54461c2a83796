"""Training reports for the involvement team, on screen and as CSV."""

import csv
import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from coproduce.accounts.decorators import require_permission
from coproduce.involvement import measure
from coproduce.lib.months import add_months, month_start
from coproduce.training import reports


def _period(request: HttpRequest) -> tuple[datetime.date, datetime.date, str]:
    """The last 12 months by default, or ?months=N (1 to 36)."""
    try:
        months = int(request.GET.get("months", "12"))
    except ValueError:
        months = 12
    months = min(max(months, 1), 36)
    last = month_start(timezone.localdate())
    return add_months(last, -(months - 1)), last, str(months)


@require_safe
@require_permission("training.view_reports")
def training_reports(request: HttpRequest) -> HttpResponse:
    first, last, months = _period(request)
    report = reports.people_trained(request.user.organisation, first, last)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="people-trained-{first:%Y-%m}-to-{last:%Y-%m}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(["Month", "Directorate", "Group", "People trained"])
        writer.writerows(report.csv_rows)
        return response
    # The split reads the measure's month-end levels, so make sure they reach this month.
    measure.ensure_current(request.user.organisation)
    return render(
        request,
        "training/reports.jinja",
        {
            "page_title": "Training reports",
            "report": report,
            "staff_split": reports.staff_by_involvement(request.user.organisation, first, last),
            "groups": reports.GROUPS,
            "months": months,
        },
    )
