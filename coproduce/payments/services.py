"""Payment workflows: logging activities, claims from draft to paid, and finance batches.

Each function is all-or-nothing and audits what it changed in the same transaction. State changes
are conditional UPDATEs (`...filter(status=X).update(status=Y)`): when two people act at the same
moment, the database lets exactly one of them through, and the other is told what happened.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from coproduce.api import idempotency
from coproduce.audit.services import record
from coproduce.lib import money
from coproduce.lib.benefits import Comparison, Limit, Period, compare, period_bounds
from coproduce.lib.money import Choice
from coproduce.payments import exports
from coproduce.payments.models import (
    MILEAGE_KINDS,
    Activity,
    ActivityRate,
    ActivityType,
    BatchStatus,
    BenefitLimit,
    Claim,
    ClaimStatus,
    Expense,
    ExpenseRate,
    Payment,
    PaymentBatch,
    PolicyVersion,
)

# Claims whose fee still counts: towards a monthly cap, and towards benefit limits.
LIVE_STATUSES = (
    ClaimStatus.DRAFT,
    ClaimStatus.SUBMITTED,
    ClaimStatus.APPROVED,
    ClaimStatus.PAID,
)


class PaymentError(Exception):
    """A payment action that cannot happen; the message is written for the person who tried."""


class ClaimMovedOn(PaymentError):
    """The claim is no longer where the action needs it: someone else (or the same person, a
    moment ago) approved it, sent it or removed the line. Nothing is wrong with the request;
    the message says what happened, and pages show it with the claim as it now is."""


# Activities ---------------------------------------------------------------------------------


def policy_in_force(organisation: Any, on: date) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.filter(organisation=organisation, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


def _activity_type(member: Any, activity_type: ActivityType | str) -> ActivityType:
    if isinstance(activity_type, ActivityType):
        if activity_type.organisation_id != member.organisation_id:
            raise PaymentError("That activity type belongs to another organisation")
        return activity_type
    try:
        return ActivityType.objects.get(organisation=member.organisation, code=activity_type)
    except ActivityType.DoesNotExist:
        raise PaymentError(f"There is no activity type called {activity_type!r}") from None


def log_activity(
    member: Any,
    *,
    activity_date: date,
    duration_minutes: int,
    activity_type: ActivityType | str,
    by: Any,
    project: Any = None,
    description: str = "",
    source: str = "",
    idempotency_key: uuid.UUID | None = None,
) -> Activity:
    """Record something a pool member did. Other parts of Coproduce call this too (training logs
    a session a member facilitated, with source="training").

    `activity_type` is an ActivityType or its code (standard, enhanced, half_day, full_day...).
    With an `idempotency_key`, a repeat of the same request returns the first activity.
    """
    if duration_minutes <= 0:
        raise PaymentError("Enter how long the activity took")
    kind = _activity_type(member, activity_type)
    if project is not None and project.organisation_id != member.organisation_id:
        raise PaymentError("That project belongs to another organisation")
    asked = _activity_request(member, activity_date, duration_minutes, kind, project, description)
    if idempotency_key is not None:
        existing = Activity.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return _repeat_of(existing, asked)
    try:
        with transaction.atomic():
            activity = Activity.objects.create(
                organisation=member.organisation,
                member=member,
                project=project,
                activity_type=kind,
                activity_date=activity_date,
                duration_minutes=duration_minutes,
                description=description,
                source=source,
                logged_by=by,
                idempotency_key=idempotency_key,
            )
            record(
                "payments.activity_logged",
                actor=by,
                target=activity,
                changes={
                    "member": str(member),
                    "activity_date": activity_date,
                    "duration_minutes": duration_minutes,
                    "activity_type": kind.name,
                    "project": str(project or ""),
                    "source": source,
                },
            )
    except IntegrityError:
        # The same form arrived twice at once; the other request created it.
        existing = Activity.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return _repeat_of(existing, asked)
    return activity


def _activity_request(
    member: Any,
    activity_date: date,
    duration_minutes: int,
    kind: ActivityType,
    project: Any,
    description: str,
) -> str:
    return idempotency.fingerprint(
        member.pk,
        activity_date,
        duration_minutes,
        kind.pk,
        project.pk if project is not None else None,
        description,
    )


def _repeat_of(existing: Activity, asked: str) -> Activity:
    """The activity a key already logged, when this is the same request again (as the API's
    `Idempotency-Key`): a key used for another member or other answers is refused."""
    logged = _activity_request(
        existing.member,
        existing.activity_date,
        existing.duration_minutes,
        existing.activity_type,
        existing.project,
        existing.description,
    )
    if logged != asked:
        raise PaymentError(
            "This form was already sent with different answers. Open the form again to log "
            "another activity."
        )
    return existing


# Claims --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeeQuote:
    policy: PolicyVersion
    rate: ActivityRate
    paid_minutes: int
    fee: Decimal
    capped: bool


def _minutes_paid_in_month(activity: Activity, exclude_claim: Claim | None = None) -> int:
    start, end = period_bounds(activity.activity_date, Period.MONTH)
    claims = Claim.objects.filter(
        member=activity.member,
        activity__activity_date__range=(start, end),
        status__in=LIVE_STATUSES,
    ).exclude(choice=Choice.DECLINED)
    if exclude_claim is not None:
        claims = claims.exclude(pk=exclude_claim.pk)
    return int(claims.aggregate(total=Sum("paid_minutes"))["total"] or 0)


def quote_fee(activity: Activity, exclude_claim: Claim | None = None) -> FeeQuote:
    """The fee for an activity under the policy in force on its date, after any monthly cap."""
    policy = policy_in_force(activity.organisation, activity.activity_date)
    if policy is None:
        raise PaymentError(
            "There is no payment policy for the date of this activity. "
            "Ask the involvement team to add one."
        )
    rate = policy.rates.filter(activity_type=activity.activity_type).first()
    if rate is None:
        raise PaymentError(
            f"The payment policy from {policy.effective_from:%-d %B %Y} has no rate for "
            f"{activity.activity_type.name.lower()}. Ask the involvement team to add one."
        )
    policy_rate = money.Rate(
        money.PayBasis(rate.basis),
        rate.amount,
        rate.unit_minutes,
        money.UnitRounding(rate.rounding),
    )
    if rate.basis == money.PayBasis.SESSION:
        return FeeQuote(
            policy, rate, activity.duration_minutes, money.activity_fee(policy_rate, 0), False
        )
    minutes = money.paid_minutes(activity.duration_minutes, rate.unit_minutes, rate.rounding)
    cap = None
    if policy.monthly_hours_cap is not None:
        cap = int(policy.monthly_hours_cap * 60)
    allowed = money.capped_minutes(minutes, _minutes_paid_in_month(activity, exclude_claim), cap)
    exact = money.Rate(money.PayBasis.HOURLY, rate.amount, 1, money.UnitRounding.EXACT)
    return FeeQuote(
        policy, rate, allowed, money.activity_fee(exact, allowed), capped=allowed < minutes
    )


def start_claim(activity: Activity, *, by: Any) -> Claim:
    """Make the draft claim for an activity, or return the one it already has."""
    existing = Claim.objects.filter(activity=activity).first()
    if existing is not None:
        return existing
    quote = quote_fee(activity)
    choice = Choice(activity.member.payment_preference)
    if choice == Choice.REDUCED:
        choice = Choice.PAID  # the amount is asked for on the claim itself
    if choice == Choice.VOUCHER and not quote.policy.vouchers_offered:
        choice = Choice.PAID
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                organisation=activity.organisation,
                activity=activity,
                member=activity.member,
                policy=quote.policy,
                choice=choice,
                rate_basis=quote.rate.basis,
                rate_amount=quote.rate.amount,
                paid_minutes=quote.paid_minutes,
                fee=quote.fee,
                payable_fee=money.payable_fee(quote.fee, choice),
                created_by=by,
            )
            record(
                "payments.claim_started",
                actor=by,
                target=claim,
                changes={"activity": str(activity), "fee": claim.fee, "choice": choice},
            )
    except IntegrityError:
        return Claim.objects.get(activity=activity)
    return claim


def _locked_draft(claim: Claim) -> Claim:
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.status != ClaimStatus.DRAFT:
        raise ClaimMovedOn("This claim has been sent already, so it cannot be changed")
    return locked


def set_choice(
    claim: Claim,
    *,
    choice: Choice,
    by: Any,
    reduced_amount: Decimal | None = None,
    charity_name: str = "",
) -> Claim:
    with transaction.atomic():
        locked = _locked_draft(claim)
        if choice == Choice.VOUCHER and not locked.policy.vouchers_offered:
            raise PaymentError("Vouchers are not offered at the moment")
        if choice == Choice.REDUCED:
            if reduced_amount is None or reduced_amount <= 0:
                raise PaymentError("Enter the amount you would like to be paid")
            if reduced_amount >= locked.fee:
                raise PaymentError(
                    f"A reduced amount must be less than the full fee of £{locked.fee}"
                )
        if choice == Choice.CHARITY and not charity_name.strip():
            raise PaymentError("Enter the name of the charity")
        before = {
            "choice": locked.choice,
            "reduced_amount": locked.reduced_amount,
            "charity_name": locked.charity_name,
            "payable_fee": locked.payable_fee,
        }
        locked.choice = choice
        locked.reduced_amount = money.to_pounds(reduced_amount) if reduced_amount else None
        locked.charity_name = charity_name.strip() if choice == Choice.CHARITY else ""
        if choice != Choice.REDUCED:
            locked.reduced_amount = None
        locked.payable_fee = money.payable_fee(locked.fee, choice, locked.reduced_amount)
        locked.save(update_fields=["choice", "reduced_amount", "charity_name", "payable_fee"])
        after = {key: getattr(locked, key) for key in before}
        from coproduce.audit.services import diff

        record(
            "payments.claim_choice_changed", actor=by, target=locked, changes=diff(before, after)
        )
    return locked


def decline(claim: Claim, *, by: Any) -> Claim:
    """The member does not want to be paid. With no expenses to repay, the claim closes."""
    with transaction.atomic():
        locked = _locked_draft(claim)
        locked.choice = Choice.DECLINED
        locked.reduced_amount = None
        locked.charity_name = ""
        locked.payable_fee = money.ZERO
        fields = ["choice", "reduced_amount", "charity_name", "payable_fee"]
        if locked.expenses_total == 0:
            locked.status = ClaimStatus.DECLINED
            locked.decided_at = timezone.now()
            fields += ["status", "decided_at"]
        locked.save(update_fields=fields)
        record(
            "payments.claim_declined",
            actor=by,
            target=locked,
            changes={"choice": Choice.DECLINED, "status": locked.status},
        )
    return locked


def expense_rate(claim: Claim, kind: str) -> ExpenseRate:
    rate = claim.policy.expenses.filter(kind=kind).first()
    if rate is None:
        raise PaymentError("This kind of expense is not paid under the current policy")
    return rate


def add_expense(
    claim: Claim,
    *,
    kind: str,
    by: Any,
    miles: Decimal | None = None,
    amount: Decimal | None = None,
    description: str = "",
    receipt: UploadedFile | None = None,
    receipt_type: str = "",
) -> Expense:
    """Add an expense: mileage from the policy's rate per mile, others as on the receipt."""
    with transaction.atomic():
        locked = _locked_draft(claim)
        rate = expense_rate(locked, kind)
        if kind in MILEAGE_KINDS:
            if miles is None or miles <= 0:
                raise PaymentError("Enter how many miles you travelled")
            line = money.mileage(miles, rate.per_mile or money.ZERO)
        else:
            if amount is None or amount <= 0:
                raise PaymentError("Enter the amount on the receipt")
            if receipt is None:
                raise PaymentError("Upload a photo or PDF of the receipt")
            line = money.to_pounds(amount)
            miles = None
        expense = Expense(
            claim=locked,
            kind=kind,
            miles=miles,
            amount=line,
            description=description,
            finance_code=rate.finance_code,
            token=uuid.uuid4(),
            receipt_type=receipt_type if receipt is not None else "",
        )
        if receipt is not None:
            expense.receipt.save(str(expense.token), receipt, save=False)
        expense.save()
        locked.expenses_total = money.total(locked.expenses.values_list("amount", flat=True))
        locked.save(update_fields=["expenses_total"])
        record(
            "payments.expense_added",
            actor=by,
            target=locked,
            changes={"kind": kind, "amount": line, "miles": miles, "receipt": bool(receipt)},
        )
    return expense


