from django.urls import path

from coproduce.involvement.views import annotations, dashboard, ledger, limits, settings

app_name = "involvement"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("measure.csv", dashboard.dashboard_csv, name="dashboard-csv"),
    path("directorates/<int:pk>/", dashboard.directorate, name="directorate"),
    path("not-yet-meaningful/", dashboard.not_yet_meaningful, name="not-yet-meaningful"),
    path("settings/", settings.involvement_settings, name="settings"),
    path("notes/", annotations.annotation_list, name="annotations"),
    path("notes/<int:pk>/remove/", annotations.annotation_remove, name="annotation-remove"),
    path("limits/", limits.trust_limits, name="limits"),
    path("limits/directorates/<int:pk>/", limits.directorate_limits, name="limits-directorate"),
    path("limits/services/<int:pk>/", limits.service_limits, name="limits-service"),
    path("limits/<int:pk>/undo/", limits.undo, name="limits-undo"),
    path("projects/<int:pk>/", ledger.project_ledger, name="ledger"),
    path("projects/<int:pk>/add/", ledger.record_new, name="record-new"),
    path("projects/<int:pk>/<int:record_pk>/", ledger.record_edit, name="record-edit"),
]
