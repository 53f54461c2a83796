"""Demo payments: the CNWL rates from 2022, benefit limits for 2024/25 and 2025/26, and claims in
every state for the demo patient and carer, with batches that have been exported."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coproduce.demo import DemoContext
from coproduce.lib.money import Choice
from coproduce.payments import services
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


def _claim(
    member: Any,
    *,
    on: date,
    minutes: int,
    kind: str,
    description: str,
    project: Any,
    by: Any,
    choice: Choice = Choice.PAID,
    bus_fare: str | None = None,
    miles: str | None = None,
) -> Any:
    activity = services.log_activity(
        member,
        activity_date=on,
        duration_minutes=minutes,
        activity_type=kind,
        project=project,
        description=description,
        source="demo",
        by=by,
    )
    claim = services.start_claim(activity, by=by)
    if choice != Choice.PAID:
        claim = services.set_choice(
            claim,
            choice=choice,
            by=by,
            reduced_amount=Decimal("10.00") if choice == Choice.REDUCED else None,
            charity_name="Mind" if choice == Choice.CHARITY else "",
        )
    if bus_fare:
        services.add_expense(
            claim,
            kind=ExpenseKind.PUBLIC_TRANSPORT,
            amount=Decimal(bus_fare),
            description="Bus there and back",
            receipt=SimpleUploadedFile("ticket.pdf", RECEIPT_PDF),
            receipt_type="application/pdf",
            by=by,
        )
    if miles:
        services.add_expense(
            claim, kind=ExpenseKind.CAR, miles=Decimal(miles), description="Drove in", by=by
        )
    claim.refresh_from_db()
    return claim


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

    # Paid: last month's work, in a batch that has been exported and paid.
    old = [
        _claim(
            patient,
            on=monday - timedelta(days=40),
            minutes=120,
            kind="standard",
            description="Project team meeting",
            project=first,
            by=patient.user,
            bus_fare="4.80",
        ),
        _claim(
            carer,
            on=monday - timedelta(days=38),
            minutes=90,
            kind="enhanced",
            description="Co-delivered carer awareness training",
            project=second,
            by=carer.user,
            miles="12.5",
        ),
    ]
    for claim in old:
        services.submit(claim, by=claim.member.user)
        services.approve(claim, by=coordinator)
    paid = services.create_batch(organisation, by=finance)
    services.export_batch(paid, by=finance)
    services.mark_batch_paid(paid, by=finance)

    # Approved and exported, waiting for finance to pay.
    waiting = [
        _claim(
            patient,
            on=monday - timedelta(days=20),
            minutes=180,
            kind="half_day",
            description="Coproduction week workshop",
            project=first,
            by=patient.user,
            choice=Choice.VOUCHER,
        ),
        _claim(
            carer,
            on=monday - timedelta(days=19),
            minutes=60,
            kind="standard",
            description="PDSA planning session",
            project=second,
            by=carer.user,
            choice=Choice.CHARITY,
        ),
    ]
    for claim in waiting:
        services.submit(claim, by=claim.member.user)
        services.approve(claim, by=coordinator, reason="Thank you")
    exported = services.create_batch(organisation, by=finance)
    services.export_batch(exported, by=finance)

    # Approved, not yet in a batch.
    approved = _claim(
        patient,
        on=monday - timedelta(days=12),
        minutes=60,
        kind="standard",
        description="Steering group",
        project=first,
        by=patient.user,
    )
    services.submit(approved, by=patient.user)
    services.approve(approved, by=coordinator)

    # Not approved, with a reason.
    rejected = _claim(
        carer,
        on=monday - timedelta(days=11),
        minutes=45,
        kind="enhanced",
        description="Meeting that was cancelled",
        project=second,
        by=carer.user,
    )
    services.submit(rejected, by=carer.user)
    services.reject(
        rejected,
        by=coordinator,
        reason="This meeting was cancelled on the day. Please talk to Chris if that is wrong.",
    )

    # Waiting for approval this week: the patient's ESA limit warning shows here.
    for member, project, minutes in ((patient, first, 240), (carer, second, 120)):
        claim = _claim(
            member,
            on=monday,
            minutes=minutes,
            kind="enhanced",
            description="Chaired the service user forum",
            project=project,
            by=member.user,
        )
        services.submit(claim, by=member.user)

    # Drafts, and a payment the patient declined.
    _claim(
        patient,
        on=today,
        minutes=90,
        kind="standard",
        description="Survey design",
        project=first,
        by=patient.user,
    )
    _claim(
        carer,
        on=today,
        minutes=60,
        kind="standard",
        description="Ward visit feedback",
        project=second,
        by=carer.user,
        choice=Choice.REDUCED,
    )
    declined = _claim(
        patient,
        on=monday - timedelta(days=5),
        minutes=60,
        kind="standard",
        description="Focus group",
        project=first,
        by=patient.user,
    )
    services.decline(declined, by=patient.user)
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