def remove_expense(expense: Expense, *, by: Any) -> Claim:
    with transaction.atomic():
        locked = _locked_draft(expense.claim)
        # A second click (or a second tab) waits for the first on the claim's lock, then finds
        # the expense gone: it changes nothing and records nothing.
        deleted, _ = Expense.objects.filter(pk=expense.pk, claim=locked).delete()
        if not deleted:
            raise ClaimMovedOn("This expense has already been removed")
        locked.expenses_total = money.total(locked.expenses.values_list("amount", flat=True))
        locked.save(update_fields=["expenses_total"])
        record(
            "payments.expense_removed",
            actor=by,
            target=locked,
            changes={"kind": expense.kind, "amount": expense.amount},
        )
    return locked


def submit(claim: Claim, *, by: Any) -> Claim:
    """Send a draft for approval. Sending twice (a double click, a retry) changes nothing."""
    with transaction.atomic():
        updated = Claim.objects.filter(pk=claim.pk, status=ClaimStatus.DRAFT).update(
            status=ClaimStatus.SUBMITTED, submitted_at=timezone.now(), submitted_by=by
        )
        claim.refresh_from_db()
        if not updated:
            if claim.status == ClaimStatus.DRAFT:  # pragma: no cover - cannot happen
                raise PaymentError("This claim could not be sent")
            return claim
        if claim.choice == Choice.DECLINED and claim.expenses_total == 0:
            raise PaymentError("There is nothing to pay on this claim")
        record(
            "payments.claim_submitted",
            actor=by,
            target=claim,
            changes={"status": [ClaimStatus.DRAFT, ClaimStatus.SUBMITTED], "total": claim.total},
        )
    return claim


