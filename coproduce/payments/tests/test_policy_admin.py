"""Administrators keep the payment policy and benefit limits up to date, effective-dated."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.payments.models import BenefitLimit, PolicyVersion

pytestmark = pytest.mark.django_db


def date_fields(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def test_a_new_version_copies_the_latest_rates_and_can_be_changed(client, world):
    client.force_login(world.personas.alice)
    response = client.post(
        reverse("payments:policy-new"),
        {
            **date_fields("effective_from", date(2025, 12, 16)),
            "monthly_hours_cap": "30",
            "vouchers_offered": "on",
            "fee_code": "5400-INVOLVE",
            "notes": "NIHR-style 10% rise",
        },
    )
    newer = PolicyVersion.objects.get(effective_from=date(2025, 12, 16))
    assert response.url == reverse("payments:policy-detail", kwargs={"pk": newer.pk})
    assert newer.rates.count() == world.policy.rates.count() == 4
    assert newer.expenses.count() == 5
    rate = newer.rates.get(activity_type__code="standard")
    url = reverse("payments:activity-rate-edit", kwargs={"pk": newer.pk, "rate_pk": rate.pk})
    response = client.post(
        url, {"basis": "hourly", "amount": "12.65", "unit_minutes": "15", "rounding": "up"}
    )
    assert response.status_code == 302
    rate.refresh_from_db()
    assert rate.amount == Decimal("12.65")
    assert world.policy.rates.get(activity_type__code="standard").amount == Decimal("11.50")
    assert AuditEvent.objects.filter(action="payments.policy_rate_changed").exists()
    # The claim on the boundary day uses the new rate; the day before, the old one.
    assert world.claim(on=date(2025, 12, 16), minutes=60).fee == Decimal("12.65")
    assert world.claim(on=date(2025, 12, 15), minutes=60).fee == Decimal("11.50")


def test_a_version_that_claims_used_cannot_be_changed(client, world):
    world.claim()
    client.force_login(world.personas.alice)
    rate = world.policy.rates.first()
    url = reverse("payments:activity-rate-edit", kwargs={"pk": world.policy.pk, "rate_pk": rate.pk})
    response = client.post(
        url, {"basis": "hourly", "amount": "99.00", "unit_minutes": "15", "rounding": "up"}
    )
    assert response.status_code == 302
    rate.refresh_from_db()
    assert rate.amount != Decimal("99.00")
    page = client.get(reverse("payments:policy-detail", kwargs={"pk": world.policy.pk}))
    assert "cannot be changed" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": ""}, "Enter the amount in pounds"),
        ({"amount": "eleven"}, "Amount must be in pounds and pence"),
        ({"amount": "-1"}, "Amount must be 0 or more"),
        ({"amount": "1e3"}, "Amount must be written out in full"),
        ({"amount": "NaN"}, "Amount must be in pounds and pence"),
        ({"amount": "11.505"}, "Amount must be in pounds and pence, with no more than 2 decimal"),
        ({"amount": "1000000"}, "Amount must be £999,999.99 or less"),
        ({"unit_minutes": "0"}, "Unit of time must be at least 1 minute"),
    ],
)
def test_rate_mistakes_are_explained(client, world, data, message):
    newer = PolicyVersion.objects.create(
        organisation=world.personas.trust, effective_from=date(2026, 4, 1), fee_code="F"
    )
    rate = world.policy.rates.first()
    rate.pk = None
    rate.policy = newer
    rate.save()
    client.force_login(world.personas.alice)
    url = reverse("payments:activity-rate-edit", kwargs={"pk": newer.pk, "rate_pk": rate.pk})
    form = {"basis": "hourly", "amount": "11.50", "unit_minutes": "15", "rounding": "up", **data}
    body = client.post(url, form).content.decode()
    assert message in body
    assert "<title>Error: " in body


def test_two_versions_cannot_start_on_the_same_day(client, world):
    client.force_login(world.personas.alice)
    response = client.post(
        reverse("payments:policy-new"),
        {**date_fields("effective_from", date(2022, 1, 1)), "fee_code": "X"},
    )
    assert "There is already a policy starting on that date" in response.content.decode()
    assert PolicyVersion.objects.count() == 1


def test_an_administrator_adds_next_years_benefit_limit(client, world):
    client.force_login(world.personas.alice)
    data = {
        "benefit": "carers_allowance",
        "name": "Earnings limit",
        "amount": "204.00",
        "period": "week",
        **date_fields("effective_from", date(2026, 4, 6)),
        "explanation": "",
    }
    assert client.post(reverse("payments:benefit-limit-new"), data).status_code == 302
    assert BenefitLimit.objects.get(effective_from=date(2026, 4, 6)).amount == Decimal("204.00")
    again = client.post(reverse("payments:benefit-limit-new"), data).content.decode()
    assert "This limit already has a row starting that day" in again
    missing = client.post(reverse("payments:benefit-limit-new"), {**data, "period": ""})
    assert "Select whether the limit is for a week or a month" in missing.content.decode()


def test_a_new_trust_sets_up_its_first_policy_from_nothing(client, personas):
    from coproduce.payments import services
    from coproduce.payments.models import ActivityType
    from coproduce.pool.tests.factories import PoolMemberFactory

    client.force_login(personas.alice)
    client.post(
        reverse("payments:policy-new"),
        {**date_fields("effective_from", date(2025, 4, 1)), "fee_code": "5400"},
    )
    policy = PolicyVersion.objects.get()
    assert policy.rates.count() == 0
    new_rate = reverse("payments:activity-type-new", kwargs={"pk": policy.pk})
    rate = {
        "name": "Meetings",
        "code": "standard",
        "basis": "hourly",
        "amount": "12.00",
        "unit_minutes": "30",
        "rounding": "up",
    }
    assert client.post(new_rate, rate).status_code == 302
    again = client.post(new_rate, rate).content.decode()
    assert "This policy already has a rate for that code" in again
    bad = client.post(new_rate, {**rate, "code": "Not A Code!"}).content.decode()
    assert "Short code must use only lower-case letters" in bad
    new_expense = reverse("payments:expense-rate-new", kwargs={"pk": policy.pk})
    missing = client.post(new_expense, {"kind": "car", "finance_code": "5401"}).content.decode()
    assert "Enter the pounds per mile" in missing
    ok = client.post(new_expense, {"kind": "car", "per_mile": "0.45", "finance_code": "5401"})
    assert ok.status_code == 302
    assert 'value="car"' not in client.get(new_expense).content.decode()
    assert ActivityType.objects.get(code="standard").organisation == personas.trust

    member = PoolMemberFactory(organisation=personas.trust, user=personas.pat)
    activity = services.log_activity(
        member,
        activity_date=date(2025, 5, 1),
        duration_minutes=70,
        activity_type="standard",
        by=personas.pat,
    )
    claim = services.start_claim(activity, by=personas.pat)
    assert claim.fee == Decimal("18.00")  # 70 minutes counted as three half hours
