"""Finance exports of a payment batch: CSV and XLSX with the same rows in a fixed column order.

Generation is deterministic (sorted rows, fixed zip timestamps, the batch's export time in the
workbook properties), and the bytes are also stored on the batch, so a re-export is identical.
"""

import csv
import io
import zipfile
from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from coproduce.payments.models import Payment

COLUMNS = [
    "Batch reference",
    "Payee reference",
    "Payee name",
    "Payment method",
    "Charity",
    "Claim reference",
    "Activity date",
    "Line",
    "Amount",
    "Ledger code",
    "Cost centre",
    "Project",
]
AMOUNT_COLUMN = COLUMNS.index("Amount")

# A spreadsheet treats a cell starting with these as a formula (tab and carriage return too,
# since some programs strip them and then read what follows).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

METHODS = {
    "paid": "Bank transfer",
    "reduced": "Bank transfer",
    "voucher": "Voucher",
    "charity": "Charity",
    "declined": "Expenses only",
}


def safe_text(value: str) -> str:
    """Make a text cell inert in a spreadsheet by starting it with an apostrophe."""
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def payee_reference(member: Any) -> str:
    return f"PM{member.pk:06d}"


def batch_rows(batch: Any) -> list[list[Any]]:
    """One row per line (the fee, then each expense), sorted by payee and claim."""
    payments = (
        Payment.objects.filter(batch=batch)
        .select_related(
            "claim__member",
            "claim__policy",
            "claim__activity__project__directorate",
            "claim__activity__activity_type",
        )
        .prefetch_related("claim__expenses")
    )
    rows: list[list[Any]] = []
    for payment in sorted(payments, key=lambda p: (p.claim.member_id, p.claim_id)):
        claim = payment.claim
        activity = claim.activity
        project = activity.project
        common = {
            "payee": payee_reference(claim.member),
            "name": claim.member.full_name,
            "method": METHODS.get(claim.choice, ""),
            "charity": claim.charity_name,
            "claim": claim.reference,
            "date": activity.activity_date.isoformat(),
            "cost_centre": project.directorate.cost_centre if project else "",
            "project": project.title if project else "",
        }
        lines: list[tuple[str, Decimal, str]] = []
        if payment.fee > 0:
            lines.append(
                (f"Fee: {activity.activity_type.name}", payment.fee, claim.policy.fee_code)
            )
        for expense in claim.expenses.all():
            lines.append(
                (f"Expense: {expense.get_kind_display()}", expense.amount, expense.finance_code)
            )
        for label, amount, code in lines:
            rows.append(
                [
                    batch.reference,
                    common["payee"],
                    common["name"],
                    common["method"],
                    common["charity"],
                    common["claim"],
                    common["date"],
                    label,
                    amount,
                    code,
                    common["cost_centre"],
                    common["project"],
                ]
            )
    return rows


def _cell(value: Any) -> Any:
    return value if isinstance(value, Decimal) else safe_text(str(value))


def to_csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([f"{v:.2f}" if isinstance(v, Decimal) else _cell(v) for v in row])
    # A byte-order mark so Excel reads names with accents correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry the same timestamp, so equal content gives equal bytes."""

    FIXED = (1980, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.FIXED)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
        else:
            zinfo_or_arcname.date_time = self.FIXED
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        # openpyxl writes each worksheet from a temporary file, which would carry its mtime.
        with open(filename, "rb") as handle:
            self.writestr(arcname or filename, handle.read())


def to_xlsx(rows: list[list[Any]], *, title: str, when: datetime) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for index in range(2, len(rows) + 2):
        sheet.cell(row=index, column=AMOUNT_COLUMN + 1).number_format = "0.00"
    stamp = when.replace(tzinfo=None, microsecond=0)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.creator = "Coproduce"
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()
