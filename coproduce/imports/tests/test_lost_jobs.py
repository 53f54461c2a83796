"""An import whose worker is lost (killed, restarted) is found by its lease running out, says
it stopped, and can be tried again; nothing is ever written twice or half-written."""

import datetime
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.imports import services, tasks
from coproduce.imports.models import ImportJob, JobStatus
from coproduce.imports.tests.test_import_pages import OWN_MAPPING, own_file
from coproduce.projects.models import Project

REFS = [f"L{i}" for i in range(30)]


def checked_job(personas) -> ImportJob:  # type: ignore[no-untyped-def]
    job = services.start_job(
        personas.trust, by=personas.cora, upload=io.BytesIO(own_file(*REFS)), file_name="l.csv"
    )
    job.mapping = OWN_MAPPING
    job.save()
    services.check_job(job)
    job.refresh_from_db()
    assert (job.status, job.problems) == (JobStatus.CHECKED, [])
    return job


def lose_worker(job: ImportJob, status: str) -> str:
    """A worker took the job, then died: it stopped renewing the lease, which ran out."""
    token = services.take_lease(job, status)
    ImportJob.objects.filter(pk=job.pk).update(
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    return token


def created() -> int:
    return AuditEvent.objects.filter(action="projects.project_created").count()


@pytest.mark.django_db
def test_a_lost_import_says_it_stopped_and_imports_once_when_tried_again(
    client, personas, run_tasks
):
    job = checked_job(personas)
    lost_token = lose_worker(job, JobStatus.IMPORTING)
    client.force_login(personas.cora)

    progress = client.get(reverse("imports:job-progress", args=[job.pk])).json()
    assert (progress["status"], progress["running"]) == ("stopped", False)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "<h1>The import stopped before it finished</h1>" in page
    assert "Nothing has been imported" in page
    assert "Try again" in page
    assert "<progress" not in page
    assert not Project.objects.exists()

    with run_tasks():
        response = client.post(reverse("imports:job-again", args=[job.pk]))
    assert response.url == reverse("imports:job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.summary["new"]) == (JobStatus.DONE, len(REFS))
    assert "Projects imported" in client.get(response.url).content.decode()
    assert Project.objects.count() == created() == len(REFS)

    # A second click on "Try again", and the lost attempt's task turning up after all.
    with run_tasks():
        again = client.post(reverse("imports:job-again", args=[job.pk]), follow=True)
    assert "This file is already being dealt with" in again.content.decode()
    tasks.run_import.enqueue(job.pk, lost_token)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Project.objects.count() == created() == len(REFS)


@pytest.mark.django_db
def test_a_lost_check_is_checked_again(client, personas, run_tasks):
    job = checked_job(personas)
    lose_worker(job, JobStatus.CHECKING)
    client.force_login(personas.cora)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "the rows will be checked again." in page
    with run_tasks():
        client.post(reverse("imports:job-again", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_the_command_stops_only_jobs_whose_lease_ran_out(personas):
    lost = checked_job(personas)
    lose_worker(lost, JobStatus.IMPORTING)
    alive = checked_job(personas)
    services.take_lease(alive, JobStatus.IMPORTING)
    out = io.StringIO()
    call_command("recover_imports", stdout=out)
    assert out.getvalue().strip() == "1 stopped import offered again"
    lost.refresh_from_db()
    alive.refresh_from_db()
    assert (lost.status, lost.stopped_while) == (JobStatus.STOPPED, JobStatus.IMPORTING)
    assert alive.status == JobStatus.IMPORTING
    call_command("recover_imports", stdout=out)
    assert ImportJob.objects.filter(status=JobStatus.STOPPED).count() == 1


@pytest.mark.django_db
def test_trying_again_is_only_for_the_involvement_team_of_the_trust(client, personas):
    job = checked_job(personas)
    lose_worker(job, JobStatus.IMPORTING)
    for who in (personas.leo, personas.fin, personas.pat):
        client.force_login(who)
        assert client.post(reverse("imports:job-again", args=[job.pk])).status_code == 403
    client.force_login(personas.olga)
    assert client.post(reverse("imports:job-again", args=[job.pk])).status_code in (403, 404)
    job.refresh_from_db()
    assert job.status == JobStatus.IMPORTING


WORKER = """
import os, sys, time
import django
django.setup()
from pathlib import Path
from coproduce.involvement import measure

real_refresh = measure.refresh_projects


def refresh_then_hang(*args, **kwargs):
    # Every project row is written (uncommitted) when the measure is refreshed: die here.
    real_refresh(*args, **kwargs)
    Path(os.environ["WORKER_READY"]).write_text("writing")
    time.sleep(600)


measure.refresh_projects = refresh_then_hang
from django.core.management import call_command
call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0.2")
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database a second process can share; the tests' SQLite is in memory "
    "(run with DATABASE_URL=postgres://...)",
)
def test_a_worker_killed_mid_import_is_found_and_the_import_written_once(
    client, personas, settings, tmp_path, run_tasks
):
    """A real `db_worker` process, killed with SIGKILL while the import's rows are written."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.IMPORT_LEASE_SECONDS = 3
    job = checked_job(personas)

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    tasks.queue_run(job)  # no transaction here: queued at once, for the worker to take
    db = connection.settings_dict
    ready = tmp_path / "ready"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coproduce.settings.base",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "TASKS_BACKEND": "database",
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "IMPORT_LEASE_SECONDS": "3",
        "WORKER_READY": str(ready),
    }
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", WORKER],
        env=env,
        cwd=Path(__file__).resolve().parents[3],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert worker.poll() is None, worker.stdout.read().decode()
            assert time.monotonic() < deadline, "the worker never reached the import's writes"
            time.sleep(0.1)
        job.refresh_from_db()
        assert job.status == JobStatus.IMPORTING
        first_lease = job.lease_expires_at
        time.sleep(1.5)
        job.refresh_from_db()
        assert job.lease_expires_at > first_lease  # the worker renews its lease as it works
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    assert not Project.objects.exists()  # its transaction died with it

    job.refresh_from_db()
    assert job.status == JobStatus.IMPORTING  # as it would stay for ever without the lease
    client.force_login(personas.cora)
    time.sleep(max(0.0, (job.lease_expires_at - timezone.now()).total_seconds()) + 0.2)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "<h1>The import stopped before it finished</h1>" in page

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with run_tasks():
        client.post(reverse("imports:job-again", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Project.objects.count() == created() == len(REFS)


@pytest.mark.django_db
def test_import_clicked_twice_starts_one_attempt(client, personas):
    job = checked_job(personas)
    client.force_login(personas.cora)
    # The first click's attempt is queued (a worker will take it); the second finds it taken.
    client.post(reverse("imports:job-run", args=[job.pk]))
    job.refresh_from_db()
    first = job.lease_token
    page = client.post(reverse("imports:job-run", args=[job.pk]), follow=True).content.decode()
    job.refresh_from_db()
    assert (job.status, job.lease_token) == (JobStatus.IMPORTING, first)
    assert "This file is already being dealt with" in page
