"""The published figures a new trust starts from, and which figures have lapsed.

Rates and limits change every year, so they live in the database as effective-dated rows that
administrators edit; this module only seeds a new trust's first rows, each citing where its
figure comes from and the last day it is published for. A row past that day with no later row
to take over is shown to administrators as a task, and claim pages say the figures may be out
of date rather than quietly using old ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from coproduce.audit import services as auditor
from coproduce.payments.models import (
    ActivityRate,
    ActivityType,
    BenefitLimit,
    ExpenseKind,
    ExpenseRate,
    PolicyVersion,
)
from coproduce.pool.models import Benefit

TAX_YEAR_2026_27 = (date(2026, 4, 6), date(2027, 4, 5))
HMRC_MILEAGE = (
    "HMRC approved mileage rates for 2026/27, announced 21 May 2026 and backdated to 6 April "
    "2026: GOV.UK, Travel: mileage and fuel rates and allowances"
)


@dataclass(frozen=True)
class PublishedLimit:
    benefit: str
    name: str
    amount: str
    period: str
    effective_from: date
    lapses_on: date
    source: str
    explanation: str


# The newest published figure of each limit. The 2026/27 ESA permitted-work limits and Universal
# Credit work allowances had not been confirmed when these were written, so the 2025/26 rows stay
# in force and, having lapsed, ask to be checked.
LIMITS: tuple[PublishedLimit, ...] = (
    PublishedLimit(
        Benefit.ESA,
        "Permitted work higher limit",
        "195.50",
        "week",
        date(2025, 4, 7),
        date(2026, 4, 5),
        "DWP benefit and pension rates 2025 to 2026 (GOV.UK): permitted work higher limit",
        "For permitted work of under 16 hours a week. Tell DWP before you start (form PW1).",
    ),
    PublishedLimit(
        Benefit.ESA,
        "Permitted work lower limit",
        "20.00",
        "week",
        date(2025, 4, 7),
        date(2026, 4, 5),
        "DWP benefit and pension rates 2025 to 2026 (GOV.UK): permitted work lower limit",
        "Applies if the higher limit does not. A benefits adviser can tell you which applies.",
    ),
    PublishedLimit(
        Benefit.CARERS_ALLOWANCE,
        "Earnings limit",
        "204.00",
        "week",
        TAX_YEAR_2026_27[0],
        TAX_YEAR_2026_27[1],
        "GOV.UK, Carer's Allowance: eligibility (earnings limit from April 2026)",
        "Earning even 1p over this limit means no Carer's Allowance for that week.",
    ),
    PublishedLimit(
        Benefit.UNIVERSAL_CREDIT_HOUSING,
        "Work allowance",
        "411.00",
        "month",
        date(2025, 4, 7),
        date(2026, 4, 5),
        "DWP benefit and pension rates 2025 to 2026 (GOV.UK): Universal Credit work allowance "
        "with housing costs",
        "Above this, Universal Credit goes down by 55p for each £1 earned.",
    ),
    PublishedLimit(
        Benefit.UNIVERSAL_CREDIT,
        "Work allowance",
        "684.00",
        "month",
        date(2025, 4, 7),
        date(2026, 4, 5),
        "DWP benefit and pension rates 2025 to 2026 (GOV.UK): Universal Credit work allowance "
        "without housing costs",
        "Above this, Universal Credit goes down by 55p for each £1 earned.",
    ),
)

# kind, pounds per mile, expense code, source, lapses on
EXPENSES: tuple[tuple[str, Decimal | None, str, str, date | None], ...] = (
    (
        ExpenseKind.CAR,
        Decimal("0.55"),
        "MILEAGE",
        HMRC_MILEAGE + " (cars and vans, first 10,000 miles)",
        TAX_YEAR_2026_27[1],
    ),
    (ExpenseKind.BICYCLE, Decimal("0.20"), "MILEAGE", HMRC_MILEAGE + " (bicycles)", None),
    (ExpenseKind.PUBLIC_TRANSPORT, None, "TRAVEL", "Paid against receipts", None),
    (ExpenseKind.PARKING, None, "TRAVEL", "Paid against receipts", None),
    (ExpenseKind.CARE, None, "CARE", "Paid against receipts", None),
)

# code, name, description, basis, amount: a starting point the trust changes to its own rates.
ACTIVITY_TYPES = (
    (
        "standard",
        "Meetings and project work",
        "Project team meetings, PDSA sessions, focus groups.",
        "hourly",
        "11.50",
    ),
    (
        "enhanced",
        "Chairing, training or leading",
        "Chairing a meeting, delivering training, leading a project or a piece of work.",
        "hourly",
        "15.00",
    ),
)
ACTIVITY_SOURCE = (
    "Starting rates from a published NHS trust policy (CNWL, from 1 January 2022: £11.50 an hour "
    "standard, £15 enhanced). Change them to your trust's own."
)


@transaction.atomic
def install(organisation: Any, *, by: Any = None) -> PolicyVersion:
    """Give a new trust its first payment policy and benefit limits. Does nothing to a trust that
    already has a policy or limits."""
    existing = PolicyVersion.objects.filter(organisation=organisation).first()
    if existing is not None or BenefitLimit.objects.filter(organisation=organisation).exists():
        return existing
    policy = PolicyVersion.objects.create(
        organisation=organisation,
        effective_from=TAX_YEAR_2026_27[0],
        vouchers_offered=True,
        notes=ACTIVITY_SOURCE,
        created_by=by,
    )
    for order, (code, name, description, basis, amount) in enumerate(ACTIVITY_TYPES):
        kind, _ = ActivityType.objects.get_or_create(
            organisation=organisation,
            code=code,
            defaults={"name": name, "description": description, "order": order},
        )
        ActivityRate.objects.create(
            policy=policy, activity_type=kind, basis=basis, amount=Decimal(amount)
        )
    for kind, per_mile, code, source, lapses_on in EXPENSES:
        ExpenseRate.objects.create(
            policy=policy,
            kind=kind,
            per_mile=per_mile,
            finance_code=code,
            source=source,
            lapses_on=lapses_on,
        )
    limits = [
        BenefitLimit(
            organisation=organisation,
            benefit=item.benefit,
            name=item.name,
            amount=Decimal(item.amount),
            period=item.period,
            effective_from=item.effective_from,
            lapses_on=item.lapses_on,
            source=item.source,
            explanation=item.explanation,
        )
        for item in LIMITS
    ]
    BenefitLimit.objects.bulk_create(limits)
    auditor.record(
        "payments.starting_figures_added",
        actor=by,
        target=policy,
        organisation=organisation,
        changes={
            "policy": [None, str(policy)],
            "benefit_limits": [None, [f"{row}: £{row.amount}" for row in limits]],
        },
    )
    return policy


@dataclass(frozen=True)
class LapsedFigure:
    label: str
    lapsed_on: date
    source: str
    benefit: str = ""  # the benefit a limit is for; empty for a rate


def lapsed(organisation: Any, today: date) -> list[LapsedFigure]:
    """Benefit limits and expense rates in force whose published period has ended, with no
    later row to take over."""
    found: list[LapsedFigure] = []
    latest: dict[tuple[str, str], BenefitLimit] = {}
    for row in BenefitLimit.objects.filter(organisation=organisation).order_by("-effective_from"):
        latest.setdefault((row.benefit, row.name), row)
    for row in latest.values():
        if row.lapses_on is not None and row.lapses_on < today:
            found.append(LapsedFigure(str(row), row.lapses_on, row.source, row.benefit))
    newest = PolicyVersion.objects.filter(organisation=organisation).order_by("-effective_from")
    policy = newest.first()
    if policy is not None:
        for rate in policy.expenses.all():
            if rate.lapses_on is not None and rate.lapses_on < today:
                found.append(LapsedFigure(rate.get_kind_display(), rate.lapses_on, rate.source))
    return sorted(found, key=lambda item: item.label)


def lapsed_for_claim(organisation: Any, benefits: list[str], today: date) -> list[LapsedFigure]:
    """What a claim relies on that has lapsed: the limits of the benefits its member declared,
    and the rates."""
    return [
        item for item in lapsed(organisation, today) if not item.benefit or item.benefit in benefits
    ]


@transaction.atomic
def bring_up_to_date(organisation: Any, *, by: Any = None) -> None:
    """Add the published figures an existing trust lacks: a policy version from the start of
    2026/27 with its rates carried over and the new mileage rates, and each published limit not
    yet entered. Rows already there are never changed, so running it again adds nothing."""
    previous = (
        PolicyVersion.objects.filter(
            organisation=organisation, effective_from__lt=TAX_YEAR_2026_27[0]
        )
        .order_by("-effective_from")
        .first()
    )
    added: list[str] = []
    if (
        previous is not None
        and not PolicyVersion.objects.filter(
            organisation=organisation, effective_from__gte=TAX_YEAR_2026_27[0]
        ).exists()
    ):
        policy = PolicyVersion.objects.create(
            organisation=organisation,
            effective_from=TAX_YEAR_2026_27[0],
            monthly_hours_cap=previous.monthly_hours_cap,
            vouchers_offered=previous.vouchers_offered,
            fee_code=previous.fee_code,
            notes=previous.notes,
            created_by=by,
        )
        for rate in previous.rates.all():
            ActivityRate.objects.create(
                policy=policy,
                activity_type=rate.activity_type,
                basis=rate.basis,
                amount=rate.amount,
                unit_minutes=rate.unit_minutes,
                rounding=rate.rounding,
            )
        published = {
            kind: (per_mile, source, lapses) for kind, per_mile, _c, source, lapses in EXPENSES
        }
        for rate in previous.expenses.all():
            per_mile, source, lapses_on = published.get(rate.kind, (rate.per_mile, "", None))
            ExpenseRate.objects.create(
                policy=policy,
                kind=rate.kind,
                per_mile=per_mile if rate.per_mile is not None else None,
                finance_code=rate.finance_code,
                source=source,
                lapses_on=lapses_on,
            )
        added.append(str(policy))
    for item in LIMITS:
        rows = BenefitLimit.objects.filter(
            organisation=organisation, benefit=item.benefit, name=item.name
        )
        same = rows.filter(effective_from=item.effective_from).first()
        if same is None:
            BenefitLimit.objects.create(
                organisation=organisation,
                benefit=item.benefit,
                name=item.name,
                amount=Decimal(item.amount),
                period=item.period,
                effective_from=item.effective_from,
                lapses_on=item.lapses_on,
                source=item.source,
                explanation=item.explanation,
            )
            added.append(f"{item.name}: £{item.amount}")
        elif not same.source:
            # The same published row entered by hand before sources were kept: cite it.
            BenefitLimit.objects.filter(pk=same.pk).update(
                source=item.source, lapses_on=item.lapses_on
            )
    if added:
        auditor.record(
            "payments.published_figures_added",
            actor=by,
            target=None,
            organisation=organisation,
            changes={"added": [None, added]},
        )
