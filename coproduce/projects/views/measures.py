"""Project measures: named series of dated values, drawn as run or SPC charts."""

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.accounts.decorators import require_permission
from coproduce.projects import presenters, services
from coproduce.projects.forms.measure import MeasureForm, MeasureValueForm, PastedValuesForm
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
    pasting = request.method == "POST" and request.POST.get("action") == "paste"
    form = MeasureValueForm(
        request.POST if request.method == "POST" and not pasting else None, measure=item
    )
    paste_form = PastedValuesForm(request.POST if pasting else None)
    if pasting:
        get_project(request, pk, "projects.contribute")
        if paste_form.is_valid():
            count = services.record_values(item, paste_form.cleaned_data["pasted"], by=request.user)
            messages.success(
                request, f"{count} {'value has' if count == 1 else 'values have'} been recorded"
            )
            return redirect("projects:measure", pk=project.pk, measure_pk=item.pk)
    elif request.method == "POST":
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
            "paste_form": paste_form,
            "project": project,
            "chart": presenters.measure_chart(item),
            "can_edit": request.user.has_perm("projects.contribute", project),
            "can_change_limits": request.user.has_perm("projects.change_measure_limits", project),
        },
    )


@require_POST
@require_permission("projects.view_project_list")
def measure_value_remove(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    project = get_project(request, pk, "projects.contribute")
    item = get_object_or_404(project.measures, pk=measure_pk)
    try:
        day = datetime.date.fromisoformat(request.POST.get("recorded_for", ""))
    except ValueError:
        day = None
    if day is not None and services.remove_value(item, day, by=request.user):
        messages.success(request, f"The value for {day:%-d %B %Y} has been deleted")
    else:
        messages.error(request, "There was no value for that date to delete")
    return redirect("projects:measure", pk=project.pk, measure_pk=item.pk)
