"""The money rules, by example and by property."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduce.lib.money import (
    Choice,
    NotAnAmount,
    PayBasis,
    Rate,
    UnitRounding,
    activity_fee,
    capped_minutes,
    earnings,
    in_force,
    mileage,
    paid_minutes,
    parse_pounds,
    payable_fee,
    to_pounds,
    total,
)

pounds = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)
rates = st.decimals(min_value=0, max_value=500, places=2, allow_nan=False)
minutes = st.integers(min_value=0, max_value=24 * 60)
roundings = st.sampled_from(list(UnitRounding))
units = st.sampled_from([1, 5, 15, 30, 60])


def test_the_cnwl_standard_rate_pays_an_hour_and_a_half_as_17_25():
    rate = Rate(PayBasis.HOURLY, Decimal("11.50"), unit_minutes=15)
    assert activity_fee(rate, 90) == Decimal("17.25")


def test_part_of_a_unit_counts_as_a_whole_unit_when_rounding_up():
    rate = Rate(PayBasis.HOURLY, Decimal("15.00"), unit_minutes=15, rounding=UnitRounding.UP)
    assert activity_fee(rate, 61) == Decimal("18.75")


def test_half_a_penny_rounds_up():
    assert to_pounds(Decimal("0.005")) == Decimal("0.01")
    assert to_pounds(Decimal("0.0049")) == Decimal("0.00")
    rate = Rate(PayBasis.HOURLY, Decimal("11.51"), unit_minutes=1, rounding=UnitRounding.EXACT)
    # 11.51 * 30 / 60 = 5.755 -> 5.76
    assert activity_fee(rate, 30) == Decimal("5.76")


def test_a_session_rate_pays_the_same_however_long_the_session():
    rate = Rate(PayBasis.SESSION, Decimal("75.00"))
    assert activity_fee(rate, 180) == activity_fee(rate, 240) == Decimal("75.00")


def test_mileage_at_hmrc_rates():
    assert mileage(Decimal("12.5"), Decimal("0.45")) == Decimal("5.63")
    assert mileage(Decimal("3"), Decimal("0.20")) == Decimal("0.60")


def test_a_reduced_amount_is_never_more_than_the_fee():
    assert payable_fee(Decimal("20.00"), Choice.REDUCED, Decimal("50.00")) == Decimal("20.00")
    assert payable_fee(Decimal("20.00"), Choice.REDUCED, Decimal("5.00")) == Decimal("5.00")
    with pytest.raises(ValueError):
        payable_fee(Decimal("20.00"), Choice.REDUCED, None)


def test_a_monthly_cap_pays_only_the_hours_left():
    assert capped_minutes(120, used_minutes=29 * 60, cap_minutes=30 * 60) == 60
    assert capped_minutes(120, used_minutes=31 * 60, cap_minutes=30 * 60) == 0
    assert capped_minutes(120, used_minutes=10_000, cap_minutes=None) == 120


@given(rate=rates, duration=minutes, unit=units, rounding=roundings)
def test_a_fee_is_whole_pence_and_never_negative(rate, duration, unit, rounding):
    fee = activity_fee(Rate(PayBasis.HOURLY, rate, unit, rounding), duration)
    assert fee >= 0
    assert fee == fee.quantize(Decimal("0.01"))


@given(rate=rates, duration=minutes, unit=units, rounding=roundings)
def test_a_fee_is_within_a_unit_of_the_exact_time(rate, duration, unit, rounding):
    fee = activity_fee(Rate(PayBasis.HOURLY, rate, unit, rounding), duration)
    exact = rate * Decimal(duration) / 60
    one_unit = rate * Decimal(unit) / 60
    assert abs(fee - exact) <= one_unit + Decimal("0.005")


@given(rate=rates, a=minutes, b=minutes, unit=units, rounding=roundings)
def test_more_time_is_never_paid_less(rate, a, b, unit, rounding):
    short, long = sorted((a, b))
    r = Rate(PayBasis.HOURLY, rate, unit, rounding)
    assert activity_fee(r, short) <= activity_fee(r, long)


@given(duration=minutes, unit=units)
def test_rounding_up_pays_at_least_as_much_as_nearest_and_down(duration, unit):
    up = paid_minutes(duration, unit, UnitRounding.UP)
    nearest = paid_minutes(duration, unit, UnitRounding.NEAREST)
    down = paid_minutes(duration, unit, UnitRounding.DOWN)
    assert down <= nearest <= up
    assert down <= duration <= up
    assert up % unit == 0


@given(st.lists(pounds, max_size=30))
def test_a_total_is_the_exact_sum_of_its_lines(lines):
    assert total(lines) == sum(lines, Decimal("0.00"))
    assert total(lines) == total(reversed(lines))


@given(fee=pounds, expenses=st.lists(pounds, max_size=10), choice=st.sampled_from(list(Choice)))
def test_expenses_never_count_as_earnings(fee, expenses, choice):
    reduced = fee / 2 if choice == Choice.REDUCED else None
    payable = payable_fee(fee, choice, reduced)
    counted = earnings(payable, choice)
    # However many expenses a claim has, only the fee can count.
    assert counted <= payable <= fee
    assert counted == (Decimal("0.00") if choice in {Choice.CHARITY, Choice.DECLINED} else payable)
    assert counted + total(expenses) - total(expenses) == counted


@given(fee=pounds, choice=st.sampled_from(list(Choice)))
def test_vouchers_count_as_earnings_and_charity_and_declined_do_not(fee, choice):
    payable = payable_fee(fee, choice, fee)
    if choice in {Choice.PAID, Choice.VOUCHER, Choice.REDUCED}:
        assert earnings(payable, choice) == payable
    else:
        assert earnings(payable, choice) == 0


class Version:
    def __init__(self, effective_from: date, amount: Decimal) -> None:
        self.effective_from = effective_from
        self.amount = amount


@given(
    boundary=st.dates(min_value=date(2000, 1, 2), max_value=date(2099, 12, 30)),
    old=rates,
    new=rates,
)
def test_a_rate_change_applies_from_its_first_day_and_not_the_day_before(boundary, old, new):
    versions = [Version(date(2000, 1, 1), old), Version(boundary, new)]
    assert in_force(versions, boundary).amount == new
    assert in_force(versions, boundary + timedelta(days=1)).amount == new
    assert in_force(versions, boundary - timedelta(days=1)).amount == old
    assert in_force(versions, date(1999, 12, 31)) is None


def test_money_refuses_floats():
    with pytest.raises(TypeError):
        to_pounds(1.1)  # type: ignore[arg-type]


# Amounts as people type them: parse_pounds is the one reader of typed money.

typed_pounds = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12", "12.00"),
        ("12.5", "12.50"),
        ("12.50", "12.50"),
        ("£12.50", "12.50"),
        (" £ 12.50 ", "12.50"),
        ("1,000.00", "1000.00"),
        ("£1,234,567", "1234567.00"),
        ("0.45", "0.45"),
        (".5", "0.50"),
        ("0", "0.00"),
    ],
)
def test_plain_amounts_in_pounds_and_pence_are_read(text, amount):
    assert parse_pounds(text) == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1e3", "must be written out in full, like 1000 or 1,000.00, not as 1e3"),
        ("1E+3", "not as 1e3"),
        ("£2.5e2", "not as 1e3"),
        ("NaN", "must be in pounds and pence, like 12.50"),
        ("Infinity", "must be in pounds and pence, like 12.50"),
        ("-inf", "must be in pounds and pence, like 12.50"),
        ("12.505", "with no more than 2 decimal places"),
        ("12.500", "with no more than 2 decimal places"),
        ("-12", "must be 0 or more"),
        ("-£12", "must be 0 or more"),
        ("£-12", "must be 0 or more"),
        ("12,50", "must have commas only between thousands, like 1,000.00"),
        ("1,00,000", "commas only between thousands"),
        ("١٢", "must be in pounds and pence"),
        ("0x10", "must be in pounds and pence"),
        ("1 000", "must be in pounds and pence"),
        ("12.", "must be in pounds and pence"),
        ("£", "must be in pounds and pence"),
        ("twelve", "must be in pounds and pence"),
    ],
)
def test_anything_but_plain_pounds_and_pence_is_refused_with_its_reason(text, problem):
    with pytest.raises(NotAnAmount) as refusal:
        parse_pounds(text)
    assert problem in refusal.value.message("Amount")
    assert refusal.value.message("Amount").startswith("Amount must ")


def test_a_maximum_is_explained_in_pounds():
    assert parse_pounds("1,000", maximum=Decimal("1000")) == Decimal("1000.00")
    with pytest.raises(NotAnAmount, match="must be £1,000 or less"):
        parse_pounds("1000.01", maximum=Decimal("1000"))


def test_negative_amounts_only_where_asked_for():
    assert parse_pounds("-12.50", allow_negative=True) == Decimal("-12.50")
    assert parse_pounds("-0") == Decimal("0.00")


@given(typed_pounds, st.sampled_from(["{:f}", "{:.2f}", "£{:,.2f}", "{:,}", "£ {:f}"]))
def test_every_way_of_writing_an_amount_reads_back_as_that_amount(amount, shape):
    assert parse_pounds(shape.format(amount)) == amount


@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_exponents_nan_and_infinity_are_never_read_as_money(value):
    text = f"{value:e}" if value.is_finite() else str(value)
    with pytest.raises(NotAnAmount):
        parse_pounds(text)


@given(typed_pounds, st.integers(min_value=1, max_value=9), st.integers(min_value=1, max_value=4))
def test_more_than_two_decimal_places_is_refused_not_rounded(amount, digit, extra):
    with pytest.raises(NotAnAmount, match="no more than 2 decimal places"):
        parse_pounds(f"{amount:.2f}" + "0" * (extra - 1) + str(digit))


@given(st.text(max_size=20))
def test_any_text_is_either_refused_or_read_as_a_whole_number_of_pence(text):
    try:
        amount = parse_pounds(text)
    except NotAnAmount as refusal:
        assert refusal.problem.startswith("must ")
        return
    assert amount.is_finite()
    assert amount >= 0
    assert amount == amount.quantize(Decimal("0.01"))
    assert amount.as_tuple().exponent == -2
