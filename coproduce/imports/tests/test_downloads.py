"""List pages download as CSV and XLSX with their filters and their permissions."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from coproduce.audit.models import AuditEvent
from coproduce.imports.models import ImportMapping
from coproduce.imports.tests.factories import csv_bytes, row
from coproduce.pool.tests.factories import member_for
from coproduce.projects import services as project_services
from coproduce.projects.models import Project, ProjectStatus
from coproduce.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_projects_download_with_the_page_filters_and_inert_cells(client, personas):
    make_project(personas, title='=HYPERLINK("http://x")', external_reference="A1")
    stopped = make_project(personas, title="Quieter nights", external_reference="A2")
    project_services.change_status(
        stopped,
        status=ProjectStatus.STOPPED,
        changed_on=stopped.start_date,
        note="",
        by=personas.leo,
    )
    client.force_login(personas.leo)
    page = client.get(reverse("projects:list"), {"status": "active"}).content.decode()
    assert "/imports/download/projects.csv?status=active" in page

    response = client.get("/imports/download/projects.csv?status=active&page=2")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    table = rows_of(response)
    assert table[0][:3] == ["External reference", "Title", "Directorate"]
    assert [r[0] for r in table[1:]] == ["A1"]
    assert table[1][1] == '\'=HYPERLINK("http://x")'
    assert AuditEvent.objects.filter(action="exports.list_downloaded").count() == 1


def test_an_xlsx_download_keeps_dates_as_dates(client, personas):
    make_project(personas, external_reference="A1")
    client.force_login(personas.leo)
    response = client.get(reverse("imports:download", args=["projects", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "A1"
    assert sheet["G2"].is_date


def test_each_list_download_needs_the_pages_permission(client, personas):
    member_for(personas.pat)
    cases = {
        "projects": ([personas.leo, personas.cora], [personas.fin, personas.pat]),
        "pool": ([personas.cora], [personas.leo, personas.fin, personas.pat]),
        "claims": ([personas.cora, personas.fin, personas.leo], [personas.sam, personas.pat]),
        # Patients and carers see the course list but download nothing: a staff tool.
        "training": ([personas.cora, personas.sam], [personas.fin, personas.pat]),
        "support": ([personas.cora], [personas.leo, personas.fin, personas.pat]),
    }
    for name, (allowed, refused) in cases.items():
        url = reverse("imports:download", args=[name, "csv"])
        client.logout()
        assert client.get(url).status_code == 302, name
        for person in allowed:
            client.force_login(person)
            assert client.get(url).status_code == 200, (name, person)
        for person in refused:
            client.force_login(person)
            assert client.get(url).status_code == 403, (name, person)
    client.force_login(personas.cora)
    assert client.get("/imports/download/nothing.csv").status_code == 404
    assert client.get("/imports/download/projects.pdf").status_code == 404


def test_downloads_hold_only_the_people_own_trust(client, personas):
    make_project(personas, external_reference="OURS")
    member_for(personas.pat)
    client.force_login(personas.olga)
    assert rows_of(client.get("/imports/download/projects.csv"))[1:] == []


def test_the_pool_download_lists_members_with_the_kind_filter(client, personas):
    member_for(personas.pat)
    member_for(personas.carl, kind="carer")
    client.force_login(personas.cora)
    table = rows_of(client.get("/imports/download/pool.csv?kind=carer"))
    assert [r[0] for r in table[1:]] == ["Carl"]


def test_the_export_command_writes_a_list_as_a_named_person(personas, tmp_path, capsys):
    make_project(personas, external_reference="A1")
    call_command("export", "projects", "--as", personas.leo.email, "--filter", "q=A1")
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("A1,")
    target = tmp_path / "projects.xlsx"
    call_command("export", "projects", "--as", personas.leo.email, "-o", str(target))
    assert load_workbook(target).active["A2"].value == "A1"
    with pytest.raises(CommandError, match="may not see the pool list"):
        call_command("export", "pool", "--as", personas.leo.email)


def test_the_import_command_uses_a_saved_matching_and_refuses_a_broken_file(
    personas, tmp_path, capsys
):
    from coproduce.imports import columns
    from coproduce.imports.tests.factories import HEADINGS

    ImportMapping.objects.create(
        organisation=personas.trust, name="Old system", columns=columns.guess(HEADINGS)
    )
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([row(), row(ref="QI-2")]))
    call_command(
        "import-projects", str(good), "--mapping", "Old system", "--as", personas.cora.email
    )
    assert "2 projects were added" in capsys.readouterr().out
    call_command(
        "import-projects", str(good), "--mapping", "Old system", "--as", personas.cora.email
    )
    assert "0 projects were added, 0 changed, 2 already up to date" in capsys.readouterr().out

    broken = tmp_path / "broken.csv"
    broken.write_bytes(csv_bytes([row(ref="QI-3", start="soon")]))
    with pytest.raises(CommandError):
        call_command(
            "import-projects", str(broken), "--mapping", "Old system", "--as", personas.cora.email
        )
    assert "Row 2, column Start date: Enter start date as a date" in capsys.readouterr().err
    assert Project.objects.count() == 2
    with pytest.raises(CommandError, match="may not import projects"):
        call_command(
            "import-projects", str(good), "--mapping", "Old system", "--as", personas.leo.email
        )
    with pytest.raises(CommandError, match="No saved column matching called Nope"):
        call_command("import-projects", str(good), "--mapping", "Nope", "--as", personas.cora.email)