def _decide(claim: Claim, *, by: Any, to: str, reason: str) -> Claim:
    if claim.member.user_id is not None and claim.member.user_id == by.pk:
        raise PaymentError("You cannot approve or reject your own claim")
    if claim.submitted_by_id is not None and claim.submitted_by_id == by.pk:
        raise PaymentError("You sent this claim, so someone else must approve or reject it")
    updated = Claim.objects.filter(pk=claim.pk, status=ClaimStatus.SUBMITTED).update(
        status=to, decided_at=timezone.now(), decided_by=by, decision_reason=reason
    )
    claim.refresh_from_db()
    if not updated:
        raise ClaimMovedOn(decided_already(claim))
    return claim


def decided_already(claim: Claim) -> str:
    """What the loser of a race to decide a claim is told: who decided it, and how."""
    who = claim.decided_by.display_name if claim.decided_by else "someone else"
    if claim.status in (ClaimStatus.APPROVED, ClaimStatus.PAID):
        outcome = f"it has already been approved by {who}"
    elif claim.status == ClaimStatus.REJECTED:
        outcome = f"{who} has already decided not to approve it"
    elif claim.status == ClaimStatus.DECLINED:
        outcome = "the member has declined payment"
    else:
        outcome = "it has not been sent for approval"
    return f"This claim is no longer waiting for approval: {outcome}"


