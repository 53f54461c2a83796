import datetime

from coproduce.lib.durations import describe_duration, median_duration
from coproduce.lib.months import add_months, months_between

H = datetime.timedelta(hours=1)


def test_median_of_an_odd_and_an_even_number_of_durations():
    assert median_duration([3 * H, 1 * H, 2 * H]) == 2 * H
    assert median_duration([1 * H, 2 * H, 3 * H, 10 * H]) == 2.5 * H
    assert median_duration([]) is None


def test_durations_read_as_a_person_would_say_them():
    assert describe_duration(None) == "Not yet"
    assert describe_duration(datetime.timedelta(seconds=30)) == "Under a minute"
    assert describe_duration(datetime.timedelta(minutes=1)) == "1 minute"
    assert describe_duration(datetime.timedelta(hours=2, minutes=5)) == "2 hours 5 minutes"
    assert describe_duration(datetime.timedelta(days=1, hours=3)) == "1 day 3 hours"
    assert describe_duration(datetime.timedelta(days=3)) == "3 days"


def test_adding_months_clamps_to_the_end_of_short_months():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2028, 1, 31), 1) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2026, 11, 15), 2) == datetime.date(2027, 1, 15)
    assert add_months(datetime.date(2026, 3, 1), -3) == datetime.date(2025, 12, 1)
    assert add_months(datetime.date(2026, 5, 17), 24) == datetime.date(2028, 5, 17)


def test_months_between_includes_both_ends():
    months = months_between(datetime.date(2025, 11, 20), datetime.date(2026, 2, 3))
    assert months == [
        datetime.date(2025, 11, 1),
        datetime.date(2025, 12, 1),
        datetime.date(2026, 1, 1),
        datetime.date(2026, 2, 1),
    ]
