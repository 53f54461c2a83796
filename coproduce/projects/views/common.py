"""Loading a project the way every project page must: scoped to the person's organisation, so
a guessed id from another trust is "not found", then checked against the permission."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from coproduce.accounts.decorators import check_permission
from coproduce.projects.models import Project


def get_project(
    request: HttpRequest, pk: int, permission: str = "projects.view_project"
) -> Project:
    project = get_object_or_404(
        Project.objects.filter(organisation=request.user.organisation).select_related(
            "organisation", "directorate", "service", "lead"
        ),
        pk=pk,
    )
    check_permission(request, permission, project)
    return project
