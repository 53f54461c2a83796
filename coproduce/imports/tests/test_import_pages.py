"""The import pages: upload, match columns (saved for next time), preview, import, progress;
and who may use them."""

import io

import pytest
from django.urls import reverse

from coproduce.imports import services
from coproduce.imports.models import ImportJob, ImportMapping, JobStatus
from coproduce.imports.tests.factories import csv_bytes, row, xlsx_bytes
from coproduce.projects.models import Project

pytestmark = pytest.mark.django_db

OWN_HEADINGS = ["Ref", "Name", "Dir", "Lead", "Began"]


def own_file(*refs: str) -> bytes:
    return csv_bytes(
        [
            [ref, f"Project {ref}", "Adult Mental Health", "leo@example.org", "2025-01-10"]
            for ref in refs
        ],
        headings=OWN_HEADINGS,
    )


OWN_MAPPING = {
    "external_reference": "Ref",
    "title": "Name",
    "directorate": "Dir",
    "lead_email": "Lead",
    "start_date": "Began",
}


def test_upload_preview_and_import_of_a_file_with_known_headings(
    client, personas, upload, run_tasks
):
    client.force_login(personas.cora)
    response = client.post(
        reverse("imports:upload"), {"file": upload(xlsx_bytes([row()]), "list.xlsx")}
    )
    job = ImportJob.objects.get()
    assert response.url == reverse("imports:columns", args=[job.pk])
    assert job.file_kind == "xlsx" and job.total_rows == 1

    page = client.get(response.url)
    assert "Match the columns" in page.content.decode()
    with run_tasks():
        response = client.post(response.url, {**job.mapping, "save_as": ""})
    assert response.url == reverse("imports:job", args=[job.pk])
    # The immediate task backend has already checked the rows: the preview is ready.
    page = client.get(response.url).content.decode()
    assert "Check what will be imported" in page
    assert "Fewer missed appointments" in page
    assert not Project.objects.exists()

    with run_tasks():
        response = client.post(reverse("imports:job-run", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.done_rows == job.total_rows == 1
    assert job.summary == {"new": 1, "changed": 0, "unchanged": 0}
    assert Project.objects.filter(external_reference="QI-001").exists()
    assert "Projects imported" in client.get(response.url).content.decode()


def test_a_matching_saved_once_is_used_for_the_next_file(client, personas, upload, run_tasks):
    client.force_login(personas.cora)
    client.post(reverse("imports:upload"), {"file": upload(own_file("A1"))})
    job = ImportJob.objects.get()
    response = client.post(
        reverse("imports:columns", args=[job.pk]), {**OWN_MAPPING, "save_as": "Old QI system"}
    )
    saved = ImportMapping.objects.get()
    assert (saved.name, saved.columns) == ("Old QI system", OWN_MAPPING)

    with run_tasks():
        response = client.post(
            reverse("imports:upload"), {"file": upload(own_file("A2", "A3")), "mapping": saved.pk}
        )
    second = ImportJob.objects.order_by("-pk").first()
    # No matching step: straight to the preview.
    assert response.url == reverse("imports:job", args=[second.pk])
    assert second.status == JobStatus.CHECKED
    assert second.summary == {"new": 2, "changed": 0, "unchanged": 0}


def test_a_matching_must_name_every_required_column_once(client, personas, upload):
    client.force_login(personas.cora)
    client.post(reverse("imports:upload"), {"file": upload(own_file("A1"))})
    job = ImportJob.objects.get()
    response = client.post(
        reverse("imports:columns", args=[job.pk]),
        {**OWN_MAPPING, "title": "Ref", "start_date": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The column Ref is already used for the external reference" in page
    assert "Select the column that holds the start date" in page
    assert page.count("<title>Error: ") == 1


def test_a_file_with_problems_shows_them_by_row_and_cannot_be_imported(
    client, personas, upload, run_tasks
):
    client.force_login(personas.cora)
    client.post(
        reverse("imports:upload"),
        {"file": upload(csv_bytes([row(), row(ref="QI-2", lead="nobody@example.org")]))},
    )
    job = ImportJob.objects.get()
    with run_tasks():
        client.post(reverse("imports:columns", args=[job.pk]), {**job.mapping})
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Your file has problems" in page
    assert (
        "No project lead or QI staff member here has the email address nobody@example.org" in page
    )
    response = client.post(reverse("imports:job-run", args=[job.pk]))
    assert response.status_code == 302
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7 a letter", "The file must be a CSV or an Excel workbook (.xlsx)"),
        (b"", "The selected file is empty"),
        (csv_bytes([]), "The selected file has headings but no rows of projects"),
    ],
)
def test_files_that_are_not_spreadsheets_of_projects_are_refused(
    client, personas, upload, data, message
):
    client.force_login(personas.cora)
    response = client.post(reverse("imports:upload"), {"file": upload(data)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, personas, upload, settings, monkeypatch):
    from coproduce.imports.forms import upload as upload_form

    monkeypatch.setattr(upload_form, "MAX_FILE_BYTES", 100)
    client.force_login(personas.cora)
    response = client.post(reverse("imports:upload"), {"file": upload(own_file(*"ABCDEFGHIJ"))})
    assert "The selected file must be smaller than" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_progress_is_stored_as_rows_are_checked(personas, monkeypatch):
    job = services.start_job(
        personas.trust,
        by=personas.cora,
        upload=io.BytesIO(own_file(*[f"R{i}" for i in range(1200)])),
        file_name="big.csv",
    )
    job.mapping = OWN_MAPPING
    job.save()
    seen: list[tuple[str, int]] = []
    real = services._set_progress

    def spy(job_id, done):
        real(job_id, done)
        stored = ImportJob.objects.get(pk=job_id)
        seen.append((stored.status, stored.done_rows))

    monkeypatch.setattr(services, "_set_progress", spy)
    services.check_job(job)
    assert seen[:2] == [("checking", 500), ("checking", 1000)]
    job.refresh_from_db()
    assert (job.status, job.done_rows, job.total_rows) == ("checked", 1200, 1200)


def test_the_progress_address_reports_a_running_job(client, personas):
    job = services.start_job(
        personas.trust,
        by=personas.cora,
        upload=io.BytesIO(own_file("A")),
        file_name="a.csv",
    )
    services.take_lease(job, JobStatus.IMPORTING)
    client.force_login(personas.cora)
    assert client.get(reverse("imports:job-progress", args=[job.pk])).json() == {
        "status": "importing",
        "running": True,
        "done": 0,
        "total": 1,
        "percent": 0,
    }
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'src="/static/imports/progress.js"' in page
    assert "<progress" in page


def test_only_the_involvement_team_and_administrators_import(client, personas):
    url = reverse("imports:upload")
    assert client.get(url).status_code == 302
    for person in (personas.leo, personas.sam, personas.fin, personas.pat):
        client.force_login(person)
        assert client.get(url).status_code == 403, person
    for person in (personas.cora, personas.alice):
        client.force_login(person)
        assert client.get(url).status_code == 200, person


def test_another_trusts_import_is_not_found(client, personas):
    job = services.start_job(
        personas.trust,
        by=personas.cora,
        upload=io.BytesIO(own_file("A")),
        file_name="a.csv",
    )
    client.force_login(personas.olga)
    for name in ("imports:job", "imports:columns", "imports:job-progress"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404, name
    assert client.post(reverse("imports:job-run", args=[job.pk])).status_code == 404
    client.force_login(personas.leo)
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 403
