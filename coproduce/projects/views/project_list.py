"""The list of projects, with filters (GET only, so a filtered list can be bookmarked)."""

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from coproduce.accounts.decorators import require_permission
from coproduce.involvement import measure
from coproduce.involvement.models import Level, MonthlyLevel
from coproduce.organisations.models import Directorate
from coproduce.projects.models import Project, ProjectStatus, Topic

FILTERS = ("q", "status", "directorate", "topic", "level", "mine")


def filtered_projects(
    user: Any, params: Mapping[str, str]
) -> tuple[QuerySet[Project], dict[str, str]]:
    """The projects the list shows for these filters (the page and its downloads share it)."""
    organisation = user.organisation
    filters = {name: str(params.get(name, "")).strip() for name in FILTERS}
    level_now = MonthlyLevel.objects.filter(
        project=OuterRef("pk"), month_end=measure.current_month_end()
    ).values("level")[:1]
    projects = (
        Project.objects.filter(organisation=organisation)
        .select_related("directorate", "service", "lead")
        .annotate(level_now=Subquery(level_now))
    )
    if filters["q"]:
        projects = projects.filter(
            Q(title__icontains=filters["q"]) | Q(external_reference__iexact=filters["q"])
        )
    if filters["status"] in ProjectStatus.values:
        projects = projects.filter(status=filters["status"])
    if filters["directorate"].isdigit():
        projects = projects.filter(directorate_id=int(filters["directorate"]))
    if filters["topic"].isdigit():
        projects = projects.filter(topics__id=int(filters["topic"]))
    if filters["level"] in Level.values:
        projects = projects.filter(level_now=filters["level"])
    if filters["mine"] == "yes":
        projects = projects.filter(
            Q(lead=user) | Q(team__user=user, team__left_on__isnull=True)
        ).distinct()
    return projects.order_by("title", "pk"), filters


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
