"""Change a project's status from a date (active, on hold, completed, stopped)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.accounts.decorators import require_permission
from coproduce.projects import services
from coproduce.projects.forms.status import StatusForm
from coproduce.projects.views.common import get_project


@require_http_methods(["GET", "POST"])
@require_permission("projects.view_project_list")
def project_status(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request, pk, "projects.change_project")
    form = StatusForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        services.change_status(project, by=request.user, **form.cleaned_data)
        messages.success(request, f"The project is now {project.get_status_display().lower()}")
        return redirect("projects:detail", pk=project.pk)
    return render(
        request,
        "projects/status.jinja",
        {"page_title": f"Change the status of {project.title}", "form": form, "project": project},
    )