def approve(claim: Claim, *, by: Any, reason: str = "") -> Payment:
    """Approve a submitted claim and create its one payment.

    The conditional UPDATE means two simultaneous approvals cannot both succeed: the second waits
    for the first to commit, then finds the claim no longer submitted. The unique constraints on
    Payment are the last line of defence.
    """
    with transaction.atomic():
        claim = _decide(claim, by=by, to=ClaimStatus.APPROVED, reason=reason)
        payment = Payment.objects.create(
            organisation=claim.organisation,
            claim=claim,
            activity_id=claim.activity_id,
            fee=claim.payable_fee,
            expenses=claim.expenses_total,
        )
        record(
            "payments.claim_approved",
            actor=by,
            target=claim,
            changes={
                "status": [ClaimStatus.SUBMITTED, ClaimStatus.APPROVED],
                "reason": reason,
                "total": payment.total,
            },
        )
    return payment


def reject(claim: Claim, *, by: Any, reason: str) -> Claim:
    if not reason.strip():
        raise PaymentError("Enter the reason the claim is not approved")
    with transaction.atomic():
        claim = _decide(claim, by=by, to=ClaimStatus.REJECTED, reason=reason.strip())
        record(
            "payments.claim_rejected",
            actor=by,
            target=claim,
            changes={"status": [ClaimStatus.SUBMITTED, ClaimStatus.REJECTED], "reason": reason},
        )
    return claim


# Benefit warnings ----------------------------------------------------------------------------


def limits_in_force(organisation: Any, benefits: Iterable[str], on: date) -> list[BenefitLimit]:
    """For each declared benefit, the latest version of each of its limits on the date."""
    rows = BenefitLimit.objects.filter(
        organisation=organisation, benefit__in=list(benefits), effective_from__lte=on
    ).order_by("benefit", "name", "-effective_from")
    latest: dict[tuple[str, str], BenefitLimit] = {}
    for row in rows:
        latest.setdefault((row.benefit, row.name), row)
    return list(latest.values())


