"""The list of projects, with filters (GET only, so a filtered list can be bookmarked)."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from coproduce.accounts.decorators import require_permission
from coproduce.involvement import measure
from coproduce.involvement.models import Level
from coproduce.organisations.models import Directorate
from coproduce.projects.models import ProjectStatus, Topic
from coproduce.projects.queries import filtered_projects


@require_safe
@require_permission("projects.view_project_list")
def project_list(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    measure.ensure_current(organisation)
    projects, filters = filtered_projects(request.user, request.GET)
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "projects/project_list.jinja",
        {
            "page_title": "Projects",
            "page": page,
            "filters": filters,
            "query": query,
            "statuses": ProjectStatus.choices,
            "levels": Level.choices,
            "directorates": Directorate.objects.filter(organisation=organisation),
            "topics": Topic.objects.filter(organisation=organisation),
            "level_names": dict(Level.choices),
            "level_colours": {"big_i": "green", "little_i": "yellow", "none": "grey"},
        },
    )
