"""A project's involvement ledger, and entries recorded by hand."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.accounts.decorators import require_permission
from coproduce.involvement import ledger, services
from coproduce.involvement.forms.record import InvolvementRecordForm
from coproduce.lib import involvement_levels as levels
from coproduce.projects import presenters as project_presenters
from coproduce.projects.views.common import get_project


@require_safe
@require_permission("projects.view_project_list")
def project_ledger(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request, pk, "involvement.view_ledger")
    entries = ledger.entries_for(project)
    by_stage = [
        (levels.STAGE_NAMES[stage], [e for e in entries if e.stage == stage])
        for stage in levels.STAGES
    ]
    unstaged = [e for e in entries if e.stage == levels.UNSTAGED]
    if unstaged:
        by_stage.append((levels.STAGE_NAMES[levels.UNSTAGED], unstaged))
    return render(
        request,
        "involvement/ledger.jinja",
        {
            "page_title": f"Involvement in {project.title}",
            "project": project,
            "by_stage": by_stage,
            "involvement": project_presenters.involvement_summary(project),
            "can_change": request.user.has_perm("involvement.change_ledger", project),
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("projects.view_project_list")
def record_new(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request, pk, "involvement.change_ledger")
    initial = {"stage": request.GET.get("stage", "")}
    form = InvolvementRecordForm(
        request.POST if request.method == "POST" else None, project=project, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        record = services.add_record(project, by=request.user, **form.record_fields())
        messages.success(request, f"Involvement recorded: {record.get_stage_display().lower()}")
        return redirect("involvement:ledger", pk=project.pk)
    return render(
        request,
        "involvement/record_form.jinja",
        {
            "page_title": "Record involvement",
            "form": form,
            "project": project,
            "record": None,
            "how_hints": InvolvementRecordForm.how_hints(),
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("projects.view_project_list")
def record_edit(request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
    project = get_project(request, pk, "involvement.change_ledger")
    record = get_object_or_404(project.involvement_records, pk=record_pk)
    form = InvolvementRecordForm(
        request.POST if request.method == "POST" else None,
        project=project,
        instance=record,
    )
    if request.method == "POST":
        if "remove" in request.POST:
            services.remove_record(record, by=request.user)
            messages.success(request, "The entry has been removed")
            return redirect("involvement:ledger", pk=project.pk)
        if form.is_valid():
            services.update_record(record, by=request.user, **form.record_fields())
            messages.success(request, "The entry has been saved")
            return redirect("involvement:ledger", pk=project.pk)
    return render(
        request,
        "involvement/record_form.jinja",
        {
            "page_title": "Change an involvement entry",
            "form": form,
            "project": project,
            "record": record,
            "how_hints": InvolvementRecordForm.how_hints(),
        },
    )
