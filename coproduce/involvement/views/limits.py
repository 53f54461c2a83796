"""Marking a month where a chart's process changed: the limits start again from there.

One page per series (the trust, a directorate, a service, a project measure) shows the chart,
the changes in force with an undo button, what Making Data Count advises, and a form. Recording
a change writes one row; the chart is drawn with it on the next view, not by a rebuild.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from coproduce import spc
from coproduce.accounts.decorators import require_permission, require_sign_in
from coproduce.involvement import limits, measure, presenters
from coproduce.involvement.forms.limits import LimitChangeForm
from coproduce.involvement.models import Annotation, LimitChange
from coproduce.lib.months import month_label
from coproduce.organisations.models import Directorate, Service
from coproduce.projects.models import ProjectMeasure
from coproduce.projects.views.common import get_project


@dataclass
class Series:
    name: str
    days: list[datetime.date]
    values: list[Any]
    labels: list[str]
    where: dict[str, Any]
    page_url: str
    back_url: str
    back_text: str
    chart: Any
    notes: list[Annotation]
    improvement: str = "up"


def _involvement_series(
    request: HttpRequest, directorate: Any = None, service: Any = None
) -> Series:
    organisation = request.user.organisation
    own = measure.ensure_current(organisation)
    if service is not None:
        figures = measure.series_by(organisation, "service_id", service=service).get(service.pk, [])
        name, notes = str(service), []
        page = reverse("involvement:limits-service", args=[service.pk])
        back = reverse("involvement:directorate", args=[service.directorate_id])
        back_text = f"Back to {service.directorate}"
    elif directorate is not None:
        figures = measure.series_by(organisation, "directorate_id", directorate=directorate).get(
            directorate.pk, []
        )
        name, notes = str(directorate), presenters.annotations_for(organisation, directorate)
        page = reverse("involvement:limits-directorate", args=[directorate.pk])
        back, back_text = (
            reverse("involvement:directorate", args=[directorate.pk]),
            f"Back to {directorate}",
        )
    else:
        figures = measure.trust_series(organisation)
        name, notes = str(organisation), presenters.annotations_for(organisation)
        page = reverse("involvement:limits")
        back, back_text = reverse("involvement:dashboard"), "Back to the dashboard"
    figures = [f for f in figures if f.percent is not None]
    where = limits.series_filter(directorate=directorate, service=service)
    chart = presenters.measure_chart(
        f"Active projects with Big I involvement: {name}",
        figures,
        own.target_percent,
        notes,
        limits.in_force(organisation, **where),
        element_id="chart-limits",
    )
    return Series(
        name=name,
        days=[f.month_end for f in figures],
        values=[f.percent for f in figures],
        labels=[presenters.figure_month(f) for f in figures],
        where=where,
        page_url=page,
        back_url=back,
        back_text=back_text,
        chart=chart,
        notes=notes,
    )


def _page(request: HttpRequest, series: Series) -> HttpResponse:
    organisation = request.user.organisation
    current = limits.in_force(organisation, **series.where)
    form = LimitChangeForm(
        request.POST if request.method == "POST" else None,
        points=list(zip(series.days, series.labels, strict=True)),
    )
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["kind"] == "recalculate" or data["month"] != min(series.days):
            warnings = limits.warnings_for(series.values, series.days, data["month"], current)
        if warnings and not data["accept_warnings"]:
            form.add_error(
                "accept_warnings",
                "Making Data Count advises against recalculating here: read why, then confirm "
                "to go ahead",
            )
        else:
            limits.record(
                organisation,
                by=request.user,
                warnings=warnings,
                month=data["month"],
                kind=data["kind"],
                baseline_points=data["baseline_points"],
                reason=data["reason"],
                **series.where,
            )
            messages.success(request, f"The limits start again from {month_label(data['month'])}")
            return redirect(series.page_url)
    suggestion = None
    if series.chart.suggested_index is not None:
        day = series.days[series.chart.suggested_index]
        nearby = [n.text for n in series.notes if abs((n.month_end - day).days) <= 62]
        suggestion = {"month": series.labels[series.chart.suggested_index], "notes": nearby}
    return render(
        request,
        "involvement/limits.jinja",
        {
            "page_title": f"Recalculate the limits: {series.name}",
            "series": series,
            "form": form,
            "warnings": warnings,
            "changes": sorted(current, key=lambda c: c.month),
            "undone": LimitChange.objects.filter(
                organisation=organisation, undone_at__isnull=False, **series.where
            ).order_by("-undone_at")[:10],
            "suggestion": suggestion,
            "shift_length": spc.DEFAULT_SHIFT_LENGTH,
            "minimum_points": spc.MINIMUM_POINTS_FOR_LIMITS,
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("involvement.change_limits")
def trust_limits(request: HttpRequest) -> HttpResponse:
    return _page(request, _involvement_series(request))


@require_http_methods(["GET", "POST"])
@require_permission("involvement.change_limits")
def directorate_limits(request: HttpRequest, pk: int) -> HttpResponse:
    chosen = get_object_or_404(
        Directorate.objects.filter(organisation=request.user.organisation), pk=pk
    )
    return _page(request, _involvement_series(request, directorate=chosen))


@require_http_methods(["GET", "POST"])
@require_permission("involvement.change_limits")
def service_limits(request: HttpRequest, pk: int) -> HttpResponse:
    chosen = get_object_or_404(
        Service.objects.filter(directorate__organisation=request.user.organisation).select_related(
            "directorate"
        ),
        pk=pk,
    )
    return _page(request, _involvement_series(request, service=chosen))


def _measure_series(request: HttpRequest, project: Any, item: ProjectMeasure) -> Series:
    from coproduce.projects import presenters as project_presenters

    values = list(item.values.order_by("recorded_for"))
    page = reverse("projects:measure-limits", args=[project.pk, item.pk])
    return Series(
        name=item.name,
        days=[v.recorded_for for v in values],
        values=[v.value for v in values],
        labels=[v.recorded_for.strftime("%-d %B %Y") for v in values],
        where=limits.series_filter(project_measure=item),
        page_url=page,
        back_url=reverse("projects:measure", args=[project.pk, item.pk]),
        back_text=f"Back to {item.name}",
        chart=project_presenters.measure_chart(item),
        notes=[],
        improvement=item.improvement,
    )


@require_http_methods(["GET", "POST"])
@require_permission("projects.view_project_list")
def measure_limits(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    project = get_project(request, pk, "projects.change_measure_limits")
    item = get_object_or_404(project.measures, pk=measure_pk)
    return _page(request, _measure_series(request, project, item))


@require_POST
@require_sign_in
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(
        LimitChange.objects.filter(
            organisation=request.user.organisation, undone_at__isnull=True
        ).select_related("project_measure__project", "directorate", "service"),
        pk=pk,
    )
    if change.project_measure_id:
        project = change.project_measure.project
        if not request.user.has_perm("projects.change_measure_limits", project):
            raise Http404
        back = reverse("projects:measure-limits", args=[project.pk, change.project_measure_id])
    else:
        if not request.user.has_perm("involvement.change_limits"):
            raise PermissionDenied
        if change.service_id:
            back = reverse("involvement:limits-service", args=[change.service_id])
        elif change.directorate_id:
            back = reverse("involvement:limits-directorate", args=[change.directorate_id])
        else:
            back = reverse("involvement:limits")
    limits.undo(change, by=request.user)
    messages.success(request, f"The change from {month_label(change.month)} has been undone")
    return redirect(back)
