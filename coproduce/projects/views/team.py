"""Add people to a project's team, and record when someone leaves it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.accounts.decorators import require_permission
from coproduce.projects import services
from coproduce.projects.forms.team_member import LeftTeamForm, TeamMemberForm
from coproduce.projects.views.common import get_project


@require_http_methods(["GET", "POST"])
@require_permission("projects.view_project_list")
def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request, pk, "projects.contribute")
    form = TeamMemberForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        member = services.add_team_member(project, by=request.user, **form.member_fields())
        messages.success(request, f"{member} has been added to the team")
        return redirect("projects:detail", pk=project.pk)
    return render(
        request,
        "projects/team_add.jinja",
        {"page_title": "Add someone to the team", "form": form, "project": project},
    )


@require_http_methods(["GET", "POST"])
@require_permission("projects.view_project_list")
def team_left(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    project = get_project(request, pk, "projects.contribute")
    member = get_object_or_404(project.team.filter(left_on__isnull=True), pk=member_pk)
    form = LeftTeamForm(
        request.POST if request.method == "POST" else None, joined_on=member.joined_on
    )
    if request.method == "POST" and form.is_valid():
        services.record_leaving(member, left_on=form.cleaned_data["left_on"], by=request.user)
        messages.success(request, f"{member} has left the team")
        return redirect("projects:detail", pk=project.pk)
    return render(
        request,
        "projects/team_left.jinja",
        {
            "page_title": f"Record that {member} left the team",
            "form": form,
            "project": project,
            "member": member,
        },
    )
