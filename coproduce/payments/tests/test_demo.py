"""The demo shows payments in every state, and loading it twice adds nothing."""

import pytest
from django.core.management import call_command

from coproduce.payments.models import (
    Activity,
    BatchStatus,
    BenefitLimit,
    Claim,
    ClaimStatus,
    PaymentBatch,
    PolicyVersion,
)
from coproduce.pool.models import PoolMember

pytestmark = pytest.mark.django_db


def test_the_demo_has_claims_in_every_state_and_an_exported_batch():
    call_command("demo", "--quiet")
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert statuses == set(ClaimStatus.values)
    assert PaymentBatch.objects.filter(status=BatchStatus.EXPORTED).exists()
    assert PaymentBatch.objects.filter(status=BatchStatus.PAID).exists()
    first, current = PolicyVersion.objects.order_by("effective_from")
    assert str(first.effective_from) == "2022-01-01"
    assert {str(r.amount) for r in first.rates.filter(basis="hourly")} == {"11.50", "15.00"}
    # Brought up to date with the 2026/27 published figures, each citing its source.
    assert str(current.effective_from) == "2026-04-06"
    assert {str(r.amount) for r in current.rates.filter(basis="hourly")} == {"11.50", "15.00"}
    car = current.expenses.get(kind="car")
    assert str(car.per_mile) == "0.55" and "HMRC" in car.source
    carers = BenefitLimit.objects.filter(benefit="carers_allowance").order_by("effective_from")
    assert [str(row.amount) for row in carers] == ["151.00", "196.00", "204.00"]
    assert carers.last().source
    patient = PoolMember.objects.get(user__email="patient@example.org")
    assert "esa" in patient.declared_benefits
    for email in ("patient@example.org", "carer@example.org"):
        assert Claim.objects.filter(member__user__email=email).count() >= 4
    # Every demo activity is for a project the member is on, with a cost centre for finance.
    for activity in Activity.objects.select_related("project__directorate"):
        assert activity.project is not None, activity
        assert activity.project.directorate.cost_centre, activity
        assert activity.project.team.filter(pool_member=activity.member).exists(), activity


def test_loading_the_demo_twice_adds_no_payments():
    call_command("demo", "--quiet")
    counts = (Activity.objects.count(), Claim.objects.count(), PaymentBatch.objects.count())
    call_command("demo", "--quiet")
    assert (Activity.objects.count(), Claim.objects.count(), PaymentBatch.objects.count()) == counts
