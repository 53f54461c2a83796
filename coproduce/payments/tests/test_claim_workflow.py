"""A claim from logging the activity to payment, and the rules that keep money right."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from coproduce.audit.models import AuditEvent
from coproduce.lib.money import Choice
from coproduce.payments import services
from coproduce.payments.models import (
    Activity,
    ActivityRate,
    Claim,
    ClaimStatus,
    ExpenseKind,
    Payment,
    PolicyVersion,
)
from coproduce.payments.tests.conftest import DAY, receipt_pdf

pytestmark = pytest.mark.django_db


def actions(claim: Claim) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type="payments.claim", target_id=str(claim.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_claim_is_priced_from_the_policy_and_goes_from_draft_to_paid(world):
    p = world.personas
    claim = world.claim(minutes=90)
    assert claim.status == ClaimStatus.DRAFT
    assert claim.fee == Decimal("17.25")  # 1.5 hours at £11.50
    services.add_expense(claim, kind=ExpenseKind.CAR, miles=Decimal("10"), by=p.pat)
    services.add_expense(
        claim,
        kind=ExpenseKind.PARKING,
        amount=Decimal("3.20"),
        receipt=receipt_pdf(),
        receipt_type="application/pdf",
        by=p.pat,
    )
    claim.refresh_from_db()
    assert claim.expenses_total == Decimal("7.70")
    assert claim.total == Decimal("24.95")
    services.submit(claim, by=p.pat)
    payment = services.approve(claim, by=p.leo, reason="Thank you")
    assert (payment.fee, payment.expenses) == (Decimal("17.25"), Decimal("7.70"))
    batch = services.create_batch(p.trust, by=p.fin)
    services.export_batch(batch, by=p.fin)
    services.mark_batch_paid(batch, by=p.fin)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert claim.paid_at is not None
    assert actions(claim) == [
        "payments.claim_started",
        "payments.expense_added",
        "payments.expense_added",
        "payments.claim_submitted",
        "payments.claim_approved",
        "payments.claim_paid",
    ]


def test_a_claim_uses_the_rates_in_force_on_the_day_of_the_activity(world):
    newer = PolicyVersion.objects.create(
        organisation=world.personas.trust, effective_from=date(2025, 12, 16), fee_code="X"
    )
    for rate in world.policy.rates.all():
        ActivityRate.objects.create(
            policy=newer,
            activity_type=rate.activity_type,
            basis=rate.basis,
            amount=(rate.amount * Decimal("1.1")).quantize(Decimal("0.01")),
            unit_minutes=rate.unit_minutes,
        )
    before = world.claim(on=date(2025, 12, 15), minutes=60)
    on_the_day = world.claim(on=date(2025, 12, 16), minutes=60)
    assert (before.policy, before.fee) == (world.policy, Decimal("11.50"))
    assert (on_the_day.policy, on_the_day.fee) == (newer, Decimal("12.65"))


def test_an_activity_before_any_policy_cannot_be_claimed(world):
    activity = services.log_activity(
        world.pat_member,
        activity_date=date(2021, 12, 31),
        duration_minutes=60,
        activity_type="standard",
        by=world.personas.pat,
    )
    with pytest.raises(services.PaymentError, match="no payment policy"):
        services.start_claim(activity, by=world.personas.pat)
    assert not Claim.objects.exists()


def test_session_rates_pay_the_session_however_long(world):
    assert world.claim(kind="half_day", minutes=200).fee == Decimal("75.00")


def test_the_monthly_cap_pays_only_the_hours_left(world):
    world.policy.monthly_hours_cap = Decimal("3")
    world.policy.save()
    first = world.claim(on=date(2025, 6, 2), minutes=120)
    second = world.claim(on=date(2025, 6, 20), minutes=120)
    next_month = world.claim(on=date(2025, 7, 1), minutes=120)
    assert first.fee == Decimal("23.00")
    assert (second.paid_minutes, second.fee) == (60, Decimal("11.50"))
    assert next_month.fee == Decimal("23.00")


def test_logging_the_same_form_twice_creates_one_activity(world):
    key = "5a3f0f59-2f6e-4a1b-8b36-9b0d2f4d7c11"
    kwargs = dict(
        activity_date=DAY, duration_minutes=60, activity_type="standard", by=world.personas.pat
    )
    first = services.log_activity(world.pat_member, idempotency_key=key, **kwargs)
    second = services.log_activity(world.pat_member, idempotency_key=key, **kwargs)
    assert first.pk == second.pk
    assert Activity.objects.count() == 1


def test_a_form_key_sent_with_other_answers_or_for_another_member_is_refused(world):
    key = "5a3f0f59-2f6e-4a1b-8b36-9b0d2f4d7c11"
    kwargs = dict(activity_date=DAY, activity_type="standard", by=world.personas.pat)
    services.log_activity(world.pat_member, idempotency_key=key, duration_minutes=60, **kwargs)
    with pytest.raises(services.PaymentError, match="already sent with different answers"):
        services.log_activity(world.pat_member, idempotency_key=key, duration_minutes=90, **kwargs)
    carl = world.carl_member
    with pytest.raises(services.PaymentError, match="already sent with different answers"):
        services.log_activity(carl, idempotency_key=key, duration_minutes=60, **kwargs)
    assert Activity.objects.count() == 1


def test_starting_a_claim_twice_returns_the_same_claim(world):
    claim = world.claim()
    assert services.start_claim(claim.activity, by=world.personas.pat).pk == claim.pk
    assert Claim.objects.count() == 1


def test_the_database_refuses_a_second_claim_or_payment_for_one_activity(world):
    claim = world.approved()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(
            organisation=claim.organisation,
            activity=claim.activity,
            member=claim.member,
            policy=claim.policy,
            rate_basis="hourly",
            rate_amount=Decimal("1"),
            paid_minutes=1,
            fee=Decimal("1"),
            payable_fee=Decimal("1"),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            organisation=claim.organisation,
            claim=claim,
            activity=claim.activity,
            fee=Decimal("1"),
            expenses=Decimal("0"),
        )
    assert Payment.objects.count() == 1


def test_submitting_twice_changes_nothing_the_second_time(world):
    claim = world.claim()
    services.submit(claim, by=world.personas.pat)
    services.submit(claim, by=world.personas.pat)
    assert actions(claim).count("payments.claim_submitted") == 1


def test_approving_twice_is_refused_and_pays_once(world):
    claim = world.submitted()
    services.approve(claim, by=world.personas.cora)
    with pytest.raises(services.PaymentError, match="no longer waiting"):
        services.approve(claim, by=world.personas.leo)
    assert Payment.objects.filter(claim=claim).count() == 1


def test_a_claim_that_is_not_approved_needs_a_reason_and_is_never_paid(world):
    claim = world.submitted()
    with pytest.raises(services.PaymentError, match="reason"):
        services.reject(claim, by=world.personas.cora, reason="  ")
    services.reject(claim, by=world.personas.cora, reason="The meeting was cancelled")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED
    assert claim.decision_reason == "The meeting was cancelled"
    assert not Payment.objects.exists()
    with pytest.raises(services.PaymentError):
        services.create_batch(world.personas.trust, by=world.personas.fin)


def test_declining_with_no_expenses_closes_the_claim_and_pays_nothing(world):
    claim = services.decline(world.claim(), by=world.personas.pat)
    assert (claim.status, claim.choice, claim.payable_fee) == (
        ClaimStatus.DECLINED,
        Choice.DECLINED,
        Decimal("0.00"),
    )
    with pytest.raises(services.PaymentError, match="cannot be changed"):
        services.set_choice(claim, choice=Choice.PAID, by=world.personas.pat)


def test_declining_the_fee_still_repays_expenses(world):
    claim = world.claim()
    services.add_expense(claim, kind=ExpenseKind.BICYCLE, miles=Decimal("5"), by=world.personas.pat)
    claim = services.decline(claim, by=world.personas.pat)
    assert claim.status == ClaimStatus.DRAFT
    services.submit(claim, by=world.personas.pat)
    payment = services.approve(claim, by=world.personas.cora)
    assert (payment.fee, payment.expenses) == (Decimal("0.00"), Decimal("1.00"))


def test_a_reduced_amount_must_be_less_than_the_fee(world):
    claim = world.claim(minutes=60)
    with pytest.raises(services.PaymentError, match="less than the full fee"):
        services.set_choice(
            claim, choice=Choice.REDUCED, reduced_amount=Decimal("11.50"), by=world.personas.pat
        )
    claim = services.set_choice(
        claim, choice=Choice.REDUCED, reduced_amount=Decimal("5"), by=world.personas.pat
    )
    assert claim.payable_fee == Decimal("5.00")


def test_a_submitted_claim_cannot_be_changed(world):
    claim = world.submitted()
    with pytest.raises(services.PaymentError, match="sent already"):
        services.add_expense(claim, kind=ExpenseKind.CAR, miles=Decimal("3"), by=world.personas.pat)


def test_nobody_approves_their_own_claim_even_in_the_service(world):
    claim = world.submitted()
    with pytest.raises(services.PaymentError, match="your own claim"):
        services.approve(claim, by=world.personas.pat)
    assert not Payment.objects.exists()


def test_training_can_log_an_activity_by_the_code_of_its_type(world):
    activity = services.log_activity(
        world.pat_member,
        activity_date=DAY,
        duration_minutes=180,
        activity_type="enhanced",
        by=world.personas.cora,
        description="Co-facilitated Big I training",
        source="training",
    )
    assert activity.activity_type.code == "enhanced"
    assert services.start_claim(activity, by=world.personas.cora).fee == Decimal("45.00")
    with pytest.raises(services.PaymentError, match="no activity type"):
        services.log_activity(
            world.pat_member,
            activity_date=DAY,
            duration_minutes=60,
            activity_type="juggling",
            by=world.personas.cora,
        )
