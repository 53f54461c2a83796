"""Finance batches: exports in a fixed column order, safe cells, frozen and byte-identical."""

import csv
import io
import zipfile
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coproduce.payments import exports, services
from coproduce.payments.models import BatchStatus, ClaimStatus, ExpenseKind, Payment
from coproduce.payments.tests.conftest import receipt_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(world):
    p = world.personas
    world.carl_member.first_name = "=cmd|' /C calc'!A0"
    world.carl_member.save()
    pats = world.claim(minutes=90)
    services.add_expense(
        pats,
        kind=ExpenseKind.PUBLIC_TRANSPORT,
        amount=Decimal("4.80"),
        receipt=receipt_pdf(),
        receipt_type="application/pdf",
        by=p.pat,
    )
    services.submit(pats, by=p.pat)
    services.approve(pats, by=p.cora)
    world.approved(world.carl_member, minutes=60, project=None)
    batch = services.create_batch(p.trust, by=p.fin)
    return services.export_batch(batch, by=p.fin)


def test_the_csv_has_a_stable_column_order_and_one_row_per_line(exported, world):
    text = bytes(exported.csv_file).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == exports.COLUMNS
    assert rows[0][:2] == ["Batch reference", "Payee reference"]
    pat_ref = f"PM{world.pat_member.pk:06d}"
    pat_rows = [row for row in rows[1:] if row[1] == pat_ref]
    assert [(row[7], row[8], row[9], row[10]) for row in pat_rows] == [
        ("Fee: Meetings and project work", "17.25", "5400-INVOLVE", "CC" + row_cc(world)),
        ("Expense: Public transport", "4.80", "5402-TRAVEL", "CC" + row_cc(world)),
    ]
    carl_row = next(row for row in rows[1:] if row[1] == f"PM{world.carl_member.pk:06d}")
    assert carl_row[2].startswith("'=cmd")
    assert carl_row[10] == ""  # no project, so no cost centre


def row_cc(world):
    return world.personas.directorate.cost_centre.removeprefix("CC")


def test_the_xlsx_has_the_same_rows_with_numbers_as_numbers(exported):
    workbook = load_workbook(io.BytesIO(bytes(exported.xlsx_file)))
    sheet = workbook.active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == exports.COLUMNS
    assert values[1][8] == pytest.approx(17.25)
    assert all(not str(row[2]).startswith("=") for row in values[1:])
    with zipfile.ZipFile(io.BytesIO(bytes(exported.xlsx_file))) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_generating_the_xlsx_twice_gives_the_same_bytes(exported):
    rows = exports.batch_rows(exported)
    when = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    assert exports.to_xlsx(rows, title="B1", when=when) == exports.to_xlsx(
        rows, title="B1", when=when
    )
    assert exports.to_csv(rows) == bytes(exported.csv_file)


def test_a_batch_once_exported_is_frozen_and_downloads_the_same_bytes(exported, world, client):
    client.force_login(world.personas.fin)
    csv_url = reverse("payments:batch-download", kwargs={"pk": exported.pk, "file_format": "csv"})
    xlsx_url = reverse("payments:batch-download", kwargs={"pk": exported.pk, "file_format": "xlsx"})
    first_csv, first_xlsx = client.get(csv_url).content, client.get(xlsx_url).content
    later = world.approved(minutes=30)
    services.export_batch(exported, by=world.personas.fin)  # again: no change
    assert client.get(csv_url).content == first_csv
    assert client.get(xlsx_url).content == first_xlsx
    assert Payment.objects.get(claim=later).batch is None
    assert (
        client.get(
            reverse("payments:batch-download", kwargs={"pk": exported.pk, "file_format": "pdf"})
        ).status_code
        == 404
    )


def test_an_open_batch_cannot_be_downloaded_or_paid(world, client):
    world.approved()
    batch = services.create_batch(world.personas.trust, by=world.personas.fin)
    client.force_login(world.personas.fin)
    url = reverse("payments:batch-download", kwargs={"pk": batch.pk, "file_format": "csv"})
    assert client.get(url).status_code == 404
    with pytest.raises(services.PaymentError, match="Export the batch"):
        services.mark_batch_paid(batch, by=world.personas.fin)


def test_marking_a_batch_paid_marks_every_claim_paid(exported, world, client):
    client.force_login(world.personas.fin)
    response = client.post(reverse("payments:batch-paid", kwargs={"pk": exported.pk}))
    assert response.status_code == 302
    exported.refresh_from_db()
    assert exported.status == BatchStatus.PAID
    statuses = {payment.claim.status for payment in exported.payments.all()}
    assert statuses == {ClaimStatus.PAID}
    assert exported.payments.count() == 2


def test_finance_batches_through_the_pages(world, client):
    world.approved()
    client.force_login(world.personas.fin)
    page = client.get(reverse("payments:batch-list")).content.decode()
    assert "1 approved claim is waiting for a batch (£23.00)" in page
    response = client.post(reverse("payments:batch-new"))
    batch_url = response.url
    assert "Export batch" in client.get(batch_url).content.decode()
    pk = int(batch_url.rstrip("/").split("/")[-1])
    client.post(reverse("payments:batch-export", kwargs={"pk": pk}))
    page = client.get(batch_url).content.decode()
    assert "Download CSV" in page
    assert "Mark batch as paid" in page
    response = client.post(reverse("payments:batch-new"))
    assert response.status_code == 302
    follow = client.get(response.url).content.decode()
    assert "There are no approved claims waiting to be paid" in follow


def test_spend_report_by_project_directorate_and_month(exported, world, client):
    client.force_login(world.personas.fin)
    page = client.get(reverse("payments:reports") + "?year=2025").content.decode()
    assert "June 2025" in page
    assert world.project.title in page
    assert "Adult Mental Health" in page
    assert "£22.05" in page  # 17.25 + 4.80 for the project
    assert "£11.50" in page  # no project
    assert "Total: £33.55" in page
