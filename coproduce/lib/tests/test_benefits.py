"""Benefit limits: periods and how close a claim brings someone to a limit."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from coproduce.lib.benefits import Limit, Period, Standing, compare, period_bounds

ESA_HIGHER = Limit("esa", "Permitted work, higher limit", Decimal("195.50"), Period.WEEK)
CARERS = Limit("carers_allowance", "Earnings limit", Decimal("196.00"), Period.WEEK)
UC = Limit("uc_housing", "Work allowance", Decimal("411.00"), Period.MONTH)


def test_a_week_runs_monday_to_sunday():
    assert period_bounds(date(2025, 6, 11), Period.WEEK) == (date(2025, 6, 9), date(2025, 6, 15))


def test_a_month_is_the_calendar_month_including_february_in_a_leap_year():
    assert period_bounds(date(2024, 2, 10), Period.MONTH) == (date(2024, 2, 1), date(2024, 2, 29))


def test_other_claims_in_the_same_week_count_and_others_do_not():
    comparison = compare(
        ESA_HIGHER,
        date(2025, 6, 11),
        Decimal("46.00"),
        [
            (date(2025, 6, 9), Decimal("100.00")),
            (date(2025, 6, 15), Decimal("23.00")),
            (date(2025, 6, 16), Decimal("500.00")),  # next week
        ],
    )
    assert comparison.other_claims == Decimal("123.00")
    assert comparison.total == Decimal("169.00")
    assert comparison.remaining == Decimal("26.50")
    assert comparison.standing == Standing.NEAR


def test_one_penny_over_is_over():
    comparison = compare(CARERS, date(2025, 6, 11), Decimal("196.01"), [])
    assert comparison.standing == Standing.OVER
    assert comparison.over_by == Decimal("0.01")
    assert compare(CARERS, date(2025, 6, 11), Decimal("196.00"), []).standing == Standing.NEAR


def test_well_below_a_limit():
    assert compare(UC, date(2025, 6, 11), Decimal("23.00"), []).standing == Standing.BELOW


@given(
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    period=st.sampled_from(list(Period)),
)
def test_every_day_falls_in_its_own_period(day, period):
    start, end = period_bounds(day, period)
    assert start <= day <= end
    assert period_bounds(start, period) == period_bounds(end, period) == (start, end)


@given(
    this=st.decimals(min_value=0, max_value=1000, places=2),
    others=st.lists(st.decimals(min_value=0, max_value=1000, places=2), max_size=10),
)
def test_remaining_and_over_add_up_to_the_limit(this, others):
    day = date(2025, 6, 11)
    comparison = compare(UC, day, this, [(day, amount) for amount in others])
    assert comparison.total - comparison.over_by + comparison.remaining == UC.amount
    assert (comparison.standing == Standing.OVER) == (comparison.over_by > 0)
