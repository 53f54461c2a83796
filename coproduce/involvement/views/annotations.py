"""Notes on months of the measure, shown on the charts and in their tables."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.accounts.decorators import require_permission
from coproduce.involvement import measure, services
from coproduce.involvement.forms.annotation import AnnotationForm
from coproduce.involvement.models import Annotation
from coproduce.lib.months import month_ends


def _months(organisation) -> list:  # type: ignore[no-untyped-def]
    series = measure.trust_series(organisation)
    if not series:
        return [measure.current_month_end()]
    return month_ends(series[0].month_end, measure.current_month_end())


@require_http_methods(["GET", "POST"])
@require_permission("involvement.annotate")
def annotation_list(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    form = AnnotationForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        months=_months(organisation),
    )
    if request.method == "POST" and form.is_valid():
        services.add_annotation(organisation, by=request.user, **form.cleaned_data)
        messages.success(request, "The note has been added to the chart")
        return redirect("involvement:annotations")
    return render(
        request,
        "involvement/annotations.jinja",
        {
            "page_title": "Notes on the charts",
            "form": form,
            "notes": Annotation.objects.filter(organisation=organisation).select_related(
                "directorate"
            ),
        },
    )


@require_POST
@require_permission("involvement.annotate")
def annotation_remove(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(
        Annotation.objects.filter(organisation=request.user.organisation), pk=pk
    )
    services.remove_annotation(note, by=request.user)
    messages.success(request, "The note has been removed")
    return redirect("involvement:annotations")
