"""A project's page: aim, status history, team, involvement level and what to do next."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from coproduce.accounts.decorators import require_sign_in
from coproduce.projects import presenters
from coproduce.projects.views.common import get_project


@require_safe
@require_sign_in
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request, pk)
    if not request.user.has_perm("projects.view_project_list"):
        # A patient or carer on the team sees the project as a member, not the team's workings.
        return redirect("pool:my-project", pk=project.pk)
    involvement = presenters.involvement_summary(project)
    return render(
        request,
        "projects/project_detail.jinja",
        {
            "page_title": project.title,
            "project": project,
            "topics": list(project.topics.all()),
            "status_changes": list(project.status_changes.select_related("changed_by")),
            "team": list(project.team.select_related("user", "pool_member")),
            "involvement": involvement,
            "find_people": presenters.find_people_step(request.user, project, involvement),
            "progress": presenters.progress_score(project),
            "outline": presenters.driver_outline(project),
            "measures": list(project.measures.all()),
        },
    )
