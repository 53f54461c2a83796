"""Importing the trust's directorates and services from a spreadsheet, through the same steps as
the project import: match the columns, preview, import all or nothing."""

import pytest
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.imports import structure
from coproduce.imports.models import ImportJob, JobStatus
from coproduce.imports.tests.factories import csv_bytes, xlsx_bytes
from coproduce.lib import tabular
from coproduce.organisations.models import Directorate, Service

pytestmark = pytest.mark.django_db

HEADINGS = ["Name", "Parent", "Code"]
MAPPING = {"name": "Name", "parent": "Parent", "code": "Code"}


def table(*rows, headings=HEADINGS):  # type: ignore[no-untyped-def]
    return tabular.read(csv_bytes(rows, headings=headings))


def _names(organisation):  # type: ignore[no-untyped-def]
    return sorted(
        (s.directorate.name, s.name, s.cost_centre)
        for s in Service.objects.filter(directorate__organisation=organisation)
    )


def test_directorates_and_their_services_are_added_with_their_codes(personas):
    plan = structure.check(
        personas.trust,
        table(
            ["Willow Ward", "Community Services", "CS1"],  # a service before its directorate
            ["Community Services", "", "CS"],
            ["Older People", "", ""],
            ["Memory Clinic", "older people", ""],
        ),
        MAPPING,
    )
    assert plan.problems == []
    assert plan.counts() == {"new": 4, "changed": 0, "unchanged": 0}
    structure.apply(personas.trust, plan, by=personas.alice)
    assert (
        Directorate.objects.get(organisation=personas.trust, name="Community Services").cost_centre
        == "CS"
    )
    assert ("Community Services", "Willow Ward", "CS1") in _names(personas.trust)
    assert ("Older People", "Memory Clinic", "") in _names(personas.trust)
    created = AuditEvent.objects.filter(
        action__in=["organisations.directorate_created", "organisations.service_created"]
    )
    assert created.count() == 4
    assert {e.actor for e in created} == {personas.alice}


def test_importing_the_same_file_again_changes_nothing_and_a_new_code_updates(personas):
    rows = [["Adult Mental Health", "", "AMH"], ["Willow Ward", "Adult Mental Health", ""]]
    first = structure.check(personas.trust, table(*rows), MAPPING)
    assert first.counts() == {"new": 0, "changed": 1, "unchanged": 1}
    structure.apply(personas.trust, first, by=personas.alice)
    assert structure.check(personas.trust, table(*rows), MAPPING).counts() == {
        "new": 0,
        "changed": 0,
        "unchanged": 2,
    }
    assert Directorate.objects.filter(organisation=personas.trust).count() == 1


@pytest.mark.parametrize(
    ("rows", "column", "message"),
    [
        ([["", "Adult Mental Health", "X"]], "Name", "Enter the directorate's or service's name"),
        ([["Ward 9", "Nowhere", ""]], "Parent", "There is no directorate called Nowhere"),
        (
            [["Ward 9", "Willow Ward", ""]],
            "Parent",
            "There is no directorate called Willow Ward",
        ),
        (
            [["Forensic", "", ""], ["Unit A", "Forensic", ""], ["Bay 1", "Unit A", ""]],
            "Parent",
            "Unit A is a service in this file, not a directorate",
        ),
        ([["Forensic", "", ""], ["forensic", "", ""]], "Name", "forensic is also on row 2"),
        ([["Forensic", "", "C" * 31]], "Code", "The code must be 30 characters or fewer"),
    ],
)
def test_bad_rows_are_refused_with_the_row_and_the_reason(personas, rows, column, message):
    plan = structure.check(personas.trust, table(*rows), MAPPING)
    assert any(p["column"] == column and message in p["message"] for p in plan.problems), (
        plan.problems
    )
    with pytest.raises(Exception, match="problems"):
        structure.apply(personas.trust, plan, by=personas.alice)
    assert Directorate.objects.filter(organisation=personas.trust).count() == 1


def test_another_trusts_directorates_are_not_parents_here(personas):
    Directorate.objects.create(organisation=personas.other_trust, name="Elsewhere Care")
    plan = structure.check(personas.trust, table(["Ward 1", "Elsewhere Care", ""]), MAPPING)
    assert "There is no directorate called Elsewhere Care" in plan.problems[0]["message"]


def test_the_pages_take_a_file_from_upload_to_import(client, personas, upload, run_tasks):
    client.force_login(personas.alice)
    page = client.get(reverse("imports:structure-upload")).content.decode()
    assert "Import the trust&#39;s structure" in page
    data = xlsx_bytes(
        [["Community Services", "", "CS"], ["District Nursing", "Community Services", "DN"]],
        headings=["Unit name", "Directorate", "Cost centre"],
    )
    response = client.post(
        reverse("imports:structure-upload"), {"file": upload(data, "structure.xlsx")}
    )
    job = ImportJob.objects.get()
    assert job.kind == "structure"
    # The headings were recognised by their usual names.
    assert job.mapping == {"name": "Unit name", "parent": "Directorate", "code": "Cost centre"}
    assert response.url == reverse("imports:structure-columns", args=[job.pk])
    with run_tasks():
        response = client.post(response.url, {**job.mapping, "save_as": "Our structure"})
    assert response.url == reverse("imports:structure-job", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "Check what will be imported" in page
    assert "District Nursing" in page
    assert not Directorate.objects.filter(name="Community Services").exists()
    with run_tasks():
        client.post(reverse("imports:structure-job-run", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.summary == {"new": 2, "changed": 0, "unchanged": 0}
    assert ("Community Services", "District Nursing", "DN") in _names(personas.trust)
    progress = client.get(reverse("imports:structure-job-progress", args=[job.pk])).json()
    assert progress["status"] == "done"


def test_a_file_with_a_problem_imports_nothing(client, personas, upload, run_tasks):
    client.force_login(personas.alice)
    data = csv_bytes([["Forensic", "", ""], ["Ward 1", "Nowhere", ""]], headings=HEADINGS)
    with run_tasks():
        client.post(reverse("imports:structure-upload"), {"file": upload(data)})
        job = ImportJob.objects.get()
        client.post(reverse("imports:structure-columns", args=[job.pk]), MAPPING)
    job.refresh_from_db()
    assert job.problems and job.problems[0]["row"] == 3
    with run_tasks():
        client.post(reverse("imports:structure-job-run", args=[job.pk]))
    assert not Directorate.objects.filter(name="Forensic").exists()


@pytest.mark.parametrize("name", ["cora", "leo", "sam", "fin", "pat"])
def test_only_administrators_import_the_structure(client, personas, upload, name):
    client.force_login(getattr(personas, name))
    assert client.get(reverse("imports:structure-upload")).status_code == 403
    data = csv_bytes([["Forensic", "", ""]], headings=HEADINGS)
    response = client.post(reverse("imports:structure-upload"), {"file": upload(data)})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_a_structure_job_is_not_reached_through_the_project_pages_nor_by_another_trust(
    client, personas, upload
):
    client.force_login(personas.alice)
    data = csv_bytes([["Forensic", "", ""]], headings=HEADINGS)
    client.post(reverse("imports:structure-upload"), {"file": upload(data)})
    job = ImportJob.objects.get()
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404
    client.force_login(personas.olga)
    assert client.get(reverse("imports:structure-job", args=[job.pk])).status_code == 404


def test_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("imports:structure-upload"))
    assert response["Location"].startswith("/account/sign-in/")
