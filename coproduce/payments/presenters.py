"""What payment pages show: claim summaries, benefit warnings in plain words, and spend reports."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from coproduce.lib.benefits import Standing
from coproduce.lib.money import ZERO
from coproduce.payments import services
from coproduce.payments.models import ClaimStatus, Payment
from coproduce.pool.models import Benefit

STATUS_COLOURS = {
    ClaimStatus.DRAFT: "grey",
    ClaimStatus.SUBMITTED: "blue",
    ClaimStatus.APPROVED: "green",
    ClaimStatus.REJECTED: "red",
    ClaimStatus.PAID: "white",
    ClaimStatus.DECLINED: "grey",
}


def status_tag(claim: Any) -> dict[str, str]:
    return {"text": claim.get_status_display(), "colour": STATUS_COLOURS[claim.status]}


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


@dataclass
class LimitLine:
    benefit: str
    name: str
    standing: str
    sentences: list[str]


@dataclass
class BenefitWarning:
    """Plain words about a claim and the benefit limits its member declared."""

    heading: str
    lines: list[LimitLine] = field(default_factory=list)
    other_benefit: bool = False
    needs_attention: bool = False
    choices_intro: str = ""


def benefit_warning(claim: Any, *, for_member: bool) -> BenefitWarning | None:
    declared = list(claim.member.declared_benefits or [])
    if not declared:
        return None
    you = "you" if for_member else claim.member.first_name
    your = "your" if for_member else "their"
    warning = BenefitWarning(
        heading=(
            "How this payment fits with your benefits"
            if for_member
            else f"{claim.member.first_name}'s benefits"
        ),
        other_benefit=Benefit.OTHER in declared,
    )
    for row, comparison in services.benefit_comparisons(claim):
        period = "week" if comparison.limit.period == "week" else "month"
        start = f"{comparison.period_start:%-d %B}"
        end = f"{comparison.period_end:%-d %B %Y}"
        sentences = [
            f"The {row.name.lower()} for {row.get_benefit_display()} is "
            f"{_money(row.amount)} a {period}.",
            f"This claim counts as {_money(comparison.this_claim)} of earnings. With {your} "
            f"other claims from {start} to {end} ({_money(comparison.other_claims)}), the "
            f"{period}'s total is {_money(comparison.total)}.",
        ]
        if comparison.standing == Standing.OVER:
            sentences.append(f"That is {_money(comparison.over_by)} over this limit.")
            warning.needs_attention = True
        elif comparison.standing == Standing.NEAR:
            sentences.append(
                f"That is close to this limit: {_money(comparison.remaining)} is left."
            )
            warning.needs_attention = True
        else:
            sentences.append(f"That leaves {_money(comparison.remaining)} below this limit.")
        if row.explanation:
            sentences.append(row.explanation)
        warning.lines.append(
            LimitLine(row.get_benefit_display(), row.name, comparison.standing, sentences)
        )
    if not warning.lines and not warning.other_benefit:
        return None
    if for_member:
        warning.choices_intro = (
            f"Nothing stops {you} claiming: it is {your} choice. If {you} are unsure, {you} can:"
        )
    else:
        warning.choices_intro = (
            f"This is a guide only and {you} decides. Before approving, check {you} knows they can:"
        )
    return warning


BENEFIT_CHOICES = [
    "ask for a reduced amount",
    "decline the payment (expenses are still repaid)",
    "have the payment made to a charity",
    "talk to a benefits adviser first, for example Citizens Advice",
]


def claim_rows(claim: Any) -> list[dict[str, Any]]:
    """The claim as summary list rows."""
    activity = claim.activity
    rows = [
        ("Activity", activity.activity_type.name),
        ("Date", f"{activity.activity_date:%-d %B %Y}"),
        ("Time", activity.duration_text),
        ("Project", activity.project.title if activity.project else "Not part of a project"),
    ]
    if activity.description:
        rows.append(("Details", activity.description))
    basis = "an hour" if claim.rate_basis == "hourly" else "a session"
    rows.append(("Rate", f"{_money(claim.rate_amount)} {basis}"))
    rows.append(("Full fee", _money(claim.fee)))
    choice = claim.choice_label
    if claim.choice == "reduced" and claim.reduced_amount is not None:
        choice = f"{choice}: {_money(claim.reduced_amount)}"
    if claim.choice == "charity":
        choice = f"{choice}: {claim.charity_name}"
    rows.append(("How it is paid", choice))
    rows.append(("Fee paid", _money(claim.payable_fee)))
    rows.append(("Expenses", _money(claim.expenses_total)))
    rows.append(("Total", _money(claim.total)))
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


@dataclass
class SpendLine:
    label: str
    fees: Decimal
    expenses: Decimal

    @property
    def total(self) -> Decimal:
        return self.fees + self.expenses


def spend_report(organisation: Any, *, year: int | None = None) -> dict[str, Any]:
    """Spend on approved and paid claims, by project, directorate and month of the activity."""
    payments = Payment.objects.filter(organisation=organisation)
    if year is not None:
        payments = payments.filter(activity__activity_date__year=year)

    def grouped(key: str, label: Any) -> list[SpendLine]:
        rows = payments.values(key).annotate(fees=Sum("fee"), expenses=Sum("expenses"))
        lines = [
            SpendLine(label(row[key]), row["fees"] or ZERO, row["expenses"] or ZERO) for row in rows
        ]
        return lines

    projects = grouped("activity__project__title", lambda v: v or "Not part of a project")
    projects.sort(key=lambda line: (-line.total, line.label))
    directorates = grouped(
        "activity__project__directorate__name", lambda v: v or "Not part of a project"
    )
    directorates.sort(key=lambda line: (-line.total, line.label))
    by_month: dict[Any, SpendLine] = defaultdict(lambda: SpendLine("", ZERO, ZERO))
    for row in (
        payments.annotate(month=TruncMonth("activity__activity_date"))
        .values("month")
        .annotate(fees=Sum("fee"), expenses=Sum("expenses"))
    ):
        line = by_month[row["month"]]
        line.label = f"{row['month']:%B %Y}"
        line.fees += row["fees"] or ZERO
        line.expenses += row["expenses"] or ZERO
    months = [by_month[key] for key in sorted(by_month)]
    totals = SpendLine(
        "Total",
        sum((line.fees for line in projects), ZERO),
        sum((line.expenses for line in projects), ZERO),
    )
    return {"projects": projects, "directorates": directorates, "months": months, "total": totals}
