"""Every form that takes money reads it the same way: plain pounds and pence, nothing else."""

from decimal import Decimal

import pytest

from coproduce.payments.forms.choice import ChoiceForm
from coproduce.payments.forms.expense import ExpenseForm
from coproduce.payments.forms.policy import (
    ActivityRateForm,
    BenefitLimitForm,
    ExpenseRateForm,
)
from coproduce.payments.models import ExpenseKind, ExpenseRate

pytestmark = pytest.mark.django_db


def _forms(amount: str, organisation) -> list[tuple[object, str, str]]:
    mileage = ExpenseRate(kind=ExpenseKind.CAR)
    return [
        (
            ExpenseForm(data={"kind": ExpenseKind.PARKING, "amount": amount}),
            "amount",
            "Amount on the receipt",
        ),
        (
            ChoiceForm(data={"choice": "reduced", "reduced_amount": amount}),
            "reduced_amount",
            "Amount you would like",
        ),
        (
            ActivityRateForm(
                data={"basis": "hourly", "amount": amount, "unit_minutes": "15", "rounding": "up"}
            ),
            "amount",
            "Amount",
        ),
        (
            ExpenseRateForm(data={"per_mile": amount, "finance_code": "X"}, instance=mileage),
            "per_mile",
            "Pounds per mile",
        ),
        (
            BenefitLimitForm(
                data={"benefit": "uc", "name": "Limit", "amount": amount, "period": "month"},
                organisation=organisation,
            ),
            "amount",
            "Limit",
        ),
    ]


@pytest.mark.parametrize(
    ("amount", "problem"),
    [
        ("1e3", "must be written out in full, like 1000 or 1,000.00, not as 1e3"),
        ("1E2", "must be written out in full, like 1000 or 1,000.00, not as 1e3"),
        ("NaN", "must be in pounds and pence, like 12.50"),
        ("Infinity", "must be in pounds and pence, like 12.50"),
        ("4.805", "must be in pounds and pence, with no more than 2 decimal places"),
        ("-4.80", "must be 0 or more"),
        ("4,80", "must have commas only between thousands, like 1,000.00"),
    ],
)
def test_each_money_field_refuses_what_is_not_pounds_and_pence(personas, amount, problem):
    for form, field, name in _forms(amount, personas.trust):
        assert not form.is_valid()
        assert form.errors[field] == [f"{name} {problem}"], (type(form).__name__, form.errors)


@pytest.mark.parametrize(("amount", "value"), [("4.8", "4.80"), ("£4.80", "4.80"), ("4", "4.00")])
def test_each_money_field_reads_plain_amounts(personas, amount, value):
    for form, field, _name in _forms(amount, personas.trust):
        form.is_valid()
        assert field not in form.errors, (type(form).__name__, form.errors)
        assert form.cleaned_data[field] == Decimal(value)


@pytest.mark.parametrize("typed", ["1e2", "1E2", "NaN", "Infinity", "-5", "12,5", "1_000"])
def test_miles_are_plain_numbers_only(typed):
    from coproduce.payments.forms.expense import ExpenseForm
    from coproduce.payments.models import ExpenseKind

    form = ExpenseForm({"kind": ExpenseKind.CAR, "miles": typed, "description": "To the ward"})
    assert not form.is_valid()
    assert form.errors["miles"], typed


def test_plain_miles_are_read_as_typed():
    from decimal import Decimal

    from coproduce.payments.forms.expense import ExpenseForm
    from coproduce.payments.models import ExpenseKind

    form = ExpenseForm({"kind": ExpenseKind.CAR, "miles": "12.5", "description": "To the ward"})
    form.is_valid()
    assert "miles" not in form.errors
    assert form.cleaned_data["miles"] == Decimal("12.5")