def benefit_comparisons(claim: Claim) -> list[tuple[BenefitLimit, Comparison]]:
    """How this claim, with the member's other claims in each period, compares with each limit
    for the benefits they declared. Expenses never count; charity and declined fees do not."""
    member = claim.member
    declared = list(member.declared_benefits or [])
    if not declared:
        return []
    day = claim.activity.activity_date
    limits = limits_in_force(claim.organisation, declared, day)
    if not limits:
        return []
    widest = min(period_bounds(day, Period.WEEK)[0], period_bounds(day, Period.MONTH)[0])
    last = max(period_bounds(day, Period.WEEK)[1], period_bounds(day, Period.MONTH)[1])
    others = [
        (activity_date, money.earnings(payable, Choice(choice)))
        for activity_date, payable, choice in Claim.objects.filter(
            member=member,
            status__in=LIVE_STATUSES,
            activity__activity_date__range=(widest, last),
        )
        .exclude(pk=claim.pk)
        .values_list("activity__activity_date", "payable_fee", "choice")
    ]
    this = money.earnings(claim.payable_fee, Choice(claim.choice))
    result = []
    for row in limits:
        limit = Limit(row.benefit, row.name, row.amount, Period(row.period))
        result.append((row, compare(limit, day, this, others)))
    return result


# Finance ------------------------------------------------------------------------------------


def create_batch(organisation: Any, *, by: Any) -> PaymentBatch:
    """Gather every approved payment not yet in a batch."""
    with transaction.atomic():
        waiting = Payment.objects.filter(organisation=organisation, batch__isnull=True)
        if not waiting.exists():
            raise PaymentError("There are no approved claims waiting to be paid")
        batch = PaymentBatch.objects.create(organisation=organisation, created_by=by)
        # Conditional: a payment another batch took meanwhile is not taken again.
        count = Payment.objects.filter(
            pk__in=list(waiting.values_list("pk", flat=True)), batch__isnull=True
        ).update(batch=batch)
        if not count:
            raise PaymentError("Those claims were batched by someone else a moment ago")
        record(
            "payments.batch_created",
            actor=by,
            target=batch,
            changes={"payments": count, "total": batch_total(batch)},
        )
    return batch


def batch_total(batch: PaymentBatch) -> Decimal:
    sums = batch.payments.aggregate(fee=Sum("fee"), expenses=Sum("expenses"))
    return (sums["fee"] or money.ZERO) + (sums["expenses"] or money.ZERO)


def export_batch(batch: PaymentBatch, *, by: Any) -> PaymentBatch:
    """Freeze a batch and keep the exact files finance gets. Exporting again changes nothing."""
    with transaction.atomic():
        locked = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.OPEN:
            return locked
        exported_at = timezone.now().replace(microsecond=0)
        rows = exports.batch_rows(locked)
        locked.csv_file = exports.to_csv(rows)
        locked.xlsx_file = exports.to_xlsx(rows, title=locked.reference, when=exported_at)
        locked.status = BatchStatus.EXPORTED
        locked.exported_at = exported_at
        locked.exported_by = by
        locked.save(update_fields=["csv_file", "xlsx_file", "status", "exported_at", "exported_by"])
        record(
            "payments.batch_exported",
            actor=by,
            target=locked,
            changes={"rows": len(rows), "total": batch_total(locked)},
        )
    return locked


def mark_batch_paid(batch: PaymentBatch, *, by: Any) -> PaymentBatch:
    """Finance has paid the batch: every claim in it becomes paid."""
    with transaction.atomic():
        locked = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status == BatchStatus.OPEN:
            raise PaymentError("Export the batch before marking it as paid")
        if locked.status == BatchStatus.PAID:
            return locked
        now = timezone.now()
        claims = Claim.objects.filter(payment__batch=locked)
        for claim in claims.filter(status=ClaimStatus.APPROVED):
            record(
                "payments.claim_paid",
                actor=by,
                target=claim,
                changes={"status": [ClaimStatus.APPROVED, ClaimStatus.PAID], "batch": str(locked)},
            )
        claims.filter(status=ClaimStatus.APPROVED).update(status=ClaimStatus.PAID, paid_at=now)
        locked.status = BatchStatus.PAID
        locked.paid_at = now
        locked.paid_by = by
        locked.save(update_fields=["status", "paid_at", "paid_by"])
        record("payments.batch_paid", actor=by, target=locked, changes={"status": "paid"})
    return locked
