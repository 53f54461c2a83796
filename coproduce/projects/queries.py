"""Which projects a list shows, with the column every list adds: the level this month.

The projects page, its downloads and the API's project list read through here."""

from collections.abc import Mapping
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from coproduce.involvement import measure
from coproduce.involvement.models import Level, MonthlyLevel
from coproduce.projects.models import Project, ProjectStatus

FILTERS = ("q", "status", "directorate", "topic", "level", "mine")


def level_now() -> Subquery:
    """Each project's involvement level at this month's end, as a column."""
    return Subquery(
        MonthlyLevel.objects.filter(
            project=OuterRef("pk"), month_end=measure.current_month_end()
        ).values("level")[:1]
    )


def with_level(projects: QuerySet[Project]) -> QuerySet[Project]:
    """`projects` with what a list row shows: directorate, service, lead and `level_now`."""
    return projects.select_related("directorate", "service", "lead").annotate(level_now=level_now())


def projects_of(user: Any) -> QuerySet[Project]:
    """The projects of the person's own trust."""
    return Project.objects.filter(organisation=user.organisation_id)


def filtered_projects(
    user: Any, params: Mapping[str, str]
) -> tuple[QuerySet[Project], dict[str, str]]:
    """The projects the list shows for these filters (the page and its downloads share it)."""
    filters = {name: str(params.get(name, "")).strip() for name in FILTERS}
    projects = with_level(projects_of(user))
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
