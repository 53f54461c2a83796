"""Finance exports of a payment batch: CSV and XLSX with the same rows in a fixed column order.

Generation is deterministic (sorted rows, fixed zip timestamps, the batch's export time in the
workbook properties), and the bytes are also stored on the batch, so a re-export is identical.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any

from coproduce.lib import tabular
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

METHODS = {
    "paid": "Bank transfer",
    "reduced": "Bank transfer",
    "voucher": "Voucher",
    "charity": "Charity",
    "declined": "Expenses only",
}


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


def to_csv(rows: list[list[Any]]) -> bytes:
    return tabular.to_csv(COLUMNS, rows)


def to_xlsx(rows: list[list[Any]], *, title: str, when: datetime) -> bytes:
    return tabular.to_xlsx(COLUMNS, rows, title=title, when=when)
