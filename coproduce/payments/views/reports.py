"""Spend on involvement payments by project, directorate and month."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from coproduce.accounts.decorators import require_permission
from coproduce.payments import presenters
from coproduce.payments.models import Payment


@require_safe
@require_permission("payments.view_reports")
def spend(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    years = sorted(
        {
            day.year
            for day in Payment.objects.filter(organisation=organisation).values_list(
                "activity__activity_date", flat=True
            )
        }
        | {timezone.localdate().year},
        reverse=True,
    )
    try:
        year = int(request.GET.get("year", years[0]))
    except ValueError:
        year = years[0]
    if year not in years:
        year = years[0]
    return render(
        request,
        "payments/reports.jinja",
        {
            "page_title": f"Spend on involvement payments, {year}",
            "year": year,
            "years": years,
            "report": presenters.spend_report(organisation, year=year),
        },
    )
