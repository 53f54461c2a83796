"""Start a project, and edit its details."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.accounts.decorators import require_permission
from coproduce.projects import services
from coproduce.projects.forms.project import ProjectForm
from coproduce.projects.views.common import get_project


@require_http_methods(["GET", "POST"])
@require_permission("projects.add_project")
def project_new(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    initial = {"lead": request.user.pk}
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        project = services.create_project(
            organisation=organisation,
            by=request.user,
            topics=form.topic_objects(),
            **form.project_fields(),
        )
        messages.success(request, f"{project.title} has been added")
        return redirect("projects:detail", pk=project.pk)
    return render(
        request,
        "projects/project_form.jinja",
        {"page_title": "Start a project", "form": form, "project": None},
    )


@require_http_methods(["GET", "POST"])
@require_permission("projects.view_project_list")
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request, pk, "projects.change_project")
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        organisation=request.user.organisation,
        instance=project,
    )
    if request.method == "POST" and form.is_valid():
        services.update_project(
            project, by=request.user, topics=form.topic_objects(), **form.project_fields()
        )
        messages.success(request, "The project's details have been saved")
        return redirect("projects:detail", pk=project.pk)
    return render(
        request,
        "projects/project_form.jinja",
        {"page_title": f"Edit {project.title}", "form": form, "project": project},
    )
