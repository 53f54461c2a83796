"""Background work for imports, through Django's tasks framework.

With the default immediate backend (`make run`, the tests) a task runs inside the request that
queued it; in production the database backend hands it to `coproduce db_worker`, and the job's
page shows its progress meanwhile. The tasks take the job's id, never the file, so a worker on
another server reads the same stored upload.
"""

from django.db import transaction
from django.tasks import task

from coproduce.imports import services
from coproduce.imports.models import ImportJob, JobStatus


@task
def check_import(job_id: int) -> None:
    job = ImportJob.objects.select_related("organisation").get(pk=job_id)
    services.check_job(job)


@task
def run_import(job_id: int) -> None:
    job = ImportJob.objects.select_related("organisation", "created_by").get(pk=job_id)
    services.run_job(job)


def queue_check(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.CHECKING, done_rows=0)
    # Queue once the job's new state is committed, so a worker never sees it half-written.
    transaction.on_commit(lambda: check_import.enqueue(job.pk))


def queue_run(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.IMPORTING, done_rows=0)
    transaction.on_commit(lambda: run_import.enqueue(job.pk))
