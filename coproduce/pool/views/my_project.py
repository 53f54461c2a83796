"""A pool member's view of one project they are on (linked from "My projects")."""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from coproduce.accounts.decorators import check_permission, require_permission
from coproduce.pool.project_view import member_project_view
from coproduce.pool.views.my_pages import OWN_PAGES, _me, _render


@require_safe
@require_permission(OWN_PAGES)
def my_project(request: HttpRequest, pk: int) -> HttpResponse:
    member = _me(request)
    # Only the member's own places on teams and in the ledger: any other project is "not
    # found", as other people's invitations are, so an id says nothing about whether it exists.
    related = ("project__organisation", "project__directorate", "project__lead")
    memberships = list(
        member.team_memberships.filter(project_id=pk, project__organisation=member.organisation)
        .select_related(*related)
        .order_by("joined_on", "pk")
    )
    records = list(
        member.involvement_records.filter(project_id=pk, project__organisation=member.organisation)
        .select_related(*related, "invitation__opportunity")
        .order_by("started_on", "pk")
    )
    if not memberships and not records:
        raise Http404("Not one of your projects")
    view = member_project_view(member, memberships, records)
    check_permission(request, "projects.view_as_team_member", view.project)
    return _render(request, "pool/my_project.jinja", view.project.title, view=view)
