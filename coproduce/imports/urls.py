from django.urls import path

from coproduce.imports.views import downloads, jobs, mapping, upload

app_name = "imports"

urlpatterns = [
    path("projects/", upload.upload, name="upload"),
    path("projects/<int:pk>/columns/", mapping.match_columns, name="columns"),
    path("projects/<int:pk>/", jobs.job_detail, name="job"),
    path("projects/<int:pk>/progress.json", jobs.job_progress, name="job-progress"),
    path("projects/<int:pk>/import/", jobs.job_run, name="job-run"),
    path("projects/<int:pk>/try-again/", jobs.job_again, name="job-again"),
    path("download/<slug:name>.<str:file_format>", downloads.download, name="download"),
]
