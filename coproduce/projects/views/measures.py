"""Project measures: named series of dated values, drawn as run or SPC charts."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.accounts.decorators import require_permission
from coproduce.projects import presenters, services
from coproduce.projects.forms.measure import MeasureForm, MeasureValueForm
from coproduce.projects.views.common import get_project


@require_http_methods(["GET", "POST"])
@require_permission("projects.view_project_list")
def measure_new(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request, pk, "projects.contribute")
    form = MeasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        item = services.add_measure(project, by=request.user, **form.cleaned_data)
        messages.success(request, f"{item.name} has been added")
        return redirect("projects:measure", pk=project.pk, measure_pk=item.pk)
    return render(
        request,
        "projects/measure_new.jinja",
        {"page_title": "Add a measure", "form": form, "project": project},
    )


@require_http_methods(["GET", "POST"])
@require_permission("projects.view_project_list")
def measure_detail(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    project = get_project(request, pk)
    item = get_object_or_404(project.measures, pk=measure_pk)
    form = MeasureValueForm(request.POST if request.method == "POST" else None, measure=item)
    if request.method == "POST":
        get_project(request, pk, "projects.contribute")
        if form.is_valid():
            services.record_value(item, by=request.user, **form.cleaned_data)
            messages.success(request, "The value has been recorded")
            return redirect("projects:measure", pk=project.pk, measure_pk=item.pk)
    return render(
        request,
        "projects/measure_detail.jinja",
        {
            "page_title": item.name,
            "form": form,
            "project": project,
            "chart": presenters.measure_chart(item),
            "can_edit": request.user.has_perm("projects.contribute", project),
            "can_change_limits": request.user.has_perm("projects.change_measure_limits", project),
        },
    )
