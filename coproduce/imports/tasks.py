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
def check_import(job_id: int, token: str | None = None) -> None:
    job = ImportJob.objects.select_related("organisation").get(pk=job_id)
    services.check_job(job, token)


@task
def run_import(job_id: int, token: str | None = None) -> None:
    job = ImportJob.objects.select_related("organisation", "created_by").get(pk=job_id)
    services.run_job(job, token)


# Each attempt has a token: a task queued for an attempt that was lost and tried again finds
# the job is no longer its own and does nothing.


def queue_check(job: ImportJob, *, only_from: str | None = None) -> bool:
    token = services.take_lease(job, JobStatus.CHECKING, only_from=only_from)
    if token is None:
        return False
    # Queue once the job's new state is committed, so a worker never sees it half-written.
    transaction.on_commit(lambda: check_import.enqueue(job.pk, token))
    return True


def queue_run(job: ImportJob, *, only_from: str | None = None) -> bool:
    token = services.take_lease(job, JobStatus.IMPORTING, only_from=only_from)
    if token is None:
        return False
    transaction.on_commit(lambda: run_import.enqueue(job.pk, token))
    return True


def queue_again(job: ImportJob) -> bool:
    """Try a stopped job again from where it stopped: the import, or the check before it.
    False when someone else tried it again first (a second click, another tab)."""
    again = queue_run if job.stopped_while == JobStatus.IMPORTING else queue_check
    return again(job, only_from=JobStatus.STOPPED)
