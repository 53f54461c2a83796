from django.urls import path

from coproduce.imports.views import downloads, jobs, mapping, upload

app_name = "imports"
# The structure import runs through the same views as the project import.
STRUCTURE = {"kind": "structure"}
STAFF = {"kind": "staff"}
POOL = {"kind": "pool"}

urlpatterns = [
    path("projects/", upload.upload, name="upload"),
    path("projects/<int:pk>/columns/", mapping.match_columns, name="columns"),
    path("projects/<int:pk>/", jobs.job_detail, name="job"),
    path("projects/<int:pk>/progress.json", jobs.job_progress, name="job-progress"),
    path("projects/<int:pk>/import/", jobs.job_run, name="job-run"),
    path("projects/<int:pk>/try-again/", jobs.job_again, name="job-again"),
    path("structure/", upload.upload, STRUCTURE, name="structure-upload"),
    path("structure/<int:pk>/columns/", mapping.match_columns, STRUCTURE, name="structure-columns"),
    path("structure/<int:pk>/", jobs.job_detail, STRUCTURE, name="structure-job"),
    path(
        "structure/<int:pk>/progress.json",
        jobs.job_progress,
        STRUCTURE,
        name="structure-job-progress",
    ),
    path("structure/<int:pk>/import/", jobs.job_run, STRUCTURE, name="structure-job-run"),
    path("structure/<int:pk>/try-again/", jobs.job_again, STRUCTURE, name="structure-job-again"),
    path("staff/", upload.upload, STAFF, name="staff-upload"),
    path("staff/<int:pk>/columns/", mapping.match_columns, STAFF, name="staff-columns"),
    path("staff/<int:pk>/", jobs.job_detail, STAFF, name="staff-job"),
    path("staff/<int:pk>/progress.json", jobs.job_progress, STAFF, name="staff-job-progress"),
    path("staff/<int:pk>/import/", jobs.job_run, STAFF, name="staff-job-run"),
    path("staff/<int:pk>/try-again/", jobs.job_again, STAFF, name="staff-job-again"),
    path("pool/", upload.upload, POOL, name="pool-upload"),
    path("pool/<int:pk>/columns/", mapping.match_columns, POOL, name="pool-columns"),
    path("pool/<int:pk>/", jobs.job_detail, POOL, name="pool-job"),
    path("pool/<int:pk>/progress.json", jobs.job_progress, POOL, name="pool-job-progress"),
    path("pool/<int:pk>/import/", jobs.job_run, POOL, name="pool-job-run"),
    path("pool/<int:pk>/try-again/", jobs.job_again, POOL, name="pool-job-again"),
    path("download/<slug:name>.<str:file_format>", downloads.download, name="download"),
]
