"""The involvement team imports a spreadsheet of projects: a broken file is refused row by row,
then the corrected file is matched, previewed and imported, with progress shown while it runs."""

import pytest

from coproduce.imports import services
from coproduce.imports.models import ImportJob, ImportMapping, JobStatus
from coproduce.imports.tests.factories import csv_bytes
from coproduce.projects.models import Project
from tests.system.conftest import assert_error_summary, axe_check, sign_in_by_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = ["Ref", "Name", "Dir", "Lead", "Began", "Patients"]


def spreadsheet(*rows: list[str]) -> dict:
    return {"name": "projects.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows, HEADINGS)}


def test_a_spreadsheet_is_matched_previewed_and_imported(page, personas):
    page.goto("/account/sign-in/")
    sign_in_by_cookie(page, personas.cora)
    page.goto("/projects/")
    page.get_by_role("link", name="Import projects from a spreadsheet").click()
    axe_check(page)

    # No file chosen: the NHS error summary.
    page.get_by_role("button", name="Upload and continue").click()
    assert_error_summary(page, "Select a spreadsheet")
    axe_check(page)

    # A file with a bad row: matched, checked, refused row by row.
    page.locator("input[type=file]").set_input_files(
        spreadsheet(
            [
                "QI-1",
                "Calmer admissions",
                "Adult Mental Health",
                "leo@example.org",
                "03/02/2025",
                "Jo",
            ],
            ["QI-2", "Safer nights", "Nowhere", "leo@example.org", "yesterday", ""],
        )
    )
    page.get_by_role("button", name="Upload and continue").click()
    page.get_by_role("heading", name="Match the columns").wait_for()
    axe_check(page)
    page.get_by_label("External reference", exact=True).select_option("Ref")
    page.get_by_label("Title", exact=True).select_option("Name")
    page.get_by_label("Directorate", exact=True).select_option("Dir")
    page.get_by_label("Project lead's email address", exact=True).select_option("Lead")
    page.get_by_label("Start date", exact=True).select_option("Began")
    page.get_by_label("Patients and carers on the team (optional)").select_option("Patients")
    page.get_by_label("Save this matching for next time (optional)").fill("Old QI system")
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Your file has problems").wait_for()
    problems = page.locator("table").inner_text()
    assert "There is no directorate called Nowhere" in problems
    assert "Enter start date as a date, like 31/03/2024" in problems
    axe_check(page)
    assert not Project.objects.exists()

    # The corrected file, with the saved matching: straight to the preview, then the import.
    page.get_by_role("link", name="Upload a corrected file").click()
    page.locator("input[type=file]").set_input_files(
        spreadsheet(
            [
                "QI-1",
                "Calmer admissions",
                "Adult Mental Health",
                "leo@example.org",
                "03/02/2025",
                "Jo",
            ],
            ["QI-2", "Safer nights", "Adult Mental Health", "leo@example.org", "04/02/2025", ""],
        )
    )
    page.get_by_label("Saved column matching (optional)").select_option(label="Old QI system")
    page.get_by_role("button", name="Upload and continue").click()
    page.get_by_role("heading", name="Check what will be imported").wait_for()
    assert "Calmer admissions" in page.locator("table").inner_text()
    axe_check(page)
    page.get_by_role("button", name="Import the projects").click()
    page.get_by_text("2 added, 0 changed, 0 unchanged").wait_for()
    axe_check(page)
    assert set(Project.objects.values_list("external_reference", flat=True)) == {"QI-1", "QI-2"}
    assert ImportMapping.objects.get().name == "Old QI system"

    # A large import running on the worker: the bar moves, and the result shows when it ends.
    job = ImportJob.objects.order_by("-pk").first()
    services.take_lease(job, JobStatus.IMPORTING)  # as the worker does, renewing it as it goes
    ImportJob.objects.filter(pk=job.pk).update(total_rows=10000, done_rows=2500)
    page.goto(f"/imports/projects/{job.pk}/")
    bar = page.locator("progress")
    assert bar.get_attribute("value") == "2500"
    axe_check(page)
    ImportJob.objects.filter(pk=job.pk).update(done_rows=7000)
    page.get_by_text("7,000 of 10,000 rows (70%)").wait_for()
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE, done_rows=10000)
    page.get_by_role("heading", name="Projects imported").wait_for()
    axe_check(page)


def test_an_import_whose_worker_was_lost_says_so_and_is_tried_again(page, personas):
    import datetime
    import io

    from django.utils import timezone

    page.goto("/account/sign-in/")
    sign_in_by_cookie(page, personas.cora)
    data = csv_bytes(
        [["L1", "Calmer admissions", "Adult Mental Health", "leo@example.org", "03/02/2025", ""]],
        HEADINGS,
    )
    job = services.start_job(
        personas.trust, by=personas.cora, upload=io.BytesIO(data), file_name="l.csv"
    )
    job.mapping = {
        "external_reference": "Ref",
        "title": "Name",
        "directorate": "Dir",
        "lead_email": "Lead",
        "start_date": "Began",
    }
    job.save()
    services.check_job(job)
    # Its worker took the import, then was killed: the lease ran out with nothing written.
    services.take_lease(job, JobStatus.IMPORTING)
    ImportJob.objects.filter(pk=job.pk).update(
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    page.goto(f"/imports/projects/{job.pk}/")
    page.get_by_role("heading", name="The import stopped before it finished").wait_for()
    axe_check(page)
    page.get_by_role("button", name="Try again").click()
    page.get_by_role("heading", name="Projects imported").wait_for()
    axe_check(page)
    assert Project.objects.filter(external_reference="L1").count() == 1
