from django.urls import path

from coproduce.involvement.views import limits as limit_views
from coproduce.projects.views import (
    driver_diagram,
    measures,
    pdsa,
    progress,
    project_detail,
    project_form,
    project_list,
    status,
    team,
)

app_name = "projects"

urlpatterns = [
    path("", project_list.project_list, name="list"),
    path("new/", project_form.project_new, name="new"),
    path("<int:pk>/", project_detail.project_detail, name="detail"),
    path("<int:pk>/edit/", project_form.project_edit, name="edit"),
    path("<int:pk>/status/", status.project_status, name="status"),
    path("<int:pk>/team/add/", team.team_add, name="team-add"),
    path("<int:pk>/team/<int:member_pk>/left/", team.team_left, name="team-left"),
    path("<int:pk>/driver-diagram/", driver_diagram.driver_diagram, name="driver-diagram"),
    path(
        "<int:pk>/driver-diagram.svg",
        driver_diagram.driver_diagram_svg,
        name="driver-diagram-svg",
    ),
    path("<int:pk>/driver-diagram/add/", driver_diagram.element_add, name="element-add"),
    path(
        "<int:pk>/driver-diagram/<int:element_pk>/edit/",
        driver_diagram.element_edit,
        name="element-edit",
    ),
    path(
        "<int:pk>/driver-diagram/<int:element_pk>/delete/",
        driver_diagram.element_delete,
        name="element-delete",
    ),
    path("<int:pk>/change-ideas/<int:element_pk>/pdsa/new/", pdsa.pdsa_new, name="pdsa-new"),
    path("<int:pk>/pdsa/<int:cycle_pk>/", pdsa.pdsa_detail, name="pdsa"),
    path("<int:pk>/pdsa/<int:cycle_pk>/delete/", pdsa.pdsa_delete, name="pdsa-delete"),
    path("<int:pk>/measures/new/", measures.measure_new, name="measure-new"),
    path("<int:pk>/measures/<int:measure_pk>/", measures.measure_detail, name="measure"),
    path(
        "<int:pk>/measures/<int:measure_pk>/limits/",
        limit_views.measure_limits,
        name="measure-limits",
    ),
    path(
        "<int:pk>/measures/<int:measure_pk>/remove-value/",
        measures.measure_value_remove,
        name="measure-value-remove",
    ),
    path("<int:pk>/progress-score/", progress.progress_score, name="progress"),
]
