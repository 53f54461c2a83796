"""Demo payments: the CNWL rates from 2022, benefit limits for 2024/25 and 2025/26, and claims in
every state for the demo patient and carer, with batches that have been exported."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import groupby
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coproduce.lib.money import Choice
from coproduce.operations.demo import DemoContext
from coproduce.payments import figures, services
from coproduce.payments.models import (
    Activity,
    ActivityRate,
    ActivityType,
    BenefitLimit,
    ExpenseKind,
    ExpenseRate,
    PolicyVersion,
)
from coproduce.pool.models import Benefit
from coproduce.projects.models import Project

# code, name, description, basis, amount
ACTIVITY_TYPES = [
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
    ("half_day", "Half-day session", "An event of up to 4 hours.", "session", "75.00"),
    ("full_day", "Full-day session", "An event of more than 4 hours.", "session", "150.00"),
]

EXPENSES = [
    (ExpenseKind.CAR, Decimal("0.45"), "5401-MILES"),
    (ExpenseKind.BICYCLE, Decimal("0.20"), "5401-MILES"),
    (ExpenseKind.PUBLIC_TRANSPORT, None, "5402-TRAVEL"),
    (ExpenseKind.PARKING, None, "5402-TRAVEL"),
    (ExpenseKind.CARE, None, "5403-CARE"),
]

# benefit, name, period, {start: amount}, explanation
LIMITS = [
    (
        Benefit.ESA,
        "Permitted work higher limit",
        "week",
        {date(2024, 4, 8): "183.50", date(2025, 4, 7): "195.50"},
        "For permitted work of under 16 hours a week. Tell DWP before you start (form PW1).",
    ),
    (
        Benefit.ESA,
        "Permitted work lower limit",
        "week",
        {date(2024, 4, 8): "20.00", date(2025, 4, 7): "20.00"},
        "Applies if the higher limit does not. A benefits adviser can tell you which applies.",
    ),
    (
        Benefit.CARERS_ALLOWANCE,
        "Earnings limit",
        "week",
        {date(2024, 4, 8): "151.00", date(2025, 4, 7): "196.00"},
        "Earning even 1p over this limit means no Carer's Allowance for that week.",
    ),
    (
        Benefit.UNIVERSAL_CREDIT_HOUSING,
        "Work allowance",
        "month",
        {date(2024, 4, 8): "404.00", date(2025, 4, 7): "411.00"},
        "Above this, Universal Credit goes down by 55p for each £1 earned.",
    ),
    (
        Benefit.UNIVERSAL_CREDIT,
        "Work allowance",
        "month",
        {date(2024, 4, 8): "673.00", date(2025, 4, 7): "684.00"},
        "Above this, Universal Credit goes down by 55p for each £1 earned.",
    ),
]

# A tiny valid PDF, standing in for a scanned bus ticket.
RECEIPT_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def load_policy(organisation: Any, by: Any = None) -> PolicyVersion:
    types = {}
    for order, (code, name, description, _basis, _amount) in enumerate(ACTIVITY_TYPES):
        types[code], _ = ActivityType.objects.get_or_create(
            organisation=organisation,
            code=code,
            defaults={"name": name, "description": description, "order": order},
        )
    policy, created = PolicyVersion.objects.get_or_create(
        organisation=organisation,
        effective_from=date(2022, 1, 1),
        defaults={
            "monthly_hours_cap": Decimal("30"),
            "vouchers_offered": True,
            "fee_code": "5400-INVOLVE",
            "notes": "CNWL rates from 1 January 2022: £11.50 an hour standard, £15 enhanced.",
            "created_by": by,
        },
    )
    for code, _name, _description, basis, amount in ACTIVITY_TYPES:
        ActivityRate.objects.get_or_create(
            policy=policy,
            activity_type=types[code],
            defaults={"basis": basis, "amount": Decimal(amount), "unit_minutes": 15},
        )
    for kind, per_mile, finance_code in EXPENSES:
        ExpenseRate.objects.get_or_create(
            policy=policy, kind=kind, defaults={"per_mile": per_mile, "finance_code": finance_code}
        )
    for benefit, name, period, amounts, explanation in LIMITS:
        for start, amount in amounts.items():
            BenefitLimit.objects.get_or_create(
                organisation=organisation,
                benefit=benefit,
                name=name,
                effective_from=start,
                defaults={"amount": Decimal(amount), "period": period, "explanation": explanation},
            )
    return policy


@dataclass(frozen=True)
class DemoClaim:
    """One demo claim: whose it is, when and what the work was, and how far the claim has gone."""

    member: str  # "patient" or "carer"
    days_before_monday: int | None  # counted back from this week's Monday; None is today
    minutes: int
    kind: str
    description: str
    outcome: str  # draft, submitted, approved, rejected or declined
    choice: Choice = Choice.PAID
    bus_fare: str | None = None
    miles: str | None = None
    reason: str = ""  # the coordinator's words when approving or not approving
    batch: str = ""  # "exported" or "paid": goes into a finance batch with its neighbours


# Claims in every state, in the order they are made. Neighbouring claims for the same kind of
# batch are made together, moved on, then put into one batch; every other claim goes on its own.
DEMO_CLAIMS = [
    # Paid: last month's work, in a batch that has been exported and paid.
    DemoClaim(
        "patient", 40, 120, "standard", "Project team meeting", "approved",
        bus_fare="4.80", batch="paid",
    ),
    DemoClaim(
        "carer", 38, 90, "enhanced", "Co-delivered carer awareness training", "approved",
        miles="12.5", batch="paid",
    ),
    # Approved and exported, waiting for finance to pay.
    DemoClaim(
        "patient", 20, 180, "half_day", "Coproduction week workshop", "approved",
        choice=Choice.VOUCHER, reason="Thank you", batch="exported",
    ),
    DemoClaim(
        "carer", 19, 60, "standard", "PDSA planning session", "approved",
        choice=Choice.CHARITY, reason="Thank you", batch="exported",
    ),
    # Approved, not yet in a batch.
    DemoClaim("patient", 12, 60, "standard", "Steering group", "approved"),
    # Not approved, with a reason.
    DemoClaim(
        "carer", 11, 45, "enhanced", "Meeting that was cancelled", "rejected",
        reason="This meeting was cancelled on the day. Please talk to Chris if that is wrong.",
    ),
    # Waiting for approval this week: the patient's ESA limit warning shows here.
    DemoClaim("patient", 0, 240, "enhanced", "Chaired the service user forum", "submitted"),
    DemoClaim("carer", 0, 120, "enhanced", "Chaired the service user forum", "submitted"),
    # Drafts, and a payment the patient declined.
    DemoClaim("patient", None, 90, "standard", "Survey design", "draft"),
    DemoClaim(
        "carer", None, 60, "standard", "Ward visit feedback", "draft", choice=Choice.REDUCED
    ),
    DemoClaim("patient", 5, 60, "standard", "Focus group", "declined"),
]  # fmt: skip


def _claim(member: Any, *, on: date, project: Any, row: DemoClaim) -> Any:
    by = member.user
    activity = services.log_activity(
        member,
        activity_date=on,
        duration_minutes=row.minutes,
        activity_type=row.kind,
        project=project,
        description=row.description,
        source="demo",
        by=by,
    )
    claim = services.start_claim(activity, by=by)
    if row.choice != Choice.PAID:
        claim = services.set_choice(
            claim,
            choice=row.choice,
            by=by,
            reduced_amount=Decimal("10.00") if row.choice == Choice.REDUCED else None,
            charity_name="Mind" if row.choice == Choice.CHARITY else "",
        )
    if row.bus_fare:
        services.add_expense(
            claim,
            kind=ExpenseKind.PUBLIC_TRANSPORT,
            amount=Decimal(row.bus_fare),
            description="Bus there and back",
            receipt=SimpleUploadedFile("ticket.pdf", RECEIPT_PDF),
            receipt_type="application/pdf",
            by=by,
        )
    if row.miles:
        services.add_expense(
            claim, kind=ExpenseKind.CAR, miles=Decimal(row.miles), description="Drove in", by=by
        )
    claim.refresh_from_db()
    return claim


def _move_on(claim: Any, row: DemoClaim, *, coordinator: Any) -> None:
    """Take a draft claim as far as its row says, as the member and the coordinator would."""
    member = claim.member.user
    if row.outcome == "declined":
        services.decline(claim, by=member)
    if row.outcome in ("submitted", "approved", "rejected"):
        services.submit(claim, by=member)
    if row.outcome == "approved":
        services.approve(claim, by=coordinator, reason=row.reason)
    elif row.outcome == "rejected":
        services.reject(claim, by=coordinator, reason=row.reason)


def _in_making_order(rows: list[DemoClaim]) -> Iterator[tuple[str, list[DemoClaim]]]:
    for batch, run in groupby(rows, key=lambda row: row.batch):
        if batch:
            yield batch, list(run)
        else:
            yield from (("", [row]) for row in run)


def _project_for(member: Any, organisation: Any) -> Project | None:
    """A demo project the member is on whose directorate has a cost centre, else any such
    project (the projects demo loads first and puts the demo patient and carer on teams)."""
    costed = Project.objects.filter(organisation=organisation).exclude(directorate__cost_centre="")
    return (
        costed.filter(team__pool_member=member).order_by("pk").first()
        or costed.order_by("pk").first()
    )


def load(context: DemoContext) -> None:
    organisation = context.organisation
    admin = context.records.get("admin@example.org")
    load_policy(organisation, by=admin)
    # The demo is brought up to date the way a trust would be: the 2026/27 published figures.
    figures.bring_up_to_date(organisation, by=admin)
    patient = context.records.get("pool:patient@example.org")
    carer = context.records.get("pool:carer@example.org")
    if patient is None or carer is None:
        return
    if Benefit.ESA not in (patient.declared_benefits or []):
        patient.declared_benefits = [*(patient.declared_benefits or []), Benefit.ESA]
        patient.save(update_fields=["declared_benefits"])
    if Activity.objects.filter(organisation=organisation, source="demo").exists():
        return
    coordinator = context.records["coordinator@example.org"]
    finance = context.records["finance@example.org"]
    # Each claim is for a project the member is on, so the export carries its cost centre.
    first = _project_for(patient, organisation)
    second = _project_for(carer, organisation)
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())

    members = {"patient": (patient, first), "carer": (carer, second)}
    for batch, rows in _in_making_order(DEMO_CLAIMS):
        made = []
        for row in rows:
            member, project = members[row.member]
            on = today
            if row.days_before_monday is not None:
                on = monday - timedelta(days=row.days_before_monday)
            made.append((_claim(member, on=on, project=project, row=row), row))
        for claim, row in made:
            _move_on(claim, row, coordinator=coordinator)
        if batch:
            finance_batch = services.create_batch(organisation, by=finance)
            services.export_batch(finance_batch, by=finance)
            if batch == "paid":
                services.mark_batch_paid(finance_batch, by=finance)

    # Work logged but not claimed yet.
    services.log_activity(
        patient,
        activity_date=today,
        duration_minutes=120,
        activity_type="standard",
        project=first,
        description="Reviewed patient leaflet",
        source="demo",
        by=patient.user,
    )
