"""Members who declared a benefit see how each claim compares with its limit, and so do approvers.
Warnings never block."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from coproduce.lib.benefits import Standing
from coproduce.lib.money import Choice
from coproduce.payments import presenters, services
from coproduce.payments.models import ClaimStatus, ExpenseKind
from coproduce.pool.models import Benefit

pytestmark = pytest.mark.django_db


def higher_limit(claim):
    return next(
        comparison
        for row, comparison in services.benefit_comparisons(claim)
        if row.name == "Permitted work higher limit"
    )


@pytest.fixture
def on_esa(world):
    world.pat_member.declared_benefits = [Benefit.ESA]
    world.pat_member.save()
    return world


def test_no_benefits_declared_means_no_warning(world):
    claim = world.claim()
    assert services.benefit_comparisons(claim) == []
    assert presenters.benefit_warning(claim, for_member=True) is None


def test_the_limit_in_force_on_the_day_is_used(on_esa):
    before = on_esa.claim(on=date(2025, 4, 6))
    after = on_esa.claim(on=date(2025, 4, 7))
    assert higher_limit(before).limit.amount == Decimal("183.50")
    assert higher_limit(after).limit.amount == Decimal("195.50")


def test_other_claims_in_the_week_count_but_expenses_charity_and_declined_do_not(on_esa):
    pat = on_esa.personas.pat
    voucher = on_esa.claim(on=date(2025, 6, 9), minutes=240, kind="enhanced")  # £60
    services.set_choice(voucher, choice=Choice.VOUCHER, by=pat)
    services.add_expense(voucher, kind=ExpenseKind.CAR, miles=Decimal("100"), by=pat)
    charity = on_esa.claim(on=date(2025, 6, 10), minutes=240, kind="enhanced")
    services.set_choice(charity, choice=Choice.CHARITY, charity_name="Mind", by=pat)
    declined = on_esa.claim(on=date(2025, 6, 12), minutes=240, kind="enhanced")
    services.decline(declined, by=pat)
    rejected = on_esa.submitted(on=date(2025, 6, 13), minutes=240, kind="enhanced")
    services.reject(rejected, by=on_esa.personas.cora, reason="Duplicate")
    next_week = on_esa.claim(on=date(2025, 6, 16), minutes=240, kind="enhanced")
    this = on_esa.claim(on=date(2025, 6, 11), minutes=480, kind="enhanced")  # £120
    comparison = higher_limit(this)
    assert comparison.this_claim == Decimal("120.00")
    assert comparison.other_claims == Decimal("60.00")
    assert comparison.total == Decimal("180.00")
    assert comparison.standing == Standing.NEAR
    assert next_week.pk  # outside the week, so not counted


def test_the_warning_is_calm_and_gives_the_choices(on_esa, client):
    claim = on_esa.claim(minutes=480 * 2, kind="enhanced")  # £240: over the higher limit
    client.force_login(on_esa.personas.pat)
    page = client.get(reverse("payments:claim-detail", kwargs={"pk": claim.pk})).content.decode()
    assert "How this payment fits with your benefits" in page
    assert "The permitted work higher limit for Employment and Support Allowance (ESA)" in page
    assert "£195.50 a week" in page
    assert "That is £44.50 over this limit." in page
    assert "ask for a reduced amount" in page
    assert "decline the payment" in page
    assert "have the payment made to a charity" in page
    assert "talk to a benefits adviser" in page
    assert "Nothing stops you claiming" in page
    # Never blocks: the claim can still be sent.
    assert "Send claim for approval" in page
    services.submit(claim, by=on_esa.personas.pat)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_the_approver_sees_the_warning_before_approving(on_esa, client):
    claim = on_esa.submitted(minutes=480, kind="enhanced")
    client.force_login(on_esa.personas.leo)
    page = client.get(reverse("payments:claim-detail", kwargs={"pk": claim.pk})).content.decode()
    assert "Pat&#39;s benefits" in page or "Pat's benefits" in page
    assert "£195.50 a week" in page
    assert "Do you approve this claim?" in page


def test_a_monthly_universal_credit_limit_counts_the_calendar_month(world):
    world.carl_member.declared_benefits = [Benefit.UNIVERSAL_CREDIT_HOUSING]
    world.carl_member.save()
    world.claim(world.carl_member, on=date(2025, 6, 1), minutes=600, kind="enhanced")  # £150
    world.claim(world.carl_member, on=date(2025, 5, 31), minutes=600, kind="enhanced")
    claim = world.claim(world.carl_member, on=date(2025, 6, 30), minutes=120)  # £23
    [(row, comparison)] = services.benefit_comparisons(claim)
    assert (row.amount, comparison.other_claims, comparison.total) == (
        Decimal("411.00"),
        Decimal("150.00"),
        Decimal("173.00"),
    )
    assert comparison.standing == Standing.BELOW


def test_another_benefit_without_a_limit_still_suggests_advice(world):
    world.carl_member.declared_benefits = [Benefit.OTHER]
    world.carl_member.save()
    warning = presenters.benefit_warning(world.claim(world.carl_member), for_member=True)
    assert warning is not None
    assert warning.other_benefit
    assert warning.lines == []
