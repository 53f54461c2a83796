import datetime

from coproduce.lib.months import (
    month_end,
    month_ends,
    month_label,
    next_month_end,
    previous_month_end,
)

D = datetime.date


def test_month_end_handles_leap_years_and_short_months():
    assert month_end(D(2024, 2, 10)) == D(2024, 2, 29)
    assert month_end(D(2025, 2, 1)) == D(2025, 2, 28)
    assert month_end(D(2025, 4, 30)) == D(2025, 4, 30)


def test_next_and_previous_month_ends_cross_the_year():
    assert next_month_end(D(2024, 12, 5)) == D(2025, 1, 31)
    assert previous_month_end(D(2025, 1, 31)) == D(2024, 12, 31)


def test_month_ends_include_both_ends():
    assert month_ends(D(2024, 11, 15), D(2025, 2, 1)) == [
        D(2024, 11, 30),
        D(2024, 12, 31),
        D(2025, 1, 31),
        D(2025, 2, 28),
    ]
    assert month_ends(D(2025, 3, 1), D(2025, 2, 1)) == []


def test_month_label_is_plain_english():
    assert month_label(D(2025, 3, 31)) == "March 2025"
