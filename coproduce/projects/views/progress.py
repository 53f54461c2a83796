"""The IHI progress score: suggested from the evidence, which the lead may override."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.accounts.decorators import require_permission
from coproduce.projects import presenters, services
from coproduce.projects.forms.progress import SUGGESTED, ProgressScoreForm
from coproduce.projects.views.common import get_project


@require_http_methods(["GET", "POST"])
@require_permission("projects.view_project_list")
def progress_score(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request, pk, "projects.set_progress_score")
    initial = {
        "score": str(project.progress_score_override)
        if project.progress_score_override is not None
        else SUGGESTED,
        "reason": project.progress_score_reason,
    }
    form = ProgressScoreForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_progress_override(
            project, score=form.chosen_score(), reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(request, "The progress score has been saved")
        return redirect("projects:detail", pk=project.pk)
    return render(
        request,
        "projects/progress.jinja",
        {
            "page_title": "Progress score",
            "form": form,
            "project": project,
            "progress": presenters.progress_score(project),
        },
    )
